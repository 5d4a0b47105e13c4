"""`make bench`: are the public pages flat in size? In-process time and queries per page as one
city grows from 1,000 to 10,000 to 100,000 published stories.

The city of benchmarks/load_seed.py is seeded with the first size and grown in bulk to the next
(`load_seed.grow`, then ANALYZE, as autovacuum would after such a write). Each page is asked
through Django's test client (the whole view, template and middleware) with the page cache off,
warmed once, then ROUNDS times in two ways:

- **after a purge**: every topic purged before each request (kernel.public_cache.purge), so the
  values pages keep until a purge (kept_for_page) are computed again: what the first visitor
  after a publication pays, the honest figure for cost that grows with size. What is kept up to
  date when it changes (selectors.story_facts, counted again when a story is saved) stays;
- **warm**: the kept values in place, what the next visitors pay while no copy is cached.

Prints median and p90 ms and the query count per page and size, and the ratio of the largest
size's median to the smallest's (the goal: within 1.2). Measured, not asserted (beyond each page
answering 200). STORY_COUNTS=1000,10000,100000 chooses the sizes; DATABASE_URL, PostgreSQL.
"""

import os
import statistics
import sys
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.load_seed import SEARCH_WORD, grow, seed
from kernel.public_cache import purge
from pilots.models import Area, Decision, PilotStoryPage, StoryIndexPage

ROUNDS = 15
STORY_COUNTS = [int(n) for n in os.environ.get("STORY_COUNTS", "1000,10000,100000").split(",")]
FLAT = 1.2
SLOWEST = 2  # queries printed for a page that is not flat
SQL_SHOWN = 400
PLAN_LINES = 12


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def measure(client, url: str, purged: bool) -> tuple[float, float, int, list]:
    """Median and p90 ms of the page, its queries and the slowest of them (of the last
    round, as (ms, SQL))."""
    client.get(url)  # warm the templates and the connection
    times = []
    for _round in range(ROUNDS):
        if purged:
            purge()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p90 = times[max(0, round(len(times) * 0.9) - 1)]
    slowest = sorted(
        ((float(query["time"]) * 1000, query["sql"]) for query in queries.captured_queries),
        reverse=True,
    )[:SLOWEST]
    return statistics.median(times), p90, len(queries), slowest


def public_pages() -> list[tuple[str, str]]:
    """The same pages at every size: the newest story (growing adds older ones), its decision,
    the first area; the search word is in every 50th story, so it has hits at every size."""
    index = StoryIndexPage.objects.live().get(locale__language_code="fi").get_url()
    story = PilotStoryPage.objects.live().order_by("-first_published_at").first()
    decision = Decision.objects.get(pilot=story.pilot)
    area = Area.objects.filter(slug__startswith="alue-").order_by("pk").first()
    return [
        ("home", "/fi/"),
        ("story index", index),
        ("story index, area and year", f"{index}?area={area.pk}&year=2025"),
        ("a story", story.get_url()),
        (f"search '{SEARCH_WORD}'", f"{index}?q={SEARCH_WORD}"),
        ("a decision", f"/fi/decisions/{decision.pk}/"),
        ("decisions", "/fi/decisions/"),
        ("statistics", "/fi/statistics/"),
        ("proposals", "/fi/proposals/"),
        ("an area", f"/fi/areas/{area.slug}/"),
    ]


def analyze() -> None:
    """Fresh planner statistics after the bulk writes, of the site's own tables: a bare ANALYZE
    would take the shared catalogs too and hold them until the test's transaction ends, which
    blocks every other database's ANALYZE on the server meanwhile."""
    if connection.vendor == "postgresql":
        tables = ", ".join(
            connection.ops.quote_name(name) for name in connection.introspection.table_names()
        )
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")


def table(results: dict, sizes: list[int], mode: str) -> None:
    say(f"\n{mode} (median / p90 ms, queries; ratio = median at {sizes[-1]:,} / at {sizes[0]:,}):")
    say("| page | " + " | ".join(f"{size:,}" for size in sizes) + " | ratio |")
    say("|---|" + "---|" * (len(sizes) + 1))
    growing = []
    for label in results:
        cells = [results[label][size][mode] for size in sizes]
        ratio = cells[-1][0] / cells[0][0]
        if ratio > FLAT:
            growing.append((label, cells[-1][3]))
        say(
            f"| {label} | "
            + " | ".join(f"{ms:.1f} / {p90:.1f}, {queries} q" for ms, p90, queries, _ in cells)
            + f" | {ratio:.2f}{'' if ratio <= FLAT else ' **not flat**'} |"
        )
    for label, slowest in growing:
        say(f"slowest queries of {label!r} at {sizes[-1]:,}:")
        for ms, sql in slowest:
            say(f"  {ms:6.1f} ms  {sql[:SQL_SHOWN]}")
            for line in plan(sql):
                say(f"      {line}")


def plan(sql: str) -> list[str]:
    """The first lines of the query's plan as run (PostgreSQL), to say where its time goes."""
    if connection.vendor != "postgresql" or not sql.lstrip().upper().startswith("SELECT"):
        return []
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql)
        return [row[0] for row in cursor.fetchall()[:PLAN_LINES]]


@pytest.mark.django_db
def test_public_pages_flat_in_size(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    results: dict[str, dict[int, dict[str, tuple]]] = {}
    seeded = 0
    say(f"\nFlat in size on {connection.vendor}, load average {os.getloadavg()[0]:.1f}")
    for size in STORY_COUNTS:
        start = time.perf_counter()
        if seeded:
            grow(size - seeded)
        else:
            seed(stories=size)
        analyze()
        seeded = size
        cache.clear()  # the seed writes rows, not saves: nothing it changed is in the cache yet
        say(
            f"{PilotStoryPage.objects.live().count():,} stories: seeded in "
            f"{time.perf_counter() - start:.0f} s, load average {os.getloadavg()[0]:.1f}"
        )
        for label, url in public_pages():
            for mode in ("after a purge", "warm"):
                results.setdefault(label, {}).setdefault(size, {})[mode] = measure(
                    client, url, purged=mode == "after a purge"
                )
            purged, warm = results[label][size]["after a purge"], results[label][size]["warm"]
            say(
                f"  {label:28} after a purge {purged[0]:7.1f} ms,"
                f" warm {warm[0]:7.1f} ms, {purged[2]} queries"
            )
    for mode in ("after a purge", "warm"):
        table(results, STORY_COUNTS, mode)
    say(f"load average after: {os.getloadavg()[0]:.1f}")
