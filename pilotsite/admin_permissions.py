"""A permission policy for models that staff read in the admin but never edit there."""

from collections.abc import Callable

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
