"""The index answers in Finnish, Swedish and English: stems, prefixes, compound parts, a typo,
title before summary before body, and a spelling suggestion."""

import pytest

from search import analysis
from search.index import SearchDocument, index_documents, rebuild, register, remove_documents
from search.models import Document, Term
from search.query import rank, suggest

KIND = "tests.story"
TITLE, SUMMARY, BODY = 100, 10, 1

STORIES = {
    1: ("fi", "Kompostilaatikko pihalle", "Taloyhtiö kompostoi biojätteen yhdessä.", ""),
    2: ("fi", "Pyöräkorjaamo torilla", "Lapset korjasivat polkupyöriä talkoilla.", ""),
    3: ("fi", "Lumitalkoot", "Naapurit auttoivat vanhuksia lumitöissä.", "Kompostin lämpö."),
    4: ("sv", "Cykelverkstad på torget", "Barnen lagade cyklar tillsammans.", ""),
    5: ("sv", "Bänkar längs stigen", "Äldre invånare fick vila på nya bänkar.", ""),
    6: ("en", "Library in a phone box", "Neighbours swapped books all summer.", ""),
    7: ("en", "Community garden", "Residents grew vegetables; the compost bins helped.", ""),
}


def documents():
    return [
        SearchDocument(
            object_id=pk,
            language=language,
            fields=((title, TITLE), (summary, SUMMARY), (body, BODY)),
        )
        for pk, (language, title, summary, body) in STORIES.items()
    ]


@pytest.fixture
def indexed(db, analyser):
    index_documents(KIND, documents())


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("kompost", {1, 3}),  # a stem finds the compound and the inflected word
        ("laatikko", {1}),  # the second part of a compound
        ("pyörä", {2}),  # the first part of a compound
        ("pyöräkorjaamossa", {2}),  # an inflected compound
        ("polkupyörien", {2}),  # a plural genitive
        ("lumityöt", {3}),  # nominative plural of "lumitöissä"
        ("cykel", {4}),  # Swedish compound's first part
        ("verkstad", {4}),  # ... and its last part
        ("cyklar", {4}),  # Swedish plural as written
        ("bänk", {5}),  # singular finds the plural
        ("libraries", {6}),  # English plural
        ("gardens", {7}),
        ("pyöräkorjamo", {2}),  # one letter missing in a long word
        ("biblioteket", set()),  # no story speaks of it
    ],
)
def test_a_query_finds_its_stories(indexed, query, found):
    assert set(rank(KIND, query)) == found


def test_a_word_from_another_languages_story_is_found_in_any_index(indexed):
    """The query's language is unknown: a Finnish word finds a Finnish story wherever typed."""
    assert rank(KIND, "kompostilaatikoita")[0] == 1


def test_title_before_summary_before_body(indexed):
    assert rank(KIND, "kompost") == [1, 3]  # 1 in the title, 3 in the body only
    index_documents(
        KIND,
        [
            SearchDocument(object_id=10, language="en", fields=(("Compost", BODY),)),
            SearchDocument(object_id=11, language="en", fields=(("Compost", SUMMARY),)),
        ],
    )
    assert rank(KIND, "compost") == [11, 7, 10]  # summary, summary's "compost bins", body


def test_every_word_must_match_when_some_story_matches_all(indexed):
    assert rank(KIND, "pyörä talkoilla") == [2]
    # No story speaks of both: the stories matching either, best first.
    assert set(rank(KIND, "pyörä bänkar")) == {2, 5}


def test_within_narrows_to_the_given_ids(indexed):
    assert rank(
        KIND, "kompost", within=Document.objects.filter(object_id=3).values("object_id")
    ) == [3]


def test_a_removed_document_is_no_longer_found(indexed):
    remove_documents(KIND, [1])
    assert rank(KIND, "laatikko") == []


def test_reindexing_a_document_replaces_its_terms(indexed):
    index_documents(
        KIND, [SearchDocument(object_id=1, language="fi", fields=(("Uimaranta", TITLE),))]
    )
    assert rank(KIND, "laatikko") == []
    assert rank(KIND, "uimarannalla") == [1]


def test_the_suggestion_is_a_word_the_stories_use(indexed):
    assert suggest(KIND, "kompotilatikko") == "kompostilaatikko"  # two letters short
    assert suggest(KIND, "bänkar längs stgn") == "bänkar längs stigen"


def test_no_suggestion_when_the_query_matches(indexed):
    assert suggest(KIND, "kompost") is None


def test_rebuild_indexes_every_registered_kind_and_drops_unused_terms(db, analyser):
    register(KIND, documents)
    index_documents(
        KIND, [SearchDocument(object_id=99, language="fi", fields=(("Saunavuoro", TITLE),))]
    )
    assert rebuild([KIND]) == {KIND: len(STORIES)}
    assert not Term.objects.filter(text="saunavuoro").exists()
    assert rank(KIND, "pyörä") == [2]


def test_voikko_splits_a_finnish_compound_into_base_words(analyser):
    terms = analysis.document_terms("kompostilaatikoissa", "fi")
    if analyser == "voikko":
        assert {"komposti", "laatikko", "kompostilaatikko"} <= terms
    else:
        assert terms == {"kompostilaatikoissa", analysis.stem("kompostilaatikoissa", "fi")}


def test_one_edit():
    assert analysis.within_one_edit("pyöräkorjamo", "pyöräkorjaamo")
    assert analysis.within_one_edit("cykel", "cykal")
    assert analysis.within_one_edit("bicylce", "bicycle")  # two neighbours swapped
    assert not analysis.within_one_edit("cykel", "cyklar")
    assert analysis.edit_distance("kompsoti", "komposti") == 2
