"""Every response carries the security headers; the public site's CSP allows no inline script,
and no public page holds one (nor an inline style or an on* handler) for the CSP to block."""

import pytest
from django.urls import reverse

from tests.security.inline_code import inline_code

PUBLIC_PAGES = [
    "/fi/",
    "/sv/",
    "/en/",
    "/fi/decisions/",
    "/fi/statistics/",
    "/fi/open-data/",
    "/fi/accounts/login/",
    "/fi/accounts/signup/",
    "/fi/accounts/password/reset/",
    "/fi/no-such-page/",
]


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def published(stories, site_pages):
    return stories


def test_public_pages_send_a_strict_content_security_policy(client, published):
    for url in [*PUBLIC_PAGES, published["library"].url]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"][0] == "'self'"
        assert set(policy["img-src"]) <= {"'self'", "data:"}


def test_every_response_sends_the_other_security_headers(client, site_pages):
    for url in ["/fi/", "/fi/accounts/login/", reverse("reporting:grants_json")]:
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        features = dict(
            item.strip().split("=") for item in response["Permissions-Policy"].split(",")
        )
        for feature in ("camera", "microphone", "geolocation"):
            assert features[feature] == "()"


def test_the_admin_gets_its_own_policy_with_inline_scripts_only_there(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    # Wagtail's admin writes inline scripts and styles; it may be framed by itself (previews).
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in " ".join(policy["default-src"])


def test_public_pages_hold_no_inline_script_style_or_handler(client, published, proposer, draft):
    pages = [*PUBLIC_PAGES, published["library"].url, published["library"].get_parent().url]
    pages.append(reverse("pilots:decision_detail", args=[published["library"].pilot.decision.pk]))
    for url in pages:
        assert inline_code(client.get(url).content.decode()) == [], url
    client.force_login(proposer)
    for url in [
        reverse("pilots:mine"),
        reverse("pilots:propose"),
        reverse("pilots:detail", args=[draft.pk]),
        reverse("pilots:edit", args=[draft.pk]),
        reverse("pilots:withdraw", args=[draft.pk]),
        reverse("pilots:adapt", args=[published["library"].pk]),
        reverse("accounts:mine"),
        reverse("privacy:delete"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


def test_inline_code_finds_what_the_policy_would_block():
    html = (
        '<script>alert(1)</script><script src="/s.js"></script><p style="color:red">'
        '<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">x</a>'
    )
    assert len(inline_code(html)) == 4
