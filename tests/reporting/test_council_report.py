"""The half-year council report in the admin: period, who may read it, and its CSV."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.utils import translation
from django.utils.translation import gettext

from accounts.factories import StaffFactory, UserFactory
from accounts.roles import AREA_DIRECTORS, FINANCE
from grants.factories import GrantedPilotFactory
from grants.models import GrantStatus
from pilots.factories import DecidedPilotFactory, PilotTransitionFactory, ResultReportFactory
from pilots.models import Action, DecisionOutcome, Outcome, PilotStatus
from reporting.selectors import HalfYear

pytestmark = pytest.mark.django_db

URL = "/admin/council-report/"
HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HELSINKI)


@pytest.fixture
def half_years(kallio, malmi, call):
    """Events on both sides of midnight between 30 June and 1 July 2026, Helsinki time."""
    june = GrantedPilotFactory(
        area=kallio,
        call=call,
        status=PilotStatus.REPORTED,
        grant__status=GrantStatus.PAID,
        decision__decided_on=datetime.date(2026, 6, 30),
    )
    PilotTransitionFactory(pilot=june, action=Action.FUND, at=at(2026, 6, 30, 23, 59))
    PilotTransitionFactory(pilot=june, action=Action.REPORT, at=at(2026, 7, 1, 0, 1))
    ResultReportFactory(pilot=june, outcome=Outcome.PARTLY, submitted_at=at(2026, 7, 1, 0, 1))
    july = GrantedPilotFactory(
        area=kallio,
        call=call,
        status=PilotStatus.FUNDED,
        grant__status=GrantStatus.PAID,
        decision__decided_on=datetime.date(2026, 7, 1),
        inspired_by=june,
    )
    PilotTransitionFactory(pilot=july, action=Action.FUND, at=at(2026, 7, 1, 0, 0))
    DecidedPilotFactory(
        area=malmi,
        call=call,
        status=PilotStatus.REJECTED,
        decision__outcome=DecisionOutcome.REJECTED,
        decision__decided_on=datetime.date(2026, 1, 1),
    )
    return june, july


def rows(response) -> dict[str, list[str]]:
    """The CSV's rows by area; the admin speaks the staff member's language (Finnish here)."""
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode().removeprefix("\ufeff")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    with translation.override("fi"):
        names = {gettext("Area"): "Area", gettext("Total"): "Total"}
    return {names.get(row[0], row[0]): row[1:] for row in table}


def test_half_year_boundaries_are_the_citys_midnight():
    assert HalfYear(2026, 1).ends == at(2026, 7, 1)
    assert HalfYear(2026, 2).starts == at(2026, 7, 1)
    assert HalfYear(2026, 2).last_day == datetime.date(2026, 12, 31)
    assert HalfYear.containing(datetime.date(2026, 6, 30)) == HalfYear(2026, 1)


def test_each_event_counts_in_its_own_half(client, coordinator, half_years):
    client.force_login(coordinator)
    first = rows(client.get(URL, {"year": 2026, "half": 1, "format": "csv"}))
    second = rows(client.get(URL, {"year": 2026, "half": 2, "format": "csv"}))
    with translation.override("fi"):
        assert first["Area"][:2] == [gettext("Decisions"), gettext("Approved")]
    # decided, approved, funded, reported, published, granted, paid, worked, partly, did not work
    assert first["Kallio"] == ["1", "1", "1", "0", "0", "500,00", "500,00", "0", "0", "0"]
    assert first["Malmi"] == ["1", "0", "0", "0", "0", "0,00", "0,00", "0", "0", "0"]
    assert first["Total"][:2] == ["2", "1"]
    assert second["Kallio"] == ["1", "1", "1", "1", "0", "500,00", "500,00", "0", "1", "0"]
    assert second["Malmi"][0] == "0"


def test_page_shows_the_period_and_the_most_adapted_practice(client, coordinator, half_years):
    june, _july = half_years
    client.force_login(coordinator)
    html = client.get(URL, {"year": 2026, "half": 2}).content.decode()
    assert "1.7.2026" in html and "31.12.2026" in html
    assert june.title in html.split("report-table")[-1]
    assert "@media print" in html
    first_half = client.get(URL, {"year": 2026, "half": 1}).content.decode()
    assert june.title not in first_half.split("</table>")[-1]


def test_an_area_director_reports_on_their_own_areas(client, kallio, half_years):
    director = StaffFactory(role=AREA_DIRECTORS)
    kallio.directors.add(director)
    client.force_login(director)
    report = rows(client.get(URL, {"year": 2026, "half": 1, "format": "csv"}))
    assert "Kallio" in report and "Malmi" not in report


def test_finance_and_superusers_report_on_every_area(client, half_years):
    for user in [StaffFactory(role=FINANCE), UserFactory(is_superuser=True, is_staff=True)]:
        client.force_login(user)
        report = rows(client.get(URL, {"year": 2026, "half": 1, "format": "csv"}))
        assert {"Kallio", "Malmi"} <= set(report)


def test_anonymous_and_residents_are_refused(client, half_years):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response.url
    client.force_login(UserFactory())
    response = client.get(URL, {"year": 2026, "half": 1, "format": "csv"})
    assert response.status_code in (302, 403)
    assert b"Kallio" not in response.content


def test_a_staff_member_without_areas_or_role_is_refused(client, half_years):
    client.force_login(StaffFactory(role=AREA_DIRECTORS))  # directs no area yet
    response = client.get(URL, {"year": 2026, "half": 1, "format": "csv"})
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    assert response.status_code == 302 and response.url == "/admin/"


def test_an_invalid_period_shows_the_form_again(client, coordinator, half_years):
    client.force_login(coordinator)
    response = client.get(URL, {"year": "last", "half": 3})
    assert response.status_code == 200
    assert '<table class="report-table">' not in response.content.decode()
