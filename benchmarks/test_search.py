"""`make bench`: how well and how fast story search answers.

Relevance: the fixed stories and queries of benchmarks/relevance_stories.py, indexed the way
stories are (pilots.search_documents: title, summary and body weights, analysed in the story's
language), with Voikko and with the stemmer alone. Prints recall@10 (the share of the stories a
query must find that are among its first ten) and MRR (the mean of 1 / rank of the first story
it must find) per language. Goal: recall@10 >= 0.95 in each language, on SQLite and on
PostgreSQL (set DATABASE_URL).

Speed: the story index with and without a search, through the view with Django's test client,
at 10,000 published stories, printed side by side. Measured, not asserted.
"""

import statistics
import sys
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.load_seed import SEARCH_WORD, seed
from benchmarks.relevance_stories import QUERIES, STORIES
from pilots.models import StoryIndexPage
from pilots.search_documents import BODY, SUMMARY, TITLE
from search import analysis
from search.index import SearchDocument, index_documents
from search.query import rank

KIND = "benchmarks.story"
TOP = 10
STORY_COUNT = 10_000
ROUNDS = 15


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def corpus() -> tuple[list[SearchDocument], dict[int, str]]:
    documents, keys = [], {}
    for language, stories in STORIES.items():
        for key, title, summary, body in stories:
            object_id = len(keys) + 1
            keys[object_id] = key
            documents.append(
                SearchDocument(
                    object_id=object_id,
                    language=language,
                    fields=((title, TITLE), (summary, SUMMARY), (body, BODY)),
                )
            )
    return documents, keys


def scores(keys: dict[int, str]) -> dict[str, tuple[float, float, list[str]]]:
    """(recall@10, MRR, queries that missed a story) per language."""
    results = {}
    for language, queries in QUERIES.items():
        recalls, reciprocal_ranks, missed = [], [], []
        for text, wanted in queries:
            found = [keys[pk] for pk in rank(KIND, text)]
            top = set(found[:TOP])
            recalls.append(len(top & set(wanted)) / len(wanted))
            first = next((n for n, key in enumerate(found, 1) if key in wanted), None)
            reciprocal_ranks.append(1 / first if first else 0.0)
            if not set(wanted) <= top:
                missed.append(f"{text} -> {found[:3]}")
        results[language] = (
            statistics.mean(recalls),
            statistics.mean(reciprocal_ranks),
            missed,
        )
    return results


@pytest.mark.django_db
@pytest.mark.parametrize("analyser", ["voikko", "stemmer"])
def test_relevance(settings, analyser):
    if analyser == "voikko" and analysis._voikko() is None:
        pytest.skip("Voikko (libvoikko1 + voikko-fi) is not installed")
    settings.SEARCH_VOIKKO = analyser == "voikko"
    documents, keys = corpus()
    index_documents(KIND, documents)
    say(f"\nSearch relevance on {connection.vendor}, {analyser}, {len(documents)} stories:")
    for language, (recall, mrr, missed) in scores(keys).items():
        say(
            f"  {language}: recall@{TOP} {recall:.3f}  MRR {mrr:.3f}  "
            f"({len(QUERIES[language])} queries)"
        )
        for miss in missed:
            say(f"      missed: {miss}")


def median_ms(client, url: str) -> tuple[float, float, int, int]:
    """Median wall time and database time of the page (ms), its queries and its stories."""
    client.get(url)  # warm the templates and the connection
    times, database = [], []
    for _round in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        database.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
    assert response.status_code == 200
    count = response.context["stories"].paginator.count
    return statistics.median(times), statistics.median(database), len(queries), count


@pytest.mark.django_db
def test_search_page_against_the_plain_index(client):
    start = time.perf_counter()
    seed(stories=STORY_COUNT)
    say(f"\nSeeded {STORY_COUNT} stories and indexed them in {time.perf_counter() - start:.0f} s")
    url = StoryIndexPage.objects.live().get(locale__language_code="fi").get_url()
    for label, query in [
        ("story index", ""),
        (f"search '{SEARCH_WORD}' (1 in 50 stories)", f"?q={SEARCH_WORD}"),
        ("search 'kirjakaappi' (every story)", "?q=kirjakaappi"),
        ("search 'kirjakaappi katto' (every story)", "?q=kirjakaappi+katto"),
    ]:
        ms, database_ms, queries, count = median_ms(client, url + query)
        say(
            f"  {label:42} {ms:7.1f} ms, of which database {database_ms:6.1f} ms "
            f"({queries} queries; {count} stories; median of {ROUNDS})"
        )
