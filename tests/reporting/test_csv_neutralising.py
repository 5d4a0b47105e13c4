"""Every CSV the platform writes neutralises cells that a spreadsheet would run as a formula
(OWASP's advice on CSV injection): resident text in the open data, staff text in the council
report. Numbers are ours and stay numbers."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.factories import UserFactory
from grants.factories import GrantedPilotFactory
from grants.models import GrantStatus
from pilots.factories import AreaFactory
from pilots.models import PilotStatus
from reporting.exports import FlatRowCsv, SpreadsheetCsv, spreadsheet_safe

pytestmark = pytest.mark.django_db

HOSTILE = ["=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "\tx=1", "\r=1+1"]


def csv_rows(response, delimiter=","):
    text = response.content.decode().removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.fixture
def hostile_grants(kallio, call):
    for title in HOSTILE:
        GrantedPilotFactory(
            area=kallio,
            call=call,
            status=PilotStatus.FUNDED,
            grant__status=GrantStatus.PAID,
            title=title,
            decision__decided_on=datetime.date(2026, 3, 2),
        )
    # A proposer who agreed to show a "name" that is a formula.
    GrantedPilotFactory(
        area=kallio,
        call=call,
        title="Pihakirjasto",
        proposer=UserFactory(first_name='=HYPERLINK("http://x")', last_name="Asukas"),
        publish_name=True,
    )


def test_the_helper_quotes_formula_starts_and_keeps_everything_else():
    assert spreadsheet_safe([*HOSTILE, "Pihakirjasto", "", "a=b", " =1"]) == [
        "'=cmd|' /C calc'!A0",
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx=1",
        "'\r=1+1",
        "Pihakirjasto",
        "",
        "a=b",
        " =1",
    ]


def test_numbers_are_written_as_numbers_a_negative_one_included():
    out = io.StringIO()
    SpreadsheetCsv(out, finnish=True).writerow([Decimal("-2.50"), -3, "-2,50"])
    SpreadsheetCsv(out, finnish=False).writerow([-2.5, 500.0])
    assert out.getvalue() == "-2,50;-3;'-2,50\r\n-2.5,500.0\r\n"


def test_the_flat_360giving_csv_neutralises_titles(client, hostile_grants):
    rows = csv_rows(client.get("/fi/open-data/grants.csv"))
    titles = {row["Title"] for row in rows}
    assert titles == {f"'{title}" for title in HOSTILE} | {"Pihakirjasto"}
    named = next(row for row in rows if row["Title"] == "Pihakirjasto")
    assert named["Recipient Ind:Name"] == '\'=HYPERLINK("http://x") Asukas'
    assert {row["Amount Awarded"] for row in rows} == {"500.0"}


def test_the_finnish_csv_neutralises_titles_and_names(client, hostile_grants):
    rows = csv_rows(client.get("/en/open-data/avustukset.csv"), delimiter=";")
    assert {row["Kokeilu"] for row in rows} == {f"'{title}" for title in HOSTILE} | {"Pihakirjasto"}
    assert '\'=HYPERLINK("http://x") Asukas' in {row["Saaja"] for row in rows}
    assert {row["Myönnetty (€)"] for row in rows} == {"500,00"}


def test_the_json_keeps_the_title_as_written(client, hostile_grants):
    titles = {grant["title"] for grant in client.get("/fi/open-data/grants.json").json()["grants"]}
    assert set(HOSTILE) <= titles


def test_the_council_report_csv_neutralises_area_names(client, coordinator, call):
    AreaFactory(slug="kaava", name_fi="=1+1", name_sv="=1+1")
    client.force_login(coordinator)
    response = client.get("/admin/council-report/", {"year": 2026, "half": 1, "format": "csv"})
    table = list(
        csv.reader(io.StringIO(response.content.decode().removeprefix("\ufeff")), delimiter=";")
    )
    assert "'=1+1" in {row[0] for row in table}
    assert "=1+1" not in {row[0] for row in table}


def slow_line(cells) -> str:
    out = io.StringIO()
    SpreadsheetCsv(out, finnish=False).writerow(cells)
    return out.getvalue()


# Text made of what matters to the check: formula starts, the characters csv quotes, and letters.
CELL_TEXT = st.text(alphabet='=+-@\t\r\n,"a1 ', max_size=6)
CELLS = st.lists(st.one_of(CELL_TEXT, st.integers(-5, 5), st.floats(-2, 2)), max_size=6)


@given(CELLS)
def test_the_flat_files_quick_path_writes_what_the_cell_by_cell_one_does(cells):
    assert FlatRowCsv().line(cells) == slow_line(cells)


@pytest.mark.parametrize(
    "cells",
    [
        ["=1", "a"],
        ["a", "=1"],
        ["a", '"=1'],
        ["a,=1", "b"],
        ["a", "\r=1"],
        ["a", "\t=1"],
        ["a", ""],
        ["", "-1"],
        ["a", -1.5],
    ],
)
def test_the_quick_path_in_the_cases_it_must_get_right(cells):
    assert FlatRowCsv().line(cells) == slow_line(cells)
