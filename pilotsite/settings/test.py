"""The test suite: fast hashing, in-memory email and cache, tasks run at once."""

import os

from pilotsite.settings.base import *  # noqa: F403
from pilotsite.settings.base import DATABASES, STORAGES, WAGTAILSEARCH_BACKENDS

SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# One Stripe request at a time, so that a test's queued faults meet the payments in order;
# the tests of concurrent sending set more (and the worker processes' settings do).
STRIPE_CONCURRENT_REQUESTS = 1
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test database is thrown away: a commit need not wait for the disk to flush the WAL.
    # Migrations and the transactional tests commit often (and empty every table after each
    # test); other sessions still see each commit at once (worker processes, live server).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
# Wagtail's own page index (the admin's page search; the public story search is our `search`
# app, always on) is not written at every page save: a fifth of a page-heavy test's set-up.
# tests/pilots/test_story_search.py turns it on to check a story is indexed there.
WAGTAILSEARCH_BACKENDS = {"default": {**WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}}
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files straight from the source folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A made-up city account, so the bank transfer method works out of the box.
SEPA_DEBTOR_NAME = os.environ.get("SEPA_DEBTOR_NAME", "Esimerkkikaupunki")
SEPA_DEBTOR_IBAN = os.environ.get("SEPA_DEBTOR_IBAN", "FI2112345600000785")
SEPA_DEBTOR_BIC = os.environ.get("SEPA_DEBTOR_BIC", "NDEAFIHH")
