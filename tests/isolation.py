"""Each test starts clean, whatever ran before it: the site's default language, an empty cache,
uploads in a temporary folder, open-data files rebuilt only where a test asks, and a quick way
back to the migrated database after a test that commits (tests/transactional_db.py). Made theirs
by tests/conftest.py and benchmarks/conftest.py."""

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import override_settings
from django.utils import translation

from demo.site import seed_site
from tests import transactional_db

transactional_db.install()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The migrated database of each test worker, with the site's home and legal pages in fi,
    sv and en already made: nearly every page needs them, and making them took a second or
    more in each of some 300 tests. A transactional test comes back to this state too."""
    with django_db_blocker.unblock():
        seed_site()
        for connection in connections.all():
            if getattr(connection, "_test_serialized_contents", None) is not None:
                creation = connection.creation
                connection._test_serialized_contents = creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def default_language(settings):
    """Each test starts in the site's default language. A request in Swedish leaves Swedish
    active in the test's thread (LocaleMiddleware activates it and nothing switches it back), so
    a later test that reads a translated field would otherwise depend on which test ran first."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: nothing one test stored leaks into the next."""
    cache.clear()


@pytest.fixture
def page_cache(settings):
    """The public page cache on, as in production (empty: `empty_cache`)."""
    settings.PUBLIC_CACHE_SECONDS = 600
    return cache


@pytest.fixture(autouse=True)
def open_data_rebuilt_where_tested(request, monkeypatch):
    """A committed change to what the open-data files show queues their rebuild, which the
    tests' immediate task backend runs at once: all nine files built again after each commit of
    a test that commits (a webhook test rebuilt them five times). Only tests marked `open_data`
    keep that; elsewhere a change is not counted, and a file asked for is built then (`serve`
    builds a file that was never built), from the data as it is."""
    if request.node.get_closest_marker("open_data") is None:
        monkeypatch.setattr("reporting.receivers.open_data_changed", lambda: None)


@pytest.fixture(autouse=True, scope="session")
def media_in_tmp(tmp_path_factory):
    """Uploads and the demo's photos go to a temporary folder, never the checkout's media/."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield
