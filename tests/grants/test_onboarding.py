"""A resident of an approved pilot sets up Stripe Connect on Stripe's pages and becomes payable."""

import pytest

from accounts.factories import UserFactory
from grants.models import GrantStatus, StripeAccount

pytestmark = pytest.mark.django_db


def test_resident_is_sent_to_stripe_onboarding_with_a_recipient_account(
    client, approved, proposer, fake_stripe, site_pages
):
    client.force_login(proposer)
    html = client.get(f"/fi/pilots/{approved.pk}/").content.decode()
    assert f"/fi/pilots/{approved.pk}/payout/stripe/" in html
    response = client.post(f"/fi/pilots/{approved.pk}/payout/stripe/")
    account = StripeAccount.objects.get(user=proposer)
    assert response.url == f"{fake_stripe.url}/onboarding/{account.account_id}"
    remote = fake_stripe.accounts[account.account_id]
    assert remote["tos_acceptance"] == {"service_agreement": "recipient"}
    # A second visit (an expired link) reuses the same account.
    client.get(f"/fi/pilots/{approved.pk}/payout/stripe/refresh/")
    assert StripeAccount.objects.count() == 1
    assert len(fake_stripe.accounts) == 1


def test_grant_becomes_ready_only_when_stripe_says_transfers_are_active(
    client, approved, proposer, fake_stripe, site_pages
):
    client.force_login(proposer)
    client.post(f"/fi/pilots/{approved.pk}/payout/stripe/")
    account = StripeAccount.objects.get(user=proposer)
    client.get(f"/fi/pilots/{approved.pk}/payout/stripe/return/")
    approved.grant.refresh_from_db()
    assert approved.grant.status == GrantStatus.AWAITING_DETAILS

    fake_stripe.accounts[account.account_id]["capabilities"]["transfers"] = "active"
    response = client.get(f"/fi/pilots/{approved.pk}/payout/stripe/return/", follow=True)
    assert "Stripe-tilisi on valmis." in response.content.decode()
    approved.grant.refresh_from_db()
    assert approved.grant.status == GrantStatus.READY
    assert approved.grant.method == "stripe"


def test_other_people_cannot_start_someone_elses_payout(client, approved, fake_stripe, site_pages):
    client.force_login(UserFactory())
    assert client.post(f"/fi/pilots/{approved.pk}/payout/stripe/").status_code == 404
    assert not fake_stripe.accounts


def test_without_stripe_keys_stripe_is_not_offered(
    client, approved, proposer, settings, site_pages
):
    settings.STRIPE_SECRET_KEY = ""
    client.force_login(proposer)
    html = client.get(f"/en/pilots/{approved.pk}/").content.decode()
    assert "/payout/stripe/" not in html
    assert f"/en/pilots/{approved.pk}/payout/bank/" in html


def test_without_any_payout_method_the_resident_is_told_the_city_will_contact_them(
    client, approved, proposer, settings, site_pages
):
    settings.STRIPE_SECRET_KEY = ""
    settings.SEPA_DEBTOR_IBAN = ""
    client.force_login(proposer)
    html = client.get(f"/en/pilots/{approved.pk}/").content.decode()
    assert "The city will contact you about how the grant is paid." in html
    response = client.post(f"/en/pilots/{approved.pk}/payout/stripe/", follow=True)
    assert "not in use" in response.content.decode()
    assert not StripeAccount.objects.exists()
