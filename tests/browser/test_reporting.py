"""Open data and statistics as a visitor meets them in Chromium: axe-core and a small phone."""

import pytest

from grants.factories import GrantedPilotFactory
from tests.browser.axe import serious_violations
from tests.reporting.grants_city import call, grants_city, kallio, malmi  # noqa: F401 (fixtures)


@pytest.fixture
def reporting_data(site_pages, grants_city, kallio, call):  # noqa: F811 (the fixtures)
    """The open-data city, plus one more Kallio pilot so the bars differ in length."""
    GrantedPilotFactory(area=kallio, call=call)
    return grants_city


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_open_data_and_statistics_pass_axe(page, reporting_data, language):
    violations = []
    for url in [f"/{language}/open-data/", f"/{language}/statistics/"]:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language, url
        assert page.get_by_role("heading", level=1).count() == 1
        violations += serious_violations(page)
    assert violations == []
    assert page.get_by_role("img").count() == 6  # one per chart, each named
    assert page.locator("svg[role=img] title").first.text_content() != ""


def test_statistics_fit_a_320_pixel_wide_phone(page, reporting_data):
    page.set_viewport_size({"width": 320, "height": 640})
    for url in ["/fi/statistics/", "/sv/open-data/"]:
        page.goto(url)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, f"{url} scrolls sideways: {scroll_width}px"
