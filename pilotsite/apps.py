from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsiteConfig(AppConfig):
    """The project package as an app, so that its purge receivers are connected in every process
    (web, `db_worker`, management commands), not only once a URL has been resolved."""

    name = "pilotsite"
    verbose_name = _("Minipilot site")

    def ready(self):
        from pilotsite import purges

        purges.connect()
