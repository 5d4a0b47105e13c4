"""StreamField blocks of the home page alone (the text blocks shared with the stories are the
kernel's)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "list-ol"
        label = _("Step")
