"""The one way this app asks Stripe to move money, shared by payments and reversals: sent
outside any database transaction, counted, every outcome recorded on the row that asked (a
`StripeCall`: a Payment or a Reversal), and settled the same way when the outcome is unclear.

Sending: Stripe answered and refused → `refused` records why. Stripe asked us to slow down
(429) → the same request with the same key again after a back-off. Stripe did not answer
clearly (timeout, connection reset, 5xx) → the row is left "unknown" for reconciliation.
Stripe answered yes → `settled` records it.

Reconciling an unknown outcome never uses a new key before Stripe has shown that it holds
nothing for the request:
- Stripe holds the money movement (ours by metadata, or one no row of ours records) → adopt it;
- Stripe holds nothing and its last answer was an error it stores for the key (it replays the
  same 500 for that key for ever) → the row is closed as failed, saying so, and a new row with
  a new key is claimed and sent (`start_over`);
- Stripe holds nothing and we never heard back → the same request with the same key, which
  Stripe either performs or answers from what it saved;
- Stripe cannot be reached → still unknown, asked again later (tasks, `grants_reconcile`, or
  finance's "Ask Stripe again").
"""

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import stripe
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from grants.errors import PaymentRefused
from grants.models import PaymentStatus, StripeCall
from grants.permissions import may_pay
from grants.stripe_gateway import DEFINITE_FAILURES, UNKNOWN_OUTCOMES

logger = logging.getLogger(__name__)

C = TypeVar("C", bound=StripeCall)
T = TypeVar("T")

RATE_LIMIT_FIRST_WAIT = 0.25  # seconds; doubled on each 429, with jitter


def _rate_limit_retries() -> int:
    return getattr(settings, "STRIPE_RATE_LIMIT_RETRIES", 5)


def stripe_send(
    record: C,
    request: Callable[[], T],
    *,
    refused: Callable[[C, Exception], C],
    settled: Callable[[C, T], C],
) -> C:
    model = type(record)
    if transaction.get_connection().in_atomic_block:
        # A rollback must not be able to forget what Stripe has done.
        raise RuntimeError(f"A {model.__name__} must not be sent to Stripe inside a transaction")
    model.objects.filter(pk=record.pk).update(attempts=F("attempts") + 1)
    try:
        answer = _respecting_rate_limits(request)
    except DEFINITE_FAILURES as error:
        return refused(record, error)
    except UNKNOWN_OUTCOMES as error:
        status = getattr(error, "http_status", None)
        logger.warning(
            "%s %s: outcome unknown (%s %s)",
            model.__name__,
            record.pk,
            type(error).__name__,
            status,
        )
        model.objects.filter(pk=record.pk).update(
            status=PaymentStatus.UNKNOWN, error=str(error)[:1000], http_status=status
        )
        record.refresh_from_db()
        return record
    return settled(record, answer)


def _respecting_rate_limits(request: Callable[[], T]) -> T:
    """Stripe's 429 means it did nothing: wait and send the same request (same key) again."""
    wait = RATE_LIMIT_FIRST_WAIT
    for _attempt in range(_rate_limit_retries()):
        try:
            return request()
        except stripe.RateLimitError:
            time.sleep(wait * (1 + random.random()))  # noqa: S311 (jitter, not security)
            wait *= 2
    return request()


@dataclass(frozen=True)
class Reconciliation:
    """How one kind of StripeCall is looked up and moved on (payments, reversals)."""

    # Stripe's id of the money movement this row asked for, or None when Stripe holds none.
    find: Callable[[C], str | None]
    settle: Callable[[C, str], C]
    resend: Callable[[C], C]
    # Close this row (Stripe holds nothing, its stored answer was an error) and send anew.
    start_over: Callable[[C], C]


def stripe_reconcile(record: C, how: Reconciliation) -> C:
    """Settle a row whose outcome we do not know, by asking Stripe what happened."""
    try:
        remote_id = how.find(record)
    except UNKNOWN_OUTCOMES as error:
        logger.warning(
            "%s %s: Stripe unreachable (%s)", type(record).__name__, record.pk, type(error).__name__
        )
        return record  # still unknown: asked again on the next retry or reconcile run
    if remote_id:
        return how.settle(record, remote_id)
    if record.http_status and record.http_status >= 500:
        return how.start_over(record)
    return how.resend(record)


def unrecorded(remote_ids: list[str], model, field: str) -> str | None:
    """The first of Stripe's ids that no row of `model` records in `field`: a money movement
    Stripe made for us whose answer we never stored, to be adopted."""
    recorded = set(
        model.objects.filter(**{f"{field}__in": remote_ids}).values_list(field, flat=True)
    )
    return next((remote_id for remote_id in remote_ids if remote_id not in recorded), None)


def stripe_ask_again(record: C, how: Reconciliation, *, by, settled: str) -> C:
    """Finance's "Ask Stripe again" for a row still open: a claimed one (never sent, or its
    worker died mid-call) is sent again with its key, an unknown one reconciled now."""
    if not may_pay(by):
        raise PaymentRefused(_("Only finance staff can pay grants."))
    if record.status not in (PaymentStatus.CLAIMED, PaymentStatus.UNKNOWN):
        raise PaymentRefused(settled)
    if record.status == PaymentStatus.CLAIMED:
        return how.resend(record)
    return stripe_reconcile(record, how)
