"""Background work for payments: thin wrappers around the Stripe services, and their retries.

An outcome Stripe left unknown is retried later with back-off, on the same payment or
reversal row, so with the same idempotency key and the same parameters. Only a backend that
can run a task later (the database backend in production) retries this way; the immediate
backend of the tests and `make run` cannot, so nothing loops or sleeps there and the row
waits for `manage.py grants_reconcile`, which settles the same rows the same way.

Money goes first: a payment run and its payments are queued at PAYMENT_PRIORITY, above the
emails each payout causes, so that a run of thousands is not held up behind its own emails.
"""

import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db import DatabaseBackend

RETRY_FIRST_DELAY = datetime.timedelta(minutes=1)
MAX_RETRIES = 5  # 1, 2, 4, 8, 16 minutes; then the reconcile command's schedule takes over


def _retry_later(retry_task, object_id: int, retry: int) -> None:
    if retry >= MAX_RETRIES or not retry_task.get_backend().supports_defer:
        return
    run_after = timezone.now() + RETRY_FIRST_DELAY * 2**retry
    retry_task.using(run_after=run_after).enqueue(object_id, retry + 1)


PAYMENT_PRIORITY = 10


@task(priority=PAYMENT_PRIORITY)
def pay_run(run_id: str) -> int:
    """Finance's "Pay all ready grants": claim every payable grant and queue its payment."""
    from grants.models import PaymentRun
    from grants.payment_runs import payment_run_work

    run = payment_run_work(run=PaymentRun.objects.select_related("started_by").get(pk=run_id))
    return run.grants_found or 0


@task(priority=PAYMENT_PRIORITY)
def claim_for_run(run_id: str, keys: list[int]) -> int:
    """One chunk of a payment run's grants, claimed by whichever worker is free."""
    from grants.models import PaymentRun
    from grants.payment_runs import payment_run_claim

    run = PaymentRun.objects.select_related("started_by").get(pk=run_id)
    return payment_run_claim(run=run, keys=keys, skip_locked=True)


@task(priority=PAYMENT_PRIORITY)
def submit_payment(payment_id: int) -> str:
    from grants.models import Payment, PaymentStatus
    from grants.stripe_payments import payment_submit

    payment = Payment.objects.get(pk=payment_id)
    if payment.status != PaymentStatus.CLAIMED:
        # Sent and settled already (this task ran before its worker died, say): the outcome
        # stands, and an unknown one is reconciled, not sent again from here.
        return payment.status
    payment = payment_submit(payment=payment)
    if payment.status == PaymentStatus.UNKNOWN:
        _retry_later(reconcile_payment, payment.pk, 0)
    return payment.status


@task(priority=PAYMENT_PRIORITY)
def submit_payments(payment_ids: list[int]) -> list[str]:
    """A payment run's chunk of claimed payments, sent to Stripe together (each with its own
    key) and settled together; run again (its worker died), it sends those still claimed."""
    from grants.models import Payment, PaymentStatus
    from grants.stripe_payments import payments_submit

    payments = Payment.objects.in_bulk(payment_ids)
    claimed = [
        payments[pk]
        for pk in payment_ids
        if pk in payments and payments[pk].status == PaymentStatus.CLAIMED
    ]
    for payment in payments_submit(payments=claimed):
        payments[payment.pk] = payment
        if payment.status == PaymentStatus.UNKNOWN:
            _retry_later(reconcile_payment, payment.pk, 0)
    return [payments[pk].status for pk in payment_ids if pk in payments]


def submit_payment_soon(payment_id: int) -> None:
    """Queue the sending of a payment being claimed in the caller's transaction."""
    _queue_in_this_transaction(submit_payment, payment_id)


def submit_payments_soon(payment_ids: list[int]) -> None:
    """Queue the sending of a chunk of payments being claimed in the caller's transaction."""
    _queue_in_this_transaction(submit_payments, payment_ids)


def _queue_in_this_transaction(payment_task, argument) -> None:
    """The database backend stores the task in the caller's transaction, so a claim is never
    committed without its task (a worker killed between the two cannot strand it); other
    backends (the immediate one runs the task at once) get it after the commit, as Stripe must
    never be called inside a transaction.
    """
    queued = payment_task.using(priority=PAYMENT_PRIORITY)
    if isinstance(queued.get_backend(), DatabaseBackend):
        queued.enqueue(argument)
    else:
        transaction.on_commit(partial(queued.enqueue, argument))


@task(priority=PAYMENT_PRIORITY)
def reconcile_payment(payment_id: int, retry: int) -> str:
    from grants.models import Payment, PaymentStatus
    from grants.stripe_payments import payment_reconcile

    payment = Payment.objects.select_related("grant").get(pk=payment_id)
    if payment.status == PaymentStatus.UNKNOWN:
        payment = payment_reconcile(payment=payment)
    if payment.status == PaymentStatus.UNKNOWN:
        _retry_later(reconcile_payment, payment.pk, retry)
    return payment.status


@task()
def submit_reversal(reversal_id: int) -> str:
    from grants.models import PaymentStatus, Reversal
    from grants.stripe_reversals import reversal_submit

    reversal = reversal_submit(reversal=Reversal.objects.get(pk=reversal_id))
    if reversal.status == PaymentStatus.UNKNOWN:
        _retry_later(reconcile_reversal, reversal.pk, 0)
    return reversal.status


@task()
def reconcile_reversal(reversal_id: int, retry: int) -> str:
    from grants.models import PaymentStatus, Reversal
    from grants.stripe_reversals import reversal_reconcile

    reversal = Reversal.objects.get(pk=reversal_id)
    if reversal.status == PaymentStatus.UNKNOWN:
        reversal = reversal_reconcile(reversal=reversal)
    if reversal.status == PaymentStatus.UNKNOWN:
        _retry_later(reconcile_reversal, reversal.pk, retry)
    return reversal.status


@task()
def email_payment_steps(grant_ids: list[int], step: str) -> None:
    """The residents' emails for one step of the grants a move took together."""
    from grants.models import Grant
    from grants.notifications import notify_payment_step

    for grant in Grant.objects.select_related("pilot__proposer").filter(pk__in=grant_ids):
        notify_payment_step(grant, step)
