"""`make bench`: an area director's proposal listing in the admin at 1,000 and 100,000 pilots.

Seeds decided pilots in bulk in 20 areas (as the open-data benchmark does), makes a director of
one area, and asks the listing as the director's browser does, through Django's test client:
the first page, a status filter, a search, and a page deep in the list. Prints the server time
(median and p90 of 15 rounds after a warm-up) and the queries of each. Measured, not asserted;
on PostgreSQL set DATABASE_URL.
"""

import os
import statistics
import sys
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.factories import StaffFactory
from accounts.roles import AREA_DIRECTORS
from benchmarks.decided_grants import seed_grants
from pilots.models import Area, Pilot

ROUNDS = 15


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def urls(area_pilots: int) -> dict[str, str]:
    deep = max(1, area_pilots // 20 // 2)  # a page in the middle of the director's list
    return {
        "first page": "/admin/proposals/",
        "status filter": "/admin/proposals/?status=funded",
        "search": "/admin/proposals/?q=kokeilu",
        f"page {deep}": f"/admin/proposals/?p={deep}",
    }


def measure(client, url: str) -> tuple[list[float], int]:
    client.get(url)
    times = []
    for _round in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    return times, len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("pilots", [1_000, 100_000])
def test_the_directors_listing(client, pilots):
    started = time.perf_counter()
    with transaction.atomic():
        seed_grants(pilots)
    area = Area.objects.order_by("pk").first()
    director = StaffFactory(role=AREA_DIRECTORS)
    area.directors.add(director)
    client.force_login(director)
    in_area = Pilot.objects.filter(area=area).count()
    say(
        f"\nDirector's listing: {pilots:,} pilots ({in_area:,} in the director's area) seeded in"
        f" {time.perf_counter() - started:.1f} s ({connection.vendor}),"
        f" load average {os.getloadavg()[0]:.1f}"
    )
    for label, url in urls(in_area).items():
        times, queries = measure(client, url)
        p90 = sorted(times)[int(len(times) * 0.9) - 1]
        say(
            f"  {label:14} {statistics.median(times) * 1000:7.1f} ms median,"
            f" {p90 * 1000:7.1f} ms p90, {queries} queries"
        )
