"""The one way this app asks Stripe to move money: outside any database transaction, counted,
and with every outcome recorded on the row that asked (a Payment, or a Reversal).

Stripe answered and refused: `refused` records why. Stripe did not answer clearly (timeout,
connection reset, 5xx): the row is left "unknown" for reconciliation, which never uses a new
idempotency key before it has shown that Stripe holds nothing. Stripe answered yes: `settled`
records it.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.db.models import F, Model

from grants.models import PaymentStatus
from grants.stripe_gateway import DEFINITE_FAILURES, UNKNOWN_OUTCOMES

logger = logging.getLogger(__name__)

R = TypeVar("R", bound=Model)
T = TypeVar("T")


def stripe_send(
    record: R,
    request: Callable[[], T],
    *,
    refused: Callable[[R, Exception], R],
    settled: Callable[[R, T], R],
) -> R:
    model = type(record)
    if transaction.get_connection().in_atomic_block:
        # A rollback must not be able to forget what Stripe has done.
        raise RuntimeError(f"A {model.__name__} must not be sent to Stripe inside a transaction")
    model.objects.filter(pk=record.pk).update(attempts=F("attempts") + 1)
    try:
        answer = request()
    except DEFINITE_FAILURES as error:
        return refused(record, error)
    except UNKNOWN_OUTCOMES as error:
        logger.warning(
            "%s %s: outcome unknown (%s)", model.__name__, record.pk, type(error).__name__
        )
        model.objects.filter(pk=record.pk).update(
            status=PaymentStatus.UNKNOWN, error=str(error)[:1000]
        )
        record.refresh_from_db()
        return record
    return settled(record, answer)
