"""Pilot stories: a funded pilot's results as a public page, so that the practice spreads.

Stories are real Wagtail pages, edited and published through Wagtail's moderation workflow. The
facets a visitor filters by (area, year, outcome, themes, goals) are copied onto the page when a
coordinator creates it from the result report, so the story index and search filter on the page's
own fields, and an editor may correct them.

A reader stays in their language: a story not yet translated into it is served under the
reader's own story index (`/sv/berattelser/<slug>/`), with the interface in the reader's language
and the story's text marked with the language it was written in. Its canonical address stays the
story's own.
"""

from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from kernel.blocks import ContentStreamBlock
from kernel.view_restrictions import ViewRestrictionsInOneQuery
from pilots.models.calls import Area, SustainableDevelopmentGoal, Theme
from pilots.models.lifecycle import Pilot, PilotStatus
from pilots.models.results import Outcome

# Shown to a reader of another language, by the language the story is written in.
ONLY_IN_LANGUAGE = {
    "fi": _("This story is so far available in Finnish only."),
    "sv": _("This story is so far available in Swedish only."),
    "en": _("This story is so far available in English only."),
}
NOT_YET_IN_YOUR_LANGUAGE = _(
    "This story is not yet available in your language. The language menu lists the languages "
    "it is available in."
)

# What the public reads of an adaptation's state. The admin's statuses speak of the procedure
# ("Submitted", "Changes requested"); a visitor wants to know how far the practice has got.
# Withdrawn adaptations are never shown (shown_adaptations).
ADAPTATION_STATES = {
    PilotStatus.SUBMITTED: _("proposed"),
    PilotStatus.CHANGES_REQUESTED: _("proposed"),
    PilotStatus.APPROVED: _("approved, under way"),
    PilotStatus.FUNDED: _("approved, under way"),
    PilotStatus.REPORTED: _("done, story coming"),
    PilotStatus.PUBLISHED: _("done"),
    PilotStatus.REJECTED: _("not approved"),
    PilotStatus.CANCELLED: _("cancelled"),
}


def adaptation_state(pilot: Pilot) -> str:
    """The public words for how far an adaptation of a story has got."""
    return ADAPTATION_STATES.get(pilot.status, _("proposed"))


def shown_adaptations(path: str = "") -> Q:
    """The adaptations the public sees and counts: proposed to a director (a draft is its
    resident's own) and not withdrawn. `path` leads from the queried model to the pilots,
    e.g. "pilot__adaptations__"."""
    return Q(**{f"{path}submitted_at__isnull": False}) & ~Q(
        **{f"{path}status": PilotStatus.WITHDRAWN}
    )


def recount_adaptations(pilot_id: int) -> None:
    """Store on every story of pilot `pilot_id` how many adaptations of it the public sees.

    Counted afresh rather than incremented, so a repeated or concurrent call cannot drift."""
    shown = Pilot.objects.filter(shown_adaptations(), inspired_by_id=pilot_id)
    PilotStoryPage.objects.filter(pilot_id=pilot_id).update(times_adapted=shown.count())


class StoryIndexPage(ViewRestrictionsInOneQuery, Page):
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

    def route(self, request, path_components):
        """Serve a story of this index's translations that has no live version here yet, under
        this index's own address, so the reader keeps their language.

        See https://docs.wagtail.org/en/stable/reference/models.html#wagtail.models.Page.route
        """
        try:
            return super().route(request, path_components)
        except Http404:
            if len(path_components) != 1 or not self.live:
                raise
            story = self.story_from_other_language(path_components[0])
            if story is None:
                raise
            return RouteResult(story, kwargs={"reader_index": self})

    def story_from_other_language(self, slug: str) -> "PilotStoryPage | None":
        """The live story called `slug` under one of this index's translations."""
        paths = list(
            StoryIndexPage.objects.filter(translation_key=self.translation_key)
            .exclude(pk=self.pk)
            .values_list("path", flat=True)
        )
        if not paths:
            return None
        return (
            PilotStoryPage.objects.live()
            .public()
            .filter(slug=slug, depth=self.depth + 1)
            .filter(reduce(or_, (Q(path__startswith=path) for path in paths)))
            .exclude(locale=self.locale_id)
            .order_by("pk")
            .first()
        )


class PilotStoryPage(ViewRestrictionsInOneQuery, Page):
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
    # How many adaptations of the pilot the public sees (`shown_adaptations`), kept by
    # `recount_adaptations` whenever an adaptation moves, so that the home page's "most adapted"
    # reads one indexed column instead of counting every story's adaptations per request.
    times_adapted = models.PositiveIntegerField(_("times adapted"), default=0, editable=False)

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
        indexes = [models.Index(fields=["times_adapted", "page_ptr"], name="story_most_adapted")]

    def with_content_json(self, content):
        """A revision being published or previewed keeps the live count: the count follows the
        adaptations, not the text an editor saved.

        See https://docs.wagtail.org/en/stable/reference/models.html#wagtail.models.Page.with_content_json
        """
        page = super().with_content_json(content)
        page.times_adapted = self.times_adapted
        return page

    def serve(self, request, *args, reader_index=None, **kwargs):
        """`reader_index` is the story index of the reader's language when the story is read
        from another language's index (StoryIndexPage.route). Once the story has a live
        translation there, the reader is sent to it."""
        if reader_index is not None:
            translation = self.get_translation_or_none(reader_index.locale)
            if translation is not None and translation.live:
                return redirect(translation.get_url(request))
        return super().serve(request, *args, reader_index=reader_index, **kwargs)

    def get_context(self, request, *args, reader_index=None, **kwargs):
        from pilots.stories import story_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(story_page_context(self, request))
        context["adaptation_lines"] = [
            (pilot, adaptation_state(pilot)) for pilot in context["adaptations"]
        ]
        context["story_index"] = reader_index or self.get_parent()
        if reader_index is not None:
            context["language_note"] = self.language_note()
        return context

    def language_note(self) -> str:
        """What a reader of another language is told about the languages of this story."""
        if self.get_translations().live().exists():
            return NOT_YET_IN_YOUR_LANGUAGE
        return ONLY_IN_LANGUAGE.get(self.locale.language_code, NOT_YET_IN_YOUR_LANGUAGE)

    def reader_urls(self, request=None) -> dict[str, str]:
        """Where a reader of each language reads this story while it has no translation in
        that language: under that language's story index (StoryIndexPage.route)."""
        return {
            index.locale.language_code: f"{index.get_url(request)}{self.slug}/"
            for index in self.get_parent()
            .get_translations(inclusive=True)
            .live()
            .select_related("locale")
        }


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


def story_facts_cache_key(locale_id: int) -> str:
    """Where pilots.selectors.story_facts keeps what every story index page asks (the years
    to filter by, how many stories there are) for one language."""
    return f"pilots:story-facts:{locale_id}"


@receiver(post_save, sender=PilotStoryPage)
@receiver(post_delete, sender=PilotStoryPage)
def refresh_story_facts(sender, **kwargs):
    """A story saved (published, unpublished, translated, its year corrected) or deleted
    changes the facts of any language that reads it: they are counted again now, once, so
    that no visitor's request pays for it."""
    from pilots.selectors import count_story_facts  # the selectors read these models

    for pk in Locale.objects.values_list("pk", flat=True):
        cache.set(story_facts_cache_key(pk), count_story_facts(pk), timeout=None)
