"""The site as a visitor, a new resident and a director meet it in Chromium."""

import re

import pytest
from django.core import mail

from tests.browser.axe import serious_violations
from tests.city import PASSWORD
from tests.home.legal_pages import LEGAL_URLS

ACCOUNT_PAGES = ["accounts/login/", "accounts/signup/", "accounts/password/reset/"]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_public_pages_pass_axe_and_declare_their_language(page, site_pages, language):
    urls = [
        f"/{language}/",
        *LEGAL_URLS[language],
        *(f"/{language}/{path}" for path in ACCOUNT_PAGES),
        f"/{language}/no-such-page/",
    ]
    violations = []
    for url in urls:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language, url
        violations += serious_violations(page)
    assert violations == []


def test_sign_up_form_with_errors_passes_axe(page, site_pages):
    page.goto("/fi/accounts/signup/")
    page.get_by_label("Sähköposti").fill("not-an-address")
    page.get_by_role("button", name="Rekisteröidy").click()
    # The browser's own validation keeps a malformed address from being sent.
    page.get_by_label("Sähköposti").fill("aino@example.org")
    page.locator("#id_password1").fill("short")
    page.locator("#id_password2").fill("other")
    page.get_by_role("button", name="Rekisteröidy").click()
    assert page.locator(".errorlist").count() >= 1
    assert serious_violations(page) == []


def test_pages_fit_a_320_pixel_wide_phone(page, site_pages):
    page.set_viewport_size({"width": 320, "height": 640})
    for url in ["/fi/", "/sv/tillganglighetsutlatande/", "/en/accounts/signup/"]:
        page.goto(url)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, f"{url} scrolls sideways: {scroll_width}px"


def test_skip_link_is_the_first_stop_and_leads_to_the_content(page, site_pages):
    page.goto("/fi/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Siirry pääsisältöön"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link must be visible"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_keeps_the_page(page, site_pages):
    page.goto("/fi/saavutettavuusseloste/")
    page.get_by_role("navigation", name="Kieli").get_by_role("link", name="Svenska").click()
    assert page.url.endswith("/sv/tillganglighetsutlatande/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tillgänglighetsutlåtande"
    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    assert page.url.endswith("/en/accessibility-statement/")


def test_new_resident_signs_up_verifies_and_logs_in(page, site_pages):
    page.goto("/fi/")
    page.get_by_role("link", name="Rekisteröidy").first.click()
    page.get_by_label("Sähköposti").fill("uusi.asukas@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Rekisteröidy").click()
    page.wait_for_url("**/fi/accounts/confirm-email/")

    (message,) = mail.outbox
    confirm_path = re.search(r"https?://[^/]+(/fi/accounts/confirm-email/\S+/)", message.body)[1]
    page.goto(confirm_path)
    page.get_by_role("button").filter(has_text="Vahvista").click()
    page.wait_for_url("**/fi/")
    assert page.get_by_role("link", name="Kirjaudu ulos").is_visible()

    page.get_by_role("link", name="Kirjaudu ulos").click()
    page.get_by_role("button", name="Kirjaudu ulos").click()
    page.wait_for_url("**/fi/")
    page.get_by_role("link", name="Kirjaudu sisään").click()
    page.get_by_label("Sähköposti").fill("uusi.asukas@example.org")
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url("**/fi/")
    assert page.get_by_role("link", name="Oma tili").is_visible()


def test_director_logs_into_the_admin_through_the_same_login_page(page, site_pages, area_director):
    page.goto("/admin/")
    page.wait_for_url("**/fi/accounts/login/?next=/admin/")
    page.get_by_label("Sähköposti").fill(area_director.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url("**/admin/")
    assert page.title() == "Kojelauta - Minipilot"


def test_axe_helper_reports_a_serious_violation(page):
    page.set_content('<html lang="fi"><body><main><img src="x.png"></main></body></html>')
    violations = serious_violations(page)
    assert any("image-alt (critical)" in violation for violation in violations), violations
