from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsiteConfig(AppConfig):
    """The project package as an app, so that its receivers (the page cache's purges, the links
    between a pilot and its grant) are connected in every process (web, the worker, management
    commands), not only once a URL has been resolved."""

    name = "pilotsite"
    verbose_name = _("Minipilot site")

    def ready(self):
        from pilotsite import pilot_grant_links, purges  # noqa: F401 (receivers)

        purges.connect()
