"""Emails about a pilot's transitions, each in its recipient's language.

Submissions go to the directors of the pilot's area (not to one who takes part in it), and an
acknowledgement to the proposer; decisions and change requests go to the proposer with the
grounds and a link, a decision with its standard texts in the proposer's language. A submitted
result report goes to the coordinators; the story's publication goes to everyone who took part.

Every link is absolute on the site's address (`SITE_URL`, held in WAGTAILADMIN_BASE_URL), so it
works from a mail client.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.roles import COORDINATORS
from pilots.models import Action, Pilot, PilotTransition

TO_DIRECTORS = {Action.SUBMIT, Action.RESUBMIT}
TO_PROPOSER = {
    Action.REQUEST_CHANGES,
    Action.APPROVE,
    Action.REJECT,
    Action.CANCEL,
    Action.FUND,
    Action.RETURN_REPORT,
}


def _send(user, template: str, context: dict) -> None:
    if not user.is_active:
        return  # a deleted account: nobody is left to tell, and its address is made up
    with translation.override(user.language):
        context = {**context, "recipient": user}
        subject = render_to_string(f"pilots/email/{template}_subject.txt", context)
        body = render_to_string(f"pilots/email/{template}_body.txt", context)
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def site_url(path: str) -> str:
    """An absolute link to `path` on the site's public address."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notify_transition(record: PilotTransition) -> None:
    pilot = record.pilot
    context = {"pilot": pilot, "transition": record}
    if record.action in TO_DIRECTORS:
        url = site_url(reverse("proposals:inspect", args=[pilot.pk]))
        for director in pilot.area.directors.all():
            if not pilot.is_participant(director):
                _send(director, "submitted", {**context, "url": url})
        proposer = pilot.proposer
        _send(proposer, "received", {**context, "url": _pilot_url(proposer, pilot)})
    elif record.action == Action.REPORT:
        url = site_url(reverse("proposals:inspect", args=[pilot.pk]))
        for coordinator in User.objects.filter(groups__name=COORDINATORS, is_active=True):
            _send(coordinator, "reported", {**context, "url": url})
    elif record.action == Action.PUBLISH:
        for resident in [pilot.proposer, *pilot.co_proposers.all()]:
            _send(resident, "decided", {**context, "url": _pilot_url(resident, pilot)})
    elif record.action in TO_PROPOSER:
        proposer = pilot.proposer
        decision = getattr(pilot, "decision", None)
        _send(
            proposer,
            "decided",
            {
                **context,
                "url": _pilot_url(proposer, pilot),
                "decision": decision if record.action in {Action.APPROVE, Action.REJECT} else None,
                "decision_url": decision
                and _resident_url(proposer, "pilots:decision_detail", decision.pk),
            },
        )


def notify_report_due(pilot: Pilot) -> None:
    proposer = pilot.proposer
    _send(
        proposer,
        "report_due",
        {"pilot": pilot, "due": pilot.decision.report_due, "url": _pilot_url(proposer, pilot)},
    )


def _pilot_url(user, pilot: Pilot) -> str:
    return _resident_url(user, "pilots:detail", pilot.pk)


def _resident_url(user, view: str, pk: int) -> str:
    """A public page's link under the recipient's language prefix (/sv/…)."""
    with translation.override(user.language):
        return site_url(reverse(view, args=[pk]))
