"""The admin dashboard's panels: proposals awaiting a decision, and result reports overdue."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from pilots import selectors
from pilots.models import PilotStatus
from pilots.selectors import awaiting_decision_count


class AwaitingDecisionPanel(Component):
    name = "awaiting_decision"
    order = 50
    template_name = "pilots/admin/awaiting_decision_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {
            "count": awaiting_decision_count(self.user),
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
