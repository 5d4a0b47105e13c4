"""The sitemap lists every public page of the three languages, with alternates, on SITE_URL."""

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from demo.site import seed_site
from home.models import StandardPage
from pilots import services
from pilots.factories import PilotFactory
from pilots.models import Area, Decision
from tests.city import approve, story_of

SITE_URL = "https://minipilot.example.fi"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client) -> dict[str, dict]:
    """Each URL of the sitemap: its lastmod and its alternates by language."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = {}
    for url in ElementTree.fromstring(response.content).findall("s:url", NS):
        lastmod = url.find("s:lastmod", NS)
        urls[url.find("s:loc", NS).text] = {
            "lastmod": lastmod.text if lastmod is not None else None,
            "alternates": {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
            },
        }
    return urls


@pytest.fixture
def swedish_library(stories, story_indexes):
    """One story translated into Swedish, so that it has a real alternate; every page published
    the way the admin does it, with a revision and a publication date."""
    for page in Page.objects.live().filter(depth__gt=1, last_published_at__isnull=True):
        page.specific.save_revision().publish()
    translation = stories["library"].copy_for_translation(story_indexes["sv"].locale)
    translation.title, translation.slug = "Gårdsbibliotek", "gardsbibliotek"
    translation.save_revision().publish()
    return translation


@override_settings(WAGTAILADMIN_BASE_URL=SITE_URL)
def test_every_live_page_of_the_three_languages_is_listed_with_its_translations(
    client, stories, swedish_library
):
    urls = sitemap(client)
    pages = Page.objects.live().filter(depth__gt=1).select_related("locale")
    assert {page.locale.language_code for page in pages} == {"fi", "sv", "en"}
    for page in pages:
        url = urls[SITE_URL + page.url]
        published = timezone.localtime(page.last_published_at).date()
        assert url["lastmod"] == published.isoformat(), page.url
        expected = {
            translation.locale.language_code: SITE_URL + translation.url
            for translation in page.get_translations(inclusive=True).live()
        }
        expected["x-default"] = expected["fi"]
        assert url["alternates"] == expected, page.url
    library = urls[SITE_URL + stories["library"].url]["alternates"]
    assert library["sv"] == SITE_URL + "/sv/tarinat/gardsbibliotek/"
    assert urls[SITE_URL + "/sv/"]["alternates"]["en"] == SITE_URL + "/en/"


@override_settings(WAGTAILADMIN_BASE_URL=SITE_URL)
def test_every_public_decision_and_open_page_is_listed_in_each_language(client, stories):
    urls = sitemap(client)
    decisions = list(Decision.objects.all())
    assert len(decisions) == 4
    paths = [f"decisions/{decision.pk}/" for decision in decisions]
    paths += ["decisions/", "proposals/", "statistics/", "open-data/", "areas/"]
    paths += [f"areas/{area.slug}/" for area in Area.objects.all()]
    assert "areas/kallio/" in paths
    latest = max(decision.decided_on for decision in decisions).isoformat()
    for path in paths:
        for language in ("fi", "sv", "en"):
            url = urls[f"{SITE_URL}/{language}/{path}"]
            assert url["alternates"] == {
                "fi": f"{SITE_URL}/fi/{path}",
                "sv": f"{SITE_URL}/sv/{path}",
                "en": f"{SITE_URL}/en/{path}",
                "x-default": f"{SITE_URL}/{path}",
            }
            assert url["lastmod"] is not None
    assert urls[f"{SITE_URL}/sv/statistics/"]["lastmod"] == latest
    assert urls[f"{SITE_URL}/en/areas/kallio/"]["lastmod"] == latest


@override_settings(WAGTAILADMIN_BASE_URL=SITE_URL)
def test_nothing_private_and_no_other_host_is_listed(client, stories, site_pages):
    secret = site_pages.add_child(instance=StandardPage(title="Sisäinen", slug="sisainen"))
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="salasana"
    )
    urls = sitemap(client)
    assert all(url.startswith(SITE_URL + "/") for url in urls)
    assert not [url for url in urls if "localhost" in url or "testserver" in url]
    assert SITE_URL + stories["draft"].url not in urls
    assert SITE_URL + "/fi/sisainen/" not in urls
    assert not [url for url in urls if "/pilots/" in url or "/me/" in url or "/accounts/" in url]


@override_settings(WAGTAILADMIN_BASE_URL=SITE_URL)
def test_public_proposals_are_listed_and_private_ones_are_not(client, submitted, budget):
    private = services.pilot_submit(
        pilot=PilotFactory(call=budget.call, area=budget.area, proposer=submitted.proposer),
        by=submitted.proposer,
    )
    services.pilot_set_shown_publicly(pilot=submitted, by=submitted.proposer, publish=True)
    urls = sitemap(client)
    for language in ("fi", "sv", "en"):
        assert f"{SITE_URL}/{language}/proposals/{submitted.pk}/" in urls
        assert f"{SITE_URL}/{language}/proposals/{private.pk}/" not in urls


def test_the_sitemap_runs_a_fixed_number_of_queries(
    client, stories, story_indexes, budget, other_director
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            sitemap(client)
        return len(captured)

    queries()  # the first request fills Wagtail's cached site root paths
    before = queries()
    malmi = budget.call.budgets.exclude(area=budget.area).get().area
    for title in ("Uimakoulu", "Kylätalo", "Puutarha"):
        pilot = PilotFactory(call=budget.call, area=malmi, title=title)
        services.pilot_submit(pilot=pilot, by=pilot.proposer)
        approve(pilot, other_director)
        story_of(pilot, story_indexes["sv"], title=title)
    assert queries() == before


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    with override_settings(WAGTAILADMIN_BASE_URL=SITE_URL):
        response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in text
    lines = set(text.splitlines())
    assert "Disallow: /admin/" in lines
    for language in ("fi", "sv", "en"):
        assert f"Disallow: /{language}/accounts/" in lines
        assert f"Disallow: /{language}/me/" in lines
        assert f"Disallow: /{language}/pilots/" in lines
    assert "Disallow: /fi/" not in lines


def test_seed_site_puts_the_site_on_site_urls_host_and_port(db):
    with override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8302"):
        home = seed_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8302)
    assert home.full_url == "http://127.0.0.1:8302/fi/"
    with override_settings(WAGTAILADMIN_BASE_URL="https://minipilot.example.fi"):
        seed_site()
    site.refresh_from_db()
    assert (site.hostname, site.port, site.root_url) == (
        "minipilot.example.fi",
        443,
        "https://minipilot.example.fi",
    )
