"""Anonymous visitors' copies of the public read-only pages, kept in the shared cache.

Most of the traffic of a city's site is visitors reading stories and decisions; they all see the
same HTML. `public_page` keeps that HTML in the cache (Redis when `REDIS_URL` is set, so every app
host shares it) for `PUBLIC_CACHE_SECONDS`, keyed by the full URL and the language.

A copy is served or stored only when that is safe for everyone who could receive it: an anonymous
GET without a session or a pending message, answered 200 by a response that sets no cookie, used
no CSRF token or CSP nonce and did not ask to stay private.

Purging touches only what changed. Each copy depends on topics ("decisions", "area:kallio",
"pages" for the Wagtail pages, see pilotsite.page_topics), and on EVERYTHING, which every copy
depends on. A topic has a generation, a counter in the cache; `purge(*topics)` (on publishing,
transitions, decisions, see pilotsite.purges) moves on the counters of those topics alone, so a
decision in one area leaves the stories and the other areas' pages cached. A copy records the
generations of its topics, read before its page was rendered: a copy rendered while a purge
went by is stale at once. It works across hosts and needs no list of keys.

No stampede after a purge: the first visitor to find a copy stale re-renders it while the
others are served the previous copy, for RENDER_GRACE_SECONDS at most.

Every shareable answer carries an ETag (a digest of its content), and a conditional GET whose
If-None-Match names it is answered 304 Not Modified, from the cache or not.
"""

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from functools import cache as cache_function
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

TOPIC_KEY = "public-page:topic:{}"
EVERYTHING = "*"
# While one request re-renders a stale copy, the others are served that copy this long at most.
RENDER_GRACE_SECONDS = 10
# Headers worth keeping with the copy; the outer middleware adds the security headers anew.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Vary")
# A cache that cannot be reached makes the page uncached, never an error page.
CACHE_ERRORS = (OSError, RedisError)
# How long `kept_for_page` keeps a value at most: without a shared cache (no REDIS_URL) a purge
# reaches its own process only, and another process's value must not stay stale for long.
KEPT_SECONDS = 300

T = TypeVar("T")


def _no_topics(request: HttpRequest) -> Iterable[str]:
    return ()


@cache_function
def _page_topics() -> Callable[[HttpRequest], Iterable[str]]:
    """settings.PUBLIC_PAGE_TOPICS names the function saying which topics the page a request
    asks for shows (pilotsite.page_topics.page_topics)."""
    path = getattr(settings, "PUBLIC_PAGE_TOPICS", "")
    return import_string(path) if path else _no_topics


def cache_seconds() -> int:
    """0 (the default in dev and tests) turns the page cache off."""
    return getattr(settings, "PUBLIC_CACHE_SECONDS", 0)


def _first_generation() -> int:
    # From the clock, not from 1: should a counter be evicted, numbers used before must not
    # come back and revive copies stored under them.
    return time.time_ns() // 1000


def generations(topics: Iterable[str]) -> tuple[int, ...]:
    """The current generation of each topic, in the order given (started where missing)."""
    current, _copy = _generations_and_copy(topics, None)
    return current


def _generations_and_copy(topics: Iterable[str], key: str | None) -> tuple[tuple[int, ...], object]:
    """The topics' generations and the copy stored under `key`, in one round trip."""
    keys = [TOPIC_KEY.format(topic) for topic in topics]
    found = cache.get_many([*keys, key] if key else keys)
    missing = [topic_key for topic_key in keys if topic_key not in found]
    if missing:
        for topic_key in missing:
            cache.add(topic_key, _first_generation(), timeout=None)
        found.update(cache.get_many(missing))
    return tuple(found[topic_key] for topic_key in keys), found.get(key)


def purge(*topics: str) -> None:
    """Make every stored copy that shows one of these topics stale, on every host; without
    topics, every copy."""
    for topic in topics or (EVERYTHING,):
        key = TOPIC_KEY.format(topic)
        try:
            try:
                cache.incr(key)
            except ValueError:  # no counter yet: no copy was stored under one either
                cache.add(key, _first_generation(), timeout=None)
        except CACHE_ERRORS:
            logger.exception(
                "Could not purge the public pages showing %s; copies expire within %ss",
                topic,
                cache_seconds(),
            )
            return


def kept_for_page(request: HttpRequest, name: str, compute: Callable[[], T]) -> T:
    """`compute()`'s value, kept in the cache under `name` until the page `request` asks for is
    purged (its topics, as its copy's): for what every visitor's page lists or counts alike,
    so that a page rendered afresh, the page cache off or its copy stale, does not count it
    again. Put the language in `name` when the value holds translated words.

    Like a copy, the value is stored with the generations read before it was computed: one
    computed while a purge went by is stale at once."""
    key = f"public-data:{name}"
    try:
        current, stored = _generations_and_copy(_topics(request), key)
    except CACHE_ERRORS:
        logger.exception("The cache is unreachable; %s computed afresh", name)
        return compute()
    if stored is not None and stored[0] == current:
        return stored[1]
    value = compute()
    try:
        cache.set(key, (current, value), KEPT_SECONDS)
    except CACHE_ERRORS:
        logger.exception("Could not keep %s in the cache", name)
    return value


def _key(request) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"public-page:{translation.get_language()}:{digest}"


def _topics(request) -> tuple[str, ...]:
    return (EVERYTHING, *_page_topics()(request))


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


def _etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _answer(request, content: bytes, headers: dict, etag: str) -> HttpResponse:
    response = HttpResponse(content, headers=headers)
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)


def _tagged(request, response, store) -> HttpResponse:
    """A shareable answer gets its ETag and is stored (with `store`, if given); a conditional
    GET naming that ETag is answered 304 instead."""
    if not _is_shareable(request, response):
        return response
    etag = _etag(response.content)
    response["ETag"] = etag
    if store is not None:
        store(response, etag)
    return get_conditional_response(request, etag=etag, response=response)


def _rendered(request, response, store=None) -> HttpResponse:
    if getattr(response, "is_rendered", True):
        return _tagged(request, response, store)
    # A TemplateResponse (Wagtail pages) is rendered after the view returns; what the callback
    # returns replaces the response.
    response.add_post_render_callback(lambda rendered: _tagged(request, rendered, store))
    return response


def _storer(key: str, generations_read: tuple[int, ...]):
    def store(response, etag: str) -> None:
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        try:
            cache.set(key, (generations_read, response.content, headers, etag), cache_seconds())
            cache.delete(f"{key}:rendering")
        except CACHE_ERRORS:
            logger.exception("Could not store a public page in the cache")

    return store


def public_page(view):
    """Serve anonymous visitors a shared copy of `view`'s answer (see the module docstring)."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _may_share(request):
            return view(request, *args, **kwargs)
        if not cache_seconds():
            return _rendered(request, view(request, *args, **kwargs))
        key = _key(request)
        try:
            current, stored = _generations_and_copy(_topics(request), key)
            if stored is not None:
                generations_read, content, headers, etag = stored
                # Fresh; or stale while another request re-renders it (it took the lock).
                if generations_read == current or not cache.add(
                    f"{key}:rendering", 1, RENDER_GRACE_SECONDS
                ):
                    return _answer(request, content, headers, etag)
        except CACHE_ERRORS:
            logger.exception("The public page cache is unreachable; serving uncached")
            return _rendered(request, view(request, *args, **kwargs))
        return _rendered(request, view(request, *args, **kwargs), _storer(key, current))

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
