"""Stripe webhooks: verified on the raw body, applied once, right in any order."""

import hashlib
import hmac
import socket
import time

import pytest

from grants import stripe_payments
from grants.models import (
    Grant,
    GrantStatus,
    GrantTransition,
    Payment,
    PaymentStatus,
    Reversal,
    StripeAccount,
    WebhookEvent,
)
from pilots.models import PilotStatus
from tests.fakes.stripe_webhooks import SECRET, post

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def webhook_secrets(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = SECRET + "_connect"


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


# Well-signed events that are odd, or whose object Stripe will not show: never a 500.

CONNECT = {"url": "/stripe/webhook/connect/", "secret": SECRET + "_connect"}


def money_state():
    """Every field a webhook could move money or a grant by, to show that none moved."""
    return (
        list(
            Grant.objects.order_by("pk").values_list(
                "pk", "status", "payout_paid_at", "blocked_reason"
            )
        ),
        list(Payment.objects.order_by("pk").values_list("pk", "status", "stripe_transfer_id")),
        list(Reversal.objects.order_by("pk").values_list("pk", "status")),
        GrantTransition.objects.count(),
    )


@pytest.fixture
def claimed_payment(ready_grant, finance_officer, fake_stripe, monkeypatch):
    """A payment Stripe made whose worker died before recording it: the grant is in progress."""
    monkeypatch.setattr(stripe_payments, "payment_settle", lambda **kwargs: None)
    stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    monkeypatch.undo()
    return Payment.objects.get()


def transfer_event(event_id, transfer_id, event_type="transfer.created"):
    return {"id": event_id, "type": event_type, "data": {"object": {"id": transfer_id}}}


def test_a_transfer_stripe_does_not_know_is_recorded_and_acknowledged(
    client, claimed_payment, fake_stripe
):
    before = money_state()
    response = post(client, transfer_event("evt_unknown_tr", "tr_NotAtStripe"))
    assert response.status_code == 200
    event = WebhookEvent.objects.get(event_id="evt_unknown_tr")
    assert event.outcome == "transfer tr_NotAtStripe not found at Stripe; nothing changed"
    assert response.content.decode() == event.outcome
    assert money_state() == before
    assert claimed_payment.status == PaymentStatus.CLAIMED


def test_a_reversal_event_for_a_transfer_stripe_does_not_know_changes_nothing(
    client, claimed_payment
):
    before = money_state()
    response = post(client, transfer_event("evt_unknown_rv", "tr_gone", "transfer.reversed"))
    assert response.status_code == 200
    assert WebhookEvent.objects.get().outcome.startswith("transfer tr_gone not found at Stripe")
    assert money_state() == before


def test_a_transfer_made_by_hand_at_stripe_is_ignored(client, claimed_payment, fake_stripe):
    """Someone's own transfer, its metadata not ours: Stripe shows it, it pays nothing of ours."""
    fake_stripe.transfers["tr_byhand"] = {
        "id": "tr_byhand",
        "object": "transfer",
        "metadata": {"payment_id": "not-a-number"},
        "reversed": False,
    }
    before = money_state()
    assert post(client, transfer_event("evt_hand", "tr_byhand")).status_code == 200
    assert WebhookEvent.objects.get().outcome == (
        "ignored: transfer tr_byhand pays no Minipilot payment"
    )
    assert money_state() == before


def test_a_payout_stripe_does_not_know_is_recorded_and_acknowledged(
    client, claimed_payment, fake_stripe
):
    account_id = claimed_payment.destination
    stripe_payments.payment_settle(
        payment=claimed_payment, transfer_id=next(iter(fake_stripe.transfers))
    )
    before = money_state()
    event = {
        "id": "evt_unknown_po",
        "type": "payout.paid",
        "account": account_id,
        "data": {"object": {"id": "po_NotAtStripe", "object": "payout"}},
    }
    response = post(client, event, **CONNECT)
    assert response.status_code == 200
    assert WebhookEvent.objects.get().outcome == (
        "payout po_NotAtStripe not found at Stripe; nothing changed"
    )
    assert money_state() == before
    assert Grant.objects.get().payout_paid_at is None


def test_an_account_stripe_does_not_know_is_recorded_and_acknowledged(
    client, onboarding_grant, proposer
):
    grant, _account_id = onboarding_grant
    StripeAccount.objects.filter(user=proposer).update(account_id="acct_DeletedAtStripe")
    before = money_state()
    response = post(client, account_event("evt_gone", "acct_DeletedAtStripe", "active"), **CONNECT)
    assert response.status_code == 200
    assert WebhookEvent.objects.get().outcome == (
        "account acct_DeletedAtStripe not found at Stripe; nothing changed"
    )
    assert money_state() == before
    grant.refresh_from_db()
    assert grant.status == GrantStatus.AWAITING_DETAILS


def test_an_account_that_is_not_ours_is_recorded_as_ignored(client, db):
    response = post(client, account_event("evt_other", "acct_SomeoneElse", "active"), **CONNECT)
    assert response.status_code == 200
    assert WebhookEvent.objects.get().outcome == (
        "ignored: account acct_SomeoneElse is not a Minipilot recipient"
    )


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(transfer_event("evt_" + "a" * 300, "tr_1"), id="oversized id"),
        pytest.param(transfer_event("evt_1\x00", "tr_1"), id="NUL in id"),
        pytest.param(transfer_event("evt 1", "tr_1"), id="space in id"),
        pytest.param(transfer_event(12345, "tr_1"), id="numeric id"),
        pytest.param(transfer_event("", "tr_1"), id="empty id"),
        pytest.param({"id": "evt_1", "data": {"object": {"id": "tr_1"}}}, id="no type"),
        pytest.param(transfer_event("evt_1", "tr_1", ["transfer.created"]), id="type a list"),
        pytest.param(transfer_event("evt_1", "tr_1", "transfer.created\x00"), id="NUL in type"),
        pytest.param(
            {"id": "evt_1", "type": "transfer.created", "data": {"object": "tr_1"}},
            id="object not a dict",
        ),
        pytest.param({"id": "evt_1", "type": "transfer.created", "data": []}, id="data a list"),
        pytest.param(transfer_event("evt_1", "po_1"), id="object id of another kind"),
        pytest.param(transfer_event("evt_1", "tr_" + "x" * 300), id="oversized object id"),
        pytest.param(transfer_event("evt_1", None), id="object without id"),
        pytest.param(
            {**transfer_event("evt_1", "tr_1"), "account": "acct_1\x00"}, id="odd account"
        ),
        pytest.param(["evt_1"], id="not an object"),
    ],
)
def test_a_signed_body_that_is_not_a_stripe_event_is_refused(
    client, claimed_payment, caplog, event
):
    before = money_state()
    with caplog.at_level("WARNING", logger="grants.webhooks"):
        response = post(client, event)
    assert response.status_code == 400
    assert response.content.decode().startswith("malformed event: ")
    assert not WebhookEvent.objects.exists()
    assert money_state() == before
    (record,) = [r for r in caplog.records if r.name == "grants.webhooks"]
    assert "\x00" not in record.getMessage()
    assert "aaaa" not in record.getMessage()


def test_an_unknown_type_is_recorded_with_its_outcome(client, db):
    event = {"id": "evt_new_kind", "type": "charge.refunded", "data": {"object": {"id": "ch_1"}}}
    assert post(client, event).status_code == 200
    assert WebhookEvent.objects.get().outcome == "ignored: unknown type"


def test_a_timestamp_in_the_future_is_rejected_like_a_stale_one(client, claimed_payment):
    event = transfer_event("evt_future", "tr_1")
    before = money_state()
    assert post(client, event, timestamp=time.time() + 3600).status_code == 400
    assert post(client, event, timestamp=time.time() - 3600).status_code == 400
    assert not WebhookEvent.objects.exists()
    assert money_state() == before
    # Within the tolerance either way, the same event is taken.
    assert post(client, event, timestamp=time.time() + 60).status_code == 200


def test_stripe_unreachable_while_reading_back_asks_for_redelivery(
    client, claimed_payment, fake_stripe, settings
):
    (transfer_id,) = fake_stripe.transfers
    event = transfer_event("evt_later", transfer_id)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.STRIPE_API_BASE = f"http://127.0.0.1:{closed.getsockname()[1]}"
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    before = money_state()
    response = post(client, event)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert not WebhookEvent.objects.exists()
    assert money_state() == before

    settings.STRIPE_API_BASE = fake_stripe.url  # Stripe delivers the event again
    response = post(client, event)
    assert response.status_code == 200
    assert WebhookEvent.objects.get().outcome == (
        f"applied: transfer {transfer_id} settles payment {claimed_payment.pk}"
    )
    assert Grant.objects.get().status == GrantStatus.PAID


def test_stripe_refusing_our_own_key_is_not_taken_as_an_answer_about_the_event(
    client, claimed_payment, fake_stripe, settings
):
    """A wrong API key says nothing about the transfer: recording the event as "nothing
    changed" would lose it for good, so Stripe is asked to deliver it again."""
    (transfer_id,) = fake_stripe.transfers
    settings.STRIPE_SECRET_KEY = "rk_live_revoked"
    before = money_state()
    response = post(client, transfer_event("evt_key", transfer_id))
    assert response.status_code == 503
    assert not WebhookEvent.objects.exists()
    assert money_state() == before


def test_a_duplicate_delivery_is_answered_as_one_and_changes_nothing(
    client, claimed_payment, fake_stripe
):
    (transfer_id,) = fake_stripe.transfers
    event = transfer_event("evt_twice", transfer_id)
    first = post(client, event)
    after_first = money_state()
    second = post(client, event)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.content == b"duplicate"
    assert money_state() == after_first
    assert WebhookEvent.objects.get().outcome.startswith("applied: ")
