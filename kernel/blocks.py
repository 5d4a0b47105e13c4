"""StreamField blocks of text that pages of several apps are made of: the legal pages (home) and
the pilot stories (pilots)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class SectionBlock(blocks.StructBlock):
    """A titled section; the legal pages are made of these, each heading one part of the outline."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    body = blocks.RichTextBlock(
        label=_("Text"), features=["bold", "italic", "link", "ol", "ul", "h3"]
    )

    class Meta:
        icon = "doc-full"
        label = _("Section")
        template = "kernel/blocks/section_block.html"


class ContentStreamBlock(blocks.StreamBlock):
    section = SectionBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul"]
    )

    class Meta:
        label = _("Content")
