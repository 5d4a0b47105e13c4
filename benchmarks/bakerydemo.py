"""`make bench`'s side-by-side: our uncached public pages against Wagtail's bakerydemo.

    BAKERYDEMO_DIR=/path/to/bakerydemo .venv/bin/python benchmarks/bakerydemo.py

Issue 13 asks for each of our uncached pages at twice the requests per second of bakerydemo's
comparable page. The machine is shared, so an absolute figure says little: both sites are
served at once, by the same gunicorn set-up (benchmarks/load.py's), and every pair of pages is
loaded A, B, A, B in one run at 10 and 50 connections; the table is the ratio ours ÷ theirs.

Fetching bakerydemo needs GitHub, which the tests do not have, so the script takes a checkout
(`git clone https://github.com/wagtail/bakerydemo`) and a Python with its requirements
(BAKERYDEMO_PYTHON, default $BAKERYDEMO_DIR/.venv/bin/python; docs/benchmarks.md says how).
It creates and fills bakerydemo's own PostgreSQL database (BAKERYDEMO_DATABASE_URL, default
bakerydemo_bench) with bakerydemo's `load_initial_data` fixture, and runs it under its
production settings without Redis (DEBUG off, no front-end cache, a local-memory cache).
Ours is benchmarks/load.py's seeded city with the page cache off (PUBLIC_CACHE_SECONDS=0).

Environment: load.py's (BENCH_SECONDS, BENCH_WORKERS, BENCH_DATABASE_URL) and BENCH_ROUNDS
(A/B rounds per pair, default 2).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import load  # noqa: E402

BAKERYDEMO_DATABASE_URL = os.environ.get(
    "BAKERYDEMO_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bakerydemo_bench"
)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))

# Run inside bakerydemo (its manage.py shell): its pages' addresses and the queries each costs.
# Its search records a hit per request (Query.add_hit): that write is in its count and its
# figures, as it is on bakerydemo.
BAKERYDEMO_PAGES = """
import json
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.models import Page
from bakerydemo.blog.models import BlogIndexPage, BlogPage
from bakerydemo.locations.models import LocationPage

index = BlogIndexPage.objects.live().get()
post = BlogPage.objects.live().order_by("-date_published", "pk").first()
tag = (
    Tag.objects.annotate(posts=Count("blog_blogpagetag_items")).order_by("-posts", "pk").first()
)
pages = {
    "home": "/",
    "blog index": index.url,
    "blog index, by tag": f"{index.url}tags/{tag.slug}/",
    "blog post": post.url,
    "search": "/search/?q=bread",
    "location": LocationPage.objects.live().order_by("pk").first().url,
}
client = Client(HTTP_HOST="127.0.0.1")
queries = {}
for name, url in pages.items():
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    queries[name] = len(captured)
print("JSON " + json.dumps({
    "pages": pages,
    "queries": queries,
    "live_pages": Page.objects.live().count(),
    "blog_posts": BlogPage.objects.live().count(),
}))
"""

# Ours ↔ bakerydemo's comparable page. bakerydemo has no decisions nor statistics: a decision
# is a short page of one record, like a blog post; the statistics page is paired with a
# location page (a page of one record and its opening hours), the nearest it has.
PAIRS = [
    ("home", "home"),
    ("story index", "blog index"),
    ("story index, filtered", "blog index, by tag"),
    ("a story", "blog post"),
    ("search", "search"),
    ("a decision", "blog post"),
    ("statistics", "location"),
]


def bakerydemo_env() -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("REDIS")}
    env.update(
        DATABASE_URL=BAKERYDEMO_DATABASE_URL,
        DJANGO_SETTINGS_MODULE="bakerydemo.settings.production",
        DJANGO_SECRET_KEY="bench-only-" + "not-secret-" * 5,
        DJANGO_LOG_LEVEL="WARNING",
        # Plain HTTP on loopback, as pilotsite.settings.bench is.
        SECURE_SSL_REDIRECT="False",
        SECURE_HSTS_SECONDS="0",
    )
    return env


def manage(python: Path, checkout: Path, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - bakerydemo's own manage.py with fixed arguments
        [str(python), "manage.py", *args],
        cwd=checkout,
        env=bakerydemo_env(),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"bakerydemo: manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare_bakerydemo(python: Path, checkout: Path) -> dict:
    load.ensure_database(BAKERYDEMO_DATABASE_URL)
    manage(python, checkout, "migrate", "--noinput", "-v0")
    seeded = manage(
        python,
        checkout,
        "shell",
        "-c",
        "from bakerydemo.blog.models import BlogPage; print(BlogPage.objects.exists())",
    )
    if "True" not in seeded:
        manage(python, checkout, "load_initial_data")
    manage(python, checkout, "collectstatic", "--noinput", "-v0")
    out = manage(python, checkout, "shell", "-c", BAKERYDEMO_PAGES)
    return json.loads(next(line for line in out.splitlines() if line.startswith("JSON "))[5:])


def our_pages() -> tuple[dict, dict, dict]:
    from pilots.models import PilotStoryPage

    pages = load.urls()
    pages = {name: pages[name] for name, _ in PAIRS if name in pages}
    pages["statistics"] = "/fi/statistics/"
    queries = {name: uncached for name, (uncached, _) in load.count_queries(pages).items()}
    sizes = {
        "live_pages": PilotStoryPage.objects.live().count(),
    }
    return pages, queries, sizes


def measure(url: str, port: int, connections: int) -> float:
    load.drain(url, port)
    figures = load.load(url, connections, port)
    errors = sum(figures[kind] for kind in ("socket_errors", "timeouts", "non_2xx"))
    if errors:
        raise SystemExit(f"{url} on port {port}: {errors} errors")
    return figures["rps"]


def main() -> None:
    checkout = Path(os.environ.get("BAKERYDEMO_DIR", ""))
    if not (checkout / "manage.py").is_file():
        load.say("bakerydemo side-by-side skipped: set BAKERYDEMO_DIR (docs/benchmarks.md)")
        return
    python = Path(os.environ.get("BAKERYDEMO_PYTHON", checkout / ".venv/bin/python"))
    theirs = prepare_bakerydemo(python, checkout)
    load.say(f"bakerydemo: {theirs['live_pages']} live pages, {theirs['blog_posts']} blog posts")

    load.ensure_database(load.DATABASE_URL)
    load.setup_django(cache_on=False)
    load.prepare()
    ours, our_queries, our_sizes = our_pages()
    load.say(f"ours: {our_sizes['live_pages']} live stories")

    load.PORT = load.free_port()
    their_port = load.free_port()
    servers = [
        load.serve(0),
        load.gunicorn(python.parent, "bakerydemo.wsgi", checkout, bakerydemo_env(), their_port),
    ]
    lines = [
        "| ours | bakerydemo | conns | ours req/s | bakerydemo req/s | ratio | queries ours "
        "| queries bakerydemo | load avg |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    try:
        for name, their_name in PAIRS:
            url, their_url = ours[name], theirs["pages"][their_name]
            load.load(url, 2)  # warm both sides' workers
            load.load(their_url, 2, their_port)
            for connections in load.CONNECTIONS:
                mine, other = [], []
                for _ in range(ROUNDS):
                    mine.append(measure(url, load.PORT, connections))
                    other.append(measure(their_url, their_port, connections))
                ratio = sum(mine) / sum(other)
                average = os.getloadavg()[0]
                load.say(
                    f"{name:22} {their_name:19} c={connections:<3}"
                    f" {sum(mine) / ROUNDS:7.1f} {sum(other) / ROUNDS:7.1f} req/s"
                    f"  ratio {ratio:5.2f}  load {average:.1f}"
                )
                lines.append(
                    f"| {name} | {their_name} | {connections} | {sum(mine) / ROUNDS:.1f} "
                    f"| {sum(other) / ROUNDS:.1f} | {ratio:.2f} | {our_queries[name]} "
                    f"| {theirs['queries'][their_name]} | {average:.1f} |"
                )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    load.say("\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
