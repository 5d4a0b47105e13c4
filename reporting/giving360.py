"""Decided grants in the 360Giving Data Standard (schema 1.4.3 in reporting/data/360giving/).

Every recipient is a resident group, published as an individual under a pseudonymous identifier
made for that one grant (`360G-<prefix>-recipient-<grant>`), so two grants of one resident
cannot be linked through it, and under a generic name unless the proposer agreed to show their
name. Nothing else of a person is read: no email, phone, address or bank detail ever reaches
these records. https://standard.threesixtygiving.org/en/latest/
"""

import json
from functools import cache
from operator import itemgetter
from pathlib import Path

import orjson
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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


def funder_id() -> str:
    return settings.OPEN_DATA_FUNDER_ID or identifier("funder")


class RecordContext:
    """What every grant's record shares in one language, looked up once per file.

    The names of areas, calls, goals and themes, the status labels and the decision address are
    the same for thousands of grants; building them once per file rather than once per grant is
    what lets 100,000 grants be written in seconds. Make it inside `translation.override`.
    """

    def __init__(self, *, areas, calls, goals, themes, base_url: str):
        self.base_url = base_url.rstrip("/")
        # A pk no decision has, replaced per grant: reverse() once instead of once per grant.
        self.decision_path = reverse("pilots:decision_detail", args=[999_999_999]).split(
            "999999999"
        )
        self.resident_group = _("Resident group")
        self.statuses = {
            code: {"vocabulary": STATUS_VOCABULARY, "code": code, "title": label}
            for code, label in [
                ("cancelled", _("Cancelled")),
                ("paid", _("Paid")),
                ("awarded", _("Awarded, not yet paid")),
            ]
        }
        self.locations = {
            area.pk: [
                {
                    "id": identifier(f"area-{area.slug}"),
                    "name": area.name,
                    "countryCode": "FI",
                }
            ]
            for area in areas
        }
        self.programmes = {
            call.pk: [{"code": identifier(f"call-{call.pk}"), "title": call.title}]
            for call in calls
        }
        self.goals = {
            goal.pk: {
                "vocabulary": SDG_VOCABULARY,
                "code": goal.code,
                "title": goal.name,
                "url": f"https://sdgs.un.org/goals/goal{goal.number}",
            }
            for goal in goals
        }
        self.themes = {
            theme.pk: {"vocabulary": THEME_VOCABULARY, "code": theme.slug, "title": theme.name}
            for theme in themes
        }
        self.funders = [{"id": funder_id(), "name": settings.OPEN_DATA_FUNDER_NAME}]
        self.individuals = {"primaryGrantReason": GRANT_REASON, "grantPurpose": [GRANT_PURPOSE]}
        self.prefix = identifier("")

    def absolute(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def decision_url(self, decision_id: int) -> str:
        before, after = self.decision_path
        return f"{self.base_url}{before}{decision_id}{after}"


def grant_status(status: str) -> str:
    """cancelled, paid, or awarded and not yet paid: from the pilot's status."""
    if status == PilotStatus.CANCELLED:
        return "cancelled"
    if status in FUNDED_STATES:
        return "paid"
    return "awarded"


def recipient_name(row: dict, context: RecordContext) -> str:
    """The proposer's name only with their consent; otherwise a generic name."""
    full_name = f"{row['first_name']} {row['last_name']}".strip()  # User.get_full_name()
    return full_name if row["publish_name"] and full_name else context.resident_group


def grant_record(row: dict, context: RecordContext) -> dict:
    """One grant as the 360Giving schema describes it, from a row of
    `reporting.selectors.decided_grant_rows()`."""
    status = grant_status(row["status"])
    grant, prefix = row["pk"], context.prefix
    record = {
        "id": f"{prefix}grant-{grant}",
        "title": row["title"],
        "description": row["summary"] or row["title"],
        "currency": "EUR",
        "amountAwarded": float(row["amount"]),
        "amountDisbursed": float(row["amount"]) if status == "paid" else 0.0,
        "awardDate": row["decided_on"].isoformat(),
        "url": context.decision_url(row["decision_id"]),
        "recipientIndividual": {
            "id": f"{prefix}recipient-{grant}",
            "name": recipient_name(row, context),
        },
        "toIndividualsDetails": context.individuals,
        "beneficiaryLocation": context.locations[row["area_id"]],
        "locationScope": LOCAL_AREA,
        "fundingOrganization": context.funders,
        "grantProgramme": context.programmes[row["call_id"]],
        "fromOpenCall": "Yes",
        "classifications": [
            context.statuses[status],
            *(context.goals[goal] for goal in row["goals"]),
            *(context.themes[theme] for theme in row["themes"]),
        ],
        "dateModified": row["updated_at"].isoformat(),
    }
    if row["starts_on"]:
        event = {"startDate": row["starts_on"].isoformat()}
        if row["ends_on"]:
            event["endDate"] = row["ends_on"].isoformat()
        record["plannedDates"] = [event]
    if row["original_grant"] is not None:
        record["relatedActivity"] = [f"{prefix}grant-{row['original_grant']}"]
    return record


def package_metadata(context: RecordContext) -> dict:
    """The data package around the grants (which `PackageWriter` adds), under CC BY 4.0."""
    now = timezone.now().replace(microsecond=0)
    return {
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
            "website": context.absolute("/"),
        },
        "license": LICENSE_URL,
        "accessURL": context.absolute(reverse("reporting:open_data")),
        "downloadURL": context.absolute(reverse("reporting:grants_json")),
    }


class PackageWriter:
    """The data package written to a text stream one grant at a time, never held whole.

    One grant a line, so a reader can follow the file, compact and in UTF-8 as it is (orjson
    writes what `json.dumps(ensure_ascii=False, separators=(",", ":"))` would, several times
    faster).
    """

    def __init__(self, out, context: RecordContext):
        self.out = out
        head = orjson.dumps(package_metadata(context)).decode()
        out.write(head[:-1] + ',"grants":[')
        self.separator = "\n"

    def add(self, record: dict, shape: tuple) -> None:
        self.out.write(self.separator + orjson.dumps(record).decode())
        self.separator = ",\n"

    def close(self) -> None:
        self.out.write("\n]}\n")


# The flat (CSV) form: column titles from the schema itself, e.g. "Recipient Ind:Identifier".


@cache
def _schema() -> dict:
    return json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text(encoding="utf-8"))


def _resolve(node: dict) -> dict:
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return {**_schema()["$defs"][ref.removeprefix("#/$defs/")], **node}
    return node


# (id of a resolved schema node, field name) -> (the field's resolved node, its column title).
# Every grant has the same few shapes, so each node is resolved once per process, not once per
# grant; the resolved nodes stay referenced here, so their ids stay theirs.
_FIELDS: dict[tuple[int, str], tuple[dict, str]] = {}
ITEMS = "[]"


def _field(node: dict, name: str) -> tuple[dict, str]:
    key = (id(node), name)
    found = _FIELDS.get(key)
    if found is None:
        raw = node.get("items", {}) if name == ITEMS else node.get("properties", {}).get(name, {})
        child = _resolve(raw)
        found = _FIELDS[key] = (child, child.get("title", name))
    return found


def _columns(value, node: dict, title: str, path: tuple, out: list) -> None:
    """Append (column title, path to the value, whether it is a list joined by ";") for each
    column of `value`, the part of a record at `path`, as 360Giving's flat form has them."""
    if isinstance(value, dict) or (
        isinstance(value, list) and value and isinstance(value[0], dict)
    ):
        if len(path) > 2:
            raise ValueError(f"{path}: nested deeper than record_shape() tells shapes apart")
    if isinstance(value, dict):
        for name, item in value.items():
            child, child_title = _field(node, name)
            _columns(
                item, child, f"{title}:{child_title}" if title else child_title, (*path, name), out
            )
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        # The first item rolls up under the field's own title, as 360Giving's templates do;
        # further items carry their index.
        items = _field(node, ITEMS)[0]
        for index, item in enumerate(value):
            _columns(item, items, title if index == 0 else f"{title}:{index}", (*path, index), out)
    else:
        out.append((title, path, isinstance(value, list)))


def _getter(path: tuple, joined: bool):
    if len(path) == 1:
        get = itemgetter(path[0])
    elif len(path) == 2:
        first, second = path

        def get(record):
            return record[first][second]
    else:
        first, second, third = path

        def get(record):
            return record[first][second][third]

    if joined:
        return lambda record: ";".join(map(str, get(record)))
    return get


def record_shape(record: dict) -> tuple:
    """What sets one record's flat columns apart from another's: its keys, and those of the
    dicts in it (two levels, as deep as grant_record's records go; `_columns` refuses deeper)."""
    return tuple(
        (
            key,
            tuple(value)
            if isinstance(value, dict)
            else tuple(map(tuple, value))
            if isinstance(value, list) and value and isinstance(value[0], dict)
            else None,
        )
        for key, value in record.items()
    )


# record_shape -> (column titles, a getter per column): worked out from the schema once for
# each shape of record (a few dozen: how many goals and themes, planned dates or not).
_SHAPES: dict[tuple, tuple[tuple[str, ...], list]] = {}


def flat_cells(record: dict, shape: tuple | None = None) -> tuple[tuple[str, ...], list]:
    """(column titles, values): one grant's record in the flat 360Giving form. `shape` is its
    `record_shape`, when the caller knows it already (a grant's records in every language have
    the same one)."""
    shape = shape or record_shape(record)
    compiled = _SHAPES.get(shape)
    if compiled is None:
        columns = []
        _columns(record, _resolve(_schema()), "", (), columns)
        compiled = _SHAPES[shape] = (
            tuple(title for title, _path, _joined in columns),
            [_getter(path, joined) for _title, path, joined in columns],
        )
    titles, getters = compiled
    return titles, [get(record) for get in getters]
