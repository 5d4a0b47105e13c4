"""CSV files: the flat 360Giving grants, the Finnish grants file, and the council report.

Both grant files are made from the same 360Giving records (reporting.giving360), so the three
downloads can never disagree. The Finnish file follows what Finnish cities publish: semicolons,
UTF-8 with a byte order mark (so spreadsheet programs read ä and ö right), decimal commas and
Finnish column titles; the council report is written the same way, for the same programs.

Every one of them is opened in spreadsheet programs, which run a cell that starts like a formula
(`=cmd|' /C calc'!A0` in a pilot's title). So every CSV the platform writes goes through
`SpreadsheetCsv`, which passes each text cell through `spreadsheet_safe` (OWASP's advice on
CSV injection, https://owasp.org/www-community/attacks/CSV_Injection). Numbers are not text:
the amounts and counts are ours, written from `Decimal`/`int`/`float`, so they cannot hold a
formula and stay numbers a spreadsheet can add up, a negative one included.
"""

import csv
import datetime
import io
import re
import tempfile
from array import array
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from reporting.giving360 import SDG_VOCABULARY, STATUS_VOCABULARY, flat_cells
from reporting.selectors import CouncilReport

# What makes a spreadsheet program read a cell as a formula (or hide one after a tab or CR).
FORMULA_STARTS = frozenset("=+-@\t\r")
# One of them at the start of a cell of a written comma-separated line after its first: after a
# comma, inside the quotes csv puts around a cell when it needs them.
FORMULA_AFTER_COMMA = re.compile(r',"?[=+\-@\t\r]')
BYTE_ORDER_MARK = "\ufeff"

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


def _as_is(value):
    return value


def spreadsheet_safe(cells, number=_as_is) -> list:
    """One CSV row's cells as a spreadsheet program may open them: a text cell that it would
    take for a formula gets a single quote in front (the program then shows it as text, the
    value otherwise as it was); anything else is a number of ours, written as `number(value)`.
    """
    return [
        (f"'{cell}" if cell[:1] in FORMULA_STARTS else cell)
        if isinstance(cell, str)
        else number(cell)
        for cell in cells
    ]


def decimal_comma(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def finnish_date(iso_date: str) -> str:
    day = datetime.date.fromisoformat(iso_date)
    return f"{day.day}.{day.month}.{day.year}"


class SpreadsheetCsv:
    """`csv.writer` for the files people open in spreadsheet programs: text made safe,
    numbers written as numbers (with a decimal comma in the Finnish files)."""

    def __init__(self, out, *, finnish: bool):
        self.finnish = finnish
        self.writer = csv.writer(out, delimiter=";" if finnish else ",", lineterminator="\r\n")

    def number(self, value):
        return decimal_comma(value) if isinstance(value, Decimal) and self.finnish else value

    def writerow(self, row) -> None:
        self.writer.writerow(spreadsheet_safe(row, self.number))


class FlatRowCsv:
    """`SpreadsheetCsv`'s rows (comma-separated, numbers as they are) as lines, for the flat
    file's hundreds of thousands of them: a row is written as it is, and only when its line has
    a cell that starts like a formula (or a negative number, which is left as it is) is it
    written again cell by cell through `spreadsheet_safe`. Same lines, a fraction of the work:
    most rows have no such cell."""

    def __init__(self):
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")

    def _written(self, cells) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow(cells)
        return self.buffer.getvalue()

    def line(self, cells) -> str:
        line = self._written(cells)
        first = line[1:2] if line[:1] == '"' else line[:1]
        # Not in the line's own "\r\n" after an empty last cell.
        suspect = first in FORMULA_STARTS or FORMULA_AFTER_COMMA.search(line, 0, len(line) - 2)
        return self._written(spreadsheet_safe(cells)) if suspect else line


def csv_response(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class FlatGrantsCsv:
    """The flat 360Giving form, one grant a row, written to `out` as the grants come.

    Its columns are those of every grant together (a tenth SDG adds columns), in the order they
    first appear, so they are known only after the last grant. The rows wait in a temporary
    file, with their lengths in characters, until `close()` writes the header and then each
    row padded to the full width.
    """

    def __init__(self, out):
        self.out = out
        self.columns: dict[str, int] = {}
        # id of a shape's column titles (kept alive by giving360) -> their indexes here.
        self.indexes: dict[int, list[int]] = {}
        self.rows = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        self.row_writer = FlatRowCsv()
        self.lengths = array("q")
        self.widths = array("l")

    def add(self, record: dict, shape: tuple) -> None:
        titles, values = flat_cells(record, shape)
        indexes = self.indexes.get(id(titles))
        if indexes is None:
            for title in titles:
                self.columns.setdefault(title, len(self.columns))
            indexes = self.indexes[id(titles)] = [self.columns[title] for title in titles]
        cells = [""] * len(self.columns)
        for index, value in zip(indexes, values, strict=True):
            cells[index] = value
        line = self.row_writer.line(cells)
        self.rows.write(line)
        self.lengths.append(len(line))
        self.widths.append(len(cells))

    def close(self) -> None:
        SpreadsheetCsv(self.out, finnish=False).writerow(self.columns)
        width = len(self.columns)
        self.rows.seek(0)
        for length, cells in zip(self.lengths, self.widths, strict=True):
            line = self.rows.read(length)
            # Each row ends "\r\n"; a row written before the last columns appeared gets their
            # empty cells before it.
            self.out.write(f"{line[:-2]}{',' * (width - cells)}\r\n" if cells < width else line)
        self.rows.close()


def _classification(record: dict, vocabulary: str) -> list[str]:
    return [
        item["code"] if vocabulary == SDG_VOCABULARY else item["title"]
        for item in record["classifications"]
        if item["vocabulary"] == vocabulary
    ]


class FinnishGrantsCsv:
    """The grants as Finnish cities publish them; the records made in Finnish."""

    def __init__(self, out):
        out.write(BYTE_ORDER_MARK)
        self.writer = SpreadsheetCsv(out, finnish=True)
        self.writer.writerow(FINNISH_COLUMNS)

    def add(self, record: dict, shape: tuple) -> None:
        recipient = record["recipientIndividual"]
        self.writer.writerow(
            [
                record["id"],
                finnish_date(record["awardDate"]),
                record["title"],
                record["beneficiaryLocation"][0]["name"],
                record["grantProgramme"][0]["title"],
                recipient["name"],
                recipient["id"],
                Decimal(str(record["amountAwarded"])),
                Decimal(str(record["amountDisbursed"])),
                ", ".join(_classification(record, STATUS_VOCABULARY)),
                ", ".join(_classification(record, SDG_VOCABULARY)),
                ", ".join(record.get("relatedActivity", [])),
                record["url"],
            ]
        )

    def close(self) -> None:
        """Nothing waits: each row was written as it came."""


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
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = SpreadsheetCsv(out, finnish=True)

    def cells(row):
        return [getattr(row, figure) for figure, _title in columns]

    writer.writerow([_("Area"), *(title for _figure, title in columns)])
    for row in report.rows:
        writer.writerow([row.area.name, *cells(row)])
    writer.writerow([_("Total"), *cells(report.total)])
    return out.getvalue()
