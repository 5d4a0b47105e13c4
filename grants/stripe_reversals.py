"""Taking a Stripe transfer back when its funded pilot is cancelled before the payout.

The same discipline as paying (grants.stripe_payments), through the same base
(grants.stripe_calls):
1. `grant_claim_reversal` commits a Reversal row with a deterministic idempotency key (one
   active reversal per payment, enforced by the database) inside the cancellation's
   transaction;
2. `reversal_submit` calls Stripe outside any transaction, queued for after that commit;
3. an outcome that is not known is left for `reversal_reconcile`, which adopts the reversal
   Stripe has, or sends the request again (with a new key only once Stripe has shown it holds
   none and replays a stored error).

Where Stripe refuses (the money has been paid out meanwhile), the grant is "to be reclaimed
by the city" under the decision's conditions.
"""

import logging
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from grants import stripe_gateway
from grants.lifecycle import GrantAction, grant_move
from grants.models import Grant, Payment, PaymentStatus, Reversal
from grants.stripe_calls import (
    Reconciliation,
    stripe_ask_again,
    stripe_reconcile,
    stripe_send,
    unrecorded,
)
from grants.task_handles import grants_task

logger = logging.getLogger(__name__)


def grant_claim_reversal(*, grant: Grant, payment: Payment, by) -> Reversal:
    """paid / payout failed → reversing. The caller (the cancellation) holds the grant's lock
    and its transaction; Stripe is called by a task once that has committed."""
    reversal = _new_reversal(payment, by)
    grant_move(grant, GrantAction.REVERSE, by=by)
    _queue(reversal)
    return reversal


def _new_reversal(payment: Payment, by) -> Reversal:
    attempt = payment.reversals.count() + 1
    suffix = "" if attempt == 1 else f"-attempt-{attempt}"
    return Reversal.objects.create(
        payment=payment,
        idempotency_key=f"minipilot-grant-{payment.grant_id}-reversal-of-{payment.pk}{suffix}",
        requested_by=by,
    )


def _queue(reversal: Reversal) -> None:
    transaction.on_commit(partial(grants_task("submit_reversal").enqueue, reversal.pk))


def reversal_submit(*, reversal: Reversal) -> Reversal:
    """Ask Stripe to reverse the transfer in full, with the stored key."""
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
    grant_move(grant, GrantAction.REVERSED, by=reversal.requested_by)
    return reversal


@transaction.atomic
def _refused(reversal: Reversal, error) -> Reversal:
    grant = Grant.objects.select_for_update().get(pk=reversal.payment.grant_id)
    reversal = Reversal.objects.select_for_update().get(pk=reversal.pk)
    reversal.status = PaymentStatus.FAILED
    reversal.error = str(error)[:1000]
    reversal.save(update_fields=["status", "error", "updated_at"])
    grant_move(
        grant,
        GrantAction.RECLAIM,
        note=_(
            "Stripe refused to reverse the transfer (%(error)s): the money has probably been "
            "paid out already. The city must reclaim the grant under the conditions of the "
            "decision."
        )
        % {"error": getattr(error, "user_message", None) or str(error)},
        code=getattr(error, "code", None) or "",
    )
    logger.warning("Reversal %s refused: %s", reversal.pk, getattr(error, "code", "") or "")
    return reversal


def stripe_reversal_of(reversal: Reversal) -> str | None:
    """Stripe's id of this reversal (our metadata), or of one of the transfer's reversals no
    row of ours records; None when Stripe holds none."""
    remotes = stripe_gateway.reversals_of(reversal.payment.stripe_transfer_id)
    for remote in remotes:
        if remote["reversal_id"] == str(reversal.pk):
            return remote["id"]
    return unrecorded([remote["id"] for remote in remotes], Reversal, "stripe_reversal_id")


def _start_over(reversal: Reversal) -> Reversal:
    """Stripe holds no reversal and replays a stored error for this key: close this attempt,
    saying so, and send a new one under a new key."""
    with transaction.atomic():
        Grant.objects.select_for_update().get(pk=reversal.payment.grant_id)
        reversal = Reversal.objects.select_for_update().get(pk=reversal.pk)
        if reversal.status != PaymentStatus.UNKNOWN:
            return reversal
        reversal.status = PaymentStatus.FAILED
        reversal.error = _(
            "Stripe answered this request with an error (HTTP %(status)s) each time and holds "
            "no reversal of the transfer, so it was sent again under a new key."
        ) % {"status": reversal.http_status}
        reversal.save(update_fields=["status", "error", "updated_at"])
        retry = _new_reversal(reversal.payment, reversal.requested_by)
    return reversal_submit(reversal=retry)


REVERSALS = Reconciliation(
    find=stripe_reversal_of,
    settle=lambda reversal, remote_id: reversal_settle(
        reversal=reversal, stripe_reversal_id=remote_id
    ),
    resend=lambda reversal: reversal_submit(reversal=reversal),
    start_over=_start_over,
)


def reversal_reconcile(*, reversal: Reversal) -> Reversal:
    """Settle a reversal whose outcome we do not know, by asking Stripe what happened."""
    return stripe_reconcile(reversal, REVERSALS)


def reversal_ask_again(*, reversal: Reversal, by) -> Reversal:
    """Finance's "Ask Stripe again" for a reversal still open."""
    return stripe_ask_again(
        reversal, REVERSALS, by=by, settled=_("This reversal is settled already.")
    )
