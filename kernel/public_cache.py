"""Anonymous visitors' copies of the public read-only pages, kept in the shared cache.

Most of the traffic of a city's site is visitors reading stories and decisions; they all see the
same HTML. `public_page` keeps that HTML in the cache (Redis when `REDIS_URL` is set, so every app
host shares it) for `PUBLIC_CACHE_SECONDS`, keyed by the full URL and the language.

A copy is served or stored only when that is safe for everyone who could receive it: an anonymous
GET without a session or a pending message, answered 200 by a response that sets no cookie, used
no CSRF token or CSP nonce and did not ask to stay private.

Purging is one increment: every key carries the "public content generation", a number kept in the
cache, and `purge()` (called on publishing, transitions, decisions, see pilotsite.purges) moves it
on, so the old copies are never read again and expire by themselves. It works across hosts and
needs no list of keys.
"""

import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import re_path
from django.utils import translation
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-page:generation"
# Headers worth keeping with the copy; the outer middleware adds the security headers anew.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Vary")
# A cache that cannot be reached makes the page uncached, never an error page.
CACHE_ERRORS = (OSError, RedisError)


def cache_seconds() -> int:
    """0 (the default in dev and tests) turns the page cache off."""
    return getattr(settings, "PUBLIC_CACHE_SECONDS", 0)


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, not from 1: should the counter be evicted, numbers used before
        # must not come back and revive copies stored under them.
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def purge() -> None:
    """Make every stored copy stale at once, on every host."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet: nothing was stored under one either
        generation()
    except CACHE_ERRORS:
        logger.exception(
            "Could not purge the public page cache; copies expire within %ss", cache_seconds()
        )


def _key(request) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"public-page:{generation()}:{translation.get_language()}:{digest}"


def _may_share(request) -> bool:
    """Whether the request is one whose answer is the same for every anonymous visitor."""
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def _is_shareable(request, response) -> bool:
    """Whether the answer holds nothing of this one visitor's: no cookie, token or nonce."""
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not isinstance(getattr(request, "_csp_nonce", None), str)
        and not (session is not None and session.modified)
        and not (messages is not None and messages.added_new)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _store(request, response, key: str) -> None:
    if not _is_shareable(request, response):
        return
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    try:
        cache.set(key, (response.content, headers), cache_seconds())
    except CACHE_ERRORS:
        logger.exception("Could not store a public page in the cache")


def public_page(view):
    """Serve anonymous visitors a shared copy of `view`'s answer (see the module docstring)."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not cache_seconds() or not _may_share(request):
            return view(request, *args, **kwargs)
        try:
            key = _key(request)
            stored = cache.get(key)
        except CACHE_ERRORS:
            logger.exception("The public page cache is unreachable; serving uncached")
            return view(request, *args, **kwargs)
        if stored is not None:
            content, headers = stored
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if getattr(response, "is_rendered", True):
            _store(request, response, key)
        else:
            # A TemplateResponse (Wagtail pages) is rendered after the view returns.
            response.add_post_render_callback(lambda rendered: _store(request, rendered, key))
        return response

    return cached_view


def public_wagtail_urls(urlpatterns: list) -> list:
    """Wagtail's front-end URLs with its page-serving view wrapped in `public_page`.

    Every Wagtail page on this site is public and read-only (home, story index, stories, legal
    pages). A page with view restrictions answers with a password form (a CSRF token) or a
    redirect, neither of which is stored.
    """
    return [
        re_path(pattern.pattern.regex.pattern, public_page(pattern.callback), name=pattern.name)
        if getattr(pattern, "name", None) == "wagtail_serve"
        else pattern
        for pattern in urlpatterns
    ]
