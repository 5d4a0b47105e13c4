"""Query-count guards: each public page and the director's proposal listing cost the same number
of queries with a few records and with many, so an N+1 fails here instead of on the server; and
what those pages read instead of counting per request (a story's adaptation count, the years
and number of stories) follows every change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.factories import UserFactory
from pilots import selectors, services, supports
from pilots.factories import PilotFactory
from pilots.models import PilotStoryPage
from tests.city import approve, story_of

MORE = 10

# The most queries each page may run. Where a page is above 10, the rest is Wagtail's serving of
# a page (the site, the language's locale, each level of the tree twice, the view restrictions
# of the page and its ancestors in one query, kernel.view_restrictions: 6 for the index, 8 for
# a story). The filters' names, a page's language links and the statistics' figures are kept
# between requests until a purge (kernel.public_cache.kept_for_page), so a warm page does not
# read them. The story and decision pages each read the co-proposers who consented to be named
# (one query). A story's page also reads its thread of comments
# (discussions.selectors.thread_comments: the comments, their replies).
MOST_QUERIES = {
    "home": 8,
    "story index": 9,
    "story index, filtered": 10,
    "story": 17,
    "search": 11,
    "decisions": 5,
    "decision": 4,
    "statistics": 1,
}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def grow(budget, story_indexes, stories, count, first=0):
    """`count` more decided pilots with published stories, each also an adaptation of the
    library story, so every list on the public pages gets longer."""
    budget.grants = 100
    budget.save()
    director = budget.area.directors.get()
    for number in range(first, first + count):
        pilot = PilotFactory(
            call=budget.call,
            area=budget.area,
            title=f"Kompostori {number}",
            inspired_by=stories["library"].pilot,
        )
        services.pilot_submit(pilot=pilot, by=pilot.proposer)
        approve(pilot, director)
        story_of(pilot, story_indexes["fi"], year=2020 + number % 4, slug=f"lisaa-{number}")


@pytest.fixture
def pages(stories, story_indexes, budget):
    index = story_indexes["fi"].url
    return {
        "home": "/fi/",
        "story index": index,
        "story index, filtered": f"{index}?area={budget.area.pk}&year=2026",
        "story": stories["library"].url,
        "search": f"{index}?q=kompost",
        "decisions": "/fi/decisions/",
        "decision": f"/fi/decisions/{stories['library'].pilot.decision.pk}/",
        "statistics": "/fi/statistics/",
    }


@pytest.mark.parametrize("page", list(MOST_QUERIES))
def test_a_public_page_costs_the_same_queries_with_few_and_many_stories(
    client, pages, page, budget, story_indexes, stories
):
    url = pages[page]
    grow(budget, story_indexes, stories, 1)  # no list is empty, so each one's query runs
    client.get(url)  # what every request shares once it is warm (site root paths, locales)
    few = count_queries(client, url)
    grow(budget, story_indexes, stories, MORE, first=1)
    client.get(url)
    many = count_queries(client, url)
    assert many == few, (few, many)
    assert few <= MOST_QUERIES[page]


def test_the_lists_grew_in_the_guard(client, pages, budget, story_indexes, stories):
    """The guard above is about pages that really show more: more cards, hits and decisions."""
    grow(budget, story_indexes, stories, MORE)
    index = client.get(pages["story index"])
    assert index.context["stories"].paginator.count == len(stories) - 1 + MORE
    search = client.get(pages["search"])
    assert search.context["stories"].paginator.count > MORE
    assert client.get(pages["decisions"]).context["page"].paginator.count > MORE
    story = client.get(pages["story"]).content.decode()
    assert story.count("Kompostori") >= MORE


def test_the_directors_proposal_listing_costs_the_same_queries_at_5_and_50_proposals(
    client, area_director, budget, proposer
):
    budget.grants = 100
    budget.save()

    def add(count):
        for _ in range(count):
            pilot = PilotFactory(call=budget.call, area=budget.area, proposer=proposer)
            services.pilot_submit(pilot=pilot, by=proposer)

    add(5)
    client.force_login(area_director)
    client.get("/admin/proposals/")
    few = count_queries(client, "/admin/proposals/")
    add(45)
    response = client.get("/admin/proposals/")
    assert response.context["paginator"].count == 50
    assert count_queries(client, "/admin/proposals/") == few
    # 15 today: 9 are Django's and Wagtail's own (session, user, two permission reads, profile,
    # locales, the menu's page, collection and site permissions), the director's roles and areas
    # once each however many menu items and checks ask, the count, the area and call filters'
    # choices, and the page of proposals.
    assert few <= 15


def test_the_public_proposals_cost_the_same_queries_with_few_and_many_proposals_and_supports(
    client, budget, proposer
):
    """The list and a proposal's page, for a visitor and for a signed-in resident (whose own
    support is on the page): budgets and supports are counted in the proposals' query."""
    budget.grants = 100
    budget.save()
    supporters = [UserFactory() for _ in range(MORE)]

    def add(count, supported_by):
        for _ in range(count):
            pilot = PilotFactory(call=budget.call, area=budget.area, proposer=proposer)
            services.pilot_submit(pilot=pilot, by=proposer)
            services.pilot_set_shown_publicly(pilot=pilot, by=proposer, publish=True)
            for supporter in supported_by:
                supports.support_add(pilot=pilot, by=supporter)
        return pilot

    first = add(2, supporters[:1])
    urls = {"list": "/fi/proposals/", "proposal": f"/fi/proposals/{first.pk}/"}
    resident = UserFactory()

    def costs():
        counts = {}
        for signed_in in (False, True):
            client.logout()
            if signed_in:
                client.force_login(resident)
            for page, url in urls.items():
                client.get(url)
                counts[page, signed_in] = count_queries(client, url)
        return counts

    few = costs()
    add(MORE, supporters)
    for supporter in supporters[1:]:
        supports.support_add(pilot=first, by=supporter)
    many = costs()
    assert client.get(urls["list"]).context["page"].paginator.count == 2 + MORE
    assert many == few, (few, many)
    # The visitor's: the count, the page, the filter's choices, the page's comment counts and
    # the site the footer's links are made for (the test database has the site's pages, as a
    # real site does); the proposal, its budget lines, themes, decision and the co-proposers
    # named with their consent, and its comments with their replies (tests/discussions guards
    # those). Signed in adds the session, the user, the support and comment checks (a verified
    # address, no ban from commenting), whether the reader is in the team (who may report the
    # proposal), the header's unread count and the follow button's state.
    assert few[("list", False)] <= 6
    assert few[("proposal", False)] <= 7
    assert few[("proposal", True)] <= 19


def test_roles_and_areas_are_read_once_per_request(client, area_director, submitted):
    client.force_login(area_director)
    client.get("/admin/proposals/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/admin/proposals/")
    sql = [query["sql"] for query in queries.captured_queries]
    coordinator_checks = [q for q in sql if "auth_group" in q and "Coordinators" in q]
    area_reads = [q for q in sql if "pilots_area_directors" in q and "pilots_pilot" not in q]
    assert len(coordinator_checks) == 1
    # One here; reporting.permissions asks again on its own until it uses directed_area_ids.
    assert len(area_reads) <= 2


def test_a_story_keeps_its_adaptation_count_as_adaptations_are_sent_and_withdrawn(stories, budget):
    story = stories["library"]

    def times_adapted():
        return PilotStoryPage.objects.get(pk=story.pk).times_adapted

    draft = PilotFactory(call=budget.call, area=budget.area, inspired_by=story.pilot)
    assert times_adapted() == 0  # a draft is its resident's own
    services.pilot_submit(pilot=draft, by=draft.proposer)
    second = PilotFactory(call=budget.call, area=budget.area, inspired_by=story.pilot)
    services.pilot_submit(pilot=second, by=second.proposer)
    assert times_adapted() == 2
    services.pilot_withdraw(pilot=second, by=second.proposer)
    assert times_adapted() == 1
    most = list(selectors.most_adapted_stories(story.locale_id))
    assert most[0].pk == story.pk
    assert most[0].adaptation_count == 1


def test_publishing_a_revision_keeps_the_live_adaptation_count(stories, budget):
    story = stories["library"]
    adaptation = PilotFactory(call=budget.call, area=budget.area, inspired_by=story.pilot)
    revision = story.save_revision()  # saved before the adaptation was sent
    services.pilot_submit(pilot=adaptation, by=adaptation.proposer)
    PilotStoryPage.objects.get(pk=story.pk).get_latest_revision().publish()
    assert revision.as_object().times_adapted == 0
    assert PilotStoryPage.objects.get(pk=story.pk).times_adapted == 1


def test_the_index_offers_a_new_year_and_counts_a_new_story_once_it_is_published(
    client, stories, story_indexes, budget
):
    index = story_indexes["fi"]
    before = client.get(index.url)
    assert 2019 not in [year for year, _label in before.context["form"].fields["year"].choices]
    story_of(PilotFactory(call=budget.call, area=budget.area), index, year=2019)
    after = client.get(index.url)
    assert 2019 in [year for year, _label in after.context["form"].fields["year"].choices]
    assert after.context["stories"].paginator.count == before.context["stories"].paginator.count + 1
    stories["sauna"].unpublish()
    assert client.get(index.url).context["stories"].paginator.count == (
        before.context["stories"].paginator.count
    )
