"""After the transfer: Stripe's payouts to the resident's bank, and taking a transfer back when
a funded pilot is cancelled before its payout — exactly once, whatever the network does."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from grants import sepa, stripe_payments, stripe_reversals
from grants.errors import PaymentRefused
from grants.models import (
    Grant,
    GrantStatus,
    Payment,
    PaymentStatus,
    Reversal,
    StripeAccount,
    WebhookEvent,
)
from pilots import services as pilot_services
from pilots.errors import WrongState
from pilots.models import PilotStatus
from tests.fakes.stripe_webhooks import SECRET, post

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONNECT = {"url": "/stripe/webhook/connect/", "secret": "whsec_minipilot_test_connect"}


@pytest.fixture(autouse=True)
def webhook_secrets(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = CONNECT["secret"]


@pytest.fixture
def paid_grant(ready_grant, finance_officer, proposer):
    proposer.language = "sv"
    proposer.save()
    stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    mail.outbox.clear()
    return Grant.objects.select_related("pilot").get(pk=ready_grant.pk)


def account_of(grant):
    return StripeAccount.objects.get(user=grant.pilot.proposer).account_id


def payout_event(event_id, payout_id, account_id, event_type):
    return {
        "id": event_id,
        "type": event_type,
        "account": account_id,
        "data": {"object": {"id": payout_id, "object": "payout"}},
    }


def to_resident(grant):
    return [m for m in mail.outbox if m.to == [grant.pilot.proposer.email]]


# payouts


def test_failed_payout_asks_the_resident_to_fix_their_bank_details_on_stripe(
    client, paid_grant, fake_stripe
):
    account_id = account_of(paid_grant)
    payout_id = fake_stripe.pay_out(account_id, status="failed")
    response = post(
        client, payout_event("evt_po1", payout_id, account_id, "payout.failed"), **CONNECT
    )
    assert response.status_code == 200
    paid_grant.refresh_from_db()
    assert paid_grant.status == GrantStatus.PAYOUT_FAILED
    assert paid_grant.payout_paid_at is None
    (message,) = to_resident(paid_grant)
    assert "Stripe" in message.subject
    assert f"/sv/pilots/{paid_grant.pilot_id}/payout/stripe/refresh/" in message.body

    # The link hands out a fresh onboarding link, where the bank account is corrected.
    client.force_login(paid_grant.pilot.proposer)
    page = client.get(f"/sv/pilots/{paid_grant.pilot_id}/").content.decode()
    assert f"/sv/pilots/{paid_grant.pilot_id}/payout/stripe/" in page
    response = client.get(f"/sv/pilots/{paid_grant.pilot_id}/payout/stripe/refresh/")
    assert response.url == f"{fake_stripe.url}/onboarding/{account_id}"


def test_paid_payout_records_that_the_money_has_left_and_a_late_failure_changes_nothing(
    client, paid_grant, fake_stripe
):
    account_id = account_of(paid_grant)
    failed = fake_stripe.pay_out(account_id, status="failed")
    paid = fake_stripe.pay_out(account_id, status="paid")
    post(client, payout_event("evt_a", failed, account_id, "payout.failed"), **CONNECT)
    post(client, payout_event("evt_b", paid, account_id, "payout.paid"), **CONNECT)
    paid_grant.refresh_from_db()
    assert paid_grant.status == GrantStatus.PAID
    assert paid_grant.payout_paid_at is not None
    paid_at = paid_grant.payout_paid_at
    # The failure of the older payout, delivered again late and out of order, or repeated.
    post(client, payout_event("evt_c", failed, account_id, "payout.failed"), **CONNECT)
    post(client, payout_event("evt_b", paid, account_id, "payout.paid"), **CONNECT)
    paid_grant.refresh_from_db()
    assert (paid_grant.status, paid_grant.payout_paid_at) == (GrantStatus.PAID, paid_at)
    assert WebhookEvent.objects.filter(type__startswith="payout.").count() == 3


def test_a_payout_is_read_back_from_stripe_not_trusted_from_the_event(
    client, paid_grant, fake_stripe
):
    account_id = account_of(paid_grant)
    payout_id = fake_stripe.pay_out(account_id, status="paid")
    post(client, payout_event("evt_x", payout_id, account_id, "payout.failed"), **CONNECT)
    paid_grant.refresh_from_db()
    assert paid_grant.status == GrantStatus.PAID
    assert paid_grant.payout_paid_at is not None
    assert not to_resident(paid_grant)


def test_a_payout_of_another_account_changes_nothing(client, paid_grant, fake_stripe):
    other = fake_stripe.add_account()
    payout_id = fake_stripe.pay_out(other, status="failed")
    # Read as our resident's account, Stripe does not know that payout.
    event = payout_event("evt_y", payout_id, other, "payout.failed")
    assert post(client, event, **CONNECT).status_code == 200
    paid_grant.refresh_from_db()
    assert paid_grant.status == GrantStatus.PAID


# cancelling a funded pilot


def cancel(grant, director):
    return pilot_services.pilot_cancel(pilot=grant.pilot, by=director, grounds="Luovuttiin.")


def test_cancel_before_the_payout_reverses_the_transfer_once(
    paid_grant, area_director, fake_stripe
):
    assert paid_grant.pilot.status == PilotStatus.FUNDED
    account_id = account_of(paid_grant)
    assert fake_stripe.accounts[account_id]["balance"] == 50000
    pilot = cancel(paid_grant, area_director)
    assert pilot.status == PilotStatus.CANCELLED
    (remote,) = fake_stripe.reversals.values()
    payment = Payment.objects.get(grant=paid_grant)
    assert (remote["transfer"], remote["amount"]) == (payment.stripe_transfer_id, 50000)
    reversal = Reversal.objects.get()
    assert reversal.idempotency_key == f"minipilot-grant-{paid_grant.pk}-reversal-of-{payment.pk}"
    assert (reversal.status, reversal.stripe_reversal_id) == (PaymentStatus.SUCCEEDED, remote["id"])
    assert fake_stripe.accounts[account_id]["balance"] == 0
    paid_grant.refresh_from_db()
    assert paid_grant.status == GrantStatus.REVERSED
    (message,) = [
        m for m in to_resident(paid_grant) if "taken back" in m.subject or "tillbaka" in m.subject
    ]
    assert f"/sv/pilots/{paid_grant.pilot_id}/" in message.body
    with pytest.raises(WrongState):
        cancel(paid_grant, area_director)  # already cancelled
    assert len(fake_stripe.reversals) == 1


def test_cancel_after_a_failed_payout_still_reverses(
    client, paid_grant, area_director, fake_stripe
):
    account_id = account_of(paid_grant)
    payout_id = fake_stripe.pay_out(account_id, status="failed")
    post(client, payout_event("evt_f", payout_id, account_id, "payout.failed"), **CONNECT)
    cancel(paid_grant, area_director)
    assert len(fake_stripe.reversals) == 1
    assert Grant.objects.get(pk=paid_grant.pk).status == GrantStatus.REVERSED


def test_cancel_after_the_payout_is_refused_and_the_city_must_reclaim(
    client, paid_grant, area_director, fake_stripe
):
    account_id = account_of(paid_grant)
    payout_id = fake_stripe.pay_out(account_id)
    post(client, payout_event("evt_p", payout_id, account_id, "payout.paid"), **CONNECT)
    with translation.override("en"), pytest.raises(WrongState) as refused:
        cancel(paid_grant, area_director)
    assert "conditions of the decision" in str(refused.value.message)
    paid_grant.refresh_from_db()
    assert (paid_grant.status, paid_grant.pilot.status) == (GrantStatus.PAID, PilotStatus.FUNDED)
    assert not Reversal.objects.exists()
    assert not fake_stripe.reversals


def test_cancel_after_a_paid_sepa_file_is_refused(
    approved, proposer, finance_officer, area_director
):
    grant = sepa.grant_set_bank_details(
        grant=approved.grant, by=proposer, holder="Aino Asukas", iban="FI21 1234 5600 0007 85"
    )
    batch = sepa.sepa_batch_export(by=finance_officer)
    sepa.sepa_batch_mark_paid(batch=batch, by=finance_officer)
    grant.refresh_from_db()
    with pytest.raises(WrongState):
        cancel(grant, area_director)
    grant.refresh_from_db()
    assert (grant.status, grant.pilot.status) == (GrantStatus.PAID, PilotStatus.FUNDED)


def test_only_the_area_director_cancels_a_funded_pilot(paid_grant, other_director, fake_stripe):
    with pytest.raises(pilot_services.NotAllowed):
        cancel(paid_grant, other_director)
    assert not fake_stripe.reversals
    assert Grant.objects.get(pk=paid_grant.pk).status == GrantStatus.PAID


def test_a_reversal_timing_out_after_stripe_made_it_is_retried_with_the_same_key(
    paid_grant, area_director, fake_stripe
):
    fake_stripe.faults.append("timeout after")
    cancel(paid_grant, area_director)
    assert len(fake_stripe.reversals) == 1
    assert Reversal.objects.get().status == PaymentStatus.SUCCEEDED


def test_an_unknown_reversal_is_settled_by_reconciliation(paid_grant, area_director, fake_stripe):
    fake_stripe.faults.extend(["timeout after"] * 3)
    cancel(paid_grant, area_director)
    reversal = Reversal.objects.get()
    assert reversal.status == PaymentStatus.UNKNOWN
    assert Grant.objects.get(pk=paid_grant.pk).status == GrantStatus.REVERSING
    call_command("grants_reconcile", min_age=0)
    reversal.refresh_from_db()
    assert reversal.status == PaymentStatus.SUCCEEDED
    assert len(fake_stripe.reversals) == 1
    assert Grant.objects.get(pk=paid_grant.pk).status == GrantStatus.REVERSED


def test_a_reversal_stripe_answered_with_errors_and_never_made_is_sent_under_a_new_key(
    paid_grant, area_director, fake_stripe
):
    fake_stripe.faults.extend(["500 before"] * 3)
    cancel(paid_grant, area_director)
    first = Reversal.objects.get()
    assert (first.status, first.http_status) == (PaymentStatus.UNKNOWN, 500)
    assert not fake_stripe.reversals
    with translation.override("fi"):
        call_command("grants_reconcile", min_age=0)
    first.refresh_from_db()
    assert first.status == PaymentStatus.FAILED
    assert "uudella avaimella" in first.error
    retry = Reversal.objects.exclude(pk=first.pk).get()
    assert retry.status == PaymentStatus.SUCCEEDED
    assert retry.idempotency_key != first.idempotency_key
    assert len(fake_stripe.reversals) == 1
    assert Grant.objects.get(pk=paid_grant.pk).status == GrantStatus.REVERSED


def test_a_reversal_stripe_refuses_leaves_the_grant_for_the_city_to_reclaim(
    paid_grant, area_director, fake_stripe
):
    # Paid out, but the payout.paid event has not reached us yet.
    fake_stripe.pay_out(account_of(paid_grant))
    cancel(paid_grant, area_director)
    assert Reversal.objects.get().status == PaymentStatus.FAILED
    grant = Grant.objects.get(pk=paid_grant.pk)
    assert grant.status == GrantStatus.RECLAIM
    assert "Insufficient funds" in grant.blocked_reason  # Stripe's own words, in the note
    assert grant.transitions.last().action == "reclaim"
    assert not fake_stripe.reversals


def test_transfer_reversed_event_settles_a_reversal_whose_worker_died(
    client, paid_grant, area_director, fake_stripe, monkeypatch
):
    monkeypatch.setattr(stripe_reversals, "reversal_settle", lambda **kwargs: None)  # died here
    cancel(paid_grant, area_director)
    monkeypatch.undo()
    assert Reversal.objects.get().status == PaymentStatus.CLAIMED
    payment = Payment.objects.get(grant=paid_grant)
    event = {
        "id": "evt_r",
        "type": "transfer.reversed",
        "data": {"object": {"id": payment.stripe_transfer_id}},
    }
    post(client, event)
    post(client, event)
    reversal = Reversal.objects.get()
    assert reversal.status == PaymentStatus.SUCCEEDED
    assert reversal.stripe_reversal_id == next(iter(fake_stripe.reversals))
    assert Grant.objects.get(pk=paid_grant.pk).status == GrantStatus.REVERSED
    assert (
        len(
            [
                m
                for m in to_resident(paid_grant)
                if "taken back" in m.subject or "tillbaka" in m.subject
            ]
        )
        == 1
    )


# a Stripe account that is not ready when finance pays


def test_not_ready_at_claim_sends_the_resident_back_to_onboarding(
    ready_grant, finance_officer, proposer, fake_stripe
):
    StripeAccount.objects.filter(user=proposer).update(transfers_active=False)
    mail.outbox.clear()
    with pytest.raises(PaymentRefused) as refused:
        stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    assert "Stripe" in str(refused.value.message)
    grant = Grant.objects.get(pk=ready_grant.pk)
    assert grant.status == GrantStatus.AWAITING_DETAILS
    assert grant.blocked_reason
    assert not Payment.objects.exists()
    (message,) = to_resident(grant)
    assert f"/fi/pilots/{grant.pilot_id}/payout/stripe/refresh/" in message.body


def test_not_ready_at_transfer_sends_the_resident_back_and_becomes_ready_again(
    client, ready_grant, finance_officer, proposer, fake_stripe
):
    account_id = account_of(ready_grant)
    fake_stripe.accounts[account_id]["capabilities"]["transfers"] = "inactive"
    mail.outbox.clear()
    payment = stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    assert payment.status == PaymentStatus.FAILED
    grant = Grant.objects.get(pk=ready_grant.pk)
    assert grant.status == GrantStatus.AWAITING_DETAILS
    assert not StripeAccount.objects.get(user=proposer).transfers_active
    assert len(to_resident(grant)) == 1
    assert not fake_stripe.transfers

    fake_stripe.accounts[account_id]["capabilities"]["transfers"] = "active"
    event = {"id": "evt_acc", "type": "account.updated", "data": {"object": {"id": account_id}}}
    post(client, event, **CONNECT)
    grant.refresh_from_db()
    assert (grant.status, grant.blocked_reason) == (GrantStatus.READY, "")
    assert len(to_resident(grant)) == 2  # "we have your details"
    assert (
        stripe_payments.grant_pay(grant=grant, by=finance_officer).status == PaymentStatus.SUCCEEDED
    )
    assert len(fake_stripe.transfers) == 1
