"""What a verified Stripe event changes, correct in any order and at most once.

Each handler re-reads the object from Stripe instead of trusting the event's snapshot, and
only ever moves a grant forward, so a late or repeated event cannot undo a newer state. The
event id is stored in the same transaction as the change it causes.

Payout events arrive on the Connect endpoint: the payout belongs to the connected account
named in `event["account"]`, and is read back from Stripe as that account.
"""

import logging

from django.db import IntegrityError, transaction

from grants import stripe_gateway
from grants.models import Payment, PaymentStatus, Reversal, StripeAccount, WebhookEvent
from grants.onboarding import stripe_account_activated
from grants.payouts import grant_payout_failed, grant_payout_paid
from grants.stripe_payments import payment_settle
from grants.stripe_reversals import reversal_settle, stripe_reversal_of

logger = logging.getLogger(__name__)


def _account_updated(event: dict):
    account = StripeAccount.objects.filter(account_id=event["data"]["object"]["id"]).first()
    if account is None:
        return None
    if not stripe_gateway.transfers_active(account.account_id):
        return None
    return lambda: stripe_account_activated(account=account)


def _transfer(event: dict):
    transfer_id = event["data"]["object"]["id"]
    payment_id = stripe_gateway.read_transfer(transfer_id)["payment_id"]
    payment = Payment.objects.filter(pk=payment_id).first() if payment_id else None
    if payment is None or payment.status == PaymentStatus.SUCCEEDED:
        return None
    return lambda: payment_settle(payment=payment, transfer_id=transfer_id)


def _transfer_reversed(event: dict):
    """Our own reversal, confirmed by Stripe before (or instead of) its answer to us."""
    transfer = stripe_gateway.read_transfer(event["data"]["object"]["id"])
    reversal = (
        Reversal.objects.filter(
            payment_id=transfer["payment_id"],
            status__in=(PaymentStatus.CLAIMED, PaymentStatus.UNKNOWN),
        )
        .exclude(status=PaymentStatus.SUCCEEDED)
        .first()
        if transfer["reversed"] and transfer["payment_id"]
        else None
    )
    stripe_reversal_id = stripe_reversal_of(reversal) if reversal else None
    if not stripe_reversal_id:
        return None
    return lambda: reversal_settle(reversal=reversal, stripe_reversal_id=stripe_reversal_id)


def _payout(event: dict):
    account_id = event.get("account") or ""
    if not StripeAccount.objects.filter(account_id=account_id).exists():
        return None
    status = stripe_gateway.payout_status(
        payout_id=event["data"]["object"]["id"], account_id=account_id
    )
    if status == "paid":
        return lambda: grant_payout_paid(account_id=account_id)
    if status == "failed":
        return lambda: grant_payout_failed(account_id=account_id)
    return None  # pending or in transit: a later event tells the outcome


HANDLERS = {
    "account.updated": _account_updated,
    "transfer.created": _transfer,
    "transfer.updated": _transfer,
    "transfer.reversed": _transfer_reversed,
    "payout.paid": _payout,
    "payout.failed": _payout,
}


def webhook_event_process(event: dict) -> bool:
    """Apply a verified event once; False when it had been processed before."""
    if WebhookEvent.objects.filter(event_id=event["id"]).exists():
        return False
    handler = HANDLERS.get(event["type"])
    # Stripe is asked before the transaction opens: no row lock waits on the network.
    apply = handler(event) if handler else None
    try:
        with transaction.atomic():
            WebhookEvent.objects.create(event_id=event["id"], type=event["type"])
            if apply:
                apply()
    except IntegrityError:
        return False  # the same event, delivered twice at once: the other delivery applied it
    if handler is None:
        logger.info("Stripe event %s (%s) recorded, no action", event["id"], event["type"])
    return True
