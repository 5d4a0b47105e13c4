"""The admin dashboard's panels: proposals awaiting a decision, and result reports overdue."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component

from pilots import selectors
from pilots.models import Pilot, PilotStatus

# How many of the longest-waiting proposals the dashboard names.
AWAITING_SHOWN = 10


def waiting_time(pilot: Pilot, now: datetime.datetime) -> str:
    """How long a proposal has waited for its decision, in whole days and in words
    ("3 päivää", "3 dagar"), or "" once it is no longer waiting."""
    if pilot.status != PilotStatus.SUBMITTED or pilot.submitted_at is None:
        return ""
    days = (now - pilot.submitted_at).days
    if days < 1:
        return _("less than a day")
    return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}


class AwaitingDecisionPanel(Component):
    """The director's proposals awaiting a decision, the longest-waiting first."""

    name = "awaiting_decision"
    order = 50
    template_name = "pilots/admin/awaiting_decision_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        awaiting = (
            selectors.pilots_for_staff(self.user)
            .filter(status=PilotStatus.SUBMITTED)
            .order_by("submitted_at", "pk")
        )
        now = timezone.now()
        return {
            "count": selectors.awaiting_decision_count(self.user),
            "pilots": [(pilot, waiting_time(pilot, now)) for pilot in awaiting[:AWAITING_SHOWN]],
            "url": reverse("proposals:index") + f"?status={PilotStatus.SUBMITTED}",
        }


class OverdueReportsPanel(Component):
    """Funded pilots whose results are late, so the coordinator can follow them up."""

    name = "overdue_reports"
    order = 60
    template_name = "pilots/admin/overdue_reports_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        overdue = selectors.overdue_reports(self.user, timezone.localdate())
        return {"pilots": overdue[:20], "count": overdue.count()}
