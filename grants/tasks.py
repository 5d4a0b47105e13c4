"""Background work for payments: thin wrappers around the Stripe services, and their retries.

An outcome Stripe left unknown is retried later with back-off, on the same payment or
reversal row, so with the same idempotency key and the same parameters. Only a backend that
can run a task later (the database backend in production) retries this way; the immediate
backend of the tests and `make run` cannot, so nothing loops or sleeps there and the row
waits for `manage.py grants_reconcile`, which settles the same rows the same way.

The services queue these tasks by name (grants/task_handles.py), so that this module alone
imports the other: the tasks sit above the services they run.
"""

import datetime

from django.utils import timezone
from django_tasks import task

from grants.models import Grant, Payment, PaymentRun, PaymentStatus, Reversal
from grants.notifications import notify_payment_step
from grants.payment_runs import payment_run_claim, payment_run_work
from grants.stripe_payments import payment_reconcile, payment_submit, payments_submit
from grants.stripe_reversals import reversal_reconcile, reversal_submit
from grants.task_handles import PAYMENT_PRIORITY

RETRY_FIRST_DELAY = datetime.timedelta(minutes=1)
MAX_RETRIES = 5  # 1, 2, 4, 8, 16 minutes; then the reconcile command's schedule takes over


def _retry_later(retry_task, object_id: int, retry: int) -> None:
    if retry >= MAX_RETRIES or not retry_task.get_backend().supports_defer:
        return
    run_after = timezone.now() + RETRY_FIRST_DELAY * 2**retry
    retry_task.using(run_after=run_after).enqueue(object_id, retry + 1)


@task(priority=PAYMENT_PRIORITY)
def pay_run(run_id: str) -> int:
    """Finance's "Pay all ready grants": claim every payable grant and queue its payment."""
    run = payment_run_work(run=PaymentRun.objects.select_related("started_by").get(pk=run_id))
    return run.grants_found or 0


@task(priority=PAYMENT_PRIORITY)
def claim_for_run(run_id: str, keys: list[int]) -> int:
    """One chunk of a payment run's grants, claimed by whichever worker is free."""
    run = PaymentRun.objects.select_related("started_by").get(pk=run_id)
    return payment_run_claim(run=run, keys=keys, skip_locked=True)


@task(priority=PAYMENT_PRIORITY)
def submit_payment(payment_id: int) -> str:
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


@task(priority=PAYMENT_PRIORITY)
def reconcile_payment(payment_id: int, retry: int) -> str:
    payment = Payment.objects.select_related("grant").get(pk=payment_id)
    if payment.status == PaymentStatus.UNKNOWN:
        payment = payment_reconcile(payment=payment)
    if payment.status == PaymentStatus.UNKNOWN:
        _retry_later(reconcile_payment, payment.pk, retry)
    return payment.status


@task()
def submit_reversal(reversal_id: int) -> str:
    reversal = reversal_submit(reversal=Reversal.objects.get(pk=reversal_id))
    if reversal.status == PaymentStatus.UNKNOWN:
        _retry_later(reconcile_reversal, reversal.pk, 0)
    return reversal.status


@task()
def reconcile_reversal(reversal_id: int, retry: int) -> str:
    reversal = Reversal.objects.get(pk=reversal_id)
    if reversal.status == PaymentStatus.UNKNOWN:
        reversal = reversal_reconcile(reversal=reversal)
    if reversal.status == PaymentStatus.UNKNOWN:
        _retry_later(reconcile_reversal, reversal.pk, retry)
    return reversal.status


@task()
def email_payment_steps(grant_ids: list[int], step: str) -> None:
    """The residents' emails for one step of the grants a move took together."""
    for grant in Grant.objects.select_related("pilot__proposer").filter(pk__in=grant_ids):
        notify_payment_step(grant, step)
