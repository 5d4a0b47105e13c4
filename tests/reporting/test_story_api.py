"""The read-only JSON API of published stories."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pilots.factories import PilotFactory
from pilots.models import PilotStatus, Theme
from tests.reporting.grants_city import publish_story

pytestmark = pytest.mark.django_db


def test_lists_live_stories_in_the_requests_language(client, site_pages, grants_city):
    original, adapted = grants_city["original"], grants_city["adapted"]
    story = publish_story(original, year=2026)
    story.themes.set(Theme.objects.all()[:1])
    story.save()
    publish_story(original, language="sv")
    draft = publish_story(adapted, year=2025, outcome="partly")
    draft.unpublish()

    data = client.get("/fi/api/stories/").json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["title"] == "Tarina: Pihakirjasto"
    assert item["url"] == f"http://testserver/fi/tarinat-fi/tarina-{original.pk}-fi/"
    assert item["area"] == {"slug": "kallio", "name": "Kallio"}
    assert item["outcome"]["code"] == "worked"
    assert item["year"] == 2026
    assert len(item["themes"]) == 1
    assert item["adaptations"] == 1  # the Malmi pilot, submitted
    assert item["inspired_by"] is None
    assert item["first_published_at"]

    sv = client.get("/sv/api/stories/").json()
    assert [r["url"] for r in sv["results"]] == [
        f"http://testserver/sv/tarinat-sv/tarina-{original.pk}-sv/"
    ]


def test_an_adaptations_story_links_to_the_originals_story(client, site_pages, grants_city):
    original, adapted = grants_city["original"], grants_city["adapted"]
    publish_story(original)
    publish_story(adapted, outcome="partly")
    results = {r["title"]: r for r in client.get("/fi/api/stories/").json()["results"]}
    assert results["Tarina: Pihakirjasto Malmilla"]["inspired_by"] == (
        f"http://testserver/fi/tarinat-fi/tarina-{original.pk}-fi/"
    )


def test_filters_by_area_year_and_outcome(client, site_pages, grants_city):
    publish_story(grants_city["original"], year=2026, outcome="worked")
    publish_story(grants_city["adapted"], year=2025, outcome="did_not_work")

    def titles(query):
        return [r["title"] for r in client.get(f"/fi/api/stories/?{query}").json()["results"]]

    assert titles("area=malmi") == ["Tarina: Pihakirjasto Malmilla"]
    assert titles("year=2026") == ["Tarina: Pihakirjasto"]
    assert titles("outcome=did_not_work&area=malmi&year=2025") == ["Tarina: Pihakirjasto Malmilla"]
    assert titles("outcome=did_not_work&area=kallio") == []
    response = client.get("/fi/api/stories/?area=nowhere&year=soon")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"area", "year"}


def make_stories(count, area, call):
    for _ in range(count):
        pilot = PilotFactory(area=area, call=call, status=PilotStatus.PUBLISHED, budget=[])
        publish_story(pilot, first_published_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC))


def queries(client, url) -> int:
    client.get(url)  # warm the site's cached root paths
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_pages_and_costs_the_same_queries_for_10_or_60_stories(client, site_pages, kallio, call):
    make_stories(10, kallio, call)
    few = queries(client, "/fi/api/stories/")
    make_stories(50, kallio, call)
    many = queries(client, "/fi/api/stories/")
    assert few == many <= 8
    data = client.get("/fi/api/stories/?page=3").json()
    assert (data["count"], data["pages"], len(data["results"])) == (60, 3, 20)
    assert data["next"] is None
    assert data["previous"] == "http://testserver/fi/api/stories/?page=2"
    assert client.get("/fi/api/stories/?page=4").status_code == 404
