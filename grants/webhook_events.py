"""What a verified Stripe event changes, correct in any order and at most once.

Each handler re-reads the object from Stripe instead of trusting the event's snapshot, and
only ever moves a grant forward, so a late or repeated event cannot undo a newer state. The
event id is stored in the same transaction as the change it causes.
"""

import logging

from django.db import IntegrityError, transaction

from grants import stripe_gateway
from grants.models import Grant, GrantStatus, Payment, PaymentStatus, StripeAccount, WebhookEvent
from grants.services import payment_settle

logger = logging.getLogger(__name__)


def _account_updated(obj: dict):
    account = StripeAccount.objects.filter(account_id=obj["id"]).first()
    if account is None:
        return None
    active = stripe_gateway.transfers_active(account.account_id)

    def apply():
        if active and not account.transfers_active:
            StripeAccount.objects.filter(pk=account.pk).update(transfers_active=True)
        if active:
            Grant.objects.filter(
                pilot__proposer_id=account.user_id,
                status=GrantStatus.AWAITING_DETAILS,
                method="stripe",
            ).update(status=GrantStatus.READY)

    return apply


def _transfer(obj: dict):
    payment_id = stripe_gateway.transfer_payment_id(obj["id"])
    payment = Payment.objects.filter(pk=payment_id).first() if payment_id else None
    if payment is None or payment.status == PaymentStatus.SUCCEEDED:
        return None
    return lambda: payment_settle(payment=payment, transfer_id=obj["id"])


HANDLERS = {
    "account.updated": _account_updated,
    "transfer.created": _transfer,
    "transfer.updated": _transfer,
}


def webhook_event_process(event: dict) -> bool:
    """Apply a verified event once; False when it had been processed before."""
    if WebhookEvent.objects.filter(event_id=event["id"]).exists():
        return False
    handler = HANDLERS.get(event["type"])
    # Stripe is asked before the transaction opens: no row lock waits on the network.
    apply = handler(event["data"]["object"]) if handler else None
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
