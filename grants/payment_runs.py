""" "Pay all ready grants" as background work: one click, one run, one task.

The click (`payment_run_start`) only records a `PaymentRun` and queues `grants.tasks.pay_run`,
so the request returns at once however many grants wait. The task (`payment_run_work`):
1. claims every grant ready for a Stripe transfer, a chunk at a time (never the whole list in
   memory), each claim through `grant_claim_payment`, so with the same checks, key and audit
   trail as a single "Pay";
2. then takes the grants blocked because the city's balance ran out, as far as Stripe's
   available balance covers them once the payments still on their way are counted: each is
   released (`grant_release`, its note says the run found the balance sufficient) and claimed;
3. queues one `submit_payment` task per claimed payment, which the workers send to Stripe in
   parallel.

A run may be killed midway and run again by the worker's lease: a grant already claimed is no
longer ready, so it is never claimed twice, and its payment keeps its key. With the database
task backend each chunk's `submit_payment` tasks are stored in the chunk's own transaction,
so no claimed payment can lose its task; other backends get them after the commit.
"""

import logging
from functools import partial

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import stripe_gateway
from grants.errors import PaymentRefused
from grants.models import Grant, GrantStatus, Payment, PaymentRun, PaymentStatus, PayoutMethod
from grants.permissions import may_pay
from grants.selectors import stripe_ready_grants
from grants.stripe_payments import BALANCE_CODE, grant_claim_payment, grant_release
from grants.tasks import pay_run, submit_payment_soon

logger = logging.getLogger(__name__)

# Grants claimed per transaction: large enough that committing is cheap, small enough that a
# chunk's locks and its memory stay small and the workers start sending early.
CHUNK = 50


def payment_run_start(*, by) -> PaymentRun:
    """Record the click and queue the run; the grants are claimed by the task."""
    if not may_pay(by):
        raise PaymentRefused(_("Only finance staff can pay grants."))
    with transaction.atomic():
        run = PaymentRun.objects.create(started_by=by)
        transaction.on_commit(partial(pay_run.enqueue, str(run.pk)))
    return run


def payment_run_work(*, run: PaymentRun) -> PaymentRun:
    """Claim and queue every grant the run may pay; safe to run again on the same run.

    `grants_found` counts the grants the run set out to pay: those it claimed before it was
    interrupted (if it was), those ready now, and the balance-blocked ones the balance covers.
    Found but never claimed means sent back to onboarding at the claim (or changed meanwhile).
    """
    by = run.started_by
    if by is None or not may_pay(by):
        logger.warning("Payment run %s: its finance officer may no longer pay; stopped", run.pk)
        return run
    ready = stripe_ready_grants().order_by()
    found = _claimed_grants(run) + ready.count()
    _record_found(run, found)
    for keys in _chunks(ready):
        _in_one_transaction(run, by, keys, release=False)
    covered = _balance_blocked_covered()
    found += len(covered)
    _record_found(run, found)
    for start in range(0, len(covered), CHUNK):
        _in_one_transaction(run, by, covered[start : start + CHUNK], release=True)
    # Grants that became ready while the run went through the list were claimed too.
    run.grants_found = max(found, _claimed_grants(run))
    run.claimed_at = timezone.now()
    run.save(update_fields=["grants_found", "claimed_at"])
    logger.info("Payment run %s: %d grants found, all claimed", run.pk, run.grants_found)
    return run


def _claimed_grants(run: PaymentRun) -> int:
    return Payment.objects.filter(run=run.pk).values("grant_id").distinct().count()


def _record_found(run: PaymentRun, found: int) -> None:
    run.grants_found = found
    PaymentRun.objects.filter(pk=run.pk).update(grants_found=found)


def _chunks(queryset):
    """Primary keys of the queryset, CHUNK at a time, by keyset: the claimed leave the set,
    and nothing holds more than one chunk."""
    last = 0
    while True:
        keys = list(
            queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK]
        )
        if not keys:
            return
        yield keys
        last = keys[-1]


def _balance_blocked_covered() -> list[int]:
    """The grants blocked for lack of balance that Stripe's available balance now covers,
    oldest block first, after the payments still on their way (claimed or unknown: not yet
    taken from the balance, or not known to be) have been counted. A payment settling between
    the two reads is counted twice, which errs on the side of leaving a grant blocked."""
    blocked = Grant.objects.filter(
        method=PayoutMethod.STRIPE, status=GrantStatus.BLOCKED, blocked_code=BALANCE_CODE
    )
    if not blocked.exists():
        return []
    try:
        available = stripe_gateway.available_balance_cents()
    except stripe_gateway.UNKNOWN_OUTCOMES as error:
        logger.warning("Payment run: Stripe's balance could not be read (%s)", error)
        return []
    on_the_way = (
        Payment.objects.filter(
            method=PayoutMethod.STRIPE,
            status__in=[PaymentStatus.CLAIMED, PaymentStatus.UNKNOWN],
        ).aggregate(total=Sum("amount_cents"))["total"]
        or 0
    )
    left = available - on_the_way
    covered = []
    # One row at a time from the database's cursor: 10,000 blocked grants never sit in memory.
    for pk, amount in blocked.order_by("updated_at", "pk").values_list("pk", "amount").iterator():
        cents = int(amount * 100)
        if cents > left:
            break
        left -= cents
        covered.append(pk)
    return covered


def _in_one_transaction(run: PaymentRun, by, keys: list[int], *, release: bool) -> None:
    """Claim these grants (released first if `release`) and queue their payments, together."""
    with transaction.atomic():
        for grant in Grant.objects.filter(pk__in=keys).order_by("pk"):
            try:
                if release:
                    grant = grant_release(
                        grant=grant,
                        by=by,
                        note=_(
                            "The payment run found the city's Stripe balance sufficient for "
                            "this grant and paid it again."
                        ),
                    )
                payment = grant_claim_payment(grant=grant, by=by, run=run.pk)
            except PaymentRefused as refusal:
                # Sent back to onboarding (committed with the chunk), or no longer payable.
                logger.info("Payment run %s: grant %s not claimed: %s", run.pk, grant.pk, refusal)
                continue
            submit_payment_soon(payment.pk)
