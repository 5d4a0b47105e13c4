"""A grant is paid exactly once, whatever the network or the process does in between."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import translation

from grants import stripe_payments
from grants.errors import PaymentRefused
from grants.models import Grant, GrantStatus, Payment, PaymentStatus
from pilots.models import PilotStatus
from tests.grants.stripe_grants import ready_grants

# Real commits: the payment must be committed before Stripe is called, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def transfers_for(fake, grant):
    return [t for t in fake.transfers.values() if t["transfer_group"] == grant.transfer_group]


def test_finance_pays_a_ready_grant_and_the_pilot_is_funded(
    ready_grant, finance_officer, fake_stripe
):
    payment = stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    assert payment.status == PaymentStatus.SUCCEEDED
    (transfer,) = transfers_for(fake_stripe, ready_grant)
    assert transfer["amount"] == 50000
    assert transfer["currency"] == "eur"
    assert transfer["metadata"] == {"grant_id": str(ready_grant.pk), "payment_id": str(payment.pk)}
    assert payment.stripe_transfer_id == transfer["id"]
    ready_grant.refresh_from_db()
    assert ready_grant.status == GrantStatus.PAID
    assert ready_grant.pilot.status == PilotStatus.FUNDED
    assert ready_grant.pilot.transitions.last().action == "fund"


def test_second_click_is_refused_and_pays_nothing(ready_grant, finance_officer, fake_stripe):
    stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    with pytest.raises(PaymentRefused):
        stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    assert len(transfers_for(fake_stripe, ready_grant)) == 1
    assert Payment.objects.count() == 1


def test_only_finance_pays(ready_grant, area_director, proposer, fake_stripe):
    for user in (area_director, proposer):
        with pytest.raises(PaymentRefused):
            stripe_payments.grant_pay(grant=ready_grant, by=user)
    assert not fake_stripe.transfers
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.READY


def test_timeout_after_stripe_made_the_transfer_is_retried_with_the_same_key(
    ready_grant, finance_officer, fake_stripe
):
    fake_stripe.faults.append("timeout after")
    payment = stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    assert payment.status == PaymentStatus.SUCCEEDED
    assert len(transfers_for(fake_stripe, ready_grant)) == 1


def test_server_error_before_the_transfer_is_retried_and_pays_once(
    ready_grant, finance_officer, fake_stripe
):
    fake_stripe.faults.append("500 before")
    payment = stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    assert payment.status == PaymentStatus.SUCCEEDED
    assert len(transfers_for(fake_stripe, ready_grant)) == 1


def test_unknown_outcome_is_settled_by_reconciliation(ready_grant, finance_officer, fake_stripe):
    # Every try times out after Stripe acted: the client gives up, the outcome is unknown.
    fake_stripe.faults.extend(["timeout after"] * 3)
    payment = stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    assert payment.status == PaymentStatus.UNKNOWN
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.SUBMITTING
    call_command("grants_reconcile", min_age=0)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert len(transfers_for(fake_stripe, ready_grant)) == 1
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.PAID


def test_crash_between_the_transfer_and_saving_it_is_repaired_by_reconciliation(
    ready_grant, finance_officer, fake_stripe, monkeypatch
):
    def crash(**kwargs):
        raise SystemExit("the worker died here")

    monkeypatch.setattr(stripe_payments, "payment_settle", crash)
    with pytest.raises(SystemExit):
        stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    monkeypatch.undo()
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.CLAIMED
    assert len(transfers_for(fake_stripe, ready_grant)) == 1

    call_command("grants_reconcile", min_age=0)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.stripe_transfer_id == transfers_for(fake_stripe, ready_grant)[0]["id"]
    assert len(transfers_for(fake_stripe, ready_grant)) == 1
    assert Grant.objects.get(pk=ready_grant.pk).pilot.status == PilotStatus.FUNDED


def test_reconciliation_resends_the_same_request_when_stripe_was_not_reached(
    ready_grant, finance_officer, fake_stripe
):
    fake_stripe.faults.extend(["reset before"] * 3)
    payment = stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    assert (payment.status, payment.http_status) == (PaymentStatus.UNKNOWN, None)
    assert not transfers_for(fake_stripe, ready_grant)
    call_command("grants_reconcile", min_age=0)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert Payment.objects.get().idempotency_key == payment.idempotency_key
    assert len(transfers_for(fake_stripe, ready_grant)) == 1


def test_a_request_still_in_progress_under_the_key_is_an_unknown_outcome_not_a_refusal(
    ready_grant, finance_officer, fake_stripe
):
    """Stripe answers 409 while another request with the same key is being executed (a task run
    again after its lease, while the first run still waits on Stripe). The stripe library tries
    again; should every try meet a 409, the outcome is unknown, and reconciliation settles it."""
    fake_stripe.faults.append("409 in progress")
    once = stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    assert once.status == PaymentStatus.SUCCEEDED  # the library's own retry got through

    (other,) = ready_grants(fake_stripe, 1, prefix="in-progress")
    fake_stripe.faults.extend(["409 in progress"] * 3)  # the first try and both retries
    payment = stripe_payments.grant_pay(grant=other, by=finance_officer)
    assert (payment.status, payment.http_status) == (PaymentStatus.UNKNOWN, 409)
    assert not transfers_for(fake_stripe, other)
    call_command("grants_reconcile", min_age=0)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert len(transfers_for(fake_stripe, other)) == 1


def test_a_stored_500_is_settled_by_listing_and_retried_under_a_new_key(
    ready_grant, finance_officer, fake_stripe
):
    """Stripe replays a stored 500 for the key for ever: resending it can never succeed. Once
    Stripe's transfers for the grant's group show none, a new key is safe, and recorded."""
    fake_stripe.faults.append("500 stored")
    first = stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    assert (first.status, first.http_status) == (PaymentStatus.UNKNOWN, 500)
    for _run in range(2):  # a second run finds nothing more to do
        with translation.override("fi"):
            call_command("grants_reconcile", min_age=0)
    first.refresh_from_db()
    assert first.status == PaymentStatus.FAILED
    assert "ole siirtoa" in first.error and "uudella avaimella" in first.error
    retry = Payment.objects.exclude(pk=first.pk).get()
    assert retry.status == PaymentStatus.SUCCEEDED
    assert retry.idempotency_key.endswith("-attempt-2")
    assert len(transfers_for(fake_stripe, ready_grant)) == 1
    grant = Grant.objects.get(pk=ready_grant.pk)
    assert grant.status == GrantStatus.PAID
    assert "could not be reached" not in grant.blocked_reason


def test_a_transfer_stripe_made_under_a_stored_error_is_adopted_not_repeated(
    ready_grant, finance_officer, fake_stripe
):
    """One transfer found in the group (made, say, by a request whose answer was lost, then
    its key's 500 stored) is adopted: no second transfer, whatever the key's replay says."""
    fake_stripe.faults.append("500 stored")
    payment = stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    assert (payment.status, payment.http_status) == (PaymentStatus.UNKNOWN, 500)
    account = payment.destination
    fake_stripe.transfers["tr_lost"] = {
        "id": "tr_lost",
        "object": "transfer",
        "amount": payment.amount_cents,
        "currency": "eur",
        "destination": account,
        "transfer_group": ready_grant.transfer_group,
        "metadata": {"grant_id": str(ready_grant.pk)},
        "reversed": False,
        "amount_reversed": 0,
    }
    call_command("grants_reconcile", min_age=0)
    payment.refresh_from_db()
    assert (payment.status, payment.stripe_transfer_id) == (PaymentStatus.SUCCEEDED, "tr_lost")
    assert Payment.objects.count() == 1
    assert len(transfers_for(fake_stripe, ready_grant)) == 1


def test_recently_claimed_payments_are_left_to_their_worker(
    ready_grant, finance_officer, fake_stripe, monkeypatch
):
    monkeypatch.setattr(stripe_payments, "payment_submit", lambda payment: payment)
    stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    monkeypatch.undo()
    call_command("grants_reconcile")
    assert Payment.objects.get().status == PaymentStatus.CLAIMED
    assert not fake_stripe.transfers


def test_insufficient_platform_balance_blocks_with_a_clear_message(
    ready_grant, finance_officer, fake_stripe
):
    fake_stripe.balance_cents = 100
    payment = stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    assert payment.status == PaymentStatus.FAILED
    grant = Grant.objects.get(pk=ready_grant.pk)
    assert grant.status == GrantStatus.BLOCKED
    assert "balance" in grant.blocked_reason or "saldo" in grant.blocked_reason
    assert not fake_stripe.transfers


def test_same_key_with_other_parameters_is_refused_by_the_fake(fake_stripe, settings):
    from grants import stripe_gateway

    destination = fake_stripe.add_account()
    args = {
        "destination": destination,
        "transfer_group": "g",
        "metadata": {},
        "idempotency_key": "k1",
    }
    first = stripe_gateway.create_transfer(amount_cents=100, **args)
    assert stripe_gateway.create_transfer(amount_cents=100, **args).id == first.id
    with pytest.raises(stripe_payments.stripe.IdempotencyError):
        stripe_gateway.create_transfer(amount_cents=200, **args)
    assert len(fake_stripe.transfers) == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
)
def test_double_click_from_two_threads_pays_once(ready_grant, finance_officer, fake_stripe):
    fake_stripe.latency = 0.05  # a slow Stripe keeps the first payment in flight
    start = threading.Barrier(2)
    outcomes = []

    def click():
        try:
            start.wait()
            outcomes.append(stripe_payments.grant_pay(grant=ready_grant, by=finance_officer).status)
        except PaymentRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", PaymentStatus.SUCCEEDED]
    assert len(transfers_for(fake_stripe, ready_grant)) == 1
    assert Payment.objects.count() == 1
