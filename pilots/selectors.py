"""Reads of pilots and decisions, with their query shape and permission scoping in one place."""

from django.db.models import Prefetch, Q, QuerySet

from grants.models import GrantStatus
from pilots.models import Decision, Pilot, PilotStatus, PilotTransition
from pilots.permissions import is_coordinator


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


def pilots_for_staff(user) -> QuerySet[Pilot]:
    """What a staff member may see in the admin: coordinators everything, directors their areas.

    Drafts stay private to their residents until first submitted.
    """
    pilots = Pilot.objects.filter(submitted_at__isnull=False).select_related(
        "area", "call", "proposer"
    )
    if is_coordinator(user):
        return pilots
    return pilots.filter(area__directors=user)


def awaiting_decision_count(user) -> int:
    return pilots_for_staff(user).filter(status=PilotStatus.SUBMITTED).count()


def budget_use(pilot: Pilot) -> tuple[int, int]:
    """(grants used, grants in budget) for the pilot's area in its call; (0, 0) if no budget."""
    budget = pilot.call.budgets.filter(area=pilot.area).first()
    if budget is None:
        return 0, 0
    return granted_count(pilot.call_id, pilot.area_id), budget.grants


def granted_count(call_id, area_id) -> int:
    """Approved grants in an area's call budget; a cancelled approval gives its grant back."""
    return (
        Pilot.objects.filter(call_id=call_id, area_id=area_id, grant__isnull=False)
        .exclude(grant__status=GrantStatus.CANCELLED)
        .count()
    )


def public_decisions() -> QuerySet[Decision]:
    """Decisions as the public sees them: approvals and rejections, newest first."""
    return Decision.objects.select_related("pilot__area", "pilot__call", "pilot__proposer")
