import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits count in the default (locmem) cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()
