"""The comment's text, as the edit page asks for it (the page's own forms post the same field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from discussions.models import COMMENT_MAX_LENGTH
from kernel.forms import AccessibleErrorsMixin


class PlainTextField(forms.CharField):
    """A browser sends a textarea's line breaks as CRLF: counted as one character each, as the
    browser counted them against `maxlength` and as the services store them."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class CommentForm(AccessibleErrorsMixin, forms.Form):
    body = PlainTextField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text. It is shown publicly with your first name."),
    )
