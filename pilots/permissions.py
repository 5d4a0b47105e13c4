"""Who may act on a pilot: answered once here, used by services, selectors and templates.

The facts these answers rest on (the user's roles, the areas they direct) are read once per
user object, so a page that asks ten times costs one query each, not ten
(accounts.roles.role_names).
"""

from accounts.roles import is_coordinator
from pilots.models import TRANSITIONS, Actor, Pilot


def directed_area_ids(user) -> frozenset[int]:
    """The areas `user` directs, read once per user object (one request)."""
    if not user.is_authenticated:
        return frozenset()
    try:
        return user._directed_area_ids
    except AttributeError:
        user._directed_area_ids = frozenset(user.directed_areas.values_list("pk", flat=True))
        return user._directed_area_ids


def may_view_proposals(user) -> bool:
    """Coordinators and area directors reach the proposals in the admin (scoped by selectors)."""
    return user.is_active and (is_coordinator(user) or bool(directed_area_ids(user)))


def may_make_story(user) -> bool:
    """Coordinators turn a pilot's result report into a story page."""
    return is_coordinator(user)


def directs_area(user, area) -> bool:
    return area.pk in directed_area_ids(user)


def may_decide(user, pilot: Pilot) -> bool:
    """A director of the pilot's area who takes no part in the pilot (disqualification)."""
    return directs_area(user, pilot.area) and not pilot.is_participant(user)


def may_edit_content(user, pilot: Pilot) -> bool:
    """The proposer and the co-proposers edit the proposal's text and write the result report;
    the lifecycle's actions, the choices to publish and the payout stay the proposer's."""
    return pilot.is_participant(user)


def may_manage_team(user, pilot: Pilot) -> bool:
    """The proposer alone invites co-proposers, withdraws invitations and removes members."""
    return user.is_authenticated and pilot.proposer_id == user.pk


def may_act(user, pilot: Pilot, action: str) -> bool:
    """Whether `user` is the kind of person the action's declaration names (`actor`)."""
    actor = TRANSITIONS[action].actor
    if actor == Actor.PROPOSER:
        return user.is_authenticated and pilot.proposer_id == user.pk
    if actor == Actor.DIRECTOR:
        return may_decide(user, pilot)
    if actor == Actor.COORDINATOR:
        return is_coordinator(user)
    return False  # the platform's own transitions are made by services, never by a click


def available_actions(user, pilot: Pilot) -> list[str]:
    """The actions `user` could take now, for showing the right buttons."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if pilot.status in transition.sources and may_act(user, pilot, action)
    ]
