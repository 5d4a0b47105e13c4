"""The public page cache: anonymous visitors share one copy of a public page until content
changes; nobody else ever gets it, and nothing personal is ever stored in it."""

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kernel import public_cache
from kernel.public_cache import EVERYTHING, public_page
from pilots import services
from pilotsite.page_topics import PAGES, pilot_topics
from pilotsite.settings.environment import cache_settings, media_storage, search_backends
from tests.city import PASSWORD, approve

REDIS_URL = os.environ.get("REDIS_URL", "")


def get_counting_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def story_url(story):
    return story.get_url()


def test_a_story_page_is_served_from_the_cache_the_second_time(page_cache, client, stories):
    url = story_url(stories["library"])
    first, first_queries = get_counting_queries(client, url)
    second, second_queries = get_counting_queries(client, url)
    assert first_queries > 5
    assert second_queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # The adapt form is a GET form: no CSRF token, so the page may be shared.
    assert b"csrfmiddlewaretoken" not in first.content


@pytest.mark.parametrize(
    "url",
    ["/fi/", "/fi/decisions/", "/fi/statistics/", "/fi/open-data/", "/fi/open-data/grants.json"],
)
def test_public_pages_are_cached(page_cache, client, stories, url):
    get_counting_queries(client, url)
    assert get_counting_queries(client, url)[1] == 0


def test_the_story_index_is_cached_per_query_string(page_cache, client, stories):
    index = stories["library"].get_parent().url
    everything, _ = get_counting_queries(client, index)
    kallio, queries = get_counting_queries(client, f"{index}?area={stories['library'].area.pk}")
    assert queries > 0 and kallio.content != everything.content
    assert get_counting_queries(client, f"{index}?area={stories['library'].area.pk}")[1] == 0


def test_publishing_a_story_purges_the_cached_pages(page_cache, client, stories):
    story = stories["library"]
    index_url = story.get_parent().url
    client.get(index_url)
    client.get(story_url(story))
    story.title = "Pihakirjasto kasvaa"
    story.save_revision().publish()
    assert "Pihakirjasto kasvaa" in client.get(story_url(story)).content.decode()
    assert "Pihakirjasto kasvaa" in client.get(index_url).content.decode()


def test_unpublishing_and_deleting_purge_the_cached_index(page_cache, client, stories):
    index_url = stories["library"].get_parent().url
    assert ">Saunavuorot</a>" in client.get(index_url).content.decode()
    stories["sauna"].unpublish()
    assert ">Saunavuorot</a>" not in client.get(index_url).content.decode()
    assert ">Pihakirjasto</a>" in client.get(index_url).content.decode()
    stories["library"].delete()
    assert ">Pihakirjasto</a>" not in client.get(index_url).content.decode()


def test_a_decision_and_its_transition_purge_the_decision_list(
    page_cache, client, stories, submitted, area_director
):
    before = client.get("/fi/decisions/").content.decode()
    assert submitted.title not in before
    approve(submitted, area_director)
    assert submitted.title in client.get("/fi/decisions/").content.decode()


def test_a_transition_record_alone_purges(page_cache, submitted, proposer):
    topics = pilot_topics(submitted.pk)
    before = public_cache.generations(topics)
    services.pilot_withdraw(pilot=submitted, by=proposer, note="Muutimme pois.")
    after = public_cache.generations(topics)
    assert all(new > old for old, new in zip(before, after, strict=True)), topics


def test_editing_a_draft_or_logging_in_does_not_purge(page_cache, client, draft, proposer):
    topics = (EVERYTHING, *pilot_topics(draft.pk), PAGES)
    before = public_cache.generations(topics)
    draft.title = "Uusi nimi"
    draft.save()
    client.login(email="aino@example.org", password=PASSWORD)
    assert public_cache.generations(topics) == before


def test_a_logged_in_user_never_gets_the_cached_page_nor_stores_one(
    page_cache, client, stories, proposer
):
    url = story_url(stories["library"])
    anonymous = client.get(url).content.decode()
    assert "Kirjaudu ulos" not in anonymous and "Log out" not in anonymous
    client.force_login(proposer)
    with CaptureQueriesContext(connection) as queries:
        personal = client.get(url).content.decode()
    assert len(queries) > 0
    assert personal != anonymous
    client.logout()
    client.cookies.clear()
    assert client.get(url).content.decode() == anonymous


def test_an_anonymous_visitor_with_a_session_is_not_served_from_the_cache(
    page_cache, client, stories
):
    url = story_url(stories["library"])
    client.get(url)
    session = SessionStore()
    session["page-password-passed"] = True
    session.save()
    client.cookies["sessionid"] = session.session_key
    assert get_counting_queries(client, url)[1] > 0


def anonymous_get(path="/fi/x/"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    return request


def counting_view(effect):
    """A view that counts its calls and does `effect(request, response)` before returning."""

    def view(request):
        view.calls += 1
        response = HttpResponse("hello")
        effect(request, response)
        return response

    view.calls = 0
    return public_page(view)


@pytest.mark.parametrize(
    "effect",
    [
        pytest.param(lambda request, response: response.set_cookie("seen", "1"), id="set-cookie"),
        pytest.param(lambda request, response: get_token(request), id="csrf-token"),
        pytest.param(
            lambda request, response: request.session.__setitem__("k", "v"), id="new-session"
        ),
        pytest.param(
            lambda request, response: response.__setitem__("Cache-Control", "private"),
            id="private",
        ),
        pytest.param(
            lambda request, response: setattr(response, "status_code", 404), id="not-found"
        ),
    ],
)
def test_answers_personal_to_one_visitor_are_never_stored(page_cache, db, effect):
    view = counting_view(effect)
    view(anonymous_get())
    view(anonymous_get())
    assert view.__wrapped__.calls == 2


def test_an_answer_with_a_new_message_is_never_stored(page_cache, db):
    from django.contrib.messages.storage.fallback import FallbackStorage

    def add_message(request, response):
        request._messages = FallbackStorage(request)
        messages.info(request, "Tervetuloa")

    view = counting_view(add_message)
    view(anonymous_get())
    view(anonymous_get())
    assert view.__wrapped__.calls == 2


def test_a_plain_answer_is_stored_and_served_once(page_cache, db):
    view = counting_view(lambda request, response: None)
    view(anonymous_get())
    assert view(anonymous_get()).content == b"hello"
    assert view.__wrapped__.calls == 1
    assert view(anonymous_get("/sv/x/")).content == b"hello"  # another URL, its own copy
    assert view.__wrapped__.calls == 2


def test_the_cache_is_off_unless_configured(settings, db):
    settings.PUBLIC_CACHE_SECONDS = 0
    view = counting_view(lambda request, response: None)
    view(anonymous_get())
    view(anonymous_get())
    assert view.__wrapped__.calls == 2


def test_an_unreachable_cache_serves_the_page_uncached(settings, db):
    # Nothing listens on port 1: every cache call fails at once.
    settings.CACHES = cache_settings({"REDIS_URL": "redis://127.0.0.1:1/0"})
    settings.PUBLIC_CACHE_SECONDS = 600
    view = counting_view(lambda request, response: None)
    assert view(anonymous_get()).content == b"hello"
    public_cache.purge()  # logged, not raised: publishing must not fail for the cache
    assert view(anonymous_get()).content == b"hello"
    assert view.__wrapped__.calls == 2


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (.ci/run sets it)")
def test_the_page_cache_works_on_the_real_redis(settings, client, stories):
    settings.CACHES = cache_settings({"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": "test"})
    settings.PUBLIC_CACHE_SECONDS = 600
    cache.clear()
    url = story_url(stories["library"])
    first, _ = get_counting_queries(client, url)
    second, queries = get_counting_queries(client, url)
    assert queries == 0 and second.content == first.content
    story = stories["library"]
    story.title = "Pihakirjasto Redisissä"
    story.save_revision().publish()
    assert "Pihakirjasto Redisissä" in client.get(url).content.decode()
    cache.clear()


def test_settings_take_redis_from_the_environment():
    shared = cache_settings({"REDIS_URL": "redis://cache:6379/2"})["default"]
    assert shared["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["LOCATION"] == "redis://cache:6379/2"
    local = cache_settings({})["default"]
    assert local["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_settings_take_s3_media_storage_from_the_environment():
    assert media_storage({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    storage = media_storage(
        {
            "AWS_STORAGE_BUCKET_NAME": "minipilot-media",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.fi",
            "AWS_S3_REGION_NAME": "eu-north-1",
        }
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "minipilot-media",
        "endpoint_url": "https://s3.example.fi",
        "region_name": "eu-north-1",
        "file_overwrite": False,
        "querystring_auth": True,
    }


def test_the_s3_storage_builds_signed_urls_without_a_network(settings):
    from storages.backends.s3 import S3Storage

    options = media_storage(
        {"AWS_STORAGE_BUCKET_NAME": "media", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9"}
    )["OPTIONS"]
    storage = S3Storage(**options, access_key="AKIDEXAMPLE", secret_key="not-a-secret")
    url = storage.url("images/pihakirjasto.jpg")
    assert url.startswith("http://127.0.0.1:9/media/images/pihakirjasto.jpg?")
    assert "Signature=" in url or "X-Amz-Signature=" in url


def test_settings_switch_the_search_backend():
    assert search_backends({})["default"]["BACKEND"] == "wagtail.search.backends.database"
    elastic = search_backends(
        {"SEARCH_BACKEND": "elasticsearch8", "SEARCH_URL": "https://es.example.fi:9200"}
    )["default"]
    assert elastic["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert elastic["URLS"] == ["https://es.example.fi:9200"]
    opensearch = search_backends({"SEARCH_BACKEND": "opensearch", "SEARCH_URL": "http://os:9200"})
    assert opensearch["default"]["BACKEND"] == "wagtail.search.backends.opensearch3"
    with pytest.raises(ValueError, match="SEARCH_URL"):
        search_backends({"SEARCH_BACKEND": "elasticsearch8"})
    with pytest.raises(ValueError, match="must be one of"):
        search_backends({"SEARCH_BACKEND": "solr", "SEARCH_URL": "http://solr"})


def test_after_a_purge_one_request_re_renders_while_the_others_get_the_previous_copy(
    page_cache,
):
    """No stampede: while the first visitor after a purge waits for the new copy, the others
    are served the previous one; then everyone gets the new one."""
    rendering, release = threading.Event(), threading.Event()
    version = {"now": 1}

    def view(request):
        view.calls += 1
        if version["now"] == 2:
            rendering.set()
            release.wait(10)
        return HttpResponse(f"version {version['now']}")

    view.calls = 0
    page = public_page(view)

    def visit():
        with translation.override("fi"):
            return page(anonymous_get()).content

    assert visit() == b"version 1"
    version["now"] = 2
    public_cache.purge()
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(visit)
        assert rendering.wait(10)
        others = [visit() for _ in range(3)]
        release.set()
        assert first.result(10) == b"version 2"
    assert others == [b"version 1"] * 3
    assert visit() == b"version 2"
    assert view.calls == 2


def test_a_stale_copy_whose_re_render_was_abandoned_is_rendered_anew_after_the_grace(
    page_cache, monkeypatch
):
    monkeypatch.setattr(public_cache, "RENDER_GRACE_SECONDS", 1)
    view = counting_view(lambda request, response: None)
    view(anonymous_get())
    public_cache.purge()
    # A visitor took the re-rendering and vanished (its worker was killed): its lock expires.
    page_cache.add(f"{public_cache._key(anonymous_get())}:rendering", 1, 1)
    view(anonymous_get())
    assert view.__wrapped__.calls == 1  # the previous copy, during the grace
    time.sleep(1.1)
    view(anonymous_get())
    assert view.__wrapped__.calls == 2


@pytest.mark.parametrize("cache_on", [True, False], ids=["cached", "uncached"])
def test_public_pages_answer_a_conditional_get_with_304(settings, client, stories, cache_on):
    settings.PUBLIC_CACHE_SECONDS = 600 if cache_on else 0
    url = story_url(stories["library"])
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    again = client.get(url, headers={"if-none-match": etag})
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    assert client.get(url, headers={"if-none-match": '"something-else"'}).status_code == 200
    # The page changes, and so does its ETag: the old one gets the new page.
    stories["library"].title = "Pihakirjasto ja lukupiiri"
    stories["library"].save_revision().publish()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_personal_answer_has_no_etag(page_cache, client, stories, proposer):
    client.force_login(proposer)
    assert not client.get(story_url(stories["library"])).has_header("ETag")


def test_a_kept_value_is_computed_once_until_its_page_is_purged(db):
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    request = anonymous_get()
    assert public_cache.kept_for_page(request, "figures", compute) == 1
    assert public_cache.kept_for_page(request, "figures", compute) == 1
    public_cache.purge()
    assert public_cache.kept_for_page(request, "figures", compute) == 2


def test_a_value_computed_while_a_purge_went_by_is_stale_at_once(db):
    def computed_during_a_purge():
        public_cache.purge()
        return "old"

    request = anonymous_get()
    assert public_cache.kept_for_page(request, "figures", computed_during_a_purge) == "old"
    assert public_cache.kept_for_page(request, "figures", lambda: "new") == "new"


def test_an_unreachable_cache_computes_the_kept_value(settings, db):
    settings.CACHES = cache_settings({"REDIS_URL": "redis://127.0.0.1:1/0"})
    assert public_cache.kept_for_page(anonymous_get(), "figures", lambda: "fresh") == "fresh"
