"""What a pilot's decisions do to its grant: approval opens it, cancellation withdraws it.

Called from above (pilotsite.pilot_grant_links) inside the pilot's own transition, so the
grant's change commits or rolls back with the pilot's; the pilot's transition has checked who
may act. A refusal here refuses the pilot's transition too.
"""

from django.utils.translation import gettext as _

from grants.errors import PaymentRefused
from grants.lifecycle import TRANSITIONS, GrantAction, grant_move
from grants.models import (
    ACTIVE_PAYMENT_STATES,
    REVERSIBLE_STATES,
    Grant,
    PaymentStatus,
    PayoutMethod,
)
from grants.stripe_reversals import grant_claim_reversal
from pilots.models import Pilot


def grant_open(*, pilot: Pilot) -> Grant:
    """An approved pilot is owed its call's grant; the resident gives payment details next."""
    return Grant.objects.create(pilot=pilot, amount=pilot.call.grant_amount)


def _money_has_left() -> str:
    return _(
        "The grant has already been paid out to the resident's bank, so it cannot be taken "
        "back here and the pilot cannot be cancelled in Minipilot. The city must reclaim the "
        "grant under the conditions of the decision."
    )


def grant_withdraw(*, pilot: Pilot, by) -> Grant:
    """Cancelling the pilot: an unpaid grant is cancelled (its place in the area's budget is
    free again); a Stripe transfer not yet paid out is reversed. Refused while a payment is
    in flight, and once the money has left."""
    grant = Grant.objects.select_for_update().get(pilot=pilot)
    if grant.payments.filter(status__in=(PaymentStatus.CLAIMED, PaymentStatus.UNKNOWN)).exists():
        raise PaymentRefused(
            _("A payment of this grant is in progress. Cancel the pilot once it has settled.")
        )
    if grant.status in TRANSITIONS[GrantAction.CANCEL].sources:
        return grant_move(grant, GrantAction.CANCEL, by=by)
    payment = grant.payments.filter(
        status=PaymentStatus.SUCCEEDED, method=PayoutMethod.STRIPE
    ).first()
    if grant.status not in REVERSIBLE_STATES or payment is None or grant.payout_paid_at:
        raise PaymentRefused(_money_has_left())
    if payment.reversals.filter(status__in=ACTIVE_PAYMENT_STATES).exists():
        raise PaymentRefused(_("The transfer is being reversed already."))
    grant_claim_reversal(grant=grant, payment=payment, by=by)
    return grant
