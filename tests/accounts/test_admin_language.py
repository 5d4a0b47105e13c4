"""The admin speaks the language the user chose (User.language), not the browser's."""

import re

import pytest
from wagtail.users.models import UserProfile

from accounts.factories import StaffFactory
from accounts.roles import AREA_DIRECTORS
from tests.city import PASSWORD

pytestmark = pytest.mark.django_db


def admin_language(client, accept_language: str) -> str:
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()
    return re.search(r'<html lang="([^"]+)"', page)[1]


@pytest.fixture
def finnish_director(db):
    return StaffFactory(
        email="leena@example.org", language="fi", password=PASSWORD, role=AREA_DIRECTORS
    )


def test_a_finnish_director_whose_browser_says_swedish_gets_the_admin_in_finnish(
    client, finnish_director
):
    client.force_login(finnish_director)
    assert admin_language(client, "sv") == "fi"
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Kojelauta" in page and "Instrumentpanel" not in page


def test_a_swedish_director_whose_browser_says_finnish_gets_the_admin_in_swedish(client):
    director = StaffFactory(email="ingrid@example.org", language="sv", role=AREA_DIRECTORS)
    client.force_login(director)
    assert admin_language(client, "fi,en;q=0.5") == "sv"


def test_the_language_chosen_on_my_account_is_the_admins(client, finnish_director, site_pages):
    client.force_login(finnish_director)
    response = client.post(
        "/fi/me/", {"first_name": "Leena", "last_name": "Laine", "language": "en"}
    )
    assert response.status_code == 302
    assert admin_language(client, "fi") == "en"


def test_the_language_chosen_in_wagtails_account_settings_becomes_the_users(finnish_director):
    profile = UserProfile.get_for_user(finnish_director)
    profile.preferred_language = "sv"
    profile.save()
    finnish_director.refresh_from_db()
    assert finnish_director.language == "sv"


def test_wagtails_server_language_choice_keeps_the_users_language(client):
    director = StaffFactory(email="ingrid@example.org", language="sv", role=AREA_DIRECTORS)
    profile = UserProfile.get_for_user(director)
    profile.preferred_language = ""
    profile.save()
    director.refresh_from_db()
    assert (director.language, profile.preferred_language) == ("sv", "sv")
    client.force_login(director)
    assert admin_language(client, "fi") == "sv"


def test_an_account_from_before_the_rule_is_set_right_at_login(
    client, finnish_director, site_pages
):
    UserProfile.objects.filter(user=finnish_director).update(preferred_language="")
    response = client.post(
        "/fi/accounts/login/",
        {"login": finnish_director.email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 302
    assert UserProfile.objects.get(user=finnish_director).preferred_language == "fi"
    assert admin_language(client, "sv") == "fi"


def test_wagtail_offers_only_the_sites_languages(client, finnish_director):
    client.force_login(finnish_director)
    page = client.get("/admin/account/").content.decode()
    offered = re.findall(
        r'<option value="([a-z-]*)"',
        page.split('name="locale-preferred_language"')[1].split("</select>")[0],
    )
    assert sorted(offered) == ["", "en", "fi", "sv"]
