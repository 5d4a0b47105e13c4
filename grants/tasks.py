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


def submit_payment_soon(payment_id: int) -> None:
    """Queue the sending of a payment being claimed in the caller's transaction.

    The database backend stores the task in that same transaction, so a claim is never
    committed without its task (a worker killed between the two cannot strand it); other
    backends (the immediate one runs the task at once) get it after the commit, as Stripe must
    never be called inside a transaction.
    """
    queued = submit_payment.using(priority=PAYMENT_PRIORITY)
    if isinstance(queued.get_backend(), DatabaseBackend):
        queued.enqueue(payment_id)
    else:
        transaction.on_commit(partial(queued.enqueue, payment_id))


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
def email_payment_step(grant_id: int, step: str) -> None:
    from grants.models import Grant
    from grants.notifications import notify_payment_step

    notify_payment_step(Grant.objects.select_related("pilot__proposer").get(pk=grant_id), step)
