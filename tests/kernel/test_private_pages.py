"""Pages made for one person send `Cache-Control: private, no-store`; public pages do not."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.cache import get_max_age


def directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}


def assert_private(response):
    assert {"private", "no-store"} <= directives(response), response.get("Cache-Control")


@pytest.mark.parametrize(
    "path",
    [
        "/fi/me/",
        "/fi/me/my-data.json",
        "/fi/me/delete/",
        "/fi/pilots/",
        "/fi/pilots/propose/",
    ],
)
def test_a_residents_own_pages_are_private(client, proposer, path):
    client.force_login(proposer)
    response = client.get(path)
    assert response.status_code == 200
    assert_private(response)


def test_the_pilot_its_edit_form_and_its_bank_details_page_are_private(client, approved):
    client.force_login(approved.proposer)
    for path in (
        f"/fi/pilots/{approved.pk}/",
        f"/fi/pilots/{approved.pk}/payout/bank/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_private(response)
    edit = client.get(f"/fi/pilots/{approved.pk}/edit/")
    assert_private(edit)


def test_a_form_sent_by_a_resident_is_answered_privately(client, approved):
    client.force_login(approved.proposer)
    response = client.post(
        f"/fi/pilots/{approved.pk}/payout/bank/", {"holder": "", "iban": "not an iban"}
    )
    assert_private(response)


@pytest.mark.parametrize("path", ["/admin/", "/admin/proposals/", "/admin/reports/site-history/"])
def test_the_admin_is_private(client, area_director, submitted, path):
    client.force_login(area_director)
    response = client.get(path)
    assert response.status_code == 200
    assert_private(response)


def test_a_public_page_read_by_a_signed_in_resident_is_private(client, proposer, stories):
    """Their copy names them in the header, so it is theirs alone."""
    client.force_login(proposer)
    response = client.get(stories["library"].url)
    assert response.status_code == 200
    assert_private(response)


def test_the_sign_in_form_holds_a_token_of_its_own_and_is_private(client, site_pages):
    response = client.get("/fi/accounts/login/")
    assert response.status_code == 200
    assert response.cookies
    assert_private(response)


@pytest.mark.parametrize("path", ["/fi/", "/fi/decisions/", "/fi/statistics/", "/fi/open-data/"])
def test_public_pages_for_anonymous_visitors_are_not_marked_private(client, stories, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not {"private", "no-store"} & directives(response)
    assert get_max_age(response) is None or get_max_age(response) > 0


def test_a_public_story_stays_shareable_and_is_stored_in_the_page_cache(client, settings, stories):
    settings.PUBLIC_CACHE_SECONDS = 600
    cache.clear()
    url = stories["library"].url
    first = client.get(url)
    assert not {"private", "no-store"} & directives(first)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert len(queries) == 0  # served from the shared copy
    assert second.content == first.content
    assert not {"private", "no-store"} & directives(second)
    cache.clear()
