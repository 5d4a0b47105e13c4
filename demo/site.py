"""The demo city's pages: a home page and the legal pages, in Finnish, Swedish and English."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Locale, Page, Site

from demo.site_content import HOME_PAGE, LEGAL_PAGES
from home.factories import HomePageFactory, StandardPageFactory
from home.models import HomePage, LegalPages

REVIEWED = datetime.date(2026, 11, 23)


def _home_fields(content: dict) -> dict:
    return {
        "title": content["title"],
        "slug": content["slug"],
        "introduction": content["introduction"],
        "call_to_action": content["call_to_action"],
        "steps": [
            {"type": "step", "value": {"title": title, "text": text}}
            for title, text in content["steps"]
        ],
    }


def _standard_fields(content: dict) -> dict:
    return {
        "title": content["title"],
        "slug": content["slug"],
        "introduction": content["introduction"],
        "last_reviewed": REVIEWED,
        "body": [
            {"type": "section", "value": {"heading": heading, "body": body}}
            for heading, body in content["sections"]
        ],
    }


def translate_page(page: Page, locale: Locale, fields: dict) -> Page:
    """The page's live translation into `locale`, made from `fields` when it does not exist."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def site_address() -> tuple[str, int]:
    """SITE_URL's host and port, so that page URLs, emails and the sitemap name one address."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return address.hostname, address.port or (443 if address.scheme == "https" else 80)


def seed_site() -> HomePage:
    """Make the home page the root of the default site at SITE_URL's address, with the legal
    pages beneath it."""
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
    }
    default = locales[settings.LANGUAGE_CODE]
    root = Page.get_first_root_node()

    home = HomePage.objects.filter(locale=default).first()
    if home is None:
        home = HomePageFactory(parent=root, **_home_fields(HOME_PAGE[settings.LANGUAGE_CODE]))
        home.save_revision().publish()  # a publication date, for the sitemap's lastmod
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port = site_address()
    site.site_name, site.root_page = "Minipilot", home
    site.save()
    # Wagtail's own placeholder page is no longer reachable once the home page is the root.
    Page.objects.filter(depth=2, content_type__model="page").delete()

    for code, locale in locales.items():
        if locale != default:
            translate_page(home, locale, _home_fields(HOME_PAGE[code]))

    legal = LegalPages.for_site(site)
    for setting_name, content in LEGAL_PAGES.items():
        page = getattr(legal, setting_name)
        if page is None:
            page = StandardPageFactory(
                parent=home, **_standard_fields(content[settings.LANGUAGE_CODE])
            )
            page.save_revision().publish()
            setattr(legal, setting_name, page)
        for code, locale in locales.items():
            if locale != default:
                translate_page(page, locale, _standard_fields(content[code]))
    legal.save()
    return home
