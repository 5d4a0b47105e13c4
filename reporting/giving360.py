"""Decided grants in the 360Giving Data Standard (schema 1.4.3 in reporting/data/360giving/).

Every recipient is a resident group, published as an individual under a pseudonymous identifier
made for that one grant (`360G-<prefix>-recipient-<grant>`), so two grants of one resident
cannot be linked through it, and under a generic name unless the proposer agreed to show their
name. Nothing else of a person is read: no email, phone, address or bank detail ever reaches
these records. https://standard.threesixtygiving.org/en/latest/
"""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import Grant
from pilots.models import FUNDED_STATES, PilotStatus

SCHEMA_DIR = Path(__file__).resolve().parent / "data" / "360giving"
SCHEMA_VERSION = "1.4"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Codes from the standard's codelists: a grant for a community project, given as social action.
GRANT_REASON = "GTIR120"
GRANT_PURPOSE = "GTIP160"
LOCAL_AREA = "GLS060"
SDG_VOCABULARY = "UN Sustainable Development Goals"
THEME_VOCABULARY = "Minipilot themes"
STATUS_VOCABULARY = "Minipilot grant status"


def identifier(reference: str) -> str:
    return f"360G-{settings.OPEN_DATA_PREFIX}-{reference}"


def grant_id(grant: Grant) -> str:
    return identifier(f"grant-{grant.pk}")


def recipient_id(grant: Grant) -> str:
    return identifier(f"recipient-{grant.pk}")


def funder_id() -> str:
    return settings.OPEN_DATA_FUNDER_ID or identifier("funder")


def recipient_name(grant: Grant) -> str:
    """The proposer's name only with their consent; otherwise a generic name."""
    pilot = grant.pilot
    if pilot.publish_name and pilot.proposer.get_full_name():
        return pilot.proposer.get_full_name()
    return _("Resident group")


def grant_status(grant: Grant) -> tuple[str, str]:
    """(code, label): cancelled, paid, or awarded and not yet paid."""
    if grant.pilot.status == PilotStatus.CANCELLED:
        return "cancelled", _("Cancelled")
    if grant.pilot.status in FUNDED_STATES:
        return "paid", _("Paid")
    return "awarded", _("Awarded, not yet paid")


def amount_disbursed(grant: Grant):
    return grant.amount if grant.pilot.status in FUNDED_STATES else 0


def grant_record(grant: Grant, request) -> dict:
    """One grant as the 360Giving schema describes it."""
    pilot = grant.pilot
    decision = pilot.decision
    status_code, status_label = grant_status(grant)
    record = {
        "id": grant_id(grant),
        "title": pilot.title,
        "description": pilot.summary or pilot.title,
        "currency": "EUR",
        "amountAwarded": float(grant.amount),
        "amountDisbursed": float(amount_disbursed(grant)),
        "awardDate": decision.decided_on.isoformat(),
        "url": request.build_absolute_uri(reverse("pilots:decision_detail", args=[decision.pk])),
        "recipientIndividual": {"id": recipient_id(grant), "name": recipient_name(grant)},
        "toIndividualsDetails": {
            "primaryGrantReason": GRANT_REASON,
            "grantPurpose": [GRANT_PURPOSE],
        },
        "beneficiaryLocation": [
            {
                "id": identifier(f"area-{pilot.area.slug}"),
                "name": pilot.area.name,
                "countryCode": "FI",
            }
        ],
        "locationScope": LOCAL_AREA,
        "fundingOrganization": [{"id": funder_id(), "name": settings.OPEN_DATA_FUNDER_NAME}],
        "grantProgramme": [
            {"code": identifier(f"call-{pilot.call_id}"), "title": pilot.call.title}
        ],
        "fromOpenCall": "Yes",
        "classifications": [
            {"vocabulary": STATUS_VOCABULARY, "code": status_code, "title": status_label},
            *(
                {
                    "vocabulary": SDG_VOCABULARY,
                    "code": sdg.code,
                    "title": sdg.name,
                    "url": f"https://sdgs.un.org/goals/goal{sdg.number}",
                }
                for sdg in pilot.sdgs.all()
            ),
            *(
                {"vocabulary": THEME_VOCABULARY, "code": theme.slug, "title": theme.name}
                for theme in pilot.themes.all()
            ),
        ],
        "dateModified": grant.updated_at.isoformat(),
    }
    if pilot.starts_on:
        event = {"startDate": pilot.starts_on.isoformat()}
        if pilot.ends_on:
            event["endDate"] = pilot.ends_on.isoformat()
        record["plannedDates"] = [event]
    original = pilot.inspired_by
    original_grant = getattr(original, "grant", None) if original else None
    if original_grant is not None:
        record["relatedActivity"] = [grant_id(original_grant)]
    return record


def data_package(records: list[dict], request) -> dict:
    """The data package: metadata and the grants' `records`, under CC BY 4.0."""
    now = timezone.now().replace(microsecond=0)
    package = {
        "version": SCHEMA_VERSION,
        "title": _("Minipilot grants"),
        "description": _(
            "Every grant decided for a resident's minipilot, including those cancelled later."
        ),
        "identifier": identifier("grants"),
        "issued": now.isoformat(),
        "modified": now.isoformat(),
        "publisher": {
            "identifier": funder_id(),
            "name": settings.OPEN_DATA_FUNDER_NAME,
            "website": request.build_absolute_uri("/"),
        },
        "license": LICENSE_URL,
        "accessURL": request.build_absolute_uri(reverse("reporting:open_data")),
        "downloadURL": request.build_absolute_uri(reverse("reporting:grants_json")),
        "grants": records,
    }
    return package


# The flat (CSV) form: column titles from the schema itself, e.g. "Recipient Ind:Identifier".


@cache
def _schema() -> dict:
    return json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text(encoding="utf-8"))


def _resolve(node: dict) -> dict:
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return {**_schema()["$defs"][ref.removeprefix("#/$defs/")], **node}
    return node


def _title(node: dict, name: str) -> str:
    return _resolve(node).get("title", name)


def _flatten(value, node: dict, prefix: str, out: dict) -> None:
    node = _resolve(node)
    if isinstance(value, dict):
        for name, item in value.items():
            child = node.get("properties", {}).get(name, {})
            title = _title(child, name)
            _flatten(item, child, f"{prefix}:{title}" if prefix else title, out)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        # The first item rolls up under the field's own title, as 360Giving's templates do;
        # further items carry their index.
        for index, item in enumerate(value):
            _flatten(
                item, node.get("items", {}), prefix if index == 0 else f"{prefix}:{index}", out
            )
    elif isinstance(value, list):
        out[prefix] = ";".join(str(item) for item in value)
    else:
        out[prefix] = value


def flat_table(records: list[dict]) -> tuple[list[str], list[dict]]:
    """(column titles, one dict per grant): the flat 360Giving form of `records`."""
    rows = []
    for record in records:
        row = {}
        _flatten(record, _schema(), "", row)
        rows.append(row)
    columns = list(dict.fromkeys(column for row in rows for column in row))
    return columns, rows
