"""What a verified Stripe event changes, correct in any order and at most once.

Each handler re-reads the object from Stripe instead of trusting the event's snapshot, and
only ever moves a grant forward, so a late or repeated event cannot undo a newer state. The
event id is stored in the same transaction as the change it causes, with its outcome: what
it changed, or why it changed nothing. Outcomes are for staff reading the event list and for
Stripe's delivery log; they name Stripe's ids and ours, never a person.

An object Stripe refuses to show (it has no such transfer, say) is an answer: the event is
recorded as having changed nothing, and acknowledged. Stripe not answering is no answer:
the error goes up to the endpoint, nothing is recorded, and Stripe delivers the event again.

Payout events arrive on the Connect endpoint: the payout belongs to the connected account
named in `event["account"]`, and is read back from Stripe as that account.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

import stripe
from django.db import IntegrityError, transaction

from grants import stripe_gateway
from grants.models import Payment, PaymentStatus, Reversal, StripeAccount, WebhookEvent
from grants.onboarding import stripe_account_activated
from grants.payouts import grant_payout_failed, grant_payout_paid
from grants.stripe_payments import payment_settle
from grants.stripe_reversals import reversal_settle, stripe_reversal_of

logger = logging.getLogger(__name__)

DUPLICATE = "duplicate"
# Stripe's ids: a lowercase prefix and letters or digits (evt_1Nq…, tr_…, acct_…). Bounded by
# the WebhookEvent.event_id column; Stripe documents ids of at most 255 characters.
STRIPE_ID = re.compile(r"[a-z]+(?:_[A-Za-z0-9]+)+")
MAX_ID_LENGTH = 255
EVENT_TYPE = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)+")
MAX_TYPE_LENGTH = 100  # the WebhookEvent.type column
PAYMENT_ID = re.compile(r"[0-9]{1,18}")
NOUNS = {"acct": "account", "tr": "transfer", "po": "payout"}


@dataclass(frozen=True)
class Plan:
    """What an event will do, decided from Stripe's answers before any row is locked: an
    outcome to record, or a change to apply that returns the outcome."""

    outcome: str = ""
    apply: Callable[[], str] | None = None


def _is_stripe_id(value, prefix: str | None = None) -> bool:
    return (
        isinstance(value, str)
        and len(value) <= MAX_ID_LENGTH
        and STRIPE_ID.fullmatch(value) is not None
        and (prefix is None or value.startswith(f"{prefix}_"))
    )


def _object_id(event: dict) -> str:
    return event["data"]["object"]["id"]


def _account_updated(event: dict) -> Plan:
    account_id = _object_id(event)
    account = StripeAccount.objects.filter(account_id=account_id).first()
    if account is None:
        return Plan(f"ignored: account {account_id} is not a Minipilot recipient")
    if not stripe_gateway.transfers_active(account.account_id):
        return Plan(f"ignored: account {account_id} cannot receive transfers yet")

    def apply() -> str:
        ready = stripe_account_activated(account=account)
        return f"applied: account {account_id} can receive transfers; {ready} grant(s) ready"

    return Plan(apply=apply)


def _transfer(event: dict) -> Plan:
    transfer_id = _object_id(event)
    payment_id = stripe_gateway.read_transfer(transfer_id)["payment_id"]
    # Our metadata, unless someone made the transfer by hand: only a plain number is ours.
    payment = (
        Payment.objects.filter(pk=int(payment_id)).first()
        if isinstance(payment_id, str) and PAYMENT_ID.fullmatch(payment_id)
        else None
    )
    if payment is None:
        return Plan(f"ignored: transfer {transfer_id} pays no Minipilot payment")
    if payment.status == PaymentStatus.SUCCEEDED:
        return Plan(f"ignored: payment {payment.pk} is settled already")
    if payment.status == PaymentStatus.FAILED:
        # We closed this attempt believing Stripe had made no transfer: a person must look.
        logger.error("Transfer %s pays payment %s, closed as failed", transfer_id, payment.pk)
        return Plan(
            f"not applied: transfer {transfer_id} pays payment {payment.pk}, which is closed as "
            "failed; finance should check the grant's payments at Stripe"
        )

    def apply() -> str:
        payment_settle(payment=payment, transfer_id=transfer_id)
        return f"applied: transfer {transfer_id} settles payment {payment.pk}"

    return Plan(apply=apply)


def _transfer_reversed(event: dict) -> Plan:
    """Our own reversal, confirmed by Stripe before (or instead of) its answer to us."""
    transfer_id = _object_id(event)
    transfer = stripe_gateway.read_transfer(transfer_id)
    reversal = (
        Reversal.objects.filter(
            payment__stripe_transfer_id=transfer_id,
            status__in=(PaymentStatus.CLAIMED, PaymentStatus.UNKNOWN),
        ).first()
        if transfer["reversed"]
        else None
    )
    stripe_reversal_id = stripe_reversal_of(reversal) if reversal else None
    if not stripe_reversal_id:
        return Plan(f"ignored: no open reversal of transfer {transfer_id} to settle")

    def apply() -> str:
        reversal_settle(reversal=reversal, stripe_reversal_id=stripe_reversal_id)
        return f"applied: reversal {reversal.pk} of transfer {transfer_id} settled"

    return Plan(apply=apply)


def _payout(event: dict) -> Plan:
    payout_id = _object_id(event)
    account_id = event.get("account") or ""
    if not StripeAccount.objects.filter(account_id=account_id).exists():
        return Plan(f"ignored: payout {payout_id} is not on a Minipilot recipient's account")
    status = stripe_gateway.payout_status(payout_id=payout_id, account_id=account_id)
    if status not in ("paid", "failed"):
        return Plan(f"ignored: payout {payout_id} is {status or 'pending'}; a later event tells")
    transfer_ids = stripe_gateway.payout_transfer_ids(payout_id=payout_id, account_id=account_id)
    mark = grant_payout_paid if status == "paid" else grant_payout_failed
    carried = (
        f"transfers {', '.join(transfer_ids) or 'none of ours'}"
        if transfer_ids is not None
        else "every transfer to the account (Stripe does not itemise this payout)"
    )

    def apply() -> str:
        marked = mark(account_id=account_id, transfer_ids=transfer_ids)
        return f"applied: payout {payout_id} {status}, carrying {carried}; {marked} grant(s) marked"

    return Plan(apply=apply)


HANDLERS: dict[str, tuple[str, Callable[[dict], Plan]]] = {
    # type: (the prefix of the object's id, the handler)
    "account.updated": ("acct", _account_updated),
    "transfer.created": ("tr", _transfer),
    "transfer.updated": ("tr", _transfer),
    "transfer.reversed": ("tr", _transfer_reversed),
    "payout.paid": ("po", _payout),
    "payout.failed": ("po", _payout),
}


def webhook_event_problem(event) -> str:
    """Why a verified body is not an event we can record ("" when it is one).

    A signed body is still checked: what is stored and logged must fit its columns and be
    printable, and a handler must find the ids it reads where Stripe puts them."""
    if not isinstance(event, dict):
        return "not an object"
    if not _is_stripe_id(event.get("id"), "evt"):
        return "event id is not Stripe's"
    kind = event.get("type")
    if not (
        isinstance(kind, str)
        and len(kind) <= MAX_TYPE_LENGTH
        and EVENT_TYPE.fullmatch(kind) is not None
    ):
        return "event type is not Stripe's"
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        return "data.object is not an object"
    if event.get("account") is not None and not _is_stripe_id(event["account"], "acct"):
        return "account is not a Stripe account id"
    handled = HANDLERS.get(kind)
    if handled and not _is_stripe_id(data["object"].get("id"), handled[0]):
        return "object id is not Stripe's"
    return ""


def _refused(event: dict, error: stripe.StripeError) -> str:
    object_id = _object_id(event)
    noun = NOUNS.get(object_id.split("_", 1)[0], "object")
    code = getattr(error, "code", None) or ""
    if code == "resource_missing":
        return f"{noun} {object_id} not found at Stripe; nothing changed"
    reason = code or type(error).__name__
    return f"Stripe refused to show {noun} {object_id} ({reason}); nothing changed"


def webhook_event_process(event: dict) -> str:
    """Apply a well-formed, verified event once (see `webhook_event_problem`) and return its
    outcome, recorded on its WebhookEvent; "duplicate" when it had been processed before.

    Raises `stripe_gateway.UNKNOWN_OUTCOMES` (and Stripe refusing our own key) without
    recording anything: the event has not been looked at, and must come again.
    """
    if WebhookEvent.objects.filter(event_id=event["id"]).exists():
        return DUPLICATE
    handler = HANDLERS.get(event["type"], (None, None))[1]
    # Stripe is asked before the transaction opens: no row lock waits on the network.
    try:
        plan = handler(event) if handler else Plan("ignored: unknown type")
    except stripe.AuthenticationError:
        raise  # our key, not the object: nothing about the event is known yet
    except stripe_gateway.DEFINITE_FAILURES as error:
        plan = Plan(_refused(event, error))
    try:
        with transaction.atomic():
            record = WebhookEvent.objects.create(
                event_id=event["id"], type=event["type"], outcome=plan.outcome
            )
            if plan.apply:
                record.outcome = plan.apply()
                record.save(update_fields=["outcome"])
    except IntegrityError:
        if WebhookEvent.objects.filter(event_id=event["id"]).exists():
            return DUPLICATE  # delivered twice at once: the other delivery applied it
        raise
    logger.info("Stripe event %s (%s): %s", record.event_id, record.type, record.outcome)
    return record.outcome
