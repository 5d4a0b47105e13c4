""" "Pay all ready grants" as background work: one click, one run, one task.

The click (`payment_run_start`) only records a `PaymentRun` and queues `grants.tasks.pay_run`,
so the request returns at once however many grants wait. The task (`payment_run_work`):
1. claims every grant ready for a Stripe transfer, a chunk at a time (never the whole list in
   memory), each chunk through `grants_claim_payments`, so with the same checks, keys and audit
   trail as a single "Pay", written in one go for the chunk;
2. then takes the grants blocked because the city's balance ran out, as far as Stripe's
   available balance covers them once the payments still on their way are counted: each is
   released (`grant_release`, its note says the run found the balance sufficient) and claimed;
3. queues one `submit_payments` task per claimed chunk, which sends the chunk's transfers to
   Stripe together (each with its own key) and settles them in one transaction.
The claims themselves are spread over the workers too (`claim_for_run` tasks, one per chunk),
so that sending starts while the rest is still being claimed.

A run may be killed midway and run again by the worker's lease: a grant already claimed is no
longer ready, so it is never claimed twice, and its payment keeps its key. With the database
task backend each chunk's `submit_payments` task is stored in the chunk's own transaction,
so no claimed payment can lose its task; other backends get it after the commit.
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
from grants.stripe_payments import BALANCE_CODE, grant_release, grants_claim_payments
from grants.task_handles import PAYMENT_PRIORITY, grants_task, submit_payments_soon

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
        transaction.on_commit(partial(grants_task("pay_run").enqueue, str(run.pk)))
    return run


def payment_run_work(*, run: PaymentRun) -> PaymentRun:
    """Claim and queue every grant the run may pay; safe to run again on the same run.

    The ready grants are claimed by many hands: a `claim_for_run` task per chunk, taken by
    whichever worker threads are free, while this task goes through the same grants from the
    other end (so a worker with one thread gets through them too). Each claimer takes only
    the grants nobody else holds at that moment; a last pass waits for the others, so that
    when `claimed_at` is set every grant found has been claimed or refused.

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
    top = 0
    for keys in _chunks(ready):
        grants_task("claim_for_run").using(priority=PAYMENT_PRIORITY).enqueue(str(run.pk), keys)
        top = keys[-1]
    for keys in _chunks(ready.filter(pk__lte=top), descending=True):
        payment_run_claim(run=run, keys=keys, by=by, skip_locked=True)
    for keys in _chunks(ready.filter(pk__lte=top)):
        payment_run_claim(run=run, keys=keys, by=by)
    covered = _balance_blocked_covered()
    found += len(covered)
    _record_found(run, found)
    for start in range(0, len(covered), CHUNK):
        payment_run_claim(run=run, keys=covered[start : start + CHUNK], by=by, release=True)
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


def _chunks(queryset, *, descending: bool = False):
    """Primary keys of the queryset, CHUNK at a time, by keyset: the claimed leave the set,
    and nothing holds more than one chunk."""
    last = None
    while True:
        page = queryset
        if last is not None:
            page = page.filter(pk__lt=last) if descending else page.filter(pk__gt=last)
        order = "-pk" if descending else "pk"
        keys = list(page.order_by(order).values_list("pk", flat=True)[:CHUNK])
        if not keys:
            return
        yield sorted(keys)
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


def payment_run_claim(
    *, run: PaymentRun, keys: list[int], by=None, release: bool = False, skip_locked=False
) -> int:
    """Claim those of these grants that are still payable (released first if `release`: the
    balance-blocked ones the balance covers) and queue their payments as one task, in one
    transaction.

    With `skip_locked`, grants another claimer holds at this moment are left to it. Returns
    how many were claimed.
    """
    by = by or run.started_by
    if by is None or not may_pay(by):
        return 0
    with transaction.atomic():
        if release:
            keys = _released(keys, by=by, skip_locked=skip_locked)
        payments, refusals = grants_claim_payments(
            keys=keys, by=by, run=run.pk, skip_locked=skip_locked
        )
        for grant_id, refusal in refusals.items():
            # Sent back to onboarding (committed with the chunk), or no longer payable.
            logger.info("Payment run %s: grant %s not claimed: %s", run.pk, grant_id, refusal)
        if payments:
            submit_payments_soon([payment.pk for payment in payments])
    return len(payments)


def _released(keys: list[int], *, by, skip_locked: bool) -> list[int]:
    """The balance-blocked grants among these, released (in the caller's transaction)."""
    blocked = Grant.objects.filter(
        pk__in=keys,
        status=GrantStatus.BLOCKED,
        method=PayoutMethod.STRIPE,
        blocked_code=BALANCE_CODE,
    )
    released = []
    for grant in blocked.select_for_update(skip_locked=skip_locked).order_by("pk"):
        try:
            grant_release(
                grant=grant,
                by=by,
                note=_(
                    "The payment run found the city's Stripe balance sufficient for "
                    "this grant, so it was sent to Stripe again."
                ),
            )
        except PaymentRefused as refusal:
            logger.info("Grant %s not released: %s", grant.pk, refusal)
            continue
        released.append(grant.pk)
    return released
