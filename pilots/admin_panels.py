"""The admin dashboard's count of proposals awaiting the user's decision."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

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
