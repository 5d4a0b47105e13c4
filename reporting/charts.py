"""The geometry of horizontal bar charts drawn on the server as SVG.

No script and nothing from another host: a template (reporting/includes/bar_chart.html) draws
the rectangles and texts computed here. Every bar carries its value as text, and a chart with
two series names the series beside each bar, so no figure is told by colour alone; the page
shows the same numbers in a table next to the chart. The drawing is 320 units wide and scales
down with the page, so it fits a 320 px phone.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format

WIDTH = 320
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
BAR_GAP = 4
ROW_GAP = 10
# Room to the right of the longest bar for its value ("12 345 €" or "Maksettu: 500 €").
VALUE_ROOM = 130
TEXT_OFFSET = 6
# Dark enough for text on white (≥ 4.5:1) and bars against the page (≥ 3:1).
FILLS = ["#0b5b6b", "#8a4600"]


def whole_number(value) -> str:
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def euros(value) -> str:
    return f"{whole_number(value)} €"


@dataclass
class Bar:
    y: int
    width: float
    fill: str
    text: str
    text_x: float
    text_y: int


@dataclass
class Row:
    label: str
    label_y: int
    values: list
    bars: list[Bar] = field(default_factory=list)


@dataclass
class BarChart:
    slug: str
    title: str
    description: str
    series: list[str]
    rows: list[Row]
    height: int
    formatted: Callable = whole_number
    width: int = WIDTH

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        return [(row.label, [self.formatted(v) for v in row.values]) for row in self.rows]

    @property
    def total(self) -> list[str]:
        return [
            self.formatted(sum((row.values[i] for row in self.rows), Decimal(0)))
            for i in range(len(self.series))
        ]


def bar_chart(
    *,
    slug: str,
    title: str,
    description: str,
    series: Sequence[str],
    rows: Sequence[tuple[str, Sequence]],
    formatted: Callable = whole_number,
) -> BarChart:
    """Lay out one bar per value of each row; the longest bar fills the drawing's width."""
    largest = max((value for _label, values in rows for value in values), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / float(largest)
    named = len(series) > 1
    y = 0
    laid_out = []
    for label, values in rows:
        row = Row(label=label, label_y=y + LABEL_HEIGHT - 6, values=list(values))
        y += LABEL_HEIGHT
        for index, value in enumerate(values):
            width = float(value) * scale
            text = formatted(value)
            row.bars.append(
                Bar(
                    y=y,
                    width=round(width, 1),
                    fill=FILLS[index % len(FILLS)],
                    text=f"{series[index]}: {text}" if named else text,
                    text_x=round(width + TEXT_OFFSET, 1),
                    text_y=y + BAR_HEIGHT - 4,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP
        laid_out.append(row)
    return BarChart(
        slug=slug,
        title=title,
        description=description,
        series=list(series),
        rows=laid_out,
        height=max(y, 1),
        formatted=formatted,
    )
