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
"""

import logging

import stripe
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.roles import FINANCE
from grants import stripe_gateway
from grants.models import (
    ACTIVE_PAYMENT_STATES,
    Grant,
    GrantStatus,
    Payment,
    PaymentStatus,
    PayoutMethod,
    StripeAccount,
)
from pilots.models import Pilot
from pilots.services import pilot_mark_funded
from pilotsite.errors import ActionRefused

logger = logging.getLogger(__name__)

MAX_SUBMISSIONS = 3
# Stripe answered and refused: no transfer was made, so a later attempt may use a new key.
DEFINITE_FAILURES = (
    stripe.InvalidRequestError,
    stripe.CardError,
    stripe.AuthenticationError,
    stripe.PermissionError,
    stripe.IdempotencyError,
)
# We do not know whether Stripe made the transfer.
UNKNOWN_OUTCOMES = (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError)


class PaymentRefused(ActionRefused):
    """A payment, or the details it needs, was refused."""


def may_see_grants(user) -> bool:
    return user.is_active and user.has_perm("grants.view_grant")


def may_pay(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.groups.filter(name=FINANCE).exists()
    )


@transaction.atomic
def grant_claim_payment(*, grant: Grant, by) -> Payment:
    """Commit the payment and its idempotency key; the grant is now "payment in progress"."""
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
        raise PaymentRefused(_("The recipient has not finished setting up their Stripe account."))
    attempt = grant.payments.count() + 1
    payment = Payment.objects.create(
        grant=grant,
        method=PayoutMethod.STRIPE,
        idempotency_key=f"minipilot-grant-{grant.pk}-attempt-{attempt}",
        amount_cents=grant.amount_cents,
        destination=account.account_id,
        requested_by=by,
    )
    grant.status = GrantStatus.SUBMITTING
    grant.save(update_fields=["status", "updated_at"])
    return payment


def grant_pay(*, grant: Grant, by) -> Payment:
    """Pay an approved grant that is ready: claim the payment, then send it to Stripe."""
    return payment_submit(payment=grant_claim_payment(grant=grant, by=by))


def payment_submit(*, payment: Payment) -> Payment:
    """Send the stored request to Stripe and record what came back. Never inside a transaction:
    a rollback must not be able to forget a transfer Stripe has made."""
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("payment_submit must not run inside a database transaction")
    Payment.objects.filter(pk=payment.pk).update(attempts=F("attempts") + 1)
    grant = payment.grant
    try:
        transfer = stripe_gateway.create_transfer(
            amount_cents=payment.amount_cents,
            destination=payment.destination,
            transfer_group=grant.transfer_group,
            metadata={"grant_id": str(grant.pk), "payment_id": str(payment.pk)},
            idempotency_key=payment.idempotency_key,
        )
    except DEFINITE_FAILURES as error:
        return _fail(payment, error)
    except UNKNOWN_OUTCOMES as error:
        logger.warning("Payment %s: outcome unknown (%s)", payment.pk, type(error).__name__)
        Payment.objects.filter(pk=payment.pk).update(
            status=PaymentStatus.UNKNOWN, error=str(error)[:1000]
        )
        payment.refresh_from_db()
        return payment
    return payment_settle(payment=payment, transfer_id=transfer.id)


@transaction.atomic
def _fail(payment: Payment, error: stripe.StripeError) -> Payment:
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    payment.status = PaymentStatus.FAILED
    payment.error = str(error)[:1000]
    payment.save(update_fields=["status", "error", "updated_at"])
    grant = Grant.objects.select_for_update().get(pk=payment.grant_id)
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
    transfers = stripe_gateway.transfers_in_group(grant.transfer_group)
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
