from wagtail import hooks

from grants.lifecycle import GrantAction
from grants.viewsets import GrantViewSet, SepaBatchViewSet


@hooks.register("register_admin_viewset")
def register_grant_viewset():
    return GrantViewSet()


@hooks.register("register_admin_viewset")
def register_sepa_batch_viewset():
    return SepaBatchViewSet()


@hooks.register("register_log_actions")
def register_grant_log_actions(actions):
    for action, label in GrantAction.choices:
        actions.register_action(f"grants.{action}", label, label)
