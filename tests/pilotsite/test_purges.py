"""A change purges the cached pages that show it, and leaves the others cached: a decision in
Kallio is not a reason to render Malmi's page or the stories again."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.factories import UserFactory
from discussions.models import Thread
from discussions.services import comment_add
from pilots import services, supports
from tests.city import approve


def queries_to_get(client, url) -> int:
    """The queries the page took: none when it came from the cache."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def cached_now(client, urls) -> dict[str, bool]:
    return {url: queries_to_get(client, url) == 0 for url in urls}


def test_a_decision_purges_its_pages_and_leaves_the_others(
    page_cache, client, stories, submitted, area_director
):
    story = stories["bikes"].url  # Malmi's story
    malmi_decision = f"/fi/decisions/{stories['bikes'].pilot.decision.pk}/"
    shown = ["/fi/decisions/", "/fi/areas/", "/fi/areas/kallio/", "/fi/statistics/"]
    not_shown = ["/fi/areas/malmi/", story, malmi_decision, "/fi/"]
    for url in shown + not_shown:
        client.get(url)
    assert cached_now(client, shown + not_shown) == dict.fromkeys(shown + not_shown, True)
    approve(submitted, area_director)
    assert cached_now(client, shown + not_shown) == {
        **dict.fromkeys(shown, False),
        **dict.fromkeys(not_shown, True),
    }
    assert submitted.title in client.get("/fi/decisions/").content.decode()
    own = f"/fi/decisions/{submitted.decision.pk}/"
    assert queries_to_get(client, own) > 0 and queries_to_get(client, own) == 0


def test_publishing_a_story_purges_the_wagtail_pages_and_leaves_the_decisions(
    page_cache, client, stories
):
    pages = ["/fi/", stories["library"].url, stories["library"].get_parent().url]
    others = ["/fi/decisions/", "/fi/areas/kallio/"]
    for url in pages + others:
        client.get(url)
    stories["draft"].save_revision().publish()
    assert cached_now(client, pages + others) == {
        **dict.fromkeys(pages, False),
        **dict.fromkeys(others, True),
    }
    assert "Luonnos" in client.get(stories["library"].get_parent().url).content.decode()


def test_renaming_an_area_purges_every_page(page_cache, client, stories):
    urls = ["/fi/", stories["library"].url, "/fi/decisions/", "/fi/areas/malmi/"]
    for url in urls:
        client.get(url)
    kallio = stories["library"].pilot.area
    kallio.name_fi = "Kallio–Sörnäinen"
    kallio.save()
    assert cached_now(client, urls) == dict.fromkeys(urls, False)


def test_a_support_purges_its_proposal_and_the_list_and_leaves_the_decisions(
    page_cache, client, stories, submitted
):
    services.pilot_set_shown_publicly(pilot=submitted, by=submitted.proposer, publish=True)
    supporter = UserFactory()  # before the pages are cached: a new name purges every page
    own, listing = f"/fi/proposals/{submitted.pk}/", "/fi/proposals/"
    others = ["/fi/decisions/", "/fi/areas/kallio/", stories["library"].url]
    for url in [own, listing, *others]:
        client.get(url)
    supports.support_add(pilot=submitted, by=supporter)
    assert cached_now(client, [own, listing, *others]) == {
        own: False,
        listing: False,
        **dict.fromkeys(others, True),
    }


def test_a_comment_purges_its_proposal_or_the_stories_and_leaves_the_rest(
    page_cache, client, stories, public_proposal
):
    commenter = UserFactory()  # before the pages are cached: a new name purges every page
    own, listing = f"/fi/proposals/{public_proposal.pk}/", "/fi/proposals/"
    story = stories["library"].url
    others = ["/fi/decisions/", "/fi/areas/kallio/"]
    for url in [own, listing, story, *others]:
        client.get(url)
    comment = comment_add(pilot=public_proposal, thread=Thread.PROPOSAL, by=commenter, body="Hei")
    assert cached_now(client, [own, listing, story, *others]) == {
        own: False,
        listing: False,
        story: True,
        **dict.fromkeys(others, True),
    }
    assert f'id="comment-{comment.pk}"' in client.get(own).content.decode()
    client.get(listing)
    comment_add(pilot=stories["library"].pilot, thread=Thread.STORY, by=commenter, body="Kysyn")
    assert cached_now(client, [own, listing, story, *others]) == {
        own: True,
        listing: True,
        story: False,
        **dict.fromkeys(others, True),
    }
