"""`make bench`: the open-data files at 100,000 grants, built and served.

Seeds 100,000 decided grants in bulk (with goals, themes, planned dates, adaptations, consented
names and cancellations, so every column of the files is filled), then:

- **build**: a change committed (`open_data_changed`, as a decision's receiver calls it) queues
  the rebuild task, which the tests' immediate backend runs at once: every file (360Giving JSON
  and flat CSV in fi, sv and en, the Finnish CSV) from one read of the grants;
- **first byte**: each export through its URL with Django's test client, with and without
  gzip, the cached row dropped before each request (so each pays its query and opens its file
  as the first download after a rebuild does), as the time from the request to its first
  block; and a conditional GET answered 304.

Measured, not asserted. On PostgreSQL set DATABASE_URL.
"""

import os
import statistics
import sys
import time

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from benchmarks.decided_grants import seed_grants
from grants.models import Grant
from reporting.models import OpenDataFile
from reporting.open_data_files import open_data_changed

ROUNDS = 15
URLS = ["/fi/open-data/grants.json", "/fi/open-data/grants.csv", "/fi/open-data/avustukset.csv"]


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def first_byte(client, url: str, **headers) -> tuple[float, int, int]:
    """(seconds to the first block, status, queries) of one request, the cached row dropped."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        if response.status_code == 200:
            body = response.streaming_content if response.streaming else [response.content]
            next(iter(body))
        elapsed = time.perf_counter() - started
    return elapsed, response.status_code, len(queries)


def milliseconds(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[max(0, round(len(values) * 0.95) - 1)]
    return f"p50 {statistics.median(values) * 1000:7.1f} ms, p95 {p95 * 1000:7.1f} ms"


@pytest.mark.django_db
def test_open_data_files_at_100000_grants(client, django_capture_on_commit_callbacks):
    started = time.perf_counter()
    with transaction.atomic():
        seed_grants()
    say(
        f"\nOpen data: {Grant.objects.count():,} grants seeded in "
        f"{time.perf_counter() - started:.1f} s ({connection.vendor})"
    )

    started, cpu = time.perf_counter(), time.process_time()
    with django_capture_on_commit_callbacks(execute=True):
        open_data_changed()
    build, cpu = time.perf_counter() - started, time.process_time() - cpu
    files = list(OpenDataFile.objects.order_by("kind", "language"))
    # CPU seconds of this process beside the wall time: on a shared machine the second grows
    # with the load, the first much less (the database's own CPU is not in it on PostgreSQL).
    say(
        f"build (open_data_changed -> task -> {len(files)} files): {build:.1f} s,"
        f" {cpu:.1f} s CPU, load average {os.getloadavg()[0]:.1f}"
    )
    for row in files:
        say(
            f"  {row.kind:20} {row.language}: {row.size / 1e6:6.1f} MB,"
            f" gzip {row.gzip_size / 1e6:5.1f} MB"
        )

    for url in URLS:
        for label, headers in [("identity", {}), ("gzip", {"accept_encoding": "gzip"})]:
            times, statuses, queries = [], set(), set()
            for _round in range(ROUNDS):
                elapsed, status, count = first_byte(client, url, **headers)
                times.append(elapsed)
                statuses.add(status)
                queries.add(count)
            say(
                f"first byte {url:30} {label:8}: {milliseconds(times)}"
                f" (status {sorted(statuses)}, queries {sorted(queries)})"
            )
        etag = client.get(url, headers={"accept_encoding": "gzip"})["ETag"]
        times = [
            first_byte(client, url, accept_encoding="gzip", if_none_match=etag)[0]
            for _round in range(ROUNDS)
        ]
        say(f"304        {url:30} {'gzip':8}: {milliseconds(times)}")
