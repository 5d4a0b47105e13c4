"""Stripe webhooks: verified on the raw body, applied once, right in any order."""

import hashlib
import hmac
import json
import time

import pytest

from grants import stripe_payments
from grants.models import GrantStatus, Payment, PaymentStatus, StripeAccount, WebhookEvent
from pilots.models import PilotStatus

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SECRET = "whsec_minipilot_test"


@pytest.fixture(autouse=True)
def webhook_secrets(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = SECRET + "_connect"


def signed(event: dict, secret=SECRET, timestamp=None):
    payload = json.dumps(event)
    timestamp = int(timestamp or time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return payload, f"t={timestamp},v1={signature.hexdigest()}"


def post(client, event, url="/stripe/webhook/", **kwargs):
    payload, header = signed(event, **kwargs)
    return client.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def account_event(event_id, account_id, transfers):
    return {
        "id": event_id,
        "type": "account.updated",
        "data": {"object": {"id": account_id, "capabilities": {"transfers": transfers}}},
    }


@pytest.fixture
def onboarding_grant(approved, fake_stripe):
    account_id = fake_stripe.add_account(transfers="inactive")
    StripeAccount.objects.create(user=approved.proposer, account_id=account_id)
    grant = approved.grant
    grant.method = "stripe"
    grant.save()
    return grant, account_id


def test_account_updated_makes_the_grant_ready(client, onboarding_grant, fake_stripe):
    grant, account_id = onboarding_grant
    fake_stripe.accounts[account_id]["capabilities"]["transfers"] = "active"
    response = post(
        client,
        account_event("evt_1", account_id, "active"),
        url="/stripe/webhook/connect/",
        secret=SECRET + "_connect",
    )
    assert response.status_code == 200
    grant.refresh_from_db()
    assert grant.status == GrantStatus.READY


def test_forged_signature_is_rejected(client, onboarding_grant, fake_stripe):
    grant, account_id = onboarding_grant
    fake_stripe.accounts[account_id]["capabilities"]["transfers"] = "active"
    response = post(client, account_event("evt_1", account_id, "active"), secret="whsec_wrong")
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    grant.refresh_from_db()
    assert grant.status == GrantStatus.AWAITING_DETAILS


def test_stale_timestamp_is_rejected(client, onboarding_grant):
    _grant, account_id = onboarding_grant
    response = post(
        client, account_event("evt_1", account_id, "active"), timestamp=time.time() - 3600
    )
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_unconfigured_secret_refuses_everything(client, settings, onboarding_grant):
    settings.STRIPE_WEBHOOK_SECRET = ""
    _grant, account_id = onboarding_grant
    assert post(client, account_event("evt_1", account_id, "active"), secret="").status_code == 400


def test_duplicate_event_is_applied_once(
    client, ready_grant, finance_officer, fake_stripe, monkeypatch
):
    monkeypatch.setattr(stripe_payments, "payment_settle", lambda **kwargs: None)  # worker died
    stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    monkeypatch.undo()
    (transfer_id,) = fake_stripe.transfers
    event = {"id": "evt_t1", "type": "transfer.created", "data": {"object": {"id": transfer_id}}}
    assert post(client, event).status_code == 200
    assert post(client, event).status_code == 200
    assert WebhookEvent.objects.filter(event_id="evt_t1").count() == 1
    payment = Payment.objects.get()
    assert (payment.status, payment.stripe_transfer_id) == (PaymentStatus.SUCCEEDED, transfer_id)
    ready_grant.refresh_from_db()
    assert ready_grant.status == GrantStatus.PAID
    assert ready_grant.pilot.status == PilotStatus.FUNDED
    assert ready_grant.pilot.transitions.filter(action="fund").count() == 1


def test_out_of_order_events_never_move_a_grant_back(client, onboarding_grant, fake_stripe):
    grant, account_id = onboarding_grant
    fake_stripe.accounts[account_id]["capabilities"]["transfers"] = "active"
    post(client, account_event("evt_new", account_id, "active"))
    # An older event, delivered late, still says the account was not ready.
    post(client, account_event("evt_old", account_id, "inactive"))
    grant.refresh_from_db()
    assert grant.status == GrantStatus.READY
    assert WebhookEvent.objects.count() == 2


def test_transfer_event_for_an_already_settled_payment_changes_nothing(
    client, ready_grant, finance_officer, fake_stripe
):
    stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    (transfer_id,) = fake_stripe.transfers
    post(
        client,
        {"id": "evt_t2", "type": "transfer.updated", "data": {"object": {"id": transfer_id}}},
    )
    assert ready_grant.pilot.transitions.filter(action="fund").count() == 1


def test_unhandled_event_types_are_recorded_and_acknowledged(client):
    event = {"id": "evt_p", "type": "payout.paid", "data": {"object": {"id": "po_1"}}}
    assert post(client, event).status_code == 200
    assert WebhookEvent.objects.filter(event_id="evt_p").exists()


def test_malformed_body_is_rejected(client):
    payload = "not json"
    timestamp = int(time.time())
    signature = hmac.new(
        SECRET.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    response = client.post(
        "/stripe/webhook/",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=f"t={timestamp},v1={signature}",
    )
    assert response.status_code == 400
