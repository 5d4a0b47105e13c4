"""The public statistics page: charts as inline SVG, the same numbers in tables."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.factories import GrantedPilotFactory
from grants.models import GrantStatus
from pilots.factories import ResultReportFactory
from pilots.models import Outcome, PilotStatus
from reporting.selectors import statistics

pytestmark = pytest.mark.django_db


def section(html: str, slug: str) -> str:
    return re.search(
        rf'<section class="chart" aria-labelledby="chart-{slug}-heading">.*?</section>', html, re.S
    )[0]


def table_rows(html: str) -> dict[str, list[str]]:
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)[1]
    return {
        label: re.findall(r'<td class="number">([^<]*)</td>', cells)
        for label, cells in re.findall(r'<th scope="row">([^<]*)</th>(.*?)</tr>', body, re.S)
    }


def test_counts_pilots_money_outcomes_and_adoptions(client, site_pages, grants_city):
    original = grants_city["original"]
    ResultReportFactory(pilot=original, outcome=Outcome.WORKED, submitted_at=original.submitted_at)
    html = client.get("/en/statistics/").content.decode()

    assert table_rows(section(html, "areas")) == {"Kallio": ["2"], "Malmi": ["2"]}
    assert table_rows(section(html, "money")) == {
        "Kallio": ["500 €", "500 €"],  # the cancelled grant is neither granted nor paid
        "Malmi": ["500 €", "500 €"],
    }
    statuses = table_rows(section(html, "statuses"))
    assert statuses["Cancelled"] == ["1"] and statuses["Rejected"] == ["1"]
    assert "Draft" not in statuses
    assert table_rows(section(html, "outcomes"))["It worked"] == ["1"]
    assert table_rows(section(html, "adoptions")) == {"Kallio": ["0"], "Malmi": ["1"]}
    most_adapted = re.search(r'aria-labelledby="most-adapted-heading">.*?</section>', html, re.S)[0]
    assert "Pihakirjasto" in most_adapted


def test_each_chart_is_an_accessible_svg_beside_its_table(client, site_pages, grants_city):
    html = client.get("/fi/statistics/").content.decode()
    for slug in ["areas", "years", "statuses", "money", "outcomes", "adoptions"]:
        chart = section(html, slug)
        svg = re.search(r"<svg [^>]*>", chart)[0]
        assert 'role="img"' in svg
        assert f'aria-labelledby="chart-{slug}-title chart-{slug}-svgdesc"' in svg
        assert f'<title id="chart-{slug}-title">' in chart
        assert "<table" in chart and "<caption>" in chart
        # Coordinates are plain numbers, never localised with a decimal comma.
        assert not re.search(r'(width|x)="\d+,\d', chart)
    assert "<script" not in html


def test_bars_grow_with_their_value(client, site_pages, grants_city, kallio, call):
    GrantedPilotFactory(area=kallio, call=call)
    chart = section(client.get("/fi/statistics/").content.decode(), "areas")
    widths = [float(w) for w in re.findall(r'<rect x="0" y="\d+" width="([\d.]+)"', chart)]
    assert widths[0] > widths[1] > 0  # Kallio 3, Malmi 2


def page_queries(client) -> int:
    client.get("/fi/statistics/")
    with CaptureQueriesContext(connection) as context:
        assert client.get("/fi/statistics/").status_code == 200
    return len(context)


def test_costs_the_same_queries_for_10_or_60_pilots(client, site_pages, kallio, malmi, call):
    def add(count):
        for n in range(count):
            GrantedPilotFactory(
                area=kallio if n % 2 else malmi,
                call=call,
                status=PilotStatus.FUNDED,
                grant__status=GrantStatus.PAID,
                budget=[],
            )

    def figures_queries() -> int:
        with CaptureQueriesContext(connection) as context:
            statistics()
        return len(context)

    add(10)
    few, few_figures = page_queries(client), figures_queries()
    add(50)
    many, many_figures = page_queries(client), figures_queries()
    # The page reads its figures once per purge (kernel.public_cache.kept_for_page); counting
    # them costs eight queries however many pilots there are.
    assert few == many <= 2
    assert few_figures == many_figures <= 8


def test_the_kept_figures_follow_a_new_result(client, site_pages, grants_city):
    """The figures are kept between requests (kernel.public_cache.kept_for_page) until a change
    purges the statistics, with the page cache off too."""

    def outcomes():
        return table_rows(section(client.get("/en/statistics/").content.decode(), "outcomes"))

    assert outcomes()["It worked"] == ["0"]
    original = grants_city["original"]
    ResultReportFactory(pilot=original, outcome=Outcome.WORKED, submitted_at=original.submitted_at)
    assert outcomes()["It worked"] == ["1"]
