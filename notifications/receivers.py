"""Who hears of what, from the signals of the layers below (pilots.events, discussions.events).

Each event tells each person once, by the closest reason they have to care: a reply's author
hears of the reply, the pilot's team of a comment on their pilot, those following of the rest.
Nobody is told of what they did themselves, and the team is not told by these of their own
pilot's transitions: the decision and story emails (pilots.notifications) are their notice.
A deleted (inactive) account is told nothing. Commenting on a pilot, or supporting it, follows
it (services.follow_quietly).
"""

from django.dispatch import receiver

from discussions.events import comment_posted
from discussions.models import AuthorRole, Comment
from notifications import selectors, services
from notifications.models import Kind
from pilots.events import pilot_transitioned, proposal_shown, proposal_supported
from pilots.models import Action, Pilot

DECISIONS = frozenset({Action.APPROVE, Action.REJECT})


def _team(pilot: Pilot) -> tuple[set[int], set[int]]:
    """The team's ids, and those of its members whose accounts are active."""
    members = pilot.team_members()
    return {m.pk for m in members}, {m.pk for m in members if m.is_active}


@receiver(comment_posted, sender=Comment)
def comment_posted_received(sender, comment: Comment, **kwargs):
    pilot = comment.pilot
    told = {comment.author_id}
    parent = comment.parent
    if parent is not None and parent.author_id not in told and parent.author.is_active:
        services.notify(
            recipients={parent.author_id}, kind=Kind.REPLY, pilot=pilot, comment=comment
        )
        told.add(parent.author_id)
    team, active_team = _team(pilot)
    # The team answering on its own pilot tells the rest of the team nothing.
    if comment.author_role != AuthorRole.TEAM:
        services.notify(
            recipients=active_team - told, kind=Kind.COMMENT_ON_MINE, pilot=pilot, comment=comment
        )
    services.notify(
        recipients=selectors.followers(pilot=pilot) - told - team,
        kind=Kind.FOLLOWED_COMMENT,
        pilot=pilot,
        comment=comment,
    )
    if comment.author_id not in team:
        services.follow_quietly(user=comment.author, pilot=pilot)


def _proposal_in_area(pilot: Pilot, by_id: int | None) -> None:
    team, _active = _team(pilot)
    services.notify(
        recipients=selectors.followers(area=pilot.area) - team - {by_id},
        kind=Kind.NEW_PROPOSAL,
        pilot=pilot,
    )


@receiver(pilot_transitioned, sender=Pilot)
def pilot_transitioned_received(sender, pilot: Pilot, action: str, by=None, **kwargs):
    by_id = getattr(by, "pk", None)
    if action == Action.SUBMIT and pilot.is_public_proposal:
        _proposal_in_area(pilot, by_id)
    elif action in DECISIONS:
        team, _active = _team(pilot)
        services.notify(
            recipients=selectors.followers(pilot=pilot) - team - {by_id},
            kind=Kind.DECISION,
            pilot=pilot,
        )
    elif action == Action.PUBLISH:
        team, _active = _team(pilot)
        following = selectors.followers(pilot=pilot) | selectors.followers(area=pilot.area)
        services.notify(recipients=following - team - {by_id}, kind=Kind.NEW_STORY, pilot=pilot)


@receiver(proposal_shown, sender=Pilot)
def proposal_shown_received(sender, pilot: Pilot, **kwargs):
    _proposal_in_area(pilot, pilot.proposer_id)


@receiver(proposal_supported, sender=Pilot)
def proposal_supported_received(sender, pilot: Pilot, by, **kwargs):
    services.follow_quietly(user=by, pilot=pilot)
