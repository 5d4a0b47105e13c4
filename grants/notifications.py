"""Emails to the resident about their grant's payment, in their language."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from grants.models import Grant


def notify_new_bank_details_needed(grant: Grant) -> None:
    """The bank returned the transfer: the resident must give their bank details again."""
    resident = grant.pilot.proposer
    with translation.override(resident.language):
        context = {
            "grant": grant,
            "pilot": grant.pilot,
            "recipient": resident,
            "url": settings.WAGTAILADMIN_BASE_URL
            + reverse("grants:bank_details", args=[grant.pilot_id]),
        }
        subject = render_to_string("grants/email/payment_returned_subject.txt", context)
        body = render_to_string("grants/email/payment_returned_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [resident.email])
