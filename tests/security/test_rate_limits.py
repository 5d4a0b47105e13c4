"""Rate limits: each limited action works up to its limit, then answers 429 with our page.

The limits count in the test settings' locmem cache, which tests/security/conftest.py empties
around every test.
"""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.factories import UserFactory
from tests.city import PASSWORD


def assert_limited(response):
    assert response.status_code == 429
    assert "429.html" in [template.name for template in response.templates]


@pytest.fixture
def limited_pages(funded, stories, proposer):
    """(name, url) of every limited resident form, with the limit per hour."""
    return [
        ("propose", reverse("pilots:propose"), 30),
        ("submit", reverse("pilots:submit", args=[funded.pk]), 10),
        ("report", reverse("pilots:report", args=[funded.pk]), 30),
        ("report_submit", reverse("pilots:report_submit", args=[funded.pk]), 10),
        ("adapt", reverse("pilots:adapt", args=[stories["library"].pk]), 10),
        ("support", reverse("pilots:proposal_support", args=[funded.pk]), 30),
        ("invite", reverse("pilots:team", args=[funded.pk]), 20),
        ("invitation", reverse("pilots:invitation", args=["not-a-link"]), 20),
        ("comment", reverse("discussions:proposal_comment", args=[funded.pk]), 30),
        ("story_comment", reverse("discussions:story_comment", args=[stories["library"].pk]), 30),
        ("follow", reverse("notifications:follow_story", args=[stories["library"].pk]), 60),
        ("notification_settings", reverse("notifications:settings"), 30),
    ]


def test_resident_forms_are_limited_per_user(client, limited_pages, proposer):
    client.force_login(proposer)
    for name, url, limit in limited_pages:
        for _ in range(limit):
            assert client.post(url).status_code != 429, name
        assert_limited(client.post(url))
        # Reading the form is not limited.
        if name in ("propose", "report", "adapt", "invite", "invitation", "notification_settings"):
            assert client.get(url).status_code == 200, name


def test_one_residents_limit_does_not_stop_another(client, limited_pages, proposer):
    client.force_login(proposer)
    url = reverse("pilots:propose")
    for _ in range(30):
        client.post(url)
    assert_limited(client.post(url))
    client.force_login(UserFactory())
    assert client.post(url).status_code == 200


def test_the_429_page_is_in_the_requests_language(client, proposer, budget):
    client.force_login(proposer)
    url = reverse("pilots:propose")
    for _ in range(30):
        client.post(url)
    response = client.post(url.replace("/fi/", "/en/"))
    assert_limited(response)
    assert '<html lang="en">' in response.content.decode()
    assert "<h1>Too many requests</h1>" in response.content.decode()
    assert response["Retry-After"] == "60"


def test_unsubscribe_posts_are_limited_per_address(client, db):
    url = reverse("notifications:unsubscribe", args=["not-a-link"])
    for _ in range(60):
        assert client.post(url).status_code == 400
    assert_limited(client.post(url))
    assert client.get(url).status_code == 400  # the page itself is not limited


@pytest.mark.parametrize("name", ["stripe_webhook", "stripe_connect_webhook"])
def test_stripe_webhooks_are_limited_per_address(client, db, name):
    url = reverse(name)
    for _ in range(300):
        # Unsigned: refused by the view, but each one still counts.
        assert client.post(url, data=b"{}", content_type="application/json").status_code == 400
    assert_limited(client.post(url, data=b"{}", content_type="application/json"))
    other_address = client.post(
        url, data=b"{}", content_type="application/json", REMOTE_ADDR="192.0.2.7"
    )
    assert other_address.status_code == 400


def test_signups_are_limited_per_address(client, site_pages):
    url = reverse("account_signup")
    for number in range(10):
        response = client.post(
            url,
            {
                "email": f"new{number}@example.org",
                "password1": "a long enough passphrase",
                "password2": "a long enough passphrase",
            },
        )
        assert response.status_code == 302
        client.logout()
    response = client.post(
        url,
        {
            "email": "one.more@example.org",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert_limited(response)


def test_failed_logins_lock_the_account_for_a_while(client, proposer, site_pages):
    url = reverse("account_login")
    for _ in range(5):
        response = client.post(url, {"login": proposer.email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(url, {"login": proposer.email, "password": PASSWORD})
    # Even the right password is refused until the window has passed.
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_password_reset_emails_are_limited_per_address(client, proposer, site_pages):
    url = reverse("account_reset_password")
    for _ in range(3):
        client.post(url, {"email": proposer.email})
    assert len(mail.outbox) == 3
    response = client.post(url, {"email": proposer.email})
    assert len(mail.outbox) == 3
    assert response.status_code in (200, 429)
