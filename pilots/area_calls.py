"""What an area's public page shows: the calls open there with the grants they have left, and
how quickly the city has decided and paid in that area over the last twelve months.

A resident deciding whether to propose wants three things before writing a line: is there
still money in my area, until when, and how long will I wait. The service levels are medians
(a few slow cases must not hide the usual wait) measured against the targets the city sets
(`DECISION_TARGET_DAYS`, `PAYMENT_TARGET_DAYS`).
"""

import datetime
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from pilots import selectors
from pilots.models import (
    Action,
    Area,
    AreaBudget,
    Pilot,
    PilotTransition,
)

LOOKBACK = datetime.timedelta(days=365)


def open_budgets(on: datetime.date | None = None) -> QuerySet[AreaBudget]:
    """The area budgets of the calls open `on` (today), each with `grants_left`: the grants
    not held by an approved pilot (`selectors.holding_a_grant`)."""
    on = on or timezone.localdate()
    approved = (
        selectors.holding_a_grant()
        .filter(call=OuterRef("call"), area=OuterRef("area"))
        .order_by()
        .values("call")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        AreaBudget.objects.filter(call__opens_on__lte=on)
        .filter(Q(call__closes_on__isnull=True) | Q(call__closes_on__gte=on))
        .select_related("call", "area")
        .annotate(granted=Coalesce(Subquery(approved, output_field=IntegerField()), 0))
        .annotate(grants_left=Greatest(F("grants") - F("granted"), Value(0)))
        .order_by("area__name_fi", "call__closes_on", "call__opens_on")
    )


def areas_with_open_calls(on: datetime.date | None = None) -> list[tuple[Area, list]]:
    """Every area, in name order, with the budgets of its open calls (possibly none)."""
    budgets: dict[int, list] = {}
    for budget in open_budgets(on):
        budgets.setdefault(budget.area_id, []).append(budget)
    return [(area, budgets.get(area.pk, [])) for area in Area.objects.order_by("name_fi")]


@dataclass(frozen=True)
class ServiceLevel:
    """A median wait in whole days over `cases` pilots, against the city's target in days."""

    median_days: int | None
    cases: int
    target_days: int

    @property
    def meets_target(self) -> bool | None:
        if self.median_days is None:
            return None
        return self.median_days <= self.target_days


def _level(days: list[int], target: int) -> ServiceLevel:
    return ServiceLevel(round(statistics.median(days)) if days else None, len(days), target)


def service_levels(area: Area, today: datetime.date | None = None) -> dict[str, ServiceLevel]:
    """Days from first submission to decision, and from decision to the grant being paid, for
    the decisions and payments of the last twelve months in `area`."""
    today = today or timezone.localdate()
    since = today - LOOKBACK
    decided = Pilot.objects.filter(
        area=area, decision__decided_on__gte=since, submitted_at__isnull=False
    ).values_list("submitted_at", "decision__decided_on")
    to_decision = [
        (decided_on - timezone.localdate(submitted)).days for submitted, decided_on in decided
    ]
    paid = PilotTransition.objects.filter(
        pilot__area=area, action=Action.FUND, at__date__gte=since
    ).values_list("at", "pilot__decision__decided_on")
    to_money = [(timezone.localdate(at) - decided_on).days for at, decided_on in paid if decided_on]
    return {
        "decision": _level(to_decision, settings.DECISION_TARGET_DAYS),
        "payment": _level(to_money, settings.PAYMENT_TARGET_DAYS),
    }
