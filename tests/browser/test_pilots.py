"""A proposal's way from a resident's form to a public decision, in Chromium."""

import pytest

from pilots.models import Pilot, PilotStatus
from tests.browser.axe import serious_violations
from tests.browser.session import PASSWORD, log_in


def test_resident_proposes_director_approves_and_the_public_sees_the_decision(
    browser, live_server, site_pages, budget, proposer, area_director
):
    proposer.set_password(PASSWORD)
    proposer.save()
    area_director.set_password(PASSWORD)
    area_director.save()

    resident = browser.new_context(base_url=live_server.url, locale="fi-FI").new_page()
    log_in(resident, proposer.email)
    resident.get_by_role("link", name="Omat pilotit").click()
    resident.get_by_role("link", name="Ehdota kokeilua").click()
    resident.locator("#id_area").select_option(label="Kallio")
    resident.locator("#id_starts_on").fill("2026-05-01")
    resident.locator("#id_ends_on").fill("2026-09-30")
    resident.locator("#id_title").fill("Pihakirjasto")
    resident.locator("#id_summary").fill("Kirjakaappi korttelin pihalle.")
    resident.locator("#id_need").fill("Lähikirjasto on kaukana.")
    resident.locator("#id_activities").fill("Rakennamme kaapin talkoilla.")
    resident.locator("#id_audience").fill("Korttelin asukkaat.")
    resident.locator("#id_expected_outcome").fill("Kirjat kiertävät.")
    resident.locator("#id_budget-0-description").fill("Lautaa ja maalia")
    resident.locator("#id_budget-0-amount").fill("420")
    resident.get_by_role("button", name="Tallenna luonnos").click()
    resident.get_by_role("button", name="Lähetä aluejohtajalle").click()
    assert resident.get_by_text("Lähetetty", exact=True).first.is_visible()
    pilot = Pilot.objects.get(title="Pihakirjasto")
    assert pilot.status == PilotStatus.SUBMITTED

    director = browser.new_context(base_url=live_server.url, locale="fi-FI").new_page()
    log_in(director, area_director.email)
    director.goto("/admin/proposals/")
    director.get_by_role("link", name="Pihakirjasto").click()
    director.locator(f'a[href="/admin/proposals/decide/{pilot.pk}/approve/"]').click()
    director.locator("#id_grounds").fill("Edullinen ja helposti toistettava kokeilu.")
    director.get_by_role("button", name="Hyväksy").click()
    director.wait_for_url(f"**/admin/proposals/inspect/{pilot.pk}/")
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.APPROVED

    resident.goto(f"/fi/pilots/{pilot.pk}/")
    assert resident.get_by_text("Hyväksytty", exact=True).first.is_visible()
    assert resident.get_by_text("Edullinen ja helposti toistettava kokeilu.").is_visible()
    resident.get_by_role("link", name="Lue päätös").click()

    visitor = browser.new_context(base_url=live_server.url, locale="sv-SE").new_page()
    visitor.goto(resident.url.replace("/fi/", "/sv/"))
    text = visitor.locator("main").inner_text()
    assert "Pihakirjasto" in text
    assert "Edullinen ja helposti toistettava kokeilu." in text
    assert "Leena Laine" in text
    assert "@" not in visitor.content()
    assert proposer.get_full_name() not in text
    for context_page in (resident, director, visitor):
        context_page.context.close()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_resident_and_decision_pages_pass_axe(page, site_pages, approved, proposer, language):
    proposer.set_password(PASSWORD)
    proposer.save()
    log_in(page, proposer.email, language)
    urls = [
        f"/{language}/pilots/",
        f"/{language}/pilots/propose/",
        f"/{language}/pilots/{approved.pk}/",
        f"/{language}/decisions/",
        f"/{language}/decisions/{approved.decision.pk}/",
    ]
    violations = []
    for url in urls:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        violations += serious_violations(page)
    page.goto(f"/{language}/pilots/propose/")
    page.locator("#id_ends_on").fill("2020-01-01")
    page.locator("#id_starts_on").fill("2021-01-01")
    page.locator("#id_budget-0-amount").fill("10")
    page.locator("form.pilot-form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    violations += serious_violations(page)
    assert violations == []


def test_draft_and_changes_requested_pages_pass_axe(
    page, site_pages, submitted, proposer, area_director
):
    from pilots import services

    services.pilot_request_changes(pilot=submitted, by=area_director, grounds="Lisää aikataulu.")
    proposer.set_password(PASSWORD)
    proposer.save()
    log_in(page, proposer.email)
    violations = []
    for url in (
        f"/fi/pilots/{submitted.pk}/",
        f"/fi/pilots/{submitted.pk}/edit/",
        f"/fi/pilots/{submitted.pk}/withdraw/",
    ):
        page.goto(url)
        violations += serious_violations(page)
    assert violations == []


def test_budget_rows_are_added_and_removed_in_place_with_a_running_total(
    page, site_pages, budget, proposer
):
    proposer.set_password(PASSWORD)
    proposer.save()
    log_in(page, proposer.email)
    page.goto("/fi/pilots/propose/")
    total = page.locator("output[data-total]")
    assert total.get_attribute("aria-live") == "polite"
    rows = page.locator(".money-lines tbody tr:visible")
    assert rows.count() == 4
    page.locator("#id_budget-0-description").fill("Lautaa")
    page.locator("#id_budget-0-amount").fill("300")
    page.locator("#id_budget-1-description").fill("Maali")
    page.locator("#id_budget-1-amount").fill("80.50")
    assert total.inner_text() == "380,50\xa0€"

    url = page.url
    page.get_by_role("button", name="Lisää rivi").click()
    assert page.url == url  # in place: no reload
    assert rows.count() == 5
    assert page.evaluate("document.activeElement.id") == "id_budget-4-description"
    assert page.locator("#id_budget-TOTAL_FORMS").input_value() == "5"
    page.locator("#id_budget-4-description").fill("Ruuveja")
    page.locator("#id_budget-4-amount").fill("19.50")
    assert total.inner_text() == "400,00\xa0€"

    page.get_by_role("button", name="Poista rivi 1").click()
    assert rows.count() == 4
    assert total.inner_text() == "100,00\xa0€"
    assert page.locator("script:not([src])").count() == 0

    page.locator("#id_area").select_option(label="Kallio")
    page.locator("#id_title").fill("Pihakirjasto")
    page.get_by_role("button", name="Tallenna luonnos").click()
    page.wait_for_url("**/pilots/*/")
    pilot = Pilot.objects.get(title="Pihakirjasto")
    assert sorted(pilot.budget_lines.values_list("description", flat=True)) == [
        "Maali",
        "Ruuveja",
    ]
    assert page.get_by_text("100,00\xa0€").first.is_visible()
