"""The 360Giving data package, its flat CSV and the Finnish CSV of decided grants."""

import csv
import io
import json

import pytest
from django.utils import translation
from django.utils.translation import gettext
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from reporting.giving360 import SCHEMA_DIR

pytestmark = pytest.mark.django_db

GRANT_SCHEMA_URLS = [
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json",
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json",
]


def schema_errors(package: dict) -> list[str]:
    """Validate against the local copy of the schema, never fetching it over the network.

    The package schema refers to the grant schema as 1.4.2 while the grant schema's own $id
    says 1.4.3, so the local grant schema is registered under both addresses (as draft 2020-12:
    its "$schema" is spelt with http://, which the library does not know). FormatChecker
    makes "date-time" a real check (rfc3339-validator), which the schema's oneOf relies on.
    """
    grant = json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text())
    package_schema = json.loads((SCHEMA_DIR / "360-giving-package-schema.json").read_text())
    registry = Registry().with_resources(
        (url, DRAFT202012.create_resource(grant)) for url in GRANT_SCHEMA_URLS
    )
    validator = Draft202012Validator(
        package_schema, registry=registry, format_checker=FormatChecker()
    )
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(package)
    ]


def grants_by_title(package: dict) -> dict[str, dict]:
    return {grant["title"]: grant for grant in package["grants"]}


VALID_GRANT = {
    "id": "360G-x-1",
    "title": "x",
    "description": "x",
    "currency": "EUR",
    "amountAwarded": 1,
    "awardDate": "2026-01-01",
    "recipientIndividual": {"id": "360G-x-r1", "name": "Resident group"},
    "fundingOrganization": [{"id": "360G-x-funder", "name": "City"}],
    "dateModified": "2026-01-01T10:00:00+02:00",
}


def test_the_validator_catches_an_invalid_package():
    package = {"grants": [{"id": "x", "title": "x", "description": "x", "currency": "EUR"}]}
    assert schema_errors(package)
    assert schema_errors({"grants": []})
    valid = {"grants": [VALID_GRANT]}
    assert schema_errors(valid) == []
    assert schema_errors({"grants": [{**VALID_GRANT, "dateModified": "yesterday"}]})


def test_package_is_valid_360giving(client, grants_city):
    response = client.get("/fi/open-data/grants.json")
    assert response.status_code == 200
    package = response.json()
    assert schema_errors(package) == []
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    # Approved decisions only, the cancelled one included; the rejection is no grant.
    assert set(grants_by_title(package)) == {
        "Pihakirjasto",
        "Pihakirjasto Malmilla",
        "Peruttu kokeilu",
    }


def test_recipients_are_pseudonymous_and_named_only_with_consent(client, grants_city, settings):
    settings.OPEN_DATA_PREFIX = "hml"
    grants = grants_by_title(client.get("/en/open-data/grants.json").json())
    original, adapted = grants["Pihakirjasto"], grants["Pihakirjasto Malmilla"]
    assert original["recipientIndividual"]["name"] == "Aino Asukas"
    assert adapted["recipientIndividual"]["name"] == "Resident group"
    ids = {grant["recipientIndividual"]["id"] for grant in grants.values()}
    assert len(ids) == 3
    assert all(id_.startswith("360G-hml-recipient-") for id_ in ids)
    assert all(grant["id"].startswith("360G-hml-grant-") for grant in grants.values())
    assert all("recipientOrganization" not in grant for grant in grants.values())


def test_adapted_pilot_points_at_the_originals_grant(client, grants_city):
    grants = grants_by_title(client.get("/fi/open-data/grants.json").json())
    original = grants["Pihakirjasto"]
    assert grants["Pihakirjasto Malmilla"]["relatedActivity"] == [original["id"]]
    assert original["id"] == f"360G-minipilot-grant-{grants_city['original'].grant.pk}"
    assert "relatedActivity" not in original


def test_area_sdgs_status_and_funder(client, grants_city, settings):
    settings.OPEN_DATA_FUNDER_NAME = "Hämeenlinnan kaupunki"
    settings.OPEN_DATA_FUNDER_ID = "FI-PRO-0139365-9"
    package = client.get("/sv/open-data/grants.json").json()
    grants = grants_by_title(package)
    original = grants["Pihakirjasto"]
    assert original["beneficiaryLocation"][0]["name"] == "Berghäll"
    assert original["fundingOrganization"] == [
        {"id": "FI-PRO-0139365-9", "name": "Hämeenlinnan kaupunki"}
    ]
    assert package["publisher"]["identifier"] == "FI-PRO-0139365-9"
    codes = {(c["vocabulary"], c["code"]) for c in original["classifications"]}
    assert ("UN Sustainable Development Goals", "SDG04") in codes
    assert ("UN Sustainable Development Goals", "SDG11") in codes
    status = {g["title"]: g["classifications"][0]["code"] for g in grants.values()}
    assert status == {
        "Pihakirjasto": "paid",
        "Pihakirjasto Malmilla": "paid",
        "Peruttu kokeilu": "cancelled",
    }
    assert grants["Peruttu kokeilu"]["amountDisbursed"] == 0
    assert original["amountDisbursed"] == 500


def read_csv(response, delimiter=","):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter))


def test_flat_csv_has_the_json_values_under_360giving_titles(client, grants_city):
    rows = read_csv(client.get("/fi/open-data/grants.csv"))
    by_title = {row["Title"]: row for row in rows}
    assert set(by_title) == {"Pihakirjasto", "Pihakirjasto Malmilla", "Peruttu kokeilu"}
    adapted = by_title["Pihakirjasto Malmilla"]
    with translation.override("fi"):
        assert adapted["Recipient Ind:Name"] == gettext("Resident group")
    assert adapted["Related Activity"] == by_title["Pihakirjasto"]["Identifier"]
    assert adapted["Beneficiary Location:Name"] == "Malmi"
    assert adapted["Amount Awarded"] == "500.0"
    assert by_title["Pihakirjasto"]["Classifications:1:Code"] == "SDG04"


def test_finnish_csv_is_semicolon_separated_with_decimal_commas(client, grants_city):
    response = client.get("/en/open-data/avustukset.csv")
    assert response.content.startswith("\ufeff".encode())
    rows = read_csv(response, delimiter=";")
    by_title = {row["Kokeilu"]: row for row in rows}
    original, adapted = by_title["Pihakirjasto"], by_title["Pihakirjasto Malmilla"]
    assert original["Myönnetty (€)"] == "500,00"
    assert by_title["Peruttu kokeilu"]["Maksettu (€)"] == "0,00"
    assert original["Päätöspäivä"] == "1.2.2026"
    assert original["Alue"] == "Kallio"
    assert original["Saaja"] == "Aino Asukas"
    assert adapted["Pohjana oleva avustus"] == original["Avustuksen tunniste"]
    assert original["Kestävän kehityksen tavoitteet"] == "SDG04, SDG11"
