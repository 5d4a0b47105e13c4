"""A visitor finds a pilot story and adapts it; the story and report pages pass axe-core."""

import pytest

from pilots.models import Pilot, PilotStatus
from tests.browser.axe import serious_violations
from tests.browser.session import PASSWORD, log_in
from tests.city import story_of, write_report


def test_visitor_filters_searches_opens_a_story_and_adapts_it(
    browser, live_server, stories, budget, proposer
):
    proposer.set_password(PASSWORD)
    proposer.save()
    page = browser.new_context(base_url=live_server.url, locale="fi-FI").new_page()
    page.goto("/fi/")
    page.locator(".site-nav a[href='/fi/tarinat/']").click()
    assert page.locator(".story-card").count() == 3

    page.locator("#id_year").select_option("2026")
    page.locator(".story-filters button[type=submit]").click()
    assert "year=2026" in page.url
    assert page.locator(".story-card").count() == 2

    page.locator("#id_q").fill("kompostoinnista")
    page.locator(".story-filters button[type=submit]").click()
    assert page.locator(".story-card h3").all_inner_texts() == ["Saunavuorot"]

    page.get_by_role("link", name="Saunavuorot").click()
    assert page.locator("h1").inner_text() == "Saunavuorot"
    page.locator(".adapt-form #id_area").select_option(label="Malmi")
    page.locator(".adapt-form button[type=submit]").click()

    # Not logged in: the login page, then straight back to the adaptation.
    page.locator("#id_login").fill(proposer.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    # The area chosen on the story page is confirmed, not asked for again.
    assert page.locator("#id_area").count() == 0
    assert page.locator("main form input[name=area]").input_value() == str(
        budget.call.budgets.exclude(area=budget.area).get().area_id
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/edit/")
    adaptation = Pilot.objects.get(proposer=proposer)
    assert adaptation.status == PilotStatus.DRAFT
    assert adaptation.inspired_by == stories["sauna"].pilot
    assert page.locator("#id_title").input_value() == "Saunavuorot"
    page.context.close()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_story_and_report_pages_pass_axe(page, stories, story_indexes, funded, language):
    translated = story_of(
        stories["library"].pilot, story_indexes[language], slug=f"kirjasto-{language}"
    )
    write_report(funded)
    funded.proposer.set_password(PASSWORD)
    funded.proposer.save()
    urls = [
        f"/{language}/tarinat/",
        f"/{language}/tarinat/?year=2026&outcome=worked",
        translated.url,
        f"/{language}/stories/{translated.pk}/adapt/",
        f"/{language}/",
    ]
    violations = []
    for url in urls[:3]:
        page.goto(url)
        violations += serious_violations(page)
    log_in(page, funded.proposer.email, language)
    for url in [
        *urls[3:],
        f"/{language}/pilots/{funded.pk}/",
        f"/{language}/pilots/{funded.pk}/report/",
    ]:
        page.goto(url)
        assert page.locator("main").is_visible(), url
        violations += serious_violations(page)
    assert violations == []
