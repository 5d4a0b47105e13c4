"""The site's own pages: the home page, legal pages, and the footer's legal links."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.signals import post_page_move

from home.blocks import StepBlock
from kernel.blocks import ContentStreamBlock
from kernel.view_restrictions import ViewRestrictionsInOneQuery
from pilots import selectors


class HomePage(ViewRestrictionsInOneQuery, Page):
    """The front door in each language: what minipilots are, how it works, and where to start."""

    introduction = models.TextField(_("introduction"), blank=True)
    steps = StreamField(
        [("step", StepBlock())],
        verbose_name=_("how it works"),
        blank=True,
        max_num=6,
    )
    call_to_action = models.CharField(_("call to action"), max_length=120, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("steps"),
        FieldPanel("call_to_action"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["most_adapted"] = selectors.most_adapted_stories(self.locale_id)
        return context


class StandardPage(ViewRestrictionsInOneQuery, Page):
    """A page of text: the accessibility statement, the privacy notice, the terms of use."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("body"), blank=True)
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("Shown on the page, e.g. when an accessibility statement was last reviewed."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


def legal_page_field(verbose_name):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="link")
class LegalPages(BaseSiteSetting):
    """The pages every footer links to; each is shown in the visitor's language when translated."""

    accessibility_statement = legal_page_field(_("accessibility statement"))
    privacy_notice = legal_page_field(_("privacy notice"))
    terms_of_use = legal_page_field(_("terms of use"))

    select_related = ["accessibility_statement", "privacy_notice", "terms_of_use"]

    panels = [
        HelpPanel(_("Choose the Finnish page; the footer shows its translation in each language.")),
        PageChooserPanel("accessibility_statement", "home.StandardPage"),
        PageChooserPanel("privacy_notice", "home.StandardPage"),
        PageChooserPanel("terms_of_use", "home.StandardPage"),
    ]

    class Meta:
        verbose_name = _("legal pages")


def legal_links_cache_key(language_code: str) -> str:
    """Where home.templatetags.navigation_tags.legal_links keeps the footer's legal pages of
    one language, by host."""
    return f"home:legal-links:{language_code}"


@receiver(post_save, sender=StandardPage)
@receiver(post_delete, sender=StandardPage)
@receiver(post_save, sender=HomePage)
@receiver(post_delete, sender=HomePage)
@receiver(post_save, sender=LegalPages)
@receiver(post_delete, sender=LegalPages)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_page_move)
def forget_legal_links(sender, **kwargs):
    """A legal page published, unpublished, renamed or moved (or its home page, whose address
    is part of theirs), another page chosen, or a site changed: the footers read them anew."""
    cache.delete_many([legal_links_cache_key(code) for code, _name in settings.LANGUAGES])
