"""`make bench`'s load test: the public site under gunicorn, loaded over loopback with wrk.

    .venv/bin/python benchmarks/load.py

Creates (once) and seeds the PostgreSQL database `minipilot_bench` with 10,000 pilots and 5,000
published stories (benchmarks/load_seed.py), serves it with gunicorn under production settings
on plain HTTP (pilotsite.settings.bench), and loads each public page with wrk at 10 and 50
connections. It prints p50/p95/p99 latency and requests per second per page, and the database
queries each page costs (counted in-process with the test client, uncached and cached). A static
file served by the same gunicorn is the ceiling.

With a Redis server answering, the pages are measured twice: with the public page cache
(production's setting with REDIS_URL) and without it (PUBLIC_CACHE_SECONDS=0), the worst case
of a page nobody has read since the last publication.

Environment: BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_SECONDS (per run, default 10),
BENCH_WORKERS (gunicorn workers, default 4), BENCH_PORT (default: a free one), BENCH_RESEED=1.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/minipilot_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
PORT = int(os.environ.get("BENCH_PORT", "0"))  # 0: a free port, chosen at start
CONNECTIONS = (10, 50)
LUA = Path(__file__).with_name("wrk_report.lua")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def ensure_database(url: str) -> None:
    """Create the benchmark's own database if it does not exist (never touches another)."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and os.environ.get("BENCH_RESEED"):
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(cache_on: bool) -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "pilotsite.settings.bench"
    if cache_on:
        os.environ["REDIS_URL"] = REDIS_URL
    else:
        os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def prepare() -> dict:
    from django.core.management import call_command
    from django.db import connection

    from benchmarks import load_seed

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    if load_seed.is_seeded():
        say("seed: already seeded, reused (BENCH_RESEED=1 to start again)")
    else:
        started = time.perf_counter()
        load_seed.seed()
        say(f"seed: {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics after the bulk writes
    return urls()


def urls() -> dict[str, str]:
    from django.contrib.staticfiles.storage import staticfiles_storage

    from benchmarks.load_seed import SEARCH_WORD
    from pilots.models import Area, Decision, PilotStoryPage, StoryIndexPage

    index = StoryIndexPage.objects.live().get(locale__language_code="fi")
    story = PilotStoryPage.objects.live().order_by("-first_published_at").first()
    decision = Decision.objects.filter(pilot=story.pilot).get()
    area = Area.objects.order_by("pk").first()
    index_url = index.get_url()
    return {
        "home": "/fi/",
        "story index": index_url,
        "story index, filtered": f"{index_url}?area={area.pk}&year=2025",
        "a story": story.get_url(),
        "search": f"{index_url}?q={SEARCH_WORD}",
        "a decision": f"/fi/decisions/{decision.pk}/",
        "360Giving export": "/fi/open-data/grants.json",
        "static file (ceiling)": staticfiles_storage.url("css/site.css"),
    }


def count_queries(pages: dict[str, str]) -> dict[str, tuple[int, int]]:
    """(uncached, cached) queries of one anonymous request to each page."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, url in pages.items():
        found = []
        for seconds in (0, 600):
            settings.PUBLIC_CACHE_SECONDS = seconds
            cache.clear()
            client.get(url)  # the cached count is of the second request
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            found.append(len(queries))
        counts[name] = tuple(found)
    return counts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(cache_seconds: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "PUBLIC_CACHE_SECONDS": str(cache_seconds),
        "DJANGO_SETTINGS_MODULE": "pilotsite.settings.bench",
    }
    return gunicorn(Path(sys.executable).parent, "pilotsite.wsgi", ROOT, env, PORT)


def gunicorn(bin_dir: Path, app: str, cwd: Path, env: dict, port: int) -> subprocess.Popen:
    """One gunicorn set-up for every site measured: WORKERS sync workers on loopback."""
    server = subprocess.Popen(  # noqa: S603 - a gunicorn with fixed arguments
        [
            str(bin_dir / "gunicorn"),
            app,
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=cwd,
        env=env,
    )
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped: is port {port} taken?")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def load(url: str, connections: int, port: int | None = None) -> dict:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is missing: `make bench` installs it (apt-get install wrk)")
    result = subprocess.run(  # noqa: S603 - wrk with fixed arguments
        [
            wrk,
            "--threads=2",
            f"--connections={connections}",
            f"--duration={SECONDS}s",
            "--timeout=10s",
            f"--script={LUA}",
            f"http://127.0.0.1:{port or PORT}{url}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("JSON "))
    figures = json.loads(line[5:])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def drain(url: str, port: int | None = None) -> None:
    """Wait until the workers are free: sync workers still serve the requests that wrk's last
    connections queued before it left, and the next run must not wait behind them."""
    from urllib.request import urlopen

    with urlopen(f"http://127.0.0.1:{port or PORT}{url}", timeout=600) as response:  # noqa: S310
        response.read()


def run(label: str, cache_seconds: int, pages: dict[str, str]) -> list[dict]:
    from django.core.cache import cache

    cache.clear()
    server = serve(cache_seconds)
    rows = []
    try:
        for name, url in pages.items():
            drain(url)
            load(url, 2)  # warm the workers (and the cache)
            for connections in CONNECTIONS:
                drain(url)
                figures = load(url, connections)
                figures["errors"] = sum(
                    figures[kind] for kind in ("socket_errors", "timeouts", "non_2xx")
                )
                rows.append({"mode": label, "page": name, "connections": connections, **figures})
                say(
                    f"{label:9} {name:24} c={connections:<3} p50 {figures['p50'] / 1000:7.1f} ms"
                    f"  p95 {figures['p95'] / 1000:7.1f} ms  p99 {figures['p99'] / 1000:7.1f} ms"
                    f"  {figures['rps']:8.1f} req/s"
                    f"  errors {figures['errors']}"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def table(rows: list[dict], queries: dict[str, tuple[int, int]]) -> str:
    lines = [
        "| mode | page | conns | p50 ms | p95 ms | p99 ms | req/s | errors | queries |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        uncached, cached = queries[row["page"]]
        lines.append(
            f"| {row['mode']} | {row['page']} | {row['connections']} | {row['p50'] / 1000:.1f} "
            f"| {row['p95'] / 1000:.1f} | {row['p99'] / 1000:.1f} | {row['rps']:.0f} "
            f"| {row['errors']} | {cached if row['mode'] == 'cached' else uncached} |"
        )
    return "\n".join(lines)


def main() -> None:
    global PORT
    PORT = PORT or free_port()
    cache_on = redis_answers(REDIS_URL)
    say(f"database {DATABASE_URL}; Redis {REDIS_URL if cache_on else 'absent: no cached run'}")
    ensure_database(DATABASE_URL)
    setup_django(cache_on)
    pages = prepare()
    queries = count_queries(pages)
    rows = []
    if cache_on:
        rows += run("cached", 600, pages)
    rows += run("uncached", 0, pages)
    say("\nqueries per request (uncached, cached):")
    for name, (uncached, cached) in queries.items():
        say(f"  {name:24} {uncached:4} {cached:4}")
    say("\n" + table(rows, queries))


if __name__ == "__main__":
    main()
