from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from accounts.roles import is_coordinator
        from discussions.models import Comment
        from kernel.admin_readonly import ReadOnlyPolicy

        # Coordinators read the conversations; nobody writes them in the admin.
        register_permission_policy(Comment, ReadOnlyPolicy(Comment, is_coordinator))
