"""Paying a grant exactly once through Stripe Connect, and settling what is not known.

The order is what makes it safe:
1. `grant_claim_payment` commits a Payment row with a deterministic idempotency key (one
   active payment per grant, enforced by the database) before anything leaves the building;
2. `payment_submit` calls Stripe outside any transaction, with that key and the same
   parameters every time, so a retry can never make a second transfer;
3. `payment_settle` records the transfer and marks the grant paid in one transaction (the
   pilot becomes funded through `grants.events.grant_paid`);
4. an outcome that is not known (timeout, connection reset, 5xx after the client's own
   retries) is left for `payment_reconcile` (grants.stripe_calls): Stripe's transfers for the
   grant's group are listed, and the transfer found is adopted, or the request is sent again.

A recipient whose Stripe account cannot receive transfers is not a blocked payment but a
step back: the grant returns to "awaiting details" and the resident is emailed a way back to
Stripe's onboarding. A refusal (the city's balance ran out, say) blocks the grant with
Stripe's words; finance releases it after a check (`grant_release`), and "Pay all" takes the
grants blocked for lack of balance by itself once the balance covers them.
"""

import logging

import stripe
from django.db import transaction
from django.utils.translation import gettext as _

from grants import stripe_gateway
from grants.errors import PaymentRefused
from grants.lifecycle import GrantAction, grant_move, may_pay_remembered
from grants.models import (
    ACTIVE_PAYMENT_STATES,
    Grant,
    GrantStatus,
    Payment,
    PaymentStatus,
    PayoutMethod,
    StripeAccount,
)
from grants.stripe_calls import (
    Reconciliation,
    stripe_ask_again,
    stripe_reconcile,
    stripe_send,
    unrecorded,
)
from pilots.models import Pilot

logger = logging.getLogger(__name__)

# Stripe's code for a destination whose transfers capability is not active.
NOT_READY_CODE = "insufficient_capabilities_for_transfer"
BALANCE_CODE = "balance_insufficient"


def grant_claim_payment(*, grant: Grant, by, run=None) -> Payment:
    """Commit the payment and its idempotency key; the grant is now "payment in progress".

    `run` groups the payments finance starts together, for their progress page. A recipient
    whose Stripe account cannot receive transfers is sent back to onboarding (that much is
    committed), and finance is told why nothing was paid.
    """
    payment = _claim(grant, by, run)
    if payment is None:
        raise PaymentRefused(_recipient_not_ready())
    return payment


@transaction.atomic
def _claim(grant: Grant, by, run) -> Payment | None:
    if not may_pay_remembered(by):
        raise PaymentRefused(_("Only finance staff can pay grants."))
    grant = Grant.objects.select_for_update().select_related("pilot").get(pk=grant.pk)
    # One read answers both "is one open or done?" and "which attempt is this?".
    earlier = list(grant.payments.values_list("status", flat=True))
    if any(status in ACTIVE_PAYMENT_STATES for status in earlier):
        raise PaymentRefused(_("A payment for this grant is already open or done."))
    if grant.status != GrantStatus.READY:
        raise PaymentRefused(
            _("This grant cannot be paid now: it is “%(status)s”.")
            % {"status": grant.get_status_display()}
        )
    account = StripeAccount.objects.filter(
        user_id=grant.pilot.proposer_id, transfers_active=True
    ).first()
    if account is None:
        _send_back_to_onboarding(grant)
        return None
    payment = _new_payment(grant, account.account_id, by, run, attempt=len(earlier) + 1)
    grant_move(grant, GrantAction.CLAIM, by=by)
    return payment


def _new_payment(grant: Grant, destination: str, by, run, attempt: int | None = None) -> Payment:
    if attempt is None:
        attempt = grant.payments.count() + 1
    return Payment.objects.create(
        grant=grant,
        method=PayoutMethod.STRIPE,
        idempotency_key=f"minipilot-grant-{grant.pk}-attempt-{attempt}",
        amount_cents=grant.amount_cents,
        destination=destination,
        requested_by=by,
        run=run,
    )


def _recipient_not_ready() -> str:
    return _(
        "The recipient's Stripe account cannot receive transfers yet, so nothing was paid. "
        "The grant is back to awaiting details and the resident has been emailed a link to "
        "finish Stripe's set-up; it becomes ready to pay again when Stripe says so."
    )


def _send_back_to_onboarding(grant: Grant) -> None:
    """The grant (locked by the caller) waits for the resident to finish Stripe's set-up."""
    StripeAccount.objects.filter(user_id=grant.pilot.proposer_id).update(transfers_active=False)
    grant_move(
        grant, GrantAction.DETAILS_NEEDED, note=_recipient_not_ready(), email="stripe_not_ready"
    )


@transaction.atomic
def grant_release(*, grant: Grant, by, note: str) -> Grant:
    """blocked → ready: finance has checked why Stripe refused (its note says what it found)
    and lets the grant be paid again, by "Pay" or by the next "Pay all"."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    note = (note or "").strip()
    if not note:
        raise PaymentRefused(_("Say what you checked: it stays in the grant's history."))
    if grant.payments.filter(status__in=ACTIVE_PAYMENT_STATES).exists():
        raise PaymentRefused(_("A payment for this grant is already open or done."))
    # What finance checked stays in the grant's history; the ready grant carries no note.
    return grant_move(grant, GrantAction.RELEASE, by=by, history=note)


def grant_pay(*, grant: Grant, by) -> Payment:
    """Pay an approved grant that is ready: claim the payment, then send it to Stripe."""
    return payment_submit(payment=grant_claim_payment(grant=grant, by=by))


def payment_submit(*, payment: Payment) -> Payment:
    """Send the stored transfer request to Stripe, with its key, and record what came back."""
    return stripe_send(
        payment,
        lambda: stripe_gateway.create_transfer(
            amount_cents=payment.amount_cents,
            destination=payment.destination,
            transfer_group=_transfer_group(payment),
            metadata={"grant_id": str(payment.grant_id), "payment_id": str(payment.pk)},
            idempotency_key=payment.idempotency_key,
        ),
        refused=_fail,
        settled=lambda payment, transfer: payment_settle(payment=payment, transfer_id=transfer.id),
    )


def _transfer_group(payment: Payment) -> str:
    return Grant(pk=payment.grant_id).transfer_group


@transaction.atomic
def _fail(payment: Payment, error: stripe.StripeError) -> Payment:
    grant = Grant.objects.select_for_update().select_related("pilot").get(pk=payment.grant_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    payment.status = PaymentStatus.FAILED
    payment.error = str(error)[:1000]
    payment.save(update_fields=["status", "error", "updated_at"])
    code = getattr(error, "code", None) or ""
    if code == NOT_READY_CODE:
        _send_back_to_onboarding(grant)
        logger.warning("Payment %s: the recipient's account cannot receive transfers", payment.pk)
        return payment
    if code == BALANCE_CODE:
        note = _(
            "The city's Stripe balance does not cover this grant. Add funds: the next "
            "“Pay all ready grants” pays it once the balance covers it."
        )
    else:
        note = _("Stripe refused the transfer: %(error)s") % {
            "error": getattr(error, "user_message", None) or str(error)
        }
    grant_move(grant, GrantAction.REFUSED, note=note, code=code)
    logger.warning("Payment %s failed: %s", payment.pk, code or "refused")
    return payment


@transaction.atomic
def payment_settle(*, payment: Payment, transfer_id: str) -> Payment:
    """Record Stripe's transfer, mark the grant paid and the pilot funded; safe to repeat.

    Locks pilot, grant, payment in that order, as cancelling an approval does (pilot, grant).
    """
    pilot = Pilot.objects.select_for_update(of=("self",)).filter(grant__pk=payment.grant_id).first()
    grant = Grant.objects.select_for_update().get(pk=payment.grant_id)
    grant.pilot = pilot  # read already: the audit log names the grant by its pilot
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("requested_by")
        .get(pk=payment.pk)
    )
    if payment.status == PaymentStatus.SUCCEEDED:
        return payment
    payment.status = PaymentStatus.SUCCEEDED
    payment.stripe_transfer_id = transfer_id
    payment.error = ""
    payment.save(update_fields=["status", "stripe_transfer_id", "error", "updated_at"])
    grant_move(grant, GrantAction.PAID, by=payment.requested_by)
    return payment


def _find_transfer(payment: Payment) -> str | None:
    """The transfer Stripe made for this payment, or one for the grant no payment records."""
    transfers = stripe_gateway.transfers_in_group(_transfer_group(payment))
    for transfer in transfers:
        if transfer["payment_id"] == str(payment.pk):
            return transfer["id"]
    return unrecorded([t["id"] for t in transfers], Payment, "stripe_transfer_id")


def _start_over(payment: Payment) -> Payment:
    """Stripe holds no transfer for the grant and replays a stored error for this key: close
    this attempt, saying so, and send a new one under a new key."""
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=payment.grant_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != PaymentStatus.UNKNOWN:
            return payment
        payment.status = PaymentStatus.FAILED
        payment.error = _(
            "Stripe answered this request with an error (HTTP %(status)s) each time and holds "
            "no transfer for the grant, so it was sent again under a new key."
        ) % {"status": payment.http_status}
        payment.save(update_fields=["status", "error", "updated_at"])
        retry = _new_payment(grant, payment.destination, payment.requested_by, payment.run)
    logger.warning("Payment %s: Stripe holds nothing; retried as payment %s", payment.pk, retry.pk)
    return payment_submit(payment=retry)


PAYMENTS = Reconciliation(
    find=_find_transfer,
    settle=lambda payment, transfer_id: payment_settle(payment=payment, transfer_id=transfer_id),
    resend=lambda payment: payment_submit(payment=payment),
    start_over=_start_over,
)


def payment_reconcile(*, payment: Payment) -> Payment:
    """Settle a payment whose outcome we do not know, by asking Stripe what happened."""
    return stripe_reconcile(payment, PAYMENTS)


def payment_ask_again(*, payment: Payment, by) -> Payment:
    """Finance's "Ask Stripe again" for a payment still open."""
    return stripe_ask_again(payment, PAYMENTS, by=by, settled=_("This payment is settled already."))
