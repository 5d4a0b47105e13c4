from wagtail import hooks

from discussions.moderation import ACTIONS
from discussions.viewsets import CommentViewSet


@hooks.register("register_admin_viewset")
def register_comment_viewset():
    return CommentViewSet()


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)
