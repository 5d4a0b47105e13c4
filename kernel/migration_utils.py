"""Helpers for data migrations that must stay valid as the code around them changes."""

from django.contrib.auth.management import create_permissions


def create_all_permissions(apps) -> None:
    """Create the permissions of every model migrated so far.

    Django creates them only after all migrations have run; a data migration that grants
    permissions to groups needs them now.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
