from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = _("Pilots")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        import pilots.signals  # noqa: F401  (connects the story-published receiver)
        from kernel.admin_readonly import ReadOnlyPolicy
        from pilots.models import Pilot
        from pilots.permissions import may_view_proposals

        # By role, not by a model permission: with one, Wagtail's site history would list
        # every area's pilots to every director.
        register_permission_policy(Pilot, ReadOnlyPolicy(Pilot, may_view_proposals))
