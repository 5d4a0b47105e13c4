"""Uploads are checked by content and lose their location; rich text keeps only its features."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from kernel.blocks import ContentStreamBlock
from pilots.images import clean_uploaded_image
from pilots.models import Pilot, ResultPhoto
from tests.security.inline_code import inline_code

GPS_IFD = 0x8825


def jpeg_with_location() -> bytes:
    image = Image.new("RGB", (400, 300), "teal")
    exif = image.getexif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (60.0, 10.0, 0.0), 3: "E", 4: (24.0, 56.0, 0.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(content: bytes, name="photo.jpg"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def test_a_photo_loses_its_exif_and_location():
    original = jpeg_with_location()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(GPS_IFD)
    clean = clean_uploaded_image(upload(original))
    with Image.open(io.BytesIO(clean.read())) as after:
        assert after.format == "JPEG"
        assert not after.getexif()
        assert "exif" not in after.info
    assert clean.name != "photo.jpg"


NOT_AN_IMAGE = b"%PDF-1.4 this is not a picture at all" * 20


def test_a_non_image_renamed_jpg_is_refused_as_the_pilot_image(client, proposer, budget):
    client.force_login(proposer)
    response = client.post(
        reverse("pilots:propose"),
        {
            "call": budget.call.pk,
            "area": budget.area.pk,
            "title": "Toinen",
            "language": "fi",
            "image": upload(NOT_AN_IMAGE),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["image"]
    assert not Pilot.objects.filter(title="Toinen").exists()


def test_a_non_image_renamed_jpg_is_refused_as_a_report_photo(client, funded):
    client.force_login(funded.proposer)
    response = client.post(
        reverse("pilots:report", args=[funded.pk]),
        {
            "photos-TOTAL_FORMS": "1",
            "photos-INITIAL_FORMS": "0",
            "photos-0-image": upload(NOT_AN_IMAGE),
            "photos-0-alt_text": "Kaappi",
        },
    )
    assert response.status_code == 200
    assert response.context["photos"].forms[0].errors["image"]
    assert not ResultPhoto.objects.exists()


def test_wagtail_image_uploads_keep_size_limits():
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000) <= 128_000_000


HOSTILE = (
    '<p>Hei<script>alert("x")</script></p>'
    '<p><b onerror="alert(1)">lihava</b></p>'
    '<p><a href="javascript:alert(1)">klikkaa</a> <a href="https://example.org" '
    'onclick="alert(1)">ok</a></p>'
)


@pytest.mark.parametrize("block_name", ["paragraph", "section"])
def test_rich_text_from_the_editor_keeps_no_script_handler_or_javascript_link(block_name):
    block = ContentStreamBlock().child_blocks[block_name]
    rich_text = block if block_name == "paragraph" else block.child_blocks["body"]
    converter = ContentstateConverter(rich_text.features)
    # What an editor pasting this HTML into Draftail sends back, as stored in the database.
    stored = converter.to_database_format(converter.from_database_format(HOSTILE))
    assert "Hei" in stored and "https://example.org" in stored
    assert "script" not in stored
    assert "onerror" not in stored and "onclick" not in stored
    assert "javascript:" not in stored
    assert inline_code(stored) == []
