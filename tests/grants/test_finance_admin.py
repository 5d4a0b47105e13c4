"""Finance pays grants from the admin; nobody else can."""

import pytest

from grants.models import Grant, GrantStatus, Payment, PaymentStatus

# Real commits: the admin claims the payment, the task calls Stripe after the commit.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_finance_pays_a_grant_from_the_admin(client, ready_grant, finance_officer, fake_stripe):
    client.force_login(finance_officer)
    listing = client.get("/admin/grants/").content.decode()
    assert f"/admin/grants/inspect/{ready_grant.pk}/" in listing
    page = client.get(f"/admin/grants/inspect/{ready_grant.pk}/").content.decode()
    assert f"/admin/grants/pay/{ready_grant.pk}/" in page
    client.post(f"/admin/grants/pay/{ready_grant.pk}/")
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.PAID
    assert len(fake_stripe.transfers) == 1
    client.post(f"/admin/grants/pay/{ready_grant.pk}/")
    assert len(fake_stripe.transfers) == 1
    assert Payment.objects.count() == 1


def test_finance_pays_again_after_the_balance_is_topped_up(
    client, ready_grant, finance_officer, fake_stripe
):
    fake_stripe.balance_cents = 0
    client.force_login(finance_officer)
    client.post(f"/admin/grants/pay/{ready_grant.pk}/")
    grant = Grant.objects.get(pk=ready_grant.pk)
    assert grant.status == GrantStatus.BLOCKED
    assert grant.blocked_reason
    fake_stripe.balance_cents = 1_000_000
    client.post(f"/admin/grants/pay/{ready_grant.pk}/")
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.PAID
    assert sorted(Payment.objects.values_list("status", flat=True)) == [
        PaymentStatus.FAILED,
        PaymentStatus.SUCCEEDED,
    ]
    assert len(fake_stripe.transfers) == 1


def test_directors_and_residents_cannot_see_or_pay_grants(
    client, ready_grant, area_director, proposer, fake_stripe
):
    for user in (area_director, proposer):
        client.force_login(user)
        assert client.get("/admin/grants/").status_code == 302
        client.post(f"/admin/grants/pay/{ready_grant.pk}/")
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.READY
    assert not fake_stripe.transfers


def test_finance_pays_all_ready_grants_at_once(client, ready_grant, finance_officer, fake_stripe):
    client.force_login(finance_officer)
    assert ready_grant.pilot.title in client.get("/admin/grants/pay-all/").content.decode()
    response = client.post("/admin/grants/pay-all/")
    assert response.url == "/admin/grants/?status=submitting"
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.PAID
    assert len(fake_stripe.transfers) == 1
    client.post("/admin/grants/pay-all/")  # nothing left to pay
    assert len(fake_stripe.transfers) == 1
