"""A pilot's team: the proposer invites co-proposers by email, and they join, leave or are
removed.

Who does what, and why:
- The proposer invites, withdraws invitations and removes co-proposers; the proposer alone
  submits, resubmits and withdraws the proposal and hands in the result report, because the
  proposer is the grant's applicant and recipient, the one the decision is addressed to.
- Co-proposers edit the proposal while it is editable, write the result report, and leave when
  they wish. Their name is public only with their own consent, given when they accept and
  changed any time after.
- Invitations are sent and accepted while the proposal awaits its decision (`INVITING_STATES`):
  the director decides on a known team, and the disqualification of a director who co-proposes
  (`pilots.permissions.may_decide`) holds before anyone can decide. Such a director cannot leave,
  nor be removed, until the decision: leaving would lift the disqualification.
- The link in the email is signed (django.core.signing, `INVITATION_MAX_AGE`) and names the
  invitation by its random key, so a withdrawn invitation's link stops working at once. It is
  accepted only by an account with the invited address among its verified addresses: the link
  can be forwarded, and being named on a public decision and editing the proposal are for the
  person the proposer meant.
- Invitations are personal data of someone who has agreed to nothing: accepted, declined,
  withdrawn or expired, they are deleted (`invitations_erase_stale` for the expired ones).
"""

import datetime

from allauth.account.models import EmailAddress
from django.core import signing
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from pilots.errors import NotAllowed, PilotActionRefused
from pilots.models import (
    MAX_CO_PROPOSERS,
    CoProposer,
    CoProposerInvitation,
    Pilot,
    PilotStatus,
    Support,
)
from pilots.permissions import directs_area, may_manage_team
from pilots.tasks import send_co_proposer_invitation

S = PilotStatus
INVITING_STATES = frozenset({S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED})
INVITATION_MAX_AGE = datetime.timedelta(days=14)
_SALT = "pilots.co_proposer_invitation"
# Audit log actions, registered in pilots.wagtail_hooks.
JOINED, LEFT = "pilots.co_proposer_joined", "pilots.co_proposer_left"


class InvitationRefused(PilotActionRefused):
    default_message = _("This invitation is no longer valid.")


class InvitationExpired(InvitationRefused):
    default_message = _("This invitation has expired. Ask the proposer to invite you again.")


def invitation_token(invitation: CoProposerInvitation) -> str:
    """What the invitation's link carries: its key, signed with the time it was signed."""
    return signing.TimestampSigner(salt=_SALT).sign(invitation.key)


def invitation_for_token(token: str) -> CoProposerInvitation:
    """The invitation a link names; InvitationExpired or InvitationRefused (withdrawn, answered
    already, tampered with) otherwise."""
    try:
        key = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired as expired:
        raise InvitationExpired() from expired
    except signing.BadSignature as bad:
        raise InvitationRefused() from bad
    invitation = (
        CoProposerInvitation.objects.select_related("pilot__area", "invited_by")
        .filter(key=key)
        .first()
    )
    if invitation is None:
        raise InvitationRefused()
    return invitation


def _locked(pilot: Pilot) -> Pilot:
    return Pilot.objects.select_for_update(of=("self",)).select_related("area").get(pk=pilot.pk)


def _verified_addresses(user) -> set[str]:
    return {
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


DECIDED = _("Co-proposers join a proposal before its decision: this one has been decided on.")


def _inviting(pilot: Pilot) -> None:
    if pilot.status not in INVITING_STATES:
        raise PilotActionRefused(DECIDED)


def _log(pilot: Pilot, action: str, by, member) -> None:
    if pilot.submitted_at:  # staff's audit log starts at submission, as the lifecycle's does
        log(instance=pilot, action=action, user=by, data={"co_proposer": member.pk})


def pending_invitations(pilot: Pilot) -> QuerySet[CoProposerInvitation]:
    """The pilot's invitations whose link still works (an expired one waits for
    `invitations_erase_stale` and counts for nothing)."""
    return pilot.invitations.filter(created_at__gte=timezone.now() - INVITATION_MAX_AGE)


def places_left(pilot: Pilot) -> int:
    """How many more people the proposer may invite: co-proposers and pending invitations
    count alike."""
    return MAX_CO_PROPOSERS - pilot.team.count() - pending_invitations(pilot).count()


@transaction.atomic
def co_proposer_invite(*, pilot: Pilot, by, email: str) -> CoProposerInvitation:
    """The proposer invites `email` to co-propose; the email goes out after the commit in the
    language the proposer is using."""
    pilot = _locked(pilot)
    if not may_manage_team(by, pilot):
        raise NotAllowed()
    _inviting(pilot)
    email = email.strip().lower()
    # Expired invitations are of no use to anyone: gone, they let the address be invited again.
    pilot.invitations.exclude(pk__in=pending_invitations(pilot).values("pk")).delete()
    if email in _verified_addresses(by) or email == by.email.lower():
        raise PilotActionRefused(_("You are the proposer already: invite someone else."))
    members = EmailAddress.objects.filter(
        user__co_proposals__pilot=pilot, email__iexact=email, verified=True
    )
    if members.exists():
        raise PilotActionRefused(_("This person is a co-proposer already."))
    if pilot.invitations.filter(email__iexact=email).exists():
        raise PilotActionRefused(
            _("This address has been invited already: withdraw that invitation to send a new one.")
        )
    if places_left(pilot) <= 0:
        raise PilotActionRefused(
            _("A pilot has at most %(count)s co-proposers, invitations included.")
            % {"count": MAX_CO_PROPOSERS}
        )
    invitation = CoProposerInvitation(
        pilot=pilot,
        email=email,
        invited_by=by,
        language=(translation.get_language() or "").split("-")[0] or pilot.language,
    )
    invitation.full_clean()
    invitation.save()
    transaction.on_commit(lambda: send_co_proposer_invitation.enqueue(invitation.pk))
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: CoProposerInvitation, by) -> None:
    """The proposer takes an invitation back; its link stops working."""
    if not may_manage_team(by, invitation.pilot):
        raise NotAllowed()
    CoProposerInvitation.objects.filter(pk=invitation.pk).delete()


def invitee_refusal(invitation: CoProposerInvitation, user) -> str:
    """Why `user` cannot answer `invitation`, or "" when they can (the page says it instead of
    offering the buttons; accepting and declining refuse with the same words)."""
    if not user.is_authenticated:
        return NotAllowed.default_message
    if invitation.email.lower() not in _verified_addresses(user):
        return _(
            "This invitation was sent to %(email)s. Log in with that address, or add it to "
            "your account and confirm it, then open the link again."
        ) % {"email": invitation.email}
    if invitation.pilot.is_participant(user):
        return _("You are in this pilot's team already.")
    if invitation.pilot.status not in INVITING_STATES:
        return DECIDED
    return ""


def _check_invitee(invitation: CoProposerInvitation, by) -> None:
    refusal = invitee_refusal(invitation, by)
    if refusal:
        raise PilotActionRefused(refusal)


@transaction.atomic
def invitation_accept(*, invitation: CoProposerInvitation, by, publish_name: bool) -> Pilot:
    """The invitee joins the pilot's team, with or without consent to be named publicly; a
    support they gave the proposal is taken back.

    A director of the pilot's area who joins can no longer decide on it (may_decide)."""
    pilot = _locked(invitation.pilot)
    invitation = CoProposerInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if invitation is None:  # answered or withdrawn in another tab meanwhile
        raise InvitationRefused()
    invitation.pilot = pilot
    _check_invitee(invitation, by)
    CoProposer.objects.create(pilot=pilot, user=by, publish_name=publish_name)
    # A support is a neighbour's voice: one's own proposal has none (pilots.supports).
    Support.objects.filter(pilot=pilot, user=by).delete()
    invitation.delete()
    _log(pilot, JOINED, by, by)
    return pilot


@transaction.atomic
def invitation_decline(*, invitation: CoProposerInvitation, by) -> None:
    """The invitee says no; the invitation and the address in it are deleted."""
    _check_invitee(invitation, by)
    CoProposerInvitation.objects.filter(pk=invitation.pk).delete()


def _leave(pilot: Pilot, member, by) -> None:
    if pilot.status in INVITING_STATES and directs_area(member, pilot.area):
        # Leaving would lift the disqualification just before the decision it is there for.
        raise PilotActionRefused(
            _(
                "A director of the pilot's area who co-proposes it stays in the team until the "
                "decision, which another director takes."
            )
        )
    deleted, _rows = CoProposer.objects.filter(pilot=pilot, user=member).delete()
    if not deleted:
        raise PilotActionRefused(_("This person is not a co-proposer of the pilot."))
    _log(pilot, LEFT, by, member)


@transaction.atomic
def co_proposer_leave(*, pilot: Pilot, by) -> None:
    """A co-proposer leaves the team, in any state; their name leaves the public pages."""
    _leave(_locked(pilot), by, by)


@transaction.atomic
def co_proposer_remove(*, pilot: Pilot, by, member) -> None:
    """The proposer removes a co-proposer from the team, in any state."""
    pilot = _locked(pilot)
    if not may_manage_team(by, pilot):
        raise NotAllowed()
    _leave(pilot, member, by)


def invitations_to(user) -> QuerySet[CoProposerInvitation]:
    """The invitations addressed to any of `user`'s email addresses (the data download and
    account deletion)."""
    addresses = {user.email.lower()} | {
        email.lower()
        for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    return CoProposerInvitation.objects.filter(email__in=addresses)


def invitations_erase_stale(*, now: datetime.datetime) -> int:
    """Delete the invitations whose link has expired, or whose proposal was decided on."""
    stale = CoProposerInvitation.objects.filter(
        Q(created_at__lt=now - INVITATION_MAX_AGE) | ~Q(pilot__status__in=INVITING_STATES)
    )
    deleted, _by_model = stale.delete()
    return deleted
