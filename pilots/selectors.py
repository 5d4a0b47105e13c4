"""Reads of pilots and decisions, with their query shape and permission scoping in one place."""

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from wagtail.models import Page

import search.query
from accounts.roles import is_coordinator
from pilots.models import (
    LISTED_PROPOSALS,
    PUBLIC_PROPOSALS,
    Area,
    BudgetLine,
    CoProposer,
    Decision,
    DecisionOutcome,
    Pilot,
    PilotStatus,
    PilotStoryPage,
    PilotTransition,
    StoryPhoto,
    Support,
    Theme,
    shown_adaptations,
)
from pilots.models.stories import story_facts_cache_key
from pilots.permissions import directed_area_ids
from pilots.search_documents import PILOT, STORY


def pilots_of_resident(user) -> QuerySet[Pilot]:
    """The pilots a resident proposed or co-proposed, for "My pilots"."""
    return (
        Pilot.objects.filter(Q(proposer=user) | Q(co_proposers=user))
        .distinct()
        .select_related("area", "call", "decision", "grant")
        .order_by("-updated_at")
    )


def pilot_for_participant(user, pk) -> Pilot:
    """One pilot with its history, if `user` takes part in it; otherwise DoesNotExist."""
    return (
        pilots_of_resident(user)
        .prefetch_related(
            "budget_lines",
            "themes",
            "sdgs",
            Prefetch("transitions", PilotTransition.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


def pilot_team(pilot: Pilot) -> QuerySet[CoProposer]:
    """The pilot's co-proposers with their accounts, in the order they joined."""
    return CoProposer.objects.filter(pilot=pilot).select_related("user")


def pilots_for_staff(user) -> QuerySet[Pilot]:
    """What a staff member may see in the admin: coordinators everything, directors their areas.

    Drafts stay private to their residents until first submitted.
    """
    pilots = Pilot.objects.filter(submitted_at__isnull=False).select_related(
        "area", "call", "proposer"
    )
    if is_coordinator(user):
        return pilots
    return pilots.filter(area__in=directed_area_ids(user))


def areas_for_staff(user) -> QuerySet[Area]:
    """The areas whose proposals `user` sees in the admin (`pilots_for_staff`): the choices of
    the listing's area filter, so a director is not offered areas that show them nothing."""
    areas = Area.objects.order_by("name_fi")
    return areas if is_coordinator(user) else areas.filter(pk__in=directed_area_ids(user))


def awaiting_decision_count(user) -> int:
    return pilots_for_staff(user).filter(status=PilotStatus.SUBMITTED).count()


def budget_use(pilot: Pilot) -> tuple[int, int]:
    """(grants used, grants in budget) for the pilot's area in its call; (0, 0) if no budget."""
    budget = pilot.call.budgets.filter(area=pilot.area).first()
    if budget is None:
        return 0, 0
    return granted_count(pilot.call_id, pilot.area_id), budget.grants


def holding_a_grant() -> QuerySet[Pilot]:
    """The pilots that hold one of their area's grants in their call: approved, and not
    cancelled since (a cancelled pilot gives its grant back: its money never left, was
    reversed, or is reclaimed by the city)."""
    return Pilot.objects.filter(decision__outcome=DecisionOutcome.APPROVED).exclude(
        status=PilotStatus.CANCELLED
    )


def granted_count(call_id, area_id) -> int:
    """Approved grants in an area's call budget (`holding_a_grant`)."""
    return holding_a_grant().filter(call_id=call_id, area_id=area_id).count()


def public_decisions() -> QuerySet[Decision]:
    """Decisions as the public sees them: approvals and rejections, newest first."""
    return Decision.objects.select_related("pilot__area", "pilot__call", "pilot__proposer")


def stories_for(locale) -> QuerySet[PilotStoryPage]:
    """Every published story a visitor of `locale` may read: in their language where a
    translation exists, otherwise in the language it was written in. A good practice must not
    stay within one language group."""
    # Plain pages, not stories: the subquery needs no join to the story table.
    translated = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale=locale, live=True
    )
    return PilotStoryPage.objects.live().filter(Q(locale=locale) | ~Exists(translated))


def live_stories(locale) -> QuerySet[PilotStoryPage]:
    """The stories of `stories_for`, with what a card shows fetched in a fixed number of
    queries."""
    return (
        stories_for(locale)
        .select_related("area", "locale")
        .prefetch_related(
            "sdgs",
            Prefetch("photos", StoryPhoto.objects.select_related("image")),
        )
        .order_by("-first_published_at", "-pk")
    )


def story_facts(locale_id: int) -> dict:
    """What every story index page asks, whatever its filters: the years stories are from
    (newest first) and how many stories a reader of the language may read.

    Both would be counted over every story on every request; they change only when a story
    is saved or deleted, so they are kept in the cache and counted again then
    (pilots.models.stories.refresh_story_facts)."""
    return cache.get_or_set(
        story_facts_cache_key(locale_id), lambda: count_story_facts(locale_id), timeout=None
    )


def count_story_facts(locale_id: int) -> dict:
    stories = stories_for(locale_id)
    years = stories.order_by("-year").values_list("year", flat=True).distinct()
    return {"years": list(years), "count": stories.count()}


def story_years(locale_id: int) -> list[int]:
    return story_facts(locale_id)["years"]


def search_stories(stories: QuerySet[PilotStoryPage], query: str) -> list[int]:
    """Ids of the stories among `stories` that match `query`, best first.

    The ORM filters (area, theme, goal, ...) stay on `stories`; the index only ranks within
    them, by ids, so no page object is built for a hit that is not shown."""
    return search.query.rank(STORY, query, within=stories.values("pk"))


def stories_by_id(locale, ids: list[int]) -> list[PilotStoryPage]:
    """The stories of `ids` (a page of search results) with what a card shows, in that order."""
    found = {story.pk: story for story in live_stories(locale).filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def story_search_suggestion(query: str) -> str | None:
    """A query spelt as the stories' own words are, for "Did you mean …"."""
    return search.query.suggest(STORY, query)


def themes_with_stories(locale) -> QuerySet[Theme]:
    return Theme.objects.filter(pk__in=stories_for(locale).values("themes"))


def areas_with_stories(locale) -> QuerySet[Area]:
    return Area.objects.filter(pk__in=stories_for(locale).values("area"))


def search_pilots(pilots: QuerySet[Pilot], query: str) -> QuerySet[Pilot]:
    """`pilots` narrowed to the proposals matching `query`, best first, with the same language
    handling as story search (for the directors' proposal listing in the admin)."""
    ids = search.query.rank(PILOT, query, within=pilots.values("pk"))
    order = Case(*(When(pk=pk, then=position) for position, pk in enumerate(ids)))
    return pilots.filter(pk__in=ids).order_by(order) if ids else pilots.none()


def _per_pilot(queryset: QuerySet, aggregate, output_field) -> Coalesce:
    """One number per pilot (0 when it has no rows) as a subquery, so that two of them do not
    multiply each other's rows as two joins in one GROUP BY would."""
    rows = queryset.filter(pilot=OuterRef("pk")).values("pilot").annotate(value=aggregate)
    return Coalesce(Subquery(rows.values("value")), 0, output_field=output_field)


def _proposals_where(shown: Q) -> QuerySet[Pilot]:
    return (
        Pilot.objects.filter(shown)
        .select_related("area", "call", "proposer")
        .annotate(
            budget_sum=_per_pilot(BudgetLine.objects, Sum("amount"), DecimalField()),
            support_count=_per_pilot(Support.objects, Count("pk"), IntegerField()),
        )
        .order_by("-submitted_at", "-pk")
    )


def public_proposals() -> QuerySet[Pilot]:
    """The proposals listed on the public proposal pages (none the moderators hold or hid),
    newest first, each with its budget total (`budget_sum`) and its number of supports
    (`support_count`) in the same query."""
    return _proposals_where(LISTED_PROPOSALS)


def public_proposal(pk: int, user) -> Pilot:
    """One public proposal with its budget lines, and whether `user` supports it
    (`supported`); DoesNotExist for any other pilot. A proposal the moderators hid keeps its
    page, which shows their grounds in place of its text."""
    mine = Support.objects.filter(pilot=OuterRef("pk"), user_id=user.pk)
    return (
        _proposals_where(PUBLIC_PROPOSALS)
        .annotate(supported=Exists(mine))
        .prefetch_related("budget_lines", "themes")
        .get(pk=pk)
    )


def support_count(pilot: Pilot) -> int:
    """How many residents support the pilot, for the director deciding on it."""
    return pilot.supports.count()


def story_lineage(story: PilotStoryPage) -> dict:
    """Where the story's practice came from, and where it has been adapted since."""
    pilot = story.pilot
    source = None
    if pilot.inspired_by_id:
        source = (
            PilotStoryPage.objects.live()
            .filter(pilot_id=pilot.inspired_by_id)
            .order_by(Case(When(locale=story.locale_id, then=0), default=1))
            .first()
        )
    adaptations = (
        Pilot.objects.filter(inspired_by=pilot)
        .filter(shown_adaptations())
        .select_related("area")
        .prefetch_related(
            Prefetch(
                "stories",
                # With the locale, which the link to each story reads.
                PilotStoryPage.objects.live().select_related("locale").order_by("pk"),
                to_attr="live_stories",
            )
        )
        .order_by("-submitted_at")
    )
    return {
        "inspired_by_story": source,
        "inspired_by_pilot": pilot.inspired_by,
        "adaptations": adaptations,
    }


def most_adapted_stories(locale, limit: int = 3) -> QuerySet[PilotStoryPage]:
    """The practices other areas have taken up most often, then the newest pages, for the home
    page.

    Ordered by the count each story keeps (`times_adapted`) and the page's own id, both in the
    story table's index "story_most_adapted", so the database reads the first few entries of
    the index instead of counting every story's adaptations."""
    return (
        live_stories(locale)
        .annotate(adaptation_count=F("times_adapted"))
        .order_by("-times_adapted", "-pk")[:limit]
    )


def overdue_reports(user, today) -> QuerySet[Pilot]:
    """Funded pilots whose result report is past its due date, for the coordinator's dashboard."""
    return (
        pilots_for_staff(user)
        .filter(status=PilotStatus.FUNDED, decision__report_due__lt=today)
        .select_related("decision")
        .order_by("decision__report_due")
    )
