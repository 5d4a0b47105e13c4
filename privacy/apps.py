from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A resident's rights over their personal data (GDPR): the download of everything held about
    them, deleting their account, and the retention periods after which data is erased. Above
    the apps it exports from and erases in (accounts, pilots, grants), which know nothing of it."""

    name = "privacy"
    verbose_name = _("Privacy")
