"""Residents sign up, verify and log in by email; staff use the same login page for the admin."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from accounts.roles import STAFF_ROLES
from pilotsite.settings.environment import oidc_providers
from tests.city import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, email, password=PASSWORD, language="fi", next_url=""):
    url = f"/{language}/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": password})


def test_sign_up_verify_and_log_in_in_swedish(client, site_pages):
    response = client.post(
        "/sv/accounts/signup/",
        {"email": "ingrid@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == "/sv/accounts/confirm-email/"
    user = User.objects.get(email="ingrid@example.org")
    assert user.language == "sv"
    assert not EmailAddress.objects.get(user=user).verified

    # Mandatory verification: no login before the address is confirmed.
    client.logout()
    response = login(client, "ingrid@example.org", language="sv")
    assert response.url == "/sv/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    (message, *_rest) = mail.outbox
    assert message.to == ["ingrid@example.org"]
    assert "bekräfta" in message.subject
    assert message.body.startswith("Hej,\n")
    confirm_url = re.search(r"http://testserver(/sv/accounts/confirm-email/\S+/)", message.body)[1]
    client.post(confirm_url)
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)

    client.logout()
    response = login(client, "ingrid@example.org", language="sv")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_shows_an_error_in_the_users_language(client, proposer, site_pages):
    response = login(client, proposer.email, password="wrong", language="fi")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Annettu sähköposti tai salasana ei ole oikein." in response.content.decode()


def test_password_reset_sends_a_link(client, proposer, site_pages):
    response = client.post("/en/accounts/password/reset/", {"email": proposer.email})
    assert response.status_code == 302
    assert mail.outbox[0].to == [proposer.email]
    assert "/en/accounts/password/reset/key/" in mail.outbox[0].body


def test_admin_sends_staff_to_the_public_login_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/fi/accounts/login/?next=/admin/"
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.url == "/fi/accounts/login/?next=/admin/pages/"


def test_director_logs_into_the_admin_through_the_login_page(client, area_director, site_pages):
    response = login(client, area_director.email, next_url="/admin/")
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_without_next_land_in_the_admin_and_residents_on_the_site(
    client, area_director, proposer, site_pages
):
    assert login(client, area_director.email).url == "/admin/"
    client.logout()
    assert login(client, proposer.email).url == "/fi/"


def test_resident_cannot_enter_the_admin(client, proposer, site_pages):
    login(client, proposer.email)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_createsuperuser_can_log_in_by_email(client, site_pages, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser",
        interactive=False,
        username="admin",
        email="admin@example.org",
        verbosity=0,
    )
    response = login(client, "admin@example.org", next_url="/admin/")
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_roles_exist_with_admin_access():
    for name in STAFF_ROLES:
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()
    coordinators = Group.objects.get(name="Coordinators")
    assert coordinators.page_permissions.filter(permission__codename="publish_page").exists()
    assert not Group.objects.get(name="Finance").page_permissions.exists()


def test_finance_holds_only_admin_access_and_still_reads_grants(client, finance_officer):
    """The Finance role reaches grants and SEPA files through their policy
    (grants.permissions.may_see_grants), so its group holds no model permission beyond
    admin access, and no page or collection permission."""
    finance = Group.objects.get(name="Finance")
    held = {(p.content_type.app_label, p.codename) for p in finance.permissions.all()}
    assert held == {("wagtailadmin", "access_admin")}
    assert not finance.page_permissions.exists()
    assert not finance.collection_permissions.exists()
    client.force_login(finance_officer)
    assert client.get("/admin/grants/").status_code == 200
    assert client.get("/admin/sepa-batches/").status_code == 200


def test_login_page_offers_no_identity_provider_by_default(client, site_pages):
    response = client.get("/fi/accounts/login/")
    assert response.status_code == 200
    assert "/accounts/oidc/" not in response.content.decode()


def test_login_page_offers_the_city_identity_provider_when_configured(client, site_pages):
    providers = oidc_providers(
        {
            "OIDC_CLIENT_ID": "minipilot",
            "OIDC_CLIENT_SECRET": "s3cret",
            "OIDC_SERVER_URL": "https://id.example.org",
            "OIDC_PROVIDER_ID": "city",
            "OIDC_PROVIDER_NAME": "Kaupungin tunnistus",
        }
    )
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers):
        content = client.get("/fi/accounts/login/").content.decode()
    assert "Kaupungin tunnistus" in content
    assert "/fi/accounts/oidc/city/login/" in content


def test_staff_job_title_and_language_are_edited_in_the_admin(client, area_director, site_pages):
    from accounts.factories import StaffFactory

    admin = StaffFactory(email="root@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    form = client.get(f"/admin/users/edit/{area_director.pk}/").content.decode()
    for language in ("fi", "sv", "en"):
        assert f'name="job_title_{language}"' in form
    assert 'name="language"' in form
