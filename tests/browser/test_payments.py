"""A grant paid by bank transfer, from the resident's IBAN to the funded pilot, in Chromium."""

import pytest

from accounts.factories import StaffFactory
from accounts.roles import FINANCE
from pilots.models import PilotStatus
from tests.browser.axe import serious_violations
from tests.browser.session import PASSWORD, log_in


def test_bank_transfer_from_iban_to_funded_pilot(
    browser, live_server, site_pages, approved, proposer
):
    finance = StaffFactory(email="talous@example.org", password=PASSWORD, role=FINANCE)
    proposer.set_password(PASSWORD)
    proposer.save()

    resident = browser.new_context(base_url=live_server.url, locale="fi-FI").new_page()
    log_in(resident, proposer.email)
    resident.goto(f"/fi/pilots/{approved.pk}/")
    resident.get_by_role("link", name="Anna pankkitiedot").click()
    resident.locator("#id_holder").fill("Aino Asukas")
    resident.locator("#id_iban").fill("FI21 1234 5600 0007 86")
    resident.get_by_role("button", name="Tallenna pankkitiedot").click()
    assert resident.get_by_text("Tämä ei ole kelvollinen IBAN").is_visible()
    resident.locator("#id_iban").fill("FI21 1234 5600 0007 85")
    resident.get_by_role("button", name="Tallenna pankkitiedot").click()
    assert resident.get_by_text("FI21 **** 0785").is_visible()

    staff = browser.new_context(base_url=live_server.url, locale="fi-FI").new_page()
    log_in(staff, finance.email)
    staff.goto("/admin/sepa-batches/new/")
    staff.get_by_role("button", name="Luo maksuaineisto").click()
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Lataa maksuaineisto").click()
    assert download.value.suggested_filename.endswith(".xml")
    staff.get_by_role("link", name="Pankki on maksanut tämän aineiston").click()
    staff.get_by_role("button", name="Kyllä, pankki on maksanut tämän aineiston").click()
    staff.wait_for_load_state()

    approved.refresh_from_db()
    assert approved.status == PilotStatus.FUNDED
    resident.goto(f"/fi/pilots/{approved.pk}/")
    assert resident.get_by_text("Avustus on maksettu tilillesi.").is_visible()
    for page in (resident, staff):
        page.context.close()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_payment_pages_pass_axe(page, site_pages, approved, proposer, language):
    proposer.set_password(PASSWORD)
    proposer.save()
    log_in(page, proposer.email, language)
    violations = []
    for url in (
        f"/{language}/pilots/{approved.pk}/",
        f"/{language}/pilots/{approved.pk}/payout/bank/",
    ):
        page.goto(url)
        violations += serious_violations(page)
    page.locator("#id_iban").fill("not an iban")
    page.locator("form button[type=submit]").last.click()
    violations += serious_violations(page)
    assert violations == []
