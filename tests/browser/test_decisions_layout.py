"""The public decisions list on a small phone: the decision and the amount stay in view."""

import pytest

from pilots.models import Pilot


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_decision_and_amount_are_visible_at_360_px(browser, live_server, approved, language):
    Pilot.objects.filter(pk=approved.pk).update(
        title="Korttelin yhteinen pyöräkorjaamo ja työkalulainaamo"
    )
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"/{language}/decisions/")
    viewport = page.viewport_size["width"]
    row = page.locator(".decision-table tbody tr").first
    for cell in (row.locator("td").nth(3), row.locator("td").nth(4)):
        box = cell.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= viewport, cell.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport
    context.close()
