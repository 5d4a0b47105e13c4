"""CSV files: the flat 360Giving grants, the Finnish grants file, and the council report.

Both grant files are made from the same 360Giving records (reporting.giving360), so the three
downloads can never disagree. The Finnish file follows what Finnish cities publish: semicolons,
UTF-8 with a byte order mark (so spreadsheet programs read ä and ö right), decimal commas and
Finnish column titles; the council report is written the same way, for the same programs.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from reporting.giving360 import SDG_VOCABULARY, STATUS_VOCABULARY, flat_table
from reporting.selectors import CouncilReport

FINNISH_COLUMNS = [
    "Avustuksen tunniste",
    "Päätöspäivä",
    "Kokeilu",
    "Alue",
    "Haku",
    "Saaja",
    "Saajan tunniste",
    "Myönnetty (€)",
    "Maksettu (€)",
    "Tila",
    "Kestävän kehityksen tavoitteet",
    "Pohjana oleva avustus",
    "Päätös",
]


def decimal_comma(amount) -> str:
    return f"{Decimal(str(amount)):.2f}".replace(".", ",")


def finnish_date(iso_date: str) -> str:
    day = datetime.date.fromisoformat(iso_date)
    return f"{day.day}.{day.month}.{day.year}"


def _csv(rows: list[list], *, finnish: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if finnish else ",", lineterminator="\r\n")
    writer.writerows(rows)
    return ("\ufeff" if finnish else "") + buffer.getvalue()


def csv_response(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def giving360_csv(records: list[dict]) -> str:
    """The flat 360Giving form: one grant a row, comma-separated, decimal points."""
    columns, rows = flat_table(records)
    return _csv(
        [columns, *([row.get(column, "") for column in columns] for row in rows)], finnish=False
    )


def _classification(record: dict, vocabulary: str) -> list[str]:
    return [
        item["code"] if vocabulary == SDG_VOCABULARY else item["title"]
        for item in record["classifications"]
        if item["vocabulary"] == vocabulary
    ]


def finnish_csv(records: list[dict]) -> str:
    """The grants as Finnish cities publish them; `records` made in Finnish."""
    rows = [FINNISH_COLUMNS]
    for record in records:
        recipient = record["recipientIndividual"]
        rows.append(
            [
                record["id"],
                finnish_date(record["awardDate"]),
                record["title"],
                record["beneficiaryLocation"][0]["name"],
                record["grantProgramme"][0]["title"],
                recipient["name"],
                recipient["id"],
                decimal_comma(record["amountAwarded"]),
                decimal_comma(record["amountDisbursed"]),
                ", ".join(_classification(record, STATUS_VOCABULARY)),
                ", ".join(_classification(record, SDG_VOCABULARY)),
                ", ".join(record.get("relatedActivity", [])),
                record["url"],
            ]
        )
    return _csv(rows, finnish=True)


def council_columns() -> list[tuple[str, str]]:
    """(figure, column title) of the council report, in the reader's language."""
    return [
        ("decided", _("Decisions")),
        ("approved", _("Approved")),
        ("funded", _("Paid")),
        ("reported", _("Results reported")),
        ("published", _("Stories published")),
        ("granted", _("Granted (€)")),
        ("paid", _("Paid (€)")),
        ("worked", _("It worked")),
        ("partly", _("It partly worked")),
        ("did_not_work", _("It did not work")),
    ]


def council_csv(report: CouncilReport) -> str:
    columns = council_columns()

    def cells(row):
        values = (getattr(row, figure) for figure, _title in columns)
        return [decimal_comma(v) if isinstance(v, Decimal) else v for v in values]

    rows = [[_("Area"), *(title for _figure, title in columns)]]
    rows += [[row.area.name, *cells(row)] for row in report.rows]
    rows.append([_("Total"), *cells(report.total)])
    return _csv(rows, finnish=True)
