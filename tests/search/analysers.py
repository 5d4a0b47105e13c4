"""Finnish search analysis both ways: with Voikko and with the stemmer alone."""

import pytest

from search import analysis


@pytest.fixture(params=["voikko", "stemmer"])
def analyser(request, settings):
    """Each test runs with Voikko's Finnish analysis and with the stemmer alone (the fallback
    where libvoikko1 and voikko-fi are not installed)."""
    if request.param == "voikko" and analysis._voikko() is None:
        pytest.skip("Voikko (libvoikko1 + voikko-fi) is not installed")
    settings.SEARCH_VOIKKO = request.param == "voikko"
    return request.param
