"""Paying a grant exactly once through Stripe Connect, and settling what is not known.

The order is what makes it safe:
1. `grant_claim_payment` commits a Payment row with a deterministic idempotency key (one
   active payment per grant, enforced by the database) before anything leaves the building;
2. `payment_submit` calls Stripe outside any transaction, with that key and the same
   parameters every time, so a retry can never make a second transfer;
3. `payment_settle` records the transfer and funds the pilot in one transaction;
4. an outcome that is not known (timeout, connection reset, 5xx after the client's own
   retries) is left for `payment_reconcile`, which looks the transfer up by its group and
   adopts it, or sends the same request again, or blocks the grant for a human.

A recipient whose Stripe account cannot receive transfers is not a blocked payment but a
step back: the grant returns to "awaiting details" and the resident is emailed a way back to
Stripe's onboarding. After the transfer, Stripe's payouts to the resident's bank are followed
too (`grant_payout_paid`, `grant_payout_failed`), so a cancellation knows whether the money
has left.
"""

import logging

import stripe
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import FINANCE
from grants import stripe_gateway
from grants.models import (
    ACTIVE_PAYMENT_STATES,
    REVERSIBLE_STATES,
    Grant,
    GrantStatus,
    Payment,
    PaymentStatus,
    PayoutMethod,
    StripeAccount,
)
from grants.notifications import queue_payment_step_email
from grants.stripe_calls import stripe_send
from grants.stripe_gateway import UNKNOWN_OUTCOMES
from pilots.models import Pilot
from pilots.services import pilot_mark_funded
from pilotsite.errors import ActionRefused

logger = logging.getLogger(__name__)

MAX_SUBMISSIONS = 3
# Stripe's code for a destination whose transfers capability is not active.
NOT_READY_CODE = "insufficient_capabilities_for_transfer"


class PaymentRefused(ActionRefused):
    """A payment, or the details it needs, was refused."""


def may_see_grants(user) -> bool:
    return user.is_active and user.has_perm("grants.view_grant")


def may_pay(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.groups.filter(name=FINANCE).exists()
    )


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
    if not may_pay(by):
        raise PaymentRefused(_("Only finance staff can pay grants."))
    grant = Grant.objects.select_for_update().select_related("pilot__proposer").get(pk=grant.pk)
    if grant.payments.filter(status__in=ACTIVE_PAYMENT_STATES).exists():
        raise PaymentRefused(_("A payment for this grant is already open or done."))
    # Blocked by a refused transfer (say, the balance ran out): finance may try again.
    if grant.status not in (GrantStatus.READY, GrantStatus.BLOCKED):
        raise PaymentRefused(
            _("This grant cannot be paid now: it is “%(status)s”.")
            % {"status": grant.get_status_display()}
        )
    account = StripeAccount.objects.filter(user=grant.pilot.proposer, transfers_active=True).first()
    if account is None:
        _send_back_to_onboarding(grant)
        return None
    attempt = grant.payments.count() + 1
    payment = Payment.objects.create(
        grant=grant,
        method=PayoutMethod.STRIPE,
        idempotency_key=f"minipilot-grant-{grant.pk}-attempt-{attempt}",
        amount_cents=grant.amount_cents,
        destination=account.account_id,
        requested_by=by,
        run=run,
    )
    grant.status = GrantStatus.SUBMITTING
    grant.save(update_fields=["status", "updated_at"])
    return payment


def _recipient_not_ready() -> str:
    return _(
        "The recipient's Stripe account cannot receive transfers yet, so nothing was paid. "
        "The grant is back to awaiting details and the resident has been emailed a link to "
        "finish Stripe's set-up; it becomes ready to pay again when Stripe says so."
    )


def _send_back_to_onboarding(grant: Grant) -> None:
    """The grant (locked by the caller) waits for the resident to finish Stripe's set-up."""
    StripeAccount.objects.filter(user_id=grant.pilot.proposer_id).update(transfers_active=False)
    grant.status = GrantStatus.AWAITING_DETAILS
    grant.blocked_reason = _recipient_not_ready()
    grant.save(update_fields=["status", "blocked_reason", "updated_at"])
    queue_payment_step_email(grant.pk, "stripe_not_ready")


def grant_pay(*, grant: Grant, by) -> Payment:
    """Pay an approved grant that is ready: claim the payment, then send it to Stripe."""
    return payment_submit(payment=grant_claim_payment(grant=grant, by=by))


def payment_submit(*, payment: Payment) -> Payment:
    """Send the stored transfer request to Stripe, with its key, and record what came back."""
    grant = payment.grant
    return stripe_send(
        payment,
        lambda: stripe_gateway.create_transfer(
            amount_cents=payment.amount_cents,
            destination=payment.destination,
            transfer_group=grant.transfer_group,
            metadata={"grant_id": str(grant.pk), "payment_id": str(payment.pk)},
            idempotency_key=payment.idempotency_key,
        ),
        refused=_fail,
        settled=lambda payment, transfer: payment_settle(payment=payment, transfer_id=transfer.id),
    )


@transaction.atomic
def _fail(payment: Payment, error: stripe.StripeError) -> Payment:
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    payment.status = PaymentStatus.FAILED
    payment.error = str(error)[:1000]
    payment.save(update_fields=["status", "error", "updated_at"])
    grant = Grant.objects.select_for_update().select_related("pilot").get(pk=payment.grant_id)
    if getattr(error, "code", None) == NOT_READY_CODE:
        _send_back_to_onboarding(grant)
        logger.warning("Payment %s: the recipient's account cannot receive transfers", payment.pk)
        return payment
    grant.status = GrantStatus.BLOCKED
    if getattr(error, "code", None) == "balance_insufficient":
        grant.blocked_reason = _(
            "The city's Stripe balance does not cover this grant. Add funds, then pay again."
        )
    else:
        grant.blocked_reason = _("Stripe refused the transfer: %(error)s") % {
            "error": getattr(error, "user_message", None) or str(error)
        }
    grant.save(update_fields=["status", "blocked_reason", "updated_at"])
    logger.warning("Payment %s failed: %s", payment.pk, getattr(error, "code", "") or "refused")
    return payment


@transaction.atomic
def payment_settle(*, payment: Payment, transfer_id: str) -> Payment:
    """Record Stripe's transfer, mark the grant paid and the pilot funded; safe to repeat.

    Locks pilot, grant, payment in that order, as cancelling an approval does (pilot, grant).
    """
    Pilot.objects.select_for_update(of=("self",)).filter(grant__payments=payment).first()
    Grant.objects.select_for_update().get(pk=payment.grant_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status == PaymentStatus.SUCCEEDED:
        return payment
    payment.status = PaymentStatus.SUCCEEDED
    payment.stripe_transfer_id = transfer_id
    payment.error = ""
    payment.save(update_fields=["status", "stripe_transfer_id", "error", "updated_at"])
    grant = Grant.objects.select_for_update().select_related("pilot").get(pk=payment.grant_id)
    grant.status = GrantStatus.PAID
    grant.blocked_reason = ""
    grant.save(update_fields=["status", "blocked_reason", "updated_at"])
    pilot_mark_funded(pilot=grant.pilot, paid_by=payment.requested_by)
    return payment


def payment_reconcile(*, payment: Payment) -> Payment:
    """Settle a payment whose outcome we do not know, by asking Stripe what happened."""
    grant = payment.grant
    try:
        transfers = stripe_gateway.transfers_in_group(grant.transfer_group)
    except UNKNOWN_OUTCOMES as error:
        logger.warning("Payment %s: Stripe unreachable (%s)", payment.pk, type(error).__name__)
        return payment  # still unknown: asked again on the next retry or reconcile run
    ours = [t for t in transfers if t.get("payment_id") == str(payment.pk)]
    if ours:
        return payment_settle(payment=payment, transfer_id=ours[0]["id"])
    if payment.attempts < MAX_SUBMISSIONS:
        # Shown that no transfer exists: the same request with the same key again.
        return payment_submit(payment=payment)
    return _block_for_a_human(payment)


@transaction.atomic
def _block_for_a_human(payment: Payment) -> Payment:
    grant = Grant.objects.select_for_update().get(pk=payment.grant_id)
    grant.status = GrantStatus.BLOCKED
    grant.blocked_reason = _(
        "Stripe could not be reached after several attempts. The payment is kept open: "
        "check the Stripe dashboard before doing anything else."
    )
    grant.save(update_fields=["status", "blocked_reason", "updated_at"])
    return payment


def _transferred_to(account_id: str):
    """Grants paid by a transfer to this connected account."""
    return Grant.objects.filter(
        payments__destination=account_id,
        payments__status=PaymentStatus.SUCCEEDED,
        method=PayoutMethod.STRIPE,
    )


@transaction.atomic
def grant_payout_paid(*, account_id: str) -> int:
    """payout.paid: Stripe paid the account's balance out to the resident's bank.

    A payout is not tied to one transfer, so every grant transferred to the account counts as
    having left: the safe side, as cancelling then asks the city to reclaim instead of
    reversing. paid or payout failed → paid, with the time recorded; repeating changes nothing.
    """
    return (
        _transferred_to(account_id)
        .filter(status__in=REVERSIBLE_STATES, payout_paid_at__isnull=True)
        .update(status=GrantStatus.PAID, payout_paid_at=timezone.now(), blocked_reason="")
    )


@transaction.atomic
def grant_payout_failed(*, account_id: str) -> int:
    """payout.failed: the resident's bank refused Stripe's payout; the money is back on their
    Stripe balance. paid → payout failed, and the resident is asked to fix their bank details
    on Stripe. A grant whose payout has already been paid never moves back."""
    grants = list(
        _transferred_to(account_id)
        .filter(status=GrantStatus.PAID, payout_paid_at__isnull=True)
        .select_for_update(of=("self",))
    )
    for grant in grants:
        grant.status = GrantStatus.PAYOUT_FAILED
        grant.blocked_reason = _(
            "Stripe could not pay the grant out to the resident's bank. The resident has been "
            "asked to correct their bank details on Stripe; Stripe then pays out again. "
            "Nothing for finance to do."
        )
        grant.save(update_fields=["status", "blocked_reason", "updated_at"])
        queue_payment_step_email(grant.pk, "payout_failed")
    return len(grants)
