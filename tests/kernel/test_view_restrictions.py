"""Wagtail's view restrictions, read in one query (kernel.view_restrictions), still hold: on
the page itself, on any of its ancestors, and on an alias's source page."""

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="salainen"
    )


def asks_for_the_password(client, url) -> bool:
    html = client.get(url).content.decode()
    return 'name="password"' in html


def test_a_page_and_its_descendants_ask_for_the_password(client, stories, story_indexes):
    story = stories["library"]
    assert not asks_for_the_password(client, story.url)
    restrict(story_indexes["fi"])
    assert asks_for_the_password(client, story_indexes["fi"].url)
    assert asks_for_the_password(client, story.url)


def test_a_restriction_on_the_page_itself(client, stories):
    story, other = stories["library"], stories["bikes"]
    restrict(story)
    assert asks_for_the_password(client, story.url)
    assert not asks_for_the_password(client, other.url)


def test_an_alias_is_restricted_as_its_source(client, stories, story_indexes):
    story = stories["library"]
    alias = story.create_alias(parent=story_indexes["fi"], update_slug="kopio")
    restrict(story)
    assert asks_for_the_password(client, alias.url)
    assert story.get_view_restrictions().count() == alias.get_view_restrictions().count() == 1
