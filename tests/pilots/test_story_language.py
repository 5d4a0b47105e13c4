"""A reader stays in their language: a story not yet translated opens under the reader's own
index, with the interface in the reader's language and the story's text marked with its own."""

import datetime
import re

import pytest
from django.test import override_settings
from django.utils import translation

from accounts.factories import UserFactory
from pilots import services
from pilots.models import Pilot, PilotStatus
from pilots.models.stories import adaptation_state
from tests.city import approve


def language_switcher(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)[0]
    return {code: href for href, code in re.findall(r'<a href="([^"]+)" lang="(\w+)"', nav)}


def head_alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))


def test_the_swedish_index_links_an_untranslated_story_under_its_own_address(client, stories):
    library = stories["library"].slug
    html = client.get("/sv/tarinat/").content.decode()
    assert f'href="/sv/tarinat/{library}/" lang="fi" hreflang="fi">Pihakirjasto</a>' in html
    assert f'href="/fi/tarinat/{library}/"' not in html


def test_a_swedish_reader_reads_a_finnish_story_in_a_swedish_interface(client, stories):
    library = stories["library"].slug
    response = client.get(f"/sv/tarinat/{library}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert ">Pilotberättelser</a>" in html and ">Beslut</a>" in html
    assert "Pilottitarinat" not in html
    assert '<h1 lang="fi">Pihakirjasto</h1>' in html
    assert '<div class="prose" lang="fi"><p>Opimme.</p></div>' in html
    assert "Den här berättelsen finns än så länge bara på finska." in html
    # Back to the Swedish index, not the Finnish one.
    assert '<a href="/sv/tarinat/">← Tarinat</a>' in html


def test_an_english_reader_reads_a_finnish_story_in_an_english_interface(client, stories):
    sauna = stories["sauna"].slug
    html = client.get(f"/en/tarinat/{sauna}/").content.decode()
    assert '<html lang="en">' in html
    assert ">Pilot stories</a>" in html
    assert '<h1 lang="fi">Saunavuorot</h1>' in html
    assert "This story is so far available in Finnish only." in html


def test_a_finnish_reader_sees_no_language_note_on_a_finnish_story(client, stories):
    library = stories["library"].slug
    html = client.get(f"/fi/tarinat/{library}/").content.decode()
    assert '<html lang="fi">' in html and "<h1>Pihakirjasto</h1>" in html
    assert 'role="note"' not in html


def test_the_story_keeps_its_own_canonical_address_and_alternates(client, stories):
    library = stories["library"].slug
    html = client.get(f"/sv/tarinat/{library}/").content.decode()
    assert f'<link rel="canonical" href="http://testserver/fi/tarinat/{library}/">' in html
    # Only the real version is an alternate; the reader's copy is not a translation.
    assert head_alternates(html) == {
        "fi": f"/fi/tarinat/{library}/",
        "x-default": f"/fi/tarinat/{library}/",
    }
    assert language_switcher(html) == {
        "fi": f"/fi/tarinat/{library}/",
        "sv": f"/sv/tarinat/{library}/",
        "en": f"/en/tarinat/{library}/",
    }
    current = f'<a href="/sv/tarinat/{library}/" lang="sv" hreflang="sv" aria-current="true">'
    assert current in html


def test_once_translated_the_old_address_leads_to_the_translation(client, stories, story_indexes):
    library = stories["library"].slug
    translation_ = stories["library"].copy_for_translation(story_indexes["sv"].locale)
    translation_.title, translation_.slug = "Gårdsbibliotek", "gardsbibliotek"
    translation_.save_revision().publish()
    response = client.get(f"/sv/tarinat/{library}/")
    assert response.status_code == 302 and response.url == "/sv/tarinat/gardsbibliotek/"
    html = client.get(f"/fi/tarinat/{library}/").content.decode()
    assert language_switcher(html)["sv"] == "/sv/tarinat/gardsbibliotek/"
    assert head_alternates(html)["sv"] == "/sv/tarinat/gardsbibliotek/"


def test_a_translated_story_names_its_other_languages_instead(client, stories, story_indexes):
    library = stories["library"].slug
    english = stories["library"].copy_for_translation(story_indexes["en"].locale)
    english.title = "Courtyard library"
    english.save_revision().publish()
    html = client.get(f"/sv/tarinat/{library}/").content.decode()
    assert "bara på finska" not in html
    assert language_switcher(html)["en"] == f"/en/tarinat/{library}/"


def test_drafts_and_unknown_slugs_are_not_found(client, stories):
    for path in [f"/sv/tarinat/{stories['draft'].slug}/", "/sv/tarinat/ei-ole/", "/sv/ei-ole/"]:
        assert client.get(path).status_code == 404, path


def test_a_story_is_not_read_under_another_kind_of_page(client, stories, story_indexes):
    """Only a story index serves stories of its translations; other pages answer as before."""
    assert client.get(f"/sv/{stories['library'].slug}/").status_code == 404


@override_settings(PUBLIC_CACHE_SECONDS=60)
def test_the_page_cache_keeps_each_language_its_own_copy(client, stories):
    library = stories["library"].slug
    for _round in range(2):
        finnish = client.get(f"/fi/tarinat/{library}/").content.decode()
        swedish = client.get(f"/sv/tarinat/{library}/").content.decode()
        english = client.get(f"/en/tarinat/{library}/").content.decode()
        assert '<html lang="fi">' in finnish
        assert '<html lang="sv">' in swedish and ">Pilotberättelser</a>" in swedish
        assert '<html lang="en">' in english and ">Pilot stories</a>" in english


def test_the_reader_page_runs_a_fixed_number_of_queries(
    client, stories, django_assert_max_num_queries
):
    library = stories["library"].slug
    client.get(f"/sv/tarinat/{library}/")  # warms the cached index address
    with django_assert_max_num_queries(40):
        assert client.get(f"/sv/tarinat/{library}/").status_code == 200


def adapt(story, area, status=None) -> Pilot:
    adaptation = services.pilot_adapt(story=story, by=UserFactory(), area=area)
    Pilot.objects.filter(pk=adaptation.pk).update(
        need="Meillä ei ole kirjastoa.",
        audience="Naapurit.",
        expected_outcome="Kirjat kiertävät.",
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 6, 1),
    )
    adaptation.refresh_from_db()
    return services.pilot_submit(pilot=adaptation, by=adaptation.proposer)


def test_lineage_lines_show_public_words_not_the_admin_status(
    client, stories, budget, other_director
):
    library = stories["library"].slug
    malmi = budget.call.budgets.exclude(area=budget.area).get().area
    adapt(stories["library"], malmi)
    finnish = client.get(f"/fi/tarinat/{library}/").content.decode()
    assert '<ul class="adaptations"><li>Malmi: ehdotettu</li></ul>' in finnish
    assert "Lähetetty" not in finnish
    swedish = client.get(f"/sv/tarinat/{library}/").content.decode()
    assert '<ul class="adaptations"><li>Malm: föreslaget</li></ul>' in swedish
    english = client.get(f"/en/tarinat/{library}/").content.decode()
    assert f'<ul class="adaptations"><li>{malmi.name_en}: proposed</li></ul>' in english


def test_an_approved_adaptation_reads_as_under_way(client, stories, budget, other_director):
    library = stories["library"].slug
    malmi = budget.call.budgets.exclude(area=budget.area).get().area
    approve(adapt(stories["library"], malmi), other_director)
    html = client.get(f"/fi/tarinat/{library}/").content.decode()
    assert "<li>Malmi: hyväksytty, käynnissä</li>" in html


@pytest.mark.parametrize(
    ("status", "finnish", "swedish"),
    [
        (PilotStatus.SUBMITTED, "ehdotettu", "föreslaget"),
        (PilotStatus.CHANGES_REQUESTED, "ehdotettu", "föreslaget"),
        (PilotStatus.FUNDED, "hyväksytty, käynnissä", "beviljat, pågår"),
        (PilotStatus.REPORTED, "toteutettu, tarina tulossa", "genomfört, berättelsen kommer"),
        (PilotStatus.PUBLISHED, "toteutettu", "genomfört"),
        (PilotStatus.REJECTED, "ei hyväksytty", "inte beviljat"),
        (PilotStatus.CANCELLED, "peruttu", "inställt"),
    ],
)
def test_every_state_an_adaptation_is_shown_in_has_public_words(status, finnish, swedish):
    pilot = Pilot(status=status)
    with translation.override("fi"):
        assert str(adaptation_state(pilot)) == finnish
    with translation.override("sv"):
        assert str(adaptation_state(pilot)) == swedish


def test_the_feed_leads_a_swedish_reader_to_the_swedish_address(client, stories):
    library = stories["library"].slug
    feed = client.get("/sv/stories/feed/").content.decode()
    assert f"http://testserver/sv/tarinat/{library}/" in feed
    assert f"/fi/tarinat/{library}/" not in feed
