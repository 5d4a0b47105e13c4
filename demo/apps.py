from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo city (`manage.py seed_demo`): above every app it fills, carried through their
    services as residents, directors and finance would."""

    name = "demo"
    verbose_name = _("Demo city")
