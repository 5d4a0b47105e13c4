"""What the proposer reads about a cancelled pilot: before payment that it was cancelled before
payment; once the grant had been paid, the grant's own sentence on the money (being taken
back, taken back, or to be returned to the city), on the pilot's pages and in the email."""

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from accounts.factories import UserFactory
from grants.factories import GrantedPilotFactory
from grants.models import GrantStatus
from pilots.factories import PilotTransitionFactory
from pilots.models import Action, PilotStatus
from pilots.notifications import notify_transition

pytestmark = pytest.mark.django_db

BEFORE_PAYMENT = "The approval was cancelled before payment."
# The grant's sentences (grants/includes/payout_message.html), by the grant's state.
AFTER_PAYMENT = {
    GrantStatus.REVERSING: "the grant is being taken back from your Stripe account",
    GrantStatus.REVERSED: "Nothing is left for you to return.",
    GrantStatus.RECLAIM: "The city will contact you about returning it",
}
PAID_TEXTS = [*AFTER_PAYMENT.values(), "has been paid"]


def cancelled_pilot(grant_status):
    return GrantedPilotFactory(
        status=PilotStatus.CANCELLED,
        grant__status=grant_status,
        proposer=UserFactory(language="en"),
    )


def next_step(pilot) -> str:
    with translation.override("en"):
        return render_to_string("pilots/includes/next_step.html", {"pilot": pilot}).strip()


def cancellation_email(pilot) -> str:
    mail.outbox.clear()
    notify_transition(PilotTransitionFactory(pilot=pilot, action=Action.CANCEL, note="Peruttu."))
    (message,) = mail.outbox
    assert "has been cancelled" in message.body
    return message.body


def test_cancelled_before_payment_says_so_and_nothing_about_money_paid():
    pilot = cancelled_pilot(GrantStatus.CANCELLED)
    assert next_step(pilot) == BEFORE_PAYMENT
    body = cancellation_email(pilot)
    assert [text for text in PAID_TEXTS if text in body] == []


@pytest.mark.parametrize("grant_status", list(AFTER_PAYMENT))
def test_cancelled_after_payment_tells_what_happens_to_the_money(grant_status):
    pilot = cancelled_pilot(grant_status)
    shown = next_step(pilot)
    assert BEFORE_PAYMENT not in shown
    assert AFTER_PAYMENT[grant_status] in shown
    body = cancellation_email(pilot)
    assert BEFORE_PAYMENT not in body
    assert AFTER_PAYMENT[grant_status] in body
