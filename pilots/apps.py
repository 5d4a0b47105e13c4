from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = _("Pilots")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from pilots.admin_permissions import ProposalPermissionPolicy
        from pilots.models import Pilot

        register_permission_policy(Pilot, ProposalPermissionPolicy(Pilot))
