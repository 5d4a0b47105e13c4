"""The home and legal pages in three languages, the language switcher and the footer."""

import re

import pytest
from django.utils.html import escape

from home.models import HomePage, StandardPage
from tests.home.legal_pages import LEGAL_URLS

pytestmark = pytest.mark.django_db


def language_switcher(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)[0]
    return {code: href for href, code in re.findall(r'<a href="([^"]+)" lang="(\w+)"', nav)}


def footer_links(html: str) -> list[str]:
    """The legal pages the footer links to."""
    footer = re.search(r'<nav class="footer-legal".*?</nav>', html, re.S)[0]
    return re.findall(r'<a href="([^"]+)"', footer)


def test_root_redirects_to_finnish(client, site_pages):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/fi/"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_home_page_in_each_language(client, site_pages, language):
    response = client.get(f"/{language}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    home = HomePage.objects.get(locale__language_code=language)
    assert f">{escape(home.title)}</h1>" in html
    assert html.count('class="step"') == 4
    assert footer_links(html) == LEGAL_URLS[language]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_legal_page_renders_in_its_language(client, site_pages, language):
    for url in LEGAL_URLS[language]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode()


def test_language_switcher_leads_to_the_same_page_in_each_language(client, site_pages):
    html = client.get("/fi/tietosuojaseloste/").content.decode()
    assert language_switcher(html) == {
        "fi": "/fi/tietosuojaseloste/",
        "sv": "/sv/dataskyddsbeskrivning/",
        "en": "/en/privacy-notice/",
    }
    assert 'hreflang="sv" href="/sv/dataskyddsbeskrivning/"' in html


def test_language_switcher_on_an_untranslated_page_falls_back_to_that_languages_home(
    client, site_pages
):
    site_pages.add_child(instance=StandardPage(title="Vain suomeksi", slug="vain-suomeksi"))
    html = client.get("/fi/vain-suomeksi/").content.decode()
    assert language_switcher(html) == {
        "fi": "/fi/vain-suomeksi/",
        "sv": "/sv/",
        "en": "/en/",
    }


def test_language_switcher_on_account_pages_keeps_the_page(client, site_pages):
    html = client.get("/sv/accounts/signup/").content.decode()
    assert language_switcher(html) == {
        "fi": "/fi/accounts/signup/",
        "sv": "/sv/accounts/signup/",
        "en": "/en/accounts/signup/",
    }
    assert '<html lang="sv">' in html


def test_unknown_page_is_a_404_in_the_visitors_language(client, site_pages):
    response = client.get("/sv/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Sidan hittades inte" in html


def test_pages_run_a_constant_number_of_queries(client, site_pages, django_assert_max_num_queries):
    for language in ("fi", "sv", "en"):  # warm the caches (site root paths, story index URLs)
        client.get(f"/{language}/")
    with django_assert_max_num_queries(11):
        assert client.get("/sv/").status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get("/en/privacy-notice/").status_code == 200
