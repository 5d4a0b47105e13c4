"""`make run`: a SQLite file, email printed to the console, tasks run at once."""

import os

from pilotsite.settings.base import *  # noqa: F403
from pilotsite.settings.base import STORAGES

DEBUG = True
# A development key, never used outside `make run` (production.py requires SECRET_KEY).
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")  # noqa: S105
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the source folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A made-up city account, so the bank transfer method works out of the box.
SEPA_DEBTOR_NAME = os.environ.get("SEPA_DEBTOR_NAME", "Esimerkkikaupunki")
SEPA_DEBTOR_IBAN = os.environ.get("SEPA_DEBTOR_IBAN", "FI2112345600000785")
SEPA_DEBTOR_BIC = os.environ.get("SEPA_DEBTOR_BIC", "NDEAFIHH")
