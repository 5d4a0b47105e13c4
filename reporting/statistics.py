"""The public statistics page's charts, made from the figures reporting.selectors counts."""

from django.utils.translation import gettext as _

from pilots.models import Outcome, PilotStatus
from reporting.charts import BarChart, bar_chart, euros
from reporting.selectors import Statistics


def statistics_charts(figures: Statistics) -> list[BarChart]:
    areas = figures.areas
    statuses = [status for status in PilotStatus if status != PilotStatus.DRAFT]
    return [
        bar_chart(
            slug="areas",
            title=_("Pilots per area"),
            description=_("Proposals sent to an area director, by the area of the pilot."),
            series=[_("Pilots")],
            rows=[(area.name, [figures.pilots_per_area.get(area.pk, 0)]) for area in areas],
        ),
        bar_chart(
            slug="years",
            title=_("Pilots per year"),
            description=_("Proposals by the year they were first sent."),
            series=[_("Pilots")],
            rows=[(str(year), [n]) for year, n in figures.pilots_per_year.items()],
        ),
        bar_chart(
            slug="statuses",
            title=_("Pilots per status"),
            description=_("Where each proposal is now."),
            series=[_("Pilots")],
            rows=[
                (status.label, [figures.pilots_per_status.get(status, 0)]) for status in statuses
            ],
        ),
        bar_chart(
            slug="money",
            title=_("Money granted and paid per area"),
            description=_(
                "Grants decided, less those cancelled, and grants paid to the residents, in euros."
            ),
            series=[_("Granted"), _("Paid")],
            rows=[
                (
                    area.name,
                    [
                        figures.granted_per_area.get(area.pk, 0),
                        figures.paid_per_area.get(area.pk, 0),
                    ],
                )
                for area in areas
            ],
            formatted=euros,
        ),
        bar_chart(
            slug="outcomes",
            title=_("Outcomes"),
            description=_("What the residents said of their pilot in the result report."),
            series=[_("Reports")],
            rows=[(outcome.label, [figures.outcomes.get(outcome, 0)]) for outcome in Outcome],
        ),
        bar_chart(
            slug="adoptions",
            title=_("Adopted practices per area"),
            description=_("Proposals in each area that adapt a pilot from another one."),
            series=[_("Adaptations")],
            rows=[(area.name, [figures.adaptations_per_area.get(area.pk, 0)]) for area in areas],
        ),
    ]
