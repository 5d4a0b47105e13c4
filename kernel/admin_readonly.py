"""Models that staff read in the admin but never add, edit or delete there: a permission
policy and a viewset shape for them."""

from collections.abc import Callable

from django.urls import path
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Readable by whoever `may_view` admits; added, changed or deleted by no one in the admin,
    superusers included: residents write these records and services change them.

    Registered with wagtail.permissions.register_permission_policy in the app's ready().
    """

    def __init__(self, model, may_view: Callable):
        super().__init__(model)
        self.may_view = may_view

    def user_has_permission(self, user, action):
        return action == "view" and self.may_view(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.may_view(user)


class ReadOnlyModelViewSet(ModelViewSet):
    """Index and inspect views only, plus the actions a subclass adds as views that call
    services (`get_action_urlpatterns`)."""

    inspect_view_enabled = True

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            *self.get_action_urlpatterns(),
        ]

    def get_action_urlpatterns(self):
        return []
