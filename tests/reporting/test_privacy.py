"""No email, phone, address or bank detail reaches open data, the story API or statistics."""

import pytest

from grants.factories import BANK_BIC, BANK_HOLDER, BANK_IBAN
from pilots.factories import CONTACT_ADDRESS, CONTACT_PHONE
from tests.reporting.grants_city import publish_story

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/{language}/open-data/",
    "/{language}/open-data/grants.json",
    "/{language}/open-data/grants.csv",
    "/{language}/open-data/avustukset.csv",
    "/{language}/api/stories/",
    "/{language}/statistics/",
]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_public_reporting_holds_no_personal_contact_or_bank_data(
    client, site_pages, grants_city, language
):
    publish_story(grants_city["original"], language=language)
    private = grants_city["private"]
    forbidden = [
        BANK_IBAN,
        BANK_BIC,
        BANK_HOLDER,
        CONTACT_PHONE,
        CONTACT_ADDRESS,
        "@example.org",
        private.email,
        private.get_full_name(),
        private.last_name,
    ]
    for url in PUBLIC_URLS:
        response = client.get(url.format(language=language))
        assert response.status_code == 200, url
        body = response.content.decode()
        assert [text for text in forbidden if text in body] == [], url
    # The test would notice: the consenting proposer's name is there, the private one's not.
    assert "Aino Asukas" in client.get(f"/{language}/open-data/grants.json").content.decode()
