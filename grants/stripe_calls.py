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
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
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
    """Send one row's request to Stripe and record the outcome (see the module docstring)."""
    (sent,) = stripe_send_many(
        [record],
        lambda _record: request(),
        refused=refused,
        settled=lambda answers: [settled(answered, answer) for answered, answer in answers],
    )
    return sent


def stripe_send_many(
    records: Sequence[C],
    request: Callable[[C], T],
    *,
    refused: Callable[[C, Exception], C],
    settled: Callable[[list[tuple[C, T]]], list[C]],
) -> list[C]:
    """Send many rows' requests to Stripe at once (a payment run's chunk), each with its own
    row's stored key, and record every outcome; returns the rows in the order given.

    The requests go out together from a pool of `STRIPE_CONCURRENT_REQUESTS` threads per
    process, which only wait on Stripe: the database is used by the caller's thread alone,
    before (every row's attempt counted in one UPDATE, before any request leaves) and after
    (all the answered rows settled by one call of `settled`, each refusal by `refused`, each
    unknown outcome recorded on its row). A worker killed in between leaves the rows claimed
    with their attempt counted: its task is run again and sends the same keys.
    """
    records = list(records)
    if not records:
        return []
    model = type(records[0])
    if transaction.get_connection().in_atomic_block:
        # A rollback must not be able to forget what Stripe has done.
        raise RuntimeError(f"A {model.__name__} must not be sent to Stripe inside a transaction")
    model.objects.filter(pk__in=[record.pk for record in records]).update(
        attempts=F("attempts") + 1
    )
    outcomes, unexpected = _send_all(records, request)
    done: dict[int, C] = {}
    answered = [(record, answer) for record, answer in outcomes if not _is_error(answer)]
    if answered:
        settled_records = settled(answered)
        done.update(zip((record.pk for record, _answer in answered), settled_records, strict=True))
    for record, error in outcomes:
        if isinstance(error, DEFINITE_FAILURES):
            done[record.pk] = refused(record, error)
        elif isinstance(error, UNKNOWN_OUTCOMES):
            done[record.pk] = _record_unknown(record, error)
    if unexpected:
        # A bug, not Stripe: the other rows are recorded; this one stays claimed, to be sent
        # again with its key by "Ask Stripe again" or reconciliation.
        raise unexpected[0]
    return [done[record.pk] for record in records]


def _is_error(answer) -> bool:
    return isinstance(answer, DEFINITE_FAILURES + UNKNOWN_OUTCOMES)


def _send_all(records, request) -> tuple[list[tuple], list[BaseException]]:
    """Each record's answer or Stripe's error, from the pool (in this thread for one record)."""

    def send(record):
        try:
            return _respecting_rate_limits(partial(request, record))
        except DEFINITE_FAILURES + UNKNOWN_OUTCOMES as error:
            return error

    if len(records) == 1 or _concurrent_requests() <= 1:
        return [(record, send(record)) for record in records], []
    futures = [(record, _pool().submit(send, record)) for record in records]
    outcomes, unexpected = [], []
    for record, future in futures:
        error = future.exception()  # waits: every request has its answer before any is saved
        if error is None:
            outcomes.append((record, future.result()))
        else:
            unexpected.append(error)
    return outcomes, unexpected


def _record_unknown(record: C, error: Exception) -> C:
    status = getattr(error, "http_status", None)
    logger.warning(
        "%s %s: outcome unknown (%s %s)",
        type(record).__name__,
        record.pk,
        type(error).__name__,
        status,
    )
    type(record).objects.filter(pk=record.pk).update(
        status=PaymentStatus.UNKNOWN, error=str(error)[:1000], http_status=status
    )
    record.refresh_from_db()
    return record


def _concurrent_requests() -> int:
    return settings.STRIPE_CONCURRENT_REQUESTS


_pools: dict[int, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """The process's threads for Stripe requests, kept for its life: each keeps its own Stripe
    client and its open connections (grants.stripe_gateway.client)."""
    size = _concurrent_requests()
    with _pools_lock:
        if size not in _pools:
            _pools[size] = ThreadPoolExecutor(max_workers=size, thread_name_prefix="stripe")
        return _pools[size]


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
