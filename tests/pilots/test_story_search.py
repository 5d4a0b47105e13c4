"""Story search through the story index: Finnish and Swedish word forms, compounds, every
story of the index searched, title before summary, filters kept, an empty result that helps,
the index kept current by publishing, and proposals ranked for the admin."""

import pytest
from django.core.management import call_command

from pilots import selectors
from pilots.factories import PilotFactory
from pilots.models import Pilot, PilotStoryPage, Theme
from search.models import Document
from tests.city import story_of


def proposal(budget, title, summary):
    return PilotFactory(
        call=budget.call,
        area=budget.area,
        title=title,
        summary=summary,
        need="",
        activities="",
        audience="",
        expected_outcome="",
    )


@pytest.fixture
def more_stories(stories, story_indexes, budget):
    """Beside the three Finnish stories: a Finnish compost story and a Swedish bicycle one."""
    made = dict(stories)
    for key, index, title, summary in [
        (
            "compost",
            "fi",
            "Kompostilaatikot päiväkodin pihalle",
            "Lapset rakensivat kompostilaatikoita vanhoista lavoista.",
        ),
        (
            "cykel",
            "sv",
            "Cykelverkstad på torget",
            "Frivilliga lagade cyklar på torget varje lördag.",
        ),
    ]:
        made[key] = story_of(proposal(budget, title, summary), story_indexes[index])
    return made


def found(client, index, query):
    response = client.get(index.url, {"q": query})
    assert response.status_code == 200
    return [story.title for story in response.context["stories"]]


# Each search's index language, words and the titles it finds, in rank order.
WORD_FORMS = [
    # The story about a compost box, and the one whose lessons speak of composting.
    ("fi", "kompost", ["Kompostilaatikot päiväkodin pihalle", "Saunavuorot"]),
    ("fi", "laatikko", ["Kompostilaatikot päiväkodin pihalle"]),  # a compound's part
    ("fi", "pyörä", ["Pyöräkorjaamo"]),  # a compound's first part
    ("fi", "pyöräkorjaamossa", ["Pyöräkorjaamo"]),  # inflected
    ("fi", "kompostilaatikolla", ["Kompostilaatikot päiväkodin pihalle"]),
    ("fi", "saunavuorto", ["Saunavuorot"]),  # two letters swapped
    ("sv", "cykel", ["Cykelverkstad på torget"]),
    ("sv", "verkstad", ["Cykelverkstad på torget"]),  # a Swedish compound's last part
    ("sv", "cyklar", ["Cykelverkstad på torget"]),
    # The Swedish index lists the Finnish stories not yet translated, and searches them.
    ("sv", "pyöräkorjaamo", ["Pyöräkorjaamo"]),
    ("fi", "biblioteket", []),
]


@pytest.mark.usefixtures("analyser")
def test_search_finds_word_forms_and_compound_parts(client, more_stories, story_indexes):
    """Every search of WORD_FORMS on the same stories (made once: the searches change nothing),
    compared together, so that a failure lists each search that found the wrong stories."""
    found_by_search = {
        (language, query): found(client, story_indexes[language], query)
        for language, query, _expected in WORD_FORMS
    }
    assert found_by_search == {
        (language, query): expected for language, query, expected in WORD_FORMS
    }


def test_the_title_ranks_before_the_summary_and_the_body(client, more_stories, story_indexes):
    library = more_stories["library"]
    library.summary = "Kirjakaappi ja kompostilaatikko pihalla."
    library.save_revision().publish()
    assert found(client, story_indexes["fi"], "kompostilaatikko")[:2] == [
        "Kompostilaatikot päiväkodin pihalle",  # in the title
        "Pihakirjasto",  # in the summary
    ]
    assert found(client, story_indexes["fi"], "kompostoinnista")[0] == "Saunavuorot"  # body


def test_filters_narrow_the_search(client, more_stories, story_indexes, budget):
    malmi = budget.call.budgets.exclude(area=budget.area).get().area
    response = client.get(story_indexes["fi"].url, {"q": "kompost", "area": budget.area.pk})
    assert [story.title for story in response.context["stories"]] == [
        "Kompostilaatikot päiväkodin pihalle",
        "Saunavuorot",
    ]
    response = client.get(story_indexes["fi"].url, {"q": "kompost", "area": malmi.pk})
    assert list(response.context["stories"]) == []


def test_publishing_unpublishing_and_drafts_keep_the_index_current(
    client, more_stories, story_indexes
):
    story = more_stories["bikes"]
    story.title = "Polkupyöräpaja"
    story.save_revision()  # a draft: the live story is still "Pyöräkorjaamo"
    assert found(client, story_indexes["fi"], "paja") == []
    assert found(client, story_indexes["fi"], "korjaamo") == ["Pyöräkorjaamo"]
    PilotStoryPage.objects.get(pk=story.pk).get_latest_revision().publish()
    assert found(client, story_indexes["fi"], "paja") == ["Polkupyöräpaja"]
    PilotStoryPage.objects.get(pk=story.pk).unpublish()
    assert found(client, story_indexes["fi"], "paja") == []
    assert not Document.objects.filter(kind="pilots.story", object_id=story.pk).exists()


def test_an_empty_result_suggests_a_spelling_themes_areas_and_the_newest_stories(
    client, more_stories, story_indexes, budget
):
    theme = Theme.objects.first()
    more_stories["sauna"].themes.add(theme)
    more_stories["sauna"].save_revision().publish()
    # Two letters short, and the library story is of 2025 anyway.
    response = client.get(story_indexes["fi"].url, {"q": "pihakrjsto", "year": "2026"})
    html = response.content.decode()
    assert response.context["stories"].paginator.count == 0
    assert response.context["suggestion"] == "pihakirjasto"
    assert "q=pihakirjasto" in response.context["suggestion_query"]
    assert "year=2026" in response.context["suggestion_query"]
    assert f"?theme={theme.pk}" in html
    assert f"?area={budget.area.pk}" in html
    assert len(response.context["newest_stories"]) == 3
    assert 'class="cards story-cards newest-stories"' in html


def test_the_search_page_costs_the_same_queries_however_many_stories_match(
    client, more_stories, story_indexes, budget, django_assert_max_num_queries
):
    index = story_indexes["fi"]
    with django_assert_max_num_queries(40) as few:
        client.get(index.url, {"q": "kompost"})
    for n in range(6):
        pilot = proposal(budget, f"Kompostori {n}", "Biojäte kiertoon.")
        story_of(pilot, index, slug=f"kompostori-{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(index.url, {"q": "kompost"})
    assert response.context["stories"].paginator.count == 8


def test_results_are_paginated_in_rank_order(client, stories, story_indexes, budget):
    index = story_indexes["fi"]
    for n in range(13):
        story_of(proposal(budget, f"Lumitalkoot {n}", "Lapioimme pihoja."), index, slug=f"lumi-{n}")
    story_of(proposal(budget, "Pulkkamäki", "Kasasimme lumesta mäen."), index, slug="pulkka")
    first = client.get(index.url, {"q": "lumi"}).context["stories"]
    second = client.get(index.url, {"q": "lumi", "page": 2}).context["stories"]
    assert first.paginator.count == 14
    assert len(first) == 12 and len(second) == 2
    assert second[-1].title == "Pulkkamäki"  # a summary match after every title match


@pytest.mark.usefixtures("analyser")
def test_proposals_are_ranked_for_the_admin(budget):
    first = proposal(budget, "Pihakirjasto", "Kirjakaappi pihalle.")
    second = proposal(budget, "Lukupiiri", "Luemme kirjastossa kerran viikossa.")
    proposal(budget, "Saunavuorot", "Sauna kaikille naapureille.")
    ranked = selectors.search_pilots(Pilot.objects.all(), "kirjasto")
    assert list(ranked) == [first, second]
    assert list(selectors.search_pilots(Pilot.objects.exclude(pk=first.pk), "kirjasto")) == [second]
    assert list(selectors.search_pilots(Pilot.objects.all(), "uimaranta")) == []


def test_the_admin_page_search_finds_a_published_story(client, stories, coordinator, settings):
    """Wagtail's page index, which the test settings leave unwritten elsewhere."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": True}
    }
    story = PilotStoryPage.objects.get(pk=stories["sauna"].pk)
    story.title = "Saunavuorolista"
    story.save_revision().publish()
    client.force_login(coordinator)
    response = client.get("/admin/pages/search/", {"q": "saunavuorolista"})
    assert response.status_code == 200
    assert [page.pk for page in response.context["pages"]] == [story.pk]


def test_search_reindex_rebuilds_the_stories_and_proposals(more_stories, story_indexes):
    Document.objects.all().delete()
    call_command("search_reindex")
    assert Document.objects.filter(kind="pilots.story").count() == 5  # the draft is not live
    assert Document.objects.filter(kind="pilots.pilot").count() == Pilot.objects.count()
    assert selectors.search_stories(PilotStoryPage.objects.all(), "cykel") == [
        more_stories["cykel"].pk
    ]
