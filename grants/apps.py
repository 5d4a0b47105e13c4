from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from grants.models import Grant, SepaBatch
        from grants.permissions import may_see_grants
        from kernel.admin_readonly import ReadOnlyPolicy

        register_permission_policy(Grant, ReadOnlyPolicy(Grant, may_see_grants))
        register_permission_policy(SepaBatch, ReadOnlyPolicy(SepaBatch, may_see_grants))
