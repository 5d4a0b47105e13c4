"""Who may read the council report, and on which areas: answered once here."""

from accounts.roles import is_coordinator, is_finance
from pilots.permissions import directed_area_ids


def reports_on_every_area(user) -> bool:
    """Coordinators and superusers, and finance: the report holds totals, no personal data."""
    return is_coordinator(user) or is_finance(user)


def may_see_council_report(user) -> bool:
    """Also an area director, who reports on their own areas."""
    return user.is_active and (reports_on_every_area(user) or bool(directed_area_ids(user)))
