"""Reads for open data, the story API, statistics and the council report.

Every query shape of the reporting app is decided here: lists are fetched with their relations
in a fixed number of queries, and figures are aggregated in the database, so a page costs the
same number of queries for ten pilots as for a thousand.

Two words are used throughout:

- a *decided grant* is the grant of an approved decision, including one cancelled later;
- a pilot *has had its money* when it is funded, reported or published (`FUNDED_STATES`): a
  pilot cancelled after payment had its transfer reversed, so it counts as unpaid.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from grants.models import Grant
from pilots.models import (
    FUNDED_STATES,
    Action,
    Area,
    Decision,
    DecisionOutcome,
    Outcome,
    Pilot,
    PilotStatus,
    PilotStoryPage,
    PilotTransition,
    ResultReport,
)
from pilots.selectors import shown_adaptations
from reporting.permissions import reports_on_every_area

# Residents' drafts are private until first submitted: statistics count proposals from then on.
PROPOSED = Q(submitted_at__isnull=False)
HAS_HAD_ITS_MONEY = Q(pilot__status__in=FUNDED_STATES)
CANCELLED = Q(pilot__status=PilotStatus.CANCELLED)


def decided_grants() -> QuerySet[Grant]:
    """The grants of every approved decision, oldest decision first: what the open data holds."""
    return Grant.objects.filter(pilot__decision__outcome=DecisionOutcome.APPROVED).order_by(
        "pilot__decision__decided_on", "pk"
    )


# What the open-data records read of each grant (reporting.giving360.grant_record), by name.
# Of the proposer only the name, which is published when they agreed to it; nothing else of
# theirs is read.
GRANT_ROW = {
    "pk": "pk",
    "amount": "amount",
    "updated_at": "updated_at",
    "pilot_id": "pilot_id",
    "title": "pilot__title",
    "summary": "pilot__summary",
    "status": "pilot__status",
    "publish_name": "pilot__publish_name",
    "first_name": "pilot__proposer__first_name",
    "last_name": "pilot__proposer__last_name",
    "starts_on": "pilot__starts_on",
    "ends_on": "pilot__ends_on",
    "area_id": "pilot__area_id",
    "call_id": "pilot__call_id",
    "decision_id": "pilot__decision__pk",
    "decided_on": "pilot__decision__decided_on",
    "original_grant": "pilot__inspired_by__grant__pk",
}


def _links(through, target: str, ordering: str) -> dict[int, list[int]]:
    """{pilot id: [ids of its goals or themes, in their model's order]} for decided grants."""
    links: dict[int, list[int]] = {}
    rows = (
        through.objects.filter(pilot__decision__outcome=DecisionOutcome.APPROVED)
        .order_by(f"{target}__{ordering}", target)
        .values_list("pilot_id", target)
    )
    for pilot, linked in rows.iterator(chunk_size=10_000):
        links.setdefault(pilot, []).append(linked)
    return links


def decided_grant_rows() -> Iterator[dict]:
    """Every decided grant as a flat row (`GRANT_ROW`'s names, plus `goals` and `themes`),
    in `decided_grants()`'s order, read in chunks: three queries however many grants."""
    goals = _links(Pilot.sdgs.through, "sustainabledevelopmentgoal", "code")
    themes = _links(Pilot.themes.through, "theme", "name_fi")
    names = list(GRANT_ROW)
    for values in decided_grants().values_list(*GRANT_ROW.values()).iterator(chunk_size=5_000):
        row = dict(zip(names, values, strict=True))
        row["goals"] = goals.get(row["pilot_id"], ())
        row["themes"] = themes.get(row["pilot_id"], ())
        yield row


def published_stories(language: str) -> QuerySet[PilotStoryPage]:
    """Live stories in one language, newest first, with what the story API shows of each.

    `adaptation_count` counts the adaptations the public sees (pilots.selectors);
    `pilot.inspired_by.live_stories` holds the original's live stories, for a link to it.
    """
    return (
        PilotStoryPage.objects.live()
        .filter(locale__language_code=language)
        .select_related("locale", "area", "pilot__inspired_by")
        .prefetch_related(
            "themes",
            "sdgs",
            Prefetch(
                "pilot__inspired_by__stories",
                queryset=PilotStoryPage.objects.live().select_related("locale"),
                to_attr="live_stories",
            ),
        )
        .annotate(
            adaptation_count=Count(
                "pilot__adaptations",
                filter=shown_adaptations("pilot__adaptations__"),
                distinct=True,
            )
        )
        .order_by("-first_published_at", "-pk")
    )


def _by_key(rows, key: str, value: str = "n") -> dict:
    return {row[key]: row[value] for row in rows}


@dataclass
class Statistics:
    """The public statistics page's figures; each mapping is keyed by an id or code."""

    areas: list[Area]
    pilots_per_area: dict[int, int]
    pilots_per_year: dict[int, int]
    pilots_per_status: dict[str, int]
    granted_per_area: dict[int, Decimal]
    paid_per_area: dict[int, Decimal]
    outcomes: dict[str, int]
    adaptations_per_area: dict[int, int]
    most_adapted: list[Pilot]


def statistics() -> Statistics:
    """Pilots per area, year and status, money, outcomes and adoptions, in eight queries."""
    proposed = Pilot.objects.filter(PROPOSED)
    money = Grant.objects.values("pilot__area").annotate(
        granted=Sum("amount", filter=~CANCELLED), paid=Sum("amount", filter=HAS_HAD_ITS_MONEY)
    )
    money = list(money)
    return Statistics(
        areas=list(Area.objects.all()),
        pilots_per_area=_by_key(proposed.values("area").annotate(n=Count("pk")), "area"),
        pilots_per_year=_by_key(
            proposed.annotate(year=ExtractYear("submitted_at"))
            .values("year")
            .annotate(n=Count("pk"))
            .order_by("year"),
            "year",
        ),
        pilots_per_status=_by_key(proposed.values("status").annotate(n=Count("pk")), "status"),
        granted_per_area={row["pilot__area"]: row["granted"] or Decimal(0) for row in money},
        paid_per_area={row["pilot__area"]: row["paid"] or Decimal(0) for row in money},
        outcomes=_by_key(
            ResultReport.objects.filter(submitted_at__isnull=False)
            .values("outcome")
            .annotate(n=Count("pk")),
            "outcome",
        ),
        adaptations_per_area=_by_key(
            Pilot.objects.filter(shown_adaptations(), inspired_by__isnull=False)
            .values("area")
            .annotate(n=Count("pk")),
            "area",
        ),
        most_adapted=most_adapted_pilots(shown_adaptations("adaptations__")),
    )


def most_adapted_pilots(adaptations: Q, limit: int = 5) -> list[Pilot]:
    """The practices adapted most often, by the adaptations that `adaptations` selects."""
    return list(
        Pilot.objects.filter(decision__outcome=DecisionOutcome.APPROVED)
        .annotate(adaptation_count=Count("adaptations", filter=adaptations, distinct=True))
        .filter(adaptation_count__gt=0)
        .select_related("area")
        .order_by("-adaptation_count", "title", "pk")[:limit]
    )


# The council report: every half year, per area.


@dataclass(frozen=True)
class HalfYear:
    """January–June (half 1) or July–December (half 2) of a year, in the city's time zone."""

    year: int
    half: int

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last_day(self) -> datetime.date:
        return (
            datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)
        )

    @property
    def starts(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.first_day, datetime.time()))

    @property
    def ends(self) -> datetime.datetime:
        """The first moment after the period (exclusive)."""
        next_day = self.last_day + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time()))

    @classmethod
    def containing(cls, day: datetime.date) -> "HalfYear":
        return cls(day.year, 1 if day.month <= 6 else 2)


@dataclass
class CouncilRow:
    area: Area | None
    decided: int = 0
    approved: int = 0
    funded: int = 0
    reported: int = 0
    published: int = 0
    granted: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    worked: int = 0
    partly: int = 0
    did_not_work: int = 0

    def add(self, other: "CouncilRow") -> None:
        for name in COUNCIL_FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))


COUNCIL_FIGURES = [
    "decided",
    "approved",
    "funded",
    "reported",
    "published",
    "granted",
    "paid",
    "worked",
    "partly",
    "did_not_work",
]


@dataclass
class CouncilReport:
    period: HalfYear
    rows: list[CouncilRow]
    total: CouncilRow
    most_adapted: list[Pilot]


def council_report_areas(user) -> QuerySet[Area]:
    """The areas a staff member reports on: coordinators and finance all, directors theirs."""
    if reports_on_every_area(user):
        return Area.objects.all()
    return Area.objects.filter(directors=user)


def council_report(period: HalfYear, areas: QuerySet[Area]) -> CouncilReport:
    """Per area, what happened in the period: decisions, payments, reports, publications,
    money and outcomes, and the practices adapted most in it. Six queries for any data."""
    areas = list(areas)
    rows = {area.pk: CouncilRow(area) for area in areas}
    in_period = {"pilot__area__in": areas}

    decisions = (
        Decision.objects.filter(decided_on__range=(period.first_day, period.last_day), **in_period)
        .values("pilot__area")
        .annotate(
            decided=Count("pk"),
            approved=Count("pk", filter=Q(outcome=DecisionOutcome.APPROVED)),
            granted=Sum(
                "pilot__grant__amount",
                filter=Q(outcome=DecisionOutcome.APPROVED) & ~CANCELLED,
            ),
        )
    )
    for row in decisions:
        report_row = rows[row["pilot__area"]]
        report_row.decided, report_row.approved = row["decided"], row["approved"]
        report_row.granted = row["granted"] or Decimal(0)

    transitions = (
        PilotTransition.objects.filter(
            at__gte=period.starts,
            at__lt=period.ends,
            action__in=[Action.FUND, Action.REPORT, Action.PUBLISH],
            **in_period,
        )
        .values("pilot__area", "action")
        .annotate(n=Count("pilot", distinct=True))
    )
    figure = {Action.FUND: "funded", Action.REPORT: "reported", Action.PUBLISH: "published"}
    for row in transitions:
        setattr(rows[row["pilot__area"]], figure[row["action"]], row["n"])

    paid = (
        PilotTransition.objects.filter(
            at__gte=period.starts, at__lt=period.ends, action=Action.FUND, **in_period
        )
        .values("pilot__area")
        .annotate(paid=Sum("pilot__grant__amount"))
    )
    for row in paid:
        rows[row["pilot__area"]].paid = row["paid"] or Decimal(0)

    outcomes = (
        ResultReport.objects.filter(
            submitted_at__gte=period.starts, submitted_at__lt=period.ends, **in_period
        )
        .exclude(outcome="")
        .values("pilot__area", "outcome")
        .annotate(n=Count("pk"))
    )
    for row in outcomes:
        setattr(rows[row["pilot__area"]], Outcome(row["outcome"]).value, row["n"])

    total = CouncilRow(None)
    for row in rows.values():
        total.add(row)
    adapted_in_period = Q(
        adaptations__submitted_at__gte=period.starts,
        adaptations__submitted_at__lt=period.ends,
        adaptations__area__in=areas,
    )
    return CouncilReport(
        period=period,
        rows=list(rows.values()),
        total=total,
        most_adapted=most_adapted_pilots(adapted_in_period),
    )
