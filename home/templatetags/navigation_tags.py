"""The site-wide navigation: the language switcher and the footer's legal links."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page

from home.models import LegalPages, legal_links_cache_key
from kernel.public_cache import kept_for_page

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    # The same content in that language, so an hreflang alternate (not a fallback page).
    is_translation: bool
    is_default: bool


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """The same page in each language: a page's live translation, else where a reader of that
    language reads it (a page may offer `reader_urls`, as stories do), else that language's home.

    Views that are not Wagtail pages (login, sign-up) have their URL translated by Django.
    """
    request = context["request"]
    page = context.get("page")
    current = get_language()
    if isinstance(page, Page):
        if page.pk and not getattr(request, "is_preview", False):
            # Every visitor's copy of the page asks the same; publishing purges it.
            translations, readable = kept_for_page(
                request,
                f"language-links:{page.pk}:{request.get_host()}",
                lambda: _addresses_in_languages(page, request),
            )
        else:
            translations, readable = _addresses_in_languages(page, request)
    else:
        path = request.get_full_path()
        translations = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
        readable = {}
    return [
        LanguageLink(
            code=code,
            name=name,
            url=translations.get(code) or readable.get(code) or f"/{code}/",
            is_current=code == current,
            is_translation=code in translations,
            is_default=code == settings.LANGUAGE_CODE,
        )
        for code, name in settings.LANGUAGES
    ]


def _addresses_in_languages(page: Page, request) -> tuple[dict[str, str], dict[str, str]]:
    """The page's live translations' addresses, and where a reader of a language without one
    reads it, by language code."""
    translations = {
        translation.locale.language_code: translation.get_url(request)
        for translation in page.get_translations(inclusive=True).live().select_related("locale")
    }
    readable = page.reader_urls(request) if hasattr(page, "reader_urls") else {}
    return translations, readable


@register.simple_tag(takes_context=True)
def legal_links(context) -> list[Page]:
    """The footer's legal pages, in the visitor's language where a translation is live.

    Every page shows them, and they change only when a page, the legal pages setting or a
    site does, so they are kept in the cache per language and host, and forgotten then
    (home.models.forget_legal_links)."""
    request = context["request"]
    key = legal_links_cache_key(get_language())
    by_host = cache.get(key) or {}
    host = request.get_host()
    if host not in by_host:
        by_host[host] = _legal_pages(request)
        cache.set(key, by_host, timeout=None)
    return by_host[host]


def _legal_pages(request) -> list[Page]:
    legal = LegalPages.for_request(request)
    chosen = [
        page
        for page in (legal.accessibility_statement, legal.privacy_notice, legal.terms_of_use)
        if page is not None and page.live
    ]
    translations = {
        page.translation_key: page
        for page in Page.objects.live().filter(
            translation_key__in=[page.translation_key for page in chosen],
            locale__language_code=get_language(),
        )
    }
    return [translations.get(page.translation_key, page) for page in chosen]
