"""Finance pays grants from the admin; nobody else can."""

import pytest
from django.utils.html import escape

from grants.models import Grant, GrantStatus, Payment, PaymentStatus

# Real commits: the admin claims the payment, the task calls Stripe after the commit.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_finance_pays_a_grant_from_the_admin(client, ready_grant, finance_officer, fake_stripe):
    client.force_login(finance_officer)
    listing = client.get("/admin/grants/").content.decode()
    assert f"/admin/grants/inspect/{ready_grant.pk}/" in listing
    page = client.get(f"/admin/grants/inspect/{ready_grant.pk}/").content.decode()
    assert f"/admin/grants/pay/{ready_grant.pk}/" in page
    # The finance officer's admin is in Finnish; its labels start with a capital letter.
    for label in ("Maksutapa", "Maksut", "Viimeisin virhe", "Siirron peruutus"):
        assert f">{label}<" in page, label
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


def test_finance_pays_all_ready_grants_at_once_and_follows_the_run(
    client, ready_grant, finance_officer, fake_stripe
):
    client.force_login(finance_officer)
    assert ready_grant.pilot.title in client.get("/admin/grants/pay-all/").content.decode()
    response = client.post("/admin/grants/pay-all/")
    payment = Payment.objects.get()
    assert response.url == f"/admin/grants/pay-all/{payment.run}/"
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.PAID
    assert len(fake_stripe.transfers) == 1
    page = client.get(response.url)
    progress = page.context["progress"]
    assert (progress["total"], progress["paid"], progress["done"]) == (1, 1, True)
    html = page.content.decode()
    assert 'aria-live="polite"' in html
    assert 'data-done="true"' in html
    assert "grants/js/payment_progress" in html
    assert f'href="{response.url}"' in html  # reload link, for a browser without scripts
    assert "<script>" not in html.split('id="payment-progress"')[1]  # no inline script
    client.post("/admin/grants/pay-all/")  # nothing left to pay
    assert len(fake_stripe.transfers) == 1


def test_the_run_page_counts_payments_still_in_flight_and_what_was_not_paid(
    client, ready_grant, approved, finance_officer, fake_stripe, monkeypatch
):
    from grants import stripe_payments

    monkeypatch.setattr(stripe_payments, "payment_settle", lambda **kwargs: None)  # worker still busy
    client.force_login(finance_officer)
    run = client.post("/admin/grants/pay-all/").url
    progress = client.get(run).context["progress"]
    assert (progress["sending"], progress["done"]) == (1, False)
    assert 'data-done="false"' in client.get(run).content.decode()
    Payment.objects.update(status=PaymentStatus.FAILED)
    Grant.objects.update(blocked_reason="Stripe refused the transfer")
    html = client.get(run).content.decode()
    assert "Stripe refused the transfer" in html
    assert f"/admin/grants/inspect/{ready_grant.pk}/" in html


def test_the_run_page_is_for_finance_only(client, area_director):
    client.force_login(area_director)
    response = client.get("/admin/grants/pay-all/00000000-0000-0000-0000-000000000000/")
    assert response.status_code in (302, 403)


def test_finance_sees_what_to_do_next_for_a_grant_sent_back_to_onboarding(
    client, ready_grant, finance_officer, fake_stripe
):
    fake_stripe.accounts[next(iter(fake_stripe.accounts))]["capabilities"]["transfers"] = "x"
    client.force_login(finance_officer)
    client.post(f"/admin/grants/pay/{ready_grant.pk}/")
    grant = Grant.objects.get(pk=ready_grant.pk)
    assert grant.status == GrantStatus.AWAITING_DETAILS
    page = client.get(f"/admin/grants/inspect/{grant.pk}/").content.decode()
    assert escape(grant.blocked_reason) in page
    listing = client.get("/admin/grants/?status=payout_failed")
    assert listing.status_code == 200
