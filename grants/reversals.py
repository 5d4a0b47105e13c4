"""Taking a Stripe transfer back when its funded pilot is cancelled before the payout.

The same discipline as paying (grants.services):
1. `grant_claim_reversal` commits a Reversal row with a deterministic idempotency key (one
   per payment, enforced by the database) inside the cancellation's transaction;
2. `reversal_submit` calls Stripe outside any transaction, queued for after that commit;
3. an outcome that is not known is left for `reversal_reconcile`, which adopts the reversal
   Stripe has, or sends the same request again, or blocks the grant for a human.

Where the money has already left (Stripe paid it out to the resident's bank, or the bank paid
a SEPA file) nothing can be reversed: the cancellation is refused, and the city reclaims the
grant under the decision's conditions.

Kept apart from grants.services because pilots.services (the cancellation) imports this
module, and grants.services imports pilots.services to fund pilots.
"""

import logging
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from grants import stripe_gateway
from grants.models import (
    ACTIVE_PAYMENT_STATES,
    REVERSIBLE_STATES,
    Grant,
    GrantStatus,
    PaymentStatus,
    PayoutMethod,
    Reversal,
)
from grants.notifications import queue_payment_step_email
from grants.stripe_calls import stripe_send
from grants.stripe_gateway import UNKNOWN_OUTCOMES
from grants.tasks import submit_reversal
from pilots.errors import NotAllowed, WrongState
from pilots.models import Action
from pilots.permissions import may_act

logger = logging.getLogger(__name__)

MAX_SUBMISSIONS = 3


def _money_has_left() -> str:
    return _(
        "The grant has already been paid out to the resident's bank, so it cannot be taken "
        "back here and the pilot cannot be cancelled in Minipilot. The city must reclaim the "
        "grant under the conditions of the decision."
    )


@transaction.atomic
def grant_claim_reversal(*, grant: Grant, by) -> Reversal:
    """paid / payout failed → reversing, when a director cancels a funded pilot.

    Joins the cancellation's transaction (which holds the pilot's lock); Stripe is called by
    a task once it has committed.
    """
    grant = Grant.objects.select_for_update().select_related("pilot").get(pk=grant.pk)
    if not may_act(by, grant.pilot, Action.CANCEL):
        raise NotAllowed()
    if grant.status in (GrantStatus.SUBMITTING, GrantStatus.BLOCKED) and grant.payments.filter(
        status__in=ACTIVE_PAYMENT_STATES
    ):
        raise WrongState(
            _("A payment of this grant is in progress. Cancel the pilot once it has settled.")
        )
    payment = grant.payments.filter(
        status=PaymentStatus.SUCCEEDED, method=PayoutMethod.STRIPE
    ).first()
    if grant.status not in REVERSIBLE_STATES or payment is None or grant.payout_paid_at:
        raise WrongState(_money_has_left())
    reversal = Reversal.objects.create(
        payment=payment,
        idempotency_key=f"minipilot-grant-{grant.pk}-reversal-of-{payment.pk}",
        requested_by=by,
    )
    grant.status = GrantStatus.REVERSING
    grant.save(update_fields=["status", "updated_at"])
    transaction.on_commit(partial(submit_reversal.enqueue, reversal.pk))
    return reversal


def reversal_submit(*, reversal: Reversal) -> Reversal:
    """Ask Stripe to reverse the transfer in full, with the stored key (grants.stripe_calls)."""
    payment = reversal.payment
    return stripe_send(
        reversal,
        lambda: stripe_gateway.reverse_transfer(
            transfer_id=payment.stripe_transfer_id,
            amount_cents=payment.amount_cents,
            metadata={"grant_id": str(payment.grant_id), "reversal_id": str(reversal.pk)},
            idempotency_key=reversal.idempotency_key,
        ),
        refused=_refused,
        settled=lambda reversal, remote: reversal_settle(
            reversal=reversal, stripe_reversal_id=remote.id
        ),
    )


@transaction.atomic
def reversal_settle(*, reversal: Reversal, stripe_reversal_id: str) -> Reversal:
    """reversing → reversed: record Stripe's reversal and tell the resident; safe to repeat."""
    grant = Grant.objects.select_for_update().get(pk=reversal.payment.grant_id)
    reversal = Reversal.objects.select_for_update().get(pk=reversal.pk)
    if reversal.status == PaymentStatus.SUCCEEDED:
        return reversal
    reversal.status = PaymentStatus.SUCCEEDED
    reversal.stripe_reversal_id = stripe_reversal_id
    reversal.error = ""
    reversal.save(update_fields=["status", "stripe_reversal_id", "error", "updated_at"])
    grant.status = GrantStatus.REVERSED
    grant.blocked_reason = ""
    grant.save(update_fields=["status", "blocked_reason", "updated_at"])
    queue_payment_step_email(grant.pk, "reversed")
    return reversal


@transaction.atomic
def _refused(reversal: Reversal, error) -> Reversal:
    reversal = Reversal.objects.select_for_update().get(pk=reversal.pk)
    reversal.status = PaymentStatus.FAILED
    reversal.error = str(error)[:1000]
    reversal.save(update_fields=["status", "error", "updated_at"])
    _block(
        reversal,
        _(
            "Stripe refused to reverse the transfer (%(error)s): the money has probably been "
            "paid out already. The city must reclaim the grant under the conditions of the "
            "decision."
        )
        % {"error": getattr(error, "user_message", None) or str(error)},
    )
    logger.warning("Reversal %s refused: %s", reversal.pk, getattr(error, "code", "") or "")
    return reversal


def _block(reversal: Reversal, reason: str) -> None:
    Grant.objects.filter(pk=reversal.payment.grant_id).update(
        status=GrantStatus.BLOCKED, blocked_reason=reason
    )


def stripe_reversal_of(reversal: Reversal) -> str | None:
    """Stripe's id of this reversal, found through our metadata on the transfer's reversals."""
    for remote in stripe_gateway.reversals_of(reversal.payment.stripe_transfer_id):
        if remote["reversal_id"] == str(reversal.pk):
            return remote["id"]
    return None


def reversal_reconcile(*, reversal: Reversal) -> Reversal:
    """Settle a reversal whose outcome we do not know, by asking Stripe what happened."""
    try:
        stripe_reversal_id = stripe_reversal_of(reversal)
    except UNKNOWN_OUTCOMES as error:
        logger.warning("Reversal %s: Stripe unreachable (%s)", reversal.pk, type(error).__name__)
        return reversal
    if stripe_reversal_id:
        return reversal_settle(reversal=reversal, stripe_reversal_id=stripe_reversal_id)
    if reversal.attempts < MAX_SUBMISSIONS:
        # Shown that no reversal exists: the same request with the same key again.
        return reversal_submit(reversal=reversal)
    with transaction.atomic():
        _block(
            reversal,
            _(
                "Stripe could not be reached to reverse the transfer after several attempts. "
                "The reversal is kept open: check the Stripe dashboard before doing anything "
                "else."
            ),
        )
    return reversal
