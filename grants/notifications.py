"""Emails to the resident at each payment step that concerns them, in their language.

Each step links to where the resident acts next: their pilot page, the bank details form, or
our Stripe "refresh" address, which hands out a fresh onboarding link when it is opened
(Stripe's own links expire within minutes, too soon for an email).
"""

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.emails import site_url
from grants.models import Grant
from grants.task_handles import grants_task

# step: the page the email links to
STEPS = {
    "details_received": "pilots:detail",
    "payment_sent": "pilots:detail",
    "payment_returned": "grants:bank_details",
    "stripe_not_ready": "grants:stripe_refresh",
    "payout_failed": "grants:stripe_refresh",
    "reversed": "pilots:detail",
}


def notify_payment_step(grant: Grant, step: str) -> None:
    resident = grant.pilot.proposer
    with translation.override(resident.language):
        context = {
            "step": step,
            "grant": grant,
            "pilot": grant.pilot,
            "recipient": resident,
            "url": site_url(reverse(STEPS[step], args=[grant.pilot_id])),
        }
        subject = render_to_string("grants/email/payment_step_subject.txt", context)
        body = render_to_string("grants/email/payment_step_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [resident.email])


def queue_payment_step_emails(grant_ids: list[int], step: str) -> None:
    """Email each grant's resident once the change that caused it is committed (never on a
    rollback): one task for the grants a move took together."""
    transaction.on_commit(partial(grants_task("email_payment_steps").enqueue, grant_ids, step))
