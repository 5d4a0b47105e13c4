"""What a new user meets on the accounts side: sign-up with a name, the emails, the login pages."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from accounts.emails import on_site_url
from accounts.factories import UserFactory
from accounts.models import User
from grants.notifications import notify_payment_step
from privacy import services
from tests.city import PASSWORD

SITE = "http://127.0.0.1:8301"

pytestmark = pytest.mark.django_db


def sign_up(client, language="fi", host="testserver", **fields):
    data = {"email": "aino@example.org", "password1": PASSWORD, "password2": PASSWORD}
    return client.post(f"/{language}/accounts/signup/", {**data, **fields}, HTTP_HOST=host)


def links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def link_texts(html: str, href: str) -> list[str]:
    return [text.strip().lower() for text in re.findall(rf'<a href="{href}">([^<]*)</a>', html)]


# Sign-up asks for a name, optionally.


@pytest.mark.parametrize(
    ("language", "first", "last"),
    [
        ("fi", "Etunimi (vapaaehtoinen)", "Sukunimi (vapaaehtoinen)"),
        ("sv", "Förnamn (frivilligt)", "Efternamn (frivilligt)"),
        ("en", "First name (optional)", "Last name (optional)"),
    ],
)
def test_sign_up_asks_for_a_name_marked_optional(client, site_pages, language, first, last):
    page = client.get(f"/{language}/accounts/signup/").content.decode()
    assert f'<label for="id_first_name">{first}' in page
    assert f'<label for="id_last_name">{last}' in page
    assert 'autocomplete="given-name"' in page
    assert (
        'name="first_name"' in page
        and "required" not in re.search(r"<input[^>]*name=\"first_name\"[^>]*>", page)[0]
    )
    # The name comes right after the email address, before the passwords.
    assert page.index('name="email"') < page.index('name="first_name"') < page.index("password1")


def test_the_name_given_at_sign_up_greets_in_the_email_and_fills_my_account(client, site_pages):
    response = sign_up(client, first_name="Aino", last_name="Asukas")
    assert response.status_code == 302
    user = User.objects.get(email="aino@example.org")
    assert (user.first_name, user.last_name) == ("Aino", "Asukas")
    (message,) = mail.outbox
    assert message.body.startswith("Hei Aino Asukas,\n")
    client.force_login(user)
    page = client.get("/fi/me/").content.decode()
    assert 'value="Aino"' in page and 'value="Asukas"' in page


@pytest.mark.parametrize(("language", "greeting"), [("fi", "Hei,"), ("sv", "Hej,")])
def test_sign_up_without_a_name_is_greeted_neutrally(client, site_pages, language, greeting):
    response = sign_up(client, language=language)
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.body.startswith(f"{greeting}\n")
    assert " ," not in message.body


@pytest.mark.parametrize(
    ("language", "name", "greeting"),
    [
        ("fi", "Aino Asukas", "Hei Aino Asukas,"),
        ("fi", "", "Hei,"),
        ("sv", "Ingrid Holm", "Hej Ingrid Holm,"),
        ("sv", "", "Hej,"),
        ("en", "", "Hello,"),
    ],
)
def test_the_shared_greeting(language, name, greeting):
    with translation.override(language):
        assert render_to_string("accounts/email/greeting.txt", {"name": name}) == greeting


def test_grant_emails_greet_a_resident_without_a_name_neutrally(approved):
    resident = approved.proposer
    resident.first_name = resident.last_name = ""
    resident.save()
    mail.outbox.clear()
    notify_payment_step(approved.grant, "payment_sent")
    (message,) = mail.outbox
    assert message.body.startswith("Hei,\n")
    assert "Hei ," not in message.body


def test_grant_emails_greet_by_name(approved):
    mail.outbox.clear()
    notify_payment_step(approved.grant, "payment_sent")
    assert mail.outbox[0].body.startswith("Hei Aino Asukas,\n")


def test_password_reset_email_greets_by_name_and_shows_no_username(client, site_pages):
    user = UserFactory(email="aino@example.org", first_name="Aino", last_name="Asukas")
    user.username = "internal-7f3k"
    user.save()
    client.post("/fi/accounts/password/reset/", {"email": user.email})
    (message,) = mail.outbox
    assert message.body.startswith("Hei Aino Asukas,\n")
    assert "internal-7f3k" not in message.body


# The login message never shows the internal username.


@pytest.mark.parametrize(
    ("language", "named", "unnamed"),
    [
        ("fi", "Tervetuloa, Aino Asukas! Olet kirjautunut sisään.", "Olet kirjautunut sisään."),
        ("sv", "Välkommen, Aino Asukas! Du är inloggad.", "Du är inloggad."),
        ("en", "Welcome, Aino Asukas! You are logged in.", "You are logged in."),
    ],
)
def test_the_login_message_names_the_person_not_the_username(
    client, site_pages, language, named, unnamed
):
    aino = UserFactory(
        email="aino@example.org", first_name="Aino", last_name="Asukas", password=PASSWORD
    )
    nameless = UserFactory(email="nn@example.org", first_name="", last_name="", password=PASSWORD)
    for number, user in enumerate([aino, nameless]):
        User.objects.filter(pk=user.pk).update(username=f"internal-7f3k{number}")
    for user, expected in [(aino, named), (nameless, unnamed)]:
        client.logout()
        response = client.post(
            f"/{language}/accounts/login/", {"login": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302
        shown = [str(message) for message in get_messages(response.wsgi_request)]
        assert shown == [expected]


# Email links come from SITE_URL, whatever host the request came to.


@override_settings(WAGTAILADMIN_BASE_URL=SITE)
def test_confirmation_link_is_on_site_url_and_works(client, site_pages):
    sign_up(client, language="sv", host="10.0.0.5:8000")
    (message,) = mail.outbox
    assert links(message.body)
    assert all(link.startswith(f"{SITE}/") or link == SITE for link in links(message.body))
    confirm = re.search(rf"{re.escape(SITE)}(/sv/accounts/confirm-email/\S+/)", message.body)[1]
    client.post(confirm)
    assert client.session["_auth_user_id"] == str(User.objects.get(email="aino@example.org").pk)


@override_settings(WAGTAILADMIN_BASE_URL=SITE)
def test_password_reset_and_sign_up_again_links_are_on_site_url(client, site_pages):
    UserFactory(email="aino@example.org")
    client.post("/en/accounts/password/reset/", {"email": "aino@example.org"})
    client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    sign_up(client, language="en")
    reset, unknown, exists = mail.outbox
    assert re.search(rf"{re.escape(SITE)}/en/accounts/password/reset/key/\S+/", reset.body)
    assert f"{SITE}/en/accounts/signup/" in unknown.body
    assert f"{SITE}/en/accounts/password/reset/" in exists.body
    for message in mail.outbox:
        assert "testserver" not in message.body


@override_settings(WAGTAILADMIN_BASE_URL=SITE)
def test_grant_email_links_are_on_site_url(approved):
    mail.outbox.clear()
    notify_payment_step(approved.grant, "details_received")
    assert f"{SITE}/fi/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://minipilot.example.fi", "https://minipilot.example.fi/fi/a/?b=1#c"),
        ("https://example.fi/minipilot/", "https://example.fi/minipilot/fi/a/?b=1#c"),
    ],
)
def test_on_site_url_keeps_path_query_and_fragment(base, expected):
    with override_settings(WAGTAILADMIN_BASE_URL=base):
        assert on_site_url("http://10.0.0.5:8000/fi/a/?b=1#c") == expected


# Deleting the account is confirmed to the address it had.


def test_deleting_the_account_is_confirmed_in_the_users_language(
    client, funded, django_capture_on_commit_callbacks
):
    user = funded.proposer
    user.language = "sv"
    user.set_password(PASSWORD)
    user.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        services.user_delete_account(user=user, by=user)
        assert mail.outbox == []  # nothing leaves before the deletion is committed
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == ["aino@example.org"]
    assert message.subject == "Ditt Minipilot-konto har raderats"
    assert message.body.startswith("Hej Aino Asukas,\n")
    assert "dina bankuppgifter" in message.body
    assert "Staden sparar de förslag du skickade in med deras beslut" in message.body


def test_deleting_an_account_with_no_records_says_nothing_is_kept(
    client, site_pages, django_capture_on_commit_callbacks
):
    user = UserFactory(email="ville@example.org", first_name="", last_name="", password=PASSWORD)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fi/me/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["ville@example.org"]
    assert message.subject == "Minipilot-tilisi on poistettu"
    assert message.body.startswith("Hei,\n")
    assert "pankkitietosi" in message.body
    assert "Kaupunki säilyttää" not in message.body


def test_a_refused_deletion_sends_nothing(coordinator):
    with pytest.raises(services.AccountActionRefused):
        services.user_delete_account(user=coordinator, by=coordinator)
    assert mail.outbox == []


# The login and sign-up pages link to each other with the right words in every language.


@pytest.mark.parametrize(
    ("language", "to_signup", "to_login"),
    [
        ("fi", "Rekisteröidy", "Kirjaudu sisään"),
        ("sv", "Registrera dig", "logga in"),
        ("en", "sign up", "sign in"),
    ],
)
def test_login_and_sign_up_pages_link_to_each_other(
    client, site_pages, language, to_signup, to_login
):
    login_page = client.get(f"/{language}/accounts/login/").content.decode()
    signup_page = client.get(f"/{language}/accounts/signup/").content.decode()
    to_signup_links = link_texts(login_page, f"/{language}/accounts/signup/")
    to_login_links = link_texts(signup_page, f"/{language}/accounts/login/")
    assert to_signup.lower() in to_signup_links
    assert to_login.lower() not in to_signup_links
    assert to_login.lower() in to_login_links
    assert to_signup.lower() not in to_login_links
