from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """What the platform publishes and reports about itself: open data, statistics and the
    council report. It reads pilots and grants; it writes nothing of theirs but its own files."""

    name = "reporting"
    verbose_name = _("Open data and reports")

    def ready(self):
        from reporting import receivers

        receivers.connect()
