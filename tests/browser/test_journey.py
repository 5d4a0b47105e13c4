"""The whole life of a minipilot in Chromium, as its people live it, in one readable test.

A new resident signs up in Finnish and proposes; the area director asks for changes; the
resident edits and resubmits; the director approves; the resident gives a bank account;
finance exports the SEPA file and marks it paid; the resident reports the results; the
coordinator makes the story and publishes it; a visitor reading Swedish finds it by search
and adapts it to their own area. A screenshot of every step is kept when the test fails.
"""

import io
import re

import pytest
from django.core import mail
from PIL import Image

from accounts.factories import UserFactory
from pilots.models import Pilot, PilotStatus
from tests.browser.artifacts import ARTIFACTS
from tests.browser.session import PASSWORD, log_in


class Journey:
    """Takes a screenshot after each step; writes them out only if the test fails."""

    def __init__(self):
        self.shots: list[tuple[str, bytes]] = []

    def step(self, name: str, page) -> None:
        page.wait_for_load_state()
        self.shots.append((name, page.screenshot(full_page=True)))

    def keep(self, test_name: str) -> None:
        folder = ARTIFACTS / test_name
        folder.mkdir(parents=True, exist_ok=True)
        for number, (name, png) in enumerate(self.shots, start=1):
            (folder / f"{number:02d}-{name}.png").write_bytes(png)


@pytest.fixture
def journey(request):
    recorder = Journey()
    yield recorder
    report = getattr(request.node, "call_report", None)
    if report is not None and report.failed:
        recorder.keep(request.node.name)


def photo_file(tmp_path):
    path = tmp_path / "IMG_0042.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (40, 120, 60)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_pilot_from_sign_up_to_an_adapted_story(
    browser,
    live_server,
    journey,
    tmp_path,
    story_indexes,
    budget,
    area_director,
    coordinator,
    finance_officer,
):
    for staff in (area_director, coordinator, finance_officer):
        staff.set_password(PASSWORD)
        staff.save()

    def new_page(locale="fi-FI"):
        context = browser.new_context(base_url=live_server.url, locale=locale)
        context.set_default_timeout(15_000)
        return context.new_page()

    # 1. A new resident signs up in Finnish and confirms the address from the email.
    resident = new_page()
    resident.goto("/fi/accounts/signup/")
    resident.locator("#id_email").fill("uusi.asukas@example.org")
    resident.locator("#id_password1").fill(PASSWORD)
    resident.locator("#id_password2").fill(PASSWORD)
    resident.locator("main form button[type=submit]").click()
    journey.step("signed-up", resident)
    link = re.search(r"https?://[^/\s]+(/fi/accounts/confirm-email/\S+/)", mail.outbox[-1].body)[1]
    resident.goto(link)
    resident.locator("main form button[type=submit]").click()
    resident.goto("/fi/me/")
    resident.locator("#id_first_name").fill("Uuno")
    resident.locator("#id_last_name").fill("Asukas")
    resident.locator("main form button[type=submit]").first.click()
    journey.step("account", resident)

    # 2. The resident proposes a pilot in Kallio and submits it.
    resident.goto("/fi/pilots/propose/")
    resident.locator("#id_area").select_option(label="Kallio")
    resident.locator("#id_starts_on").fill("2026-05-01")
    resident.locator("#id_ends_on").fill("2026-09-30")
    resident.locator("#id_title").fill("Pyöräkorjaamo torille")
    resident.locator("#id_summary").fill("Ilmainen pyöräkorjaamo joka toinen lauantai.")
    resident.locator("#id_need").fill("Moni pyörä seisoo käyttämättä pienen vian takia.")
    resident.locator("#id_activities").fill("Hankimme työkalut ja varaosat.")
    resident.locator("#id_audience").fill("Alueen asukkaat.")
    resident.locator("#id_expected_outcome").fill("Enemmän pyöriä käytössä.")
    resident.locator("#id_budget-0-description").fill("Työkalut")
    resident.locator("#id_budget-0-amount").fill("300")
    resident.locator("form.pilot-form button[type=submit]").click()
    pilot = Pilot.objects.get(title="Pyöräkorjaamo torille")
    resident.locator(f"form[action='/fi/pilots/{pilot.pk}/submit/'] button").click()
    journey.step("submitted", resident)
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.SUBMITTED

    # 3. The area director asks for changes.
    director = new_page()
    log_in(director, area_director.email)
    director.goto(f"/admin/proposals/decide/{pilot.pk}/request_changes/")
    director.locator("#id_grounds").fill("Kerro, missä korjaamo toimii sateella.")
    director.locator("main form button.button[type=submit]").click()
    journey.step("changes-requested", director)
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.CHANGES_REQUESTED

    # 4. The resident reads the request, edits and resubmits.
    resident.goto(f"/fi/pilots/{pilot.pk}/")
    assert resident.get_by_text("Kerro, missä korjaamo toimii sateella.").is_visible()
    resident.goto(f"/fi/pilots/{pilot.pk}/edit/")
    resident.locator("#id_activities").fill("Korjaamo toimii sateella kirjaston katoksessa.")
    resident.locator("form.pilot-form button[type=submit]").click()
    resident.locator(f"form[action='/fi/pilots/{pilot.pk}/submit/'] button").click()
    journey.step("resubmitted", resident)

    # 5. The director approves.
    director.goto(f"/admin/proposals/decide/{pilot.pk}/approve/")
    director.locator("#id_grounds").fill("Edullinen ja helposti toistettava kokeilu.")
    director.locator("main form button.button[type=submit]").click()
    journey.step("approved", director)
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.APPROVED

    # 6. The resident chooses a bank transfer.
    resident.goto(f"/fi/pilots/{pilot.pk}/payout/bank/")
    resident.locator("#id_holder").fill("Uuno Asukas")
    resident.locator("#id_iban").fill("FI21 1234 5600 0007 85")
    resident.locator("main form button[type=submit]").click()
    journey.step("bank-details", resident)

    # 7. Finance exports the SEPA file and marks it paid after the bank's confirmation.
    finance = new_page()
    log_in(finance, finance_officer.email)
    finance.goto("/admin/sepa-batches/new/")
    finance.locator("main form button[type=submit]").first.click()
    with finance.expect_download() as download:
        finance.locator("main a[href*='/sepa-batches/download/']").first.click()
    assert download.value.suggested_filename.endswith(".xml")
    finance.locator("main a[href*='/sepa-batches/paid/']").click()
    # Finance confirms on a page of its own that the bank's statement shows the file paid.
    finance.locator("main form[action*='/sepa-batches/paid/'] button[type=submit]").click()
    journey.step("batch-paid", finance)
    assert "Merkitty maksetuksi" in finance.locator("main").inner_text()
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.FUNDED

    # 8. The resident reports the results, with a photo, and submits the report.
    resident.goto(f"/fi/pilots/{pilot.pk}/report/")
    resident.locator("#id_what_was_done").fill("Korjasimme 60 pyörää kesän aikana.")
    resident.locator("#id_what_happened").fill("Nuoret oppivat vaihtamaan sisärenkaan.")
    resident.locator("#id_lessons").fill("Varaosia kului enemmän kuin työkaluja: budjetoi niihin.")
    resident.locator("input[name=outcome][value=worked]").check()
    resident.locator("input[name=would_recommend][value=yes]").check()
    resident.locator("#id_spending-0-description").fill("Työkalut")
    resident.locator("#id_spending-0-amount").fill("280")
    resident.locator("#id_photos-0-image").set_input_files(photo_file(tmp_path))
    resident.locator("#id_photos-0-alt_text").fill("Lapsi korjaa polkupyörää torilla")
    resident.locator("#id_photos_consent").check()
    resident.locator("form.pilot-form button[type=submit]").click()
    resident.locator(f"form[action='/fi/pilots/{pilot.pk}/report/submit/'] button").click()
    journey.step("reported", resident)
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.REPORTED

    # 9. The coordinator makes the story from the report and publishes it.
    staff = new_page()
    log_in(staff, coordinator.email)
    staff.goto(f"/admin/proposals/inspect/{pilot.pk}/")
    staff.locator(f"form[action='/admin/proposals/story/{pilot.pk}/'] button").click()
    staff.wait_for_url("**/admin/pages/*/edit/")
    journey.step("story-draft", staff)
    staff.eval_on_selector("button[name=action-publish]", "button => button.click()")
    staff.wait_for_url("**/admin/pages/*/")
    journey.step("story-published", staff)
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.PUBLISHED

    # 10. A visitor reading Swedish finds the story by search and adapts it to Malmi.
    swede = UserFactory(email="ingrid@example.org", password=PASSWORD, language="sv")
    visitor = new_page("sv-SE")
    visitor.goto("/sv/")
    visitor.locator(".site-nav a[href='/sv/tarinat/']").click()
    visitor.locator("#id_q").fill("sisärenkaan")
    visitor.locator(".story-filters button[type=submit]").click()
    journey.step("found", visitor)
    visitor.get_by_role("link", name="Pyöräkorjaamo torille").click()
    assert visitor.get_by_alt_text("Lapsi korjaa polkupyörää torilla").is_visible()
    # The Finnish story is read in the Swedish interface: Malmi is "Malm" there.
    assert visitor.locator("html").get_attribute("lang") == "sv"
    visitor.locator(".adapt-form #id_area").select_option(label="Malm")
    visitor.locator(".adapt-form button[type=submit]").click()
    visitor.locator("#id_login").fill(swede.email)
    visitor.locator("#id_password").fill(PASSWORD)
    visitor.locator("form button[type=submit]").click()
    visitor.locator("main form button[type=submit]").click()
    visitor.wait_for_url("**/edit/")
    journey.step("adapted", visitor)
    adaptation = Pilot.objects.get(proposer=swede)
    assert adaptation.inspired_by == pilot
    assert adaptation.area.slug == "malmi" and adaptation.status == PilotStatus.DRAFT
    for page in (resident, director, finance, staff, visitor):
        page.context.close()
