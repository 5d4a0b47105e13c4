"""A payout marks as gone only the grants whose transfers it carried, when Stripe can tell.

One resident with two pilots, both paid by Stripe to the same connected account: the fake
Stripe lands each transfer as a payment on the account and itemises each automatic payout
as Stripe does (GET /v1/balance_transactions?payout=… as the account)."""

import pytest

from grants import stripe_gateway, stripe_payments
from grants.models import Grant, GrantStatus, PayoutMethod, StripeAccount, WebhookEvent
from grants.onboarding import stripe_account_activated
from pilots import services as pilot_services
from pilots.factories import PilotFactory
from tests.city import approve
from tests.fakes.stripe_webhooks import SECRET, post

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONNECT = {"url": "/stripe/webhook/connect/", "secret": "whsec_minipilot_test_connect"}


@pytest.fixture(autouse=True)
def webhook_secrets(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = CONNECT["secret"]


@pytest.fixture
def two_grants(budget, proposer, area_director, fake_stripe):
    """Two approved pilots of one resident, ready to pay to their one Stripe account."""
    grants = []
    for _ in range(2):
        pilot = PilotFactory(call=budget.call, area=budget.area, proposer=proposer)
        pilot = approve(pilot_services.pilot_submit(pilot=pilot, by=proposer), area_director)
        grants.append(pilot.grant)
    Grant.objects.filter(pk__in=[g.pk for g in grants]).update(method=PayoutMethod.STRIPE)
    account = StripeAccount.objects.create(user=proposer, account_id=fake_stripe.add_account())
    assert stripe_account_activated(account=account) == 2
    return account.account_id, grants


def pay(grant, finance_officer):
    payment = stripe_payments.grant_pay(grant=grant, by=finance_officer)
    return payment.stripe_transfer_id


def payout_event(event_id, payout_id, account_id, event_type):
    return {
        "id": event_id,
        "type": event_type,
        "account": account_id,
        "data": {"object": {"id": payout_id, "object": "payout"}},
    }


def states(grants):
    return [
        (grant.status, grant.payout_paid_at is not None)
        for grant in Grant.objects.filter(pk__in=[g.pk for g in grants]).order_by("pk")
    ]


def ordered(grants):
    return sorted(grants, key=lambda grant: grant.pk)


def test_stripe_itemises_an_automatic_payout_by_our_transfers(
    two_grants, finance_officer, fake_stripe
):
    account_id, (first, second) = two_grants
    first_transfer = pay(first, finance_officer)
    carried = fake_stripe.pay_out(account_id)
    second_transfer = pay(second, finance_officer)
    assert stripe_gateway.payout_transfer_ids(payout_id=carried, account_id=account_id) == [
        first_transfer
    ]
    later = fake_stripe.pay_out(account_id)
    assert stripe_gateway.payout_transfer_ids(payout_id=later, account_id=account_id) == [
        second_transfer
    ]
    # A payout lives on its own account only: read as another, Stripe knows none.
    other = fake_stripe.add_account()
    assert stripe_gateway.payout_transfer_ids(payout_id=carried, account_id=other) is None


def test_a_paid_payout_marks_only_the_grant_whose_transfer_it_carried(
    client, two_grants, finance_officer, fake_stripe
):
    account_id, (first, second) = two_grants
    first_transfer = pay(first, finance_officer)
    payout_id = fake_stripe.pay_out(account_id)
    pay(second, finance_officer)  # after the payout: still on the resident's Stripe balance
    event = payout_event("evt_po1", payout_id, account_id, "payout.paid")
    response = post(client, event, **CONNECT)
    assert response.status_code == 200
    assert states(ordered([first, second])) == [
        (GrantStatus.PAID, True),
        (GrantStatus.PAID, False),
    ]
    assert WebhookEvent.objects.get().outcome == (
        f"applied: payout {payout_id} paid, carrying transfers {first_transfer}; 1 grant(s) marked"
    )
    # The second grant's money has not left: cancelling its pilot may still reverse it.
    assert Grant.objects.get(pk=second.pk).payout_paid_at is None


def test_a_failed_payout_marks_only_the_grant_whose_transfer_it_carried(
    client, two_grants, finance_officer, fake_stripe
):
    account_id, (first, second) = two_grants
    pay(first, finance_officer)
    failed = fake_stripe.pay_out(account_id, status="failed")
    pay(second, finance_officer)
    post(client, payout_event("evt_f", failed, account_id, "payout.failed"), **CONNECT)
    assert states(ordered([first, second])) == [
        (GrantStatus.PAYOUT_FAILED, False),
        (GrantStatus.PAID, False),
    ]

    # The next payout carries the failed one's money back, which Stripe does not itemise by
    # transfer: every grant paid to the account counts as gone, the safe side.
    paid = fake_stripe.pay_out(account_id)
    assert stripe_gateway.payout_transfer_ids(payout_id=paid, account_id=account_id) is None
    post(client, payout_event("evt_p", paid, account_id, "payout.paid"), **CONNECT)
    assert states(ordered([first, second])) == [(GrantStatus.PAID, True), (GrantStatus.PAID, True)]


def test_a_payout_stripe_cannot_itemise_marks_every_grant_paid_to_the_account(
    client, two_grants, finance_officer, fake_stripe
):
    account_id, (first, second) = two_grants
    pay(first, finance_officer)
    manual = fake_stripe.pay_out(account_id, automatic=False)
    pay(second, finance_officer)
    assert stripe_gateway.payout_transfer_ids(payout_id=manual, account_id=account_id) is None
    post(client, payout_event("evt_m", manual, account_id, "payout.paid"), **CONNECT)
    # The second transfer came after the payout, but Stripe cannot say so for a manual one.
    assert states(ordered([first, second])) == [(GrantStatus.PAID, True), (GrantStatus.PAID, True)]
    assert "Stripe does not itemise this payout); 2 grant(s) marked" in (
        WebhookEvent.objects.get().outcome
    )


def test_repeated_and_late_payout_events_change_nothing(
    client, two_grants, finance_officer, fake_stripe
):
    account_id, (first, second) = two_grants
    pay(first, finance_officer)
    failed = fake_stripe.pay_out(account_id, status="failed")
    pay(second, finance_officer)
    paid = fake_stripe.pay_out(account_id)
    post(client, payout_event("evt_1", paid, account_id, "payout.paid"), **CONNECT)
    marked = list(
        Grant.objects.order_by("pk").values_list("pk", "status", "payout_paid_at", "updated_at")
    )
    transitions = {grant.pk: grant.transitions.count() for grant in (first, second)}

    again = post(client, payout_event("evt_1", paid, account_id, "payout.paid"), **CONNECT)
    assert again.content == b"duplicate"
    post(client, payout_event("evt_2", paid, account_id, "payout.paid"), **CONNECT)
    # The older failure, delivered late: a grant whose payout is paid never moves back.
    post(client, payout_event("evt_3", failed, account_id, "payout.failed"), **CONNECT)

    assert (
        list(
            Grant.objects.order_by("pk").values_list("pk", "status", "payout_paid_at", "updated_at")
        )
        == marked
    )
    assert {grant.pk: grant.transitions.count() for grant in (first, second)} == transitions
    outcomes = dict(WebhookEvent.objects.values_list("event_id", "outcome"))
    assert outcomes["evt_2"].endswith("0 grant(s) marked")
    assert outcomes["evt_3"].endswith("0 grant(s) marked")
