"""`make bench`: in-process time and queries of each public page at 1,000 and 10,000 stories.

Each page is asked through Django's test client (the whole view, template and middleware, no
page cache) after the city of benchmarks/load_seed.py is written with that many stories. Prints
the median wall time, the database's share and the query count per page, so that pages whose
cost grows with the number of stories show up side by side. Measured, not asserted (beyond each
page answering 200). Set STORY_COUNTS=1000,10000,100000 to choose the sizes, DATABASE_URL for
PostgreSQL.
"""

import os
import statistics
import sys
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.load_seed import SEARCH_WORD, seed
from pilots.models import Decision, StoryIndexPage

ROUNDS = 15
STORY_COUNTS = [int(n) for n in os.environ.get("STORY_COUNTS", "1000,10000").split(",")]


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def measure(client, url: str) -> tuple[float, float, int]:
    """Median wall time and database time of the page (ms), and its queries."""
    client.get(url)  # warm the templates, the connection and what the site keeps cached
    times, database = [], []
    for _round in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
        database.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
    return statistics.median(times), statistics.median(database), len(queries)


def public_pages(seeded: dict) -> list[tuple[str, str]]:
    index = StoryIndexPage.objects.live().get(locale__language_code="fi").get_url()
    story = f"{index}tarina-{len(seeded['areas'])}/"
    decision = Decision.objects.order_by("pk").first()
    return [
        ("home", "/fi/"),
        ("story index", index),
        ("story index, area and year", f"{index}?area={seeded['areas'][1]}&year=2025"),
        ("story", story),
        (f"search '{SEARCH_WORD}' (1 in 50 stories)", f"{index}?q={SEARCH_WORD}"),
        ("decisions", "/fi/decisions/"),
        ("decision", f"/fi/decisions/{decision.pk}/"),
        ("statistics", "/fi/statistics/"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("stories", STORY_COUNTS)
def test_public_pages_at_size(client, stories):
    start = time.perf_counter()
    seeded = seed(stories=stories)
    cache.clear()  # the seed writes rows, not saves: nothing it changed is in the cache yet
    say(
        f"\n{stories} stories on {connection.vendor} "
        f"(seeded in {time.perf_counter() - start:.0f} s; median of {ROUNDS}):"
    )
    for label, url in public_pages(seeded):
        ms, database_ms, queries = measure(client, url)
        say(f"  {label:42} {ms:7.1f} ms, database {database_ms:6.1f} ms, {queries:2} queries")
