from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    # This module also holds the wagtail.users config, so Django must be told which is ours.
    default = True
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts import admin_language

        admin_language.connect()


class MinipilotUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "accounts.viewsets.UserViewSet"
