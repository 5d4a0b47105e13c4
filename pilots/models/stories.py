"""Pilot stories: a funded pilot's results as a public page, so that the practice spreads.

Stories are real Wagtail pages, edited and published through Wagtail's moderation workflow. The
facets a visitor filters by (area, year, outcome, themes, goals) are copied onto the page when a
coordinator creates it from the result report, so the story index and search filter on the page's
own fields, and an editor may correct them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import ContentStreamBlock
from pilots.models.calls import Area, SustainableDevelopmentGoal, Theme
from pilots.models.lifecycle import Pilot
from pilots.models.results import Outcome


class StoryIndexPage(Page):
    """The stories of one language: filters, search and pages of cards."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["pilots.PilotStoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("story index page")

    def get_context(self, request, *args, **kwargs):
        from pilots.stories import story_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(story_index_context(self, request))
        return context


class PilotStoryPage(Page):
    """What a funded pilot did and learnt, written for residents of any area who might copy it."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.PROTECT, related_name="stories", verbose_name=_("pilot")
    )
    summary = models.TextField(_("summary"), max_length=500)
    what_was_done = models.TextField(_("what was done"))
    what_happened = models.TextField(_("what happened"))
    lessons = models.TextField(_("what the residents learnt"))
    body = StreamField(ContentStreamBlock(), verbose_name=_("more about the pilot"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    would_recommend = models.BooleanField(
        _("the residents would recommend it"), null=True, blank=True
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="stories", verbose_name=_("area")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    themes = ParentalManyToManyField(Theme, blank=True, verbose_name=_("themes"))
    sdgs = ParentalManyToManyField(
        SustainableDevelopmentGoal, blank=True, verbose_name=_("sustainable development goals")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("what_was_done"),
        FieldPanel("what_happened"),
        FieldPanel("lessons"),
        FieldPanel("body"),
        InlinePanel("photos", label=_("photos"), max_num=10),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("outcome"), FieldPanel("would_recommend")]),
                FieldRowPanel([FieldPanel("area"), FieldPanel("year")]),
                FieldPanel("themes"),
                FieldPanel("sdgs"),
                FieldPanel("pilot", read_only=True),
            ],
            heading=_("For filtering"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("what_was_done"),
        index.SearchField("what_happened"),
        index.SearchField("lessons"),
        index.SearchField("body"),
        index.FilterField("area"),
        index.FilterField("year"),
        index.FilterField("outcome"),
    ]

    parent_page_types = ["pilots.StoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("pilot story")
        verbose_name_plural = _("pilot stories")

    def get_context(self, request, *args, **kwargs):
        from pilots.stories import story_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(story_page_context(self))
        return context


class StoryPhoto(Orderable):
    """A photo of the pilot, copied from the report when the residents agreed to publish it."""

    page = ParentalKey(PilotStoryPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("photo")
    )
    alt_text = models.CharField(_("description of the photo"), max_length=250)

    panels = [FieldPanel("image"), FieldPanel("alt_text")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
