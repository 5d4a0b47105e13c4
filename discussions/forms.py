"""The comment's text, as the edit page asks for it (the page's own forms post the same field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from discussions.models import COMMENT_MAX_LENGTH
from kernel.forms import AccessibleErrorsMixin


class CommentForm(AccessibleErrorsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text. It is shown publicly with your first name."),
    )
