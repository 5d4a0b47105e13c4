"""Check an uploaded image by its content and store a clean copy without its metadata.

The browser's file name and content type are not trusted: Pillow must open the file as one of
the formats we accept, within size and dimension limits. Re-encoding drops EXIF data, which can
hold the place a photo was taken.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MIN_SIDE = 200
MAX_SIDE = 6000
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}


def clean_uploaded_image(upload) -> SimpleUploadedFile:
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)s MB). The largest allowed is 5 MB.")
            % {"size": round(upload.size / 1024 / 1024, 1)}
        )
    try:
        with Image.open(upload) as probe:
            image_format, (width, height) = probe.format, probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The file is not an image we can read. Use a JPEG, PNG or WebP image.")
        ) from error
    if image_format not in FORMATS:
        raise ValidationError(_("Use a JPEG, PNG or WebP image."))
    # Checked before decoding, so an oversized image never reaches memory whole.
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE:
        raise ValidationError(
            _("The image is %(width)s × %(height)s pixels; each side must be 200–6000 pixels.")
            % {"width": width, "height": height}
        )
    upload.seek(0)
    try:
        image = Image.open(upload)
        image.load()
    except (OSError, SyntaxError) as error:
        raise ValidationError(
            _("The file is not an image we can read. Use a JPEG, PNG or WebP image.")
        ) from error
    image = ImageOps.exif_transpose(image)
    extension, content_type = FORMATS[image_format]
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    clean = io.BytesIO()
    image.save(clean, format=image_format, **({"comment": b""} if image_format == "JPEG" else {}))
    # A random name: the resident's file name may say more than they meant to publish.
    name = f"{uuid.uuid4().hex}.{extension}"
    return SimpleUploadedFile(name, clean.getvalue(), content_type=content_type)
