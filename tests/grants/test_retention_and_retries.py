"""Bank details erased once settled and kept long enough; unknown outcomes retried with back-off;
the resident emailed at the bank transfer's steps."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from grants import sepa, stripe_payments, tasks
from grants.models import BankDetails, Payment, PaymentStatus, SepaBatch

IBAN = "FI21 1234 5600 0007 85"


def give_details(grant, proposer, iban=IBAN):
    return sepa.grant_set_bank_details(grant=grant, by=proposer, holder="Aino Asukas", iban=iban)


@pytest.fixture
def paid_batch(approved, proposer, finance_officer):
    give_details(approved.grant, proposer)
    batch = sepa.sepa_batch_export(by=finance_officer)
    return sepa.sepa_batch_mark_paid(batch=batch, by=finance_officer)


@pytest.mark.django_db
def test_settled_bank_details_are_erased_after_the_retention_period(paid_batch, settings):
    settings.GRANTS_BANK_DETAILS_RETENTION_DAYS = 365
    assert paid_batch.paid_at is not None
    assert sepa.bank_details_erase_settled() == 0  # paid today: kept
    assert BankDetails.objects.exists()

    later = paid_batch.paid_at + datetime.timedelta(days=366)
    assert sepa.bank_details_erase_settled(now=later) == 1
    assert not BankDetails.objects.exists()
    batch = SepaBatch.objects.get()
    assert batch.xml == ""
    assert batch.bank_details_erased_at is not None
    payment = Payment.objects.get()
    assert payment.destination == "FI21 **** 0785"  # what finance keeps
    assert "FI2112345600000785" not in str(Payment.objects.values().get())
    assert sepa.bank_details_erase_settled(now=later) == 0  # once


@pytest.mark.django_db
def test_a_returned_payments_new_details_are_kept(approved, proposer, finance_officer, settings):
    settings.GRANTS_BANK_DETAILS_RETENTION_DAYS = 0
    give_details(approved.grant, proposer)
    batch = sepa.sepa_batch_export(by=finance_officer)
    sepa.sepa_payment_mark_failed(
        payment=batch.payments.get(), by=finance_officer, reason="Account closed"
    )
    give_details(approved.grant, proposer, iban="FI49 5000 9420 0287 30")
    sepa.sepa_batch_mark_paid(batch=batch, by=finance_officer)
    assert sepa.bank_details_erase_settled(now=timezone.now() + datetime.timedelta(days=1)) == 0
    assert BankDetails.objects.get().iban == "FI4950009420028730"


@pytest.mark.django_db
def test_the_erase_command_reads_the_retention_setting(paid_batch, settings):
    settings.GRANTS_BANK_DETAILS_RETENTION_DAYS = 30
    SepaBatch.objects.update(paid_at=timezone.now() - datetime.timedelta(days=29))
    call_command("grants_erase_bank_details")
    assert BankDetails.objects.exists()
    SepaBatch.objects.update(paid_at=timezone.now() - datetime.timedelta(days=31))
    call_command("grants_erase_bank_details")
    assert not BankDetails.objects.exists()


@pytest.mark.django_db
def test_the_resident_is_emailed_when_details_arrive_and_when_the_file_is_sent(
    approved, proposer, finance_officer, django_capture_on_commit_callbacks
):
    proposer.language = "en"
    proposer.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        give_details(approved.grant, proposer)
    with django_capture_on_commit_callbacks(execute=True):
        sepa.sepa_batch_export(by=finance_officer)
    subjects = [m.subject for m in mail.outbox if m.to == [proposer.email]]
    assert len(subjects) == 2
    assert "payment details received" in subjects[0]
    assert "on its way" in subjects[1]
    assert f"/en/pilots/{approved.pk}/" in mail.outbox[-1].body


@pytest.fixture
def deferring_tasks(settings):
    """django_tasks' own dummy backend: it can defer, and keeps what was enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = tasks.reconcile_payment.get_backend()
    yield backend
    backend.clear()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_unknown_outcome_is_retried_later_with_back_off_on_the_same_payment(
    ready_grant, finance_officer, fake_stripe, deferring_tasks
):
    fake_stripe.faults.extend(["reset before"] * 3)
    payment = stripe_payments.grant_claim_payment(grant=ready_grant, by=finance_officer)
    before = timezone.now()
    assert tasks.submit_payment.call(payment.pk) == PaymentStatus.UNKNOWN
    (retry,) = deferring_tasks.results
    assert retry.task.func == tasks.reconcile_payment.func
    assert retry.args == [payment.pk, 1]
    assert retry.task.run_after >= before + datetime.timedelta(minutes=1)

    fake_stripe.faults.extend(["reset before"] * 3)
    assert tasks.reconcile_payment.call(payment.pk, 1) == PaymentStatus.UNKNOWN
    second = deferring_tasks.results[-1]
    assert second.args == [payment.pk, 2]
    assert second.task.run_after >= before + datetime.timedelta(minutes=2)

    assert tasks.reconcile_payment.call(payment.pk, 2) == PaymentStatus.SUCCEEDED
    retries = [r for r in deferring_tasks.results if r.task.func == tasks.reconcile_payment.func]
    assert len(retries) == 2  # settled: no more retries queued
    assert Payment.objects.get().idempotency_key == payment.idempotency_key
    assert len(fake_stripe.transfers) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_retries_stop_after_the_last_back_off(
    ready_grant, finance_officer, fake_stripe, deferring_tasks
):
    fake_stripe.faults.extend(["500 before"] * 3)
    payment = stripe_payments.grant_claim_payment(grant=ready_grant, by=finance_officer)
    tasks.submit_payment.call(payment.pk)
    deferring_tasks.clear()
    fake_stripe.faults.extend(["500 before"] * 3)
    tasks.reconcile_payment.call(payment.pk, tasks.MAX_RETRIES)
    assert deferring_tasks.results == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_immediate_backend_never_loops_and_leaves_it_to_reconciliation(
    ready_grant, finance_officer, fake_stripe
):
    fake_stripe.faults.extend(["reset before"] * 3)
    payment = stripe_payments.grant_claim_payment(grant=ready_grant, by=finance_officer)
    assert tasks.submit_payment.call(payment.pk) == PaymentStatus.UNKNOWN
    assert Payment.objects.get().attempts == 1  # not retried in a loop
    call_command("grants_reconcile", min_age=0)
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED


@pytest.mark.django_db
def test_an_erased_payment_file_is_no_longer_offered(client, paid_batch, finance_officer):
    sepa.bank_details_erase_settled(now=timezone.now() + datetime.timedelta(days=400))
    client.force_login(finance_officer)
    download = client.get(f"/admin/sepa-batches/download/{paid_batch.pk}/", follow=True)
    assert download.status_code == 404
    page = client.get(f"/admin/sepa-batches/inspect/{paid_batch.pk}/").content.decode()
    assert f"/admin/sepa-batches/download/{paid_batch.pk}/" not in page
    assert "FI21 **** 0785" in page
