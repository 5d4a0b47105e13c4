"""Emails about a pilot's transitions, each in its recipient's language.

Which emails a transition sends, to whom and from which templates is declared with its action
(`pilots.actions.TRANSITIONS`): submissions go to the directors of the pilot's area (not to one
who takes part in it), and an acknowledgement to the proposer; decisions and change requests go
to the proposer with the grounds and a link, a decision with its standard texts in the
proposer's language. A submitted result report goes to the coordinators; the story's
publication goes to everyone who took part. An invitation to co-propose goes to the address the
proposer gave, in the language the proposer was using: the invitee may have no account yet.

Every link is absolute on the site's address (`SITE_URL`, held in WAGTAILADMIN_BASE_URL), so it
works from a mail client.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.roles import COORDINATORS, role_holders
from pilots.actions import TRANSITIONS, Email, Recipients
from pilots.co_proposers import INVITATION_MAX_AGE, invitation_token
from pilots.models import CoProposerInvitation, Pilot, PilotTransition

# Staff read the proposal in the admin; residents on their pilot's page.
STAFF = {Recipients.DIRECTORS, Recipients.COORDINATORS}


def _send(user, subject: str, body: str, context: dict) -> None:
    if not user.is_active:
        return  # a deleted account: nobody is left to tell, and its address is made up
    with translation.override(user.language):
        context = {**context, "recipient": user}
        subject = render_to_string(f"pilots/email/{subject}_subject.txt", context)
        body = render_to_string(f"pilots/email/{body}_body.txt", context)
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def site_url(path: str) -> str:
    """An absolute link to `path` on the site's public address."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _recipients(pilot: Pilot, to: Recipients) -> list:
    if to == Recipients.PROPOSER:
        return [pilot.proposer]
    if to == Recipients.RESIDENTS:
        return pilot.team_members()
    if to == Recipients.DIRECTORS:
        return [d for d in pilot.area.directors.all() if not pilot.is_participant(d)]
    return list(role_holders(COORDINATORS))


def _links(user, pilot: Pilot, email: Email) -> dict:
    if email.to in STAFF:
        return {"url": site_url(reverse("proposals:inspect", args=[pilot.pk]))}
    links = {"url": _pilot_url(user, pilot)}
    decision = getattr(pilot, "decision", None) if email.decision else None
    if decision:
        links.update(
            decision=decision,
            decision_url=_resident_url(user, "pilots:decision_detail", decision.pk),
        )
    return links


def notify_transition(record: PilotTransition) -> None:
    pilot = record.pilot
    context = {"pilot": pilot, "transition": record}
    for email in TRANSITIONS[record.action].emails:
        for user in _recipients(pilot, email.to):
            _send(user, email.subject, email.body, {**context, **_links(user, pilot, email)})


def notify_report_due(pilot: Pilot) -> None:
    proposer = pilot.proposer
    _send(
        proposer,
        "report_due",
        "report_due",
        {"pilot": pilot, "due": pilot.decision.report_due, "url": _pilot_url(proposer, pilot)},
    )


def _pilot_url(user, pilot: Pilot) -> str:
    return _resident_url(user, "pilots:detail", pilot.pk)


def _resident_url(user, view: str, pk: int) -> str:
    """A public page's link under the recipient's language prefix (/sv/…)."""
    with translation.override(user.language):
        return site_url(reverse(view, args=[pk]))


def notify_invitation(invitation: CoProposerInvitation) -> None:
    """The signed link to accept or decline an invitation to co-propose (pilots.co_proposers)."""
    inviter = invitation.invited_by
    with translation.override(invitation.language):
        context = {
            "pilot": invitation.pilot,
            "inviter": inviter.get_full_name() or inviter.email,
            "days": INVITATION_MAX_AGE.days,
            "url": site_url(reverse("pilots:invitation", args=[invitation_token(invitation)])),
        }
        subject = render_to_string("pilots/email/co_proposer_invitation_subject.txt", context)
        body = render_to_string("pilots/email/co_proposer_invitation_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
