from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from accounts.roles import is_coordinator
from pilots import co_proposers
from pilots.admin_panels import AwaitingDecisionPanel, OverdueReportsPanel
from pilots.models import Action
from pilots.permissions import may_view_proposals
from pilots.viewsets import MinipilotViewSetGroup


@hooks.register("register_admin_viewset")
def register_minipilot_viewsets():
    return MinipilotViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_awaiting_decision_panel(request, panels):
    if may_view_proposals(request.user):
        panels.append(AwaitingDecisionPanel(request.user))
    if is_coordinator(request.user):
        panels.append(OverdueReportsPanel(request.user))


@hooks.register("register_log_actions")
def register_pilot_log_actions(actions):
    for action, label in Action.choices:
        actions.register_action(f"pilots.{action}", label, label)
    joined, left = _("A co-proposer joined"), _("A co-proposer left")
    actions.register_action(co_proposers.JOINED, joined, joined)
    actions.register_action(co_proposers.LEFT, left, left)
