"""What a proposal needs before it can go to the area director."""

from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.templatetags.money import money
from pilots.models import Pilot, PilotStatus

REQUIRED_TEXT = ["title", "summary", "need", "activities", "audience", "expected_outcome"]


def submission_problems(pilot: Pilot) -> list[tuple[str, str]]:
    """(field name, what to fix) for everything that keeps the proposal from being submitted.

    A proposal sent back for changes may return after its call has closed: the director asked.
    """
    problems = [
        (name, _("Fill in “%(field)s”.") % {"field": Pilot._meta.get_field(name).verbose_name})
        for name in REQUIRED_TEXT
        if not getattr(pilot, name).strip()
    ]
    if not pilot.starts_on or not pilot.ends_on:
        problems.append(("starts_on", _("Give the dates when the pilot starts and ends.")))
    total = pilot.budget_total()
    if not total:
        problems.append(("budget", _("Add at least one budget line.")))
    elif total > pilot.call.grant_amount:
        problems.append(
            (
                "budget",
                _("The budget is more than the grant of %(grant)s.")
                % {"grant": money(pilot.call.grant_amount)},
            )
        )
    if pilot.status == PilotStatus.DRAFT and not pilot.call.is_open(timezone.localdate()):
        problems.append(("call", _("The call is not open for proposals.")))
    elif not pilot.call.budgets.filter(area=pilot.area).exists():
        problems.append(("area", _("This call has no budget for the chosen area.")))
    return problems
