"""Who may read the council report, and on which areas: answered once here."""

from accounts.roles import FINANCE
from pilots.permissions import is_coordinator


def reports_on_every_area(user) -> bool:
    """Coordinators and superusers, and finance: the report holds totals, no personal data."""
    return is_coordinator(user) or user.groups.filter(name=FINANCE).exists()


def may_see_council_report(user) -> bool:
    """Also an area director, who reports on their own areas."""
    return user.is_active and (reports_on_every_area(user) or user.directed_areas.exists())
