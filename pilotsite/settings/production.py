"""Production: HTTPS only, every secret from the environment; refuses to start without them.

`DJANGO_SETTINGS_MODULE=pilotsite.settings.production manage.py check --deploy` is clean.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from pilotsite.settings.base import *  # noqa: F403
from pilotsite.settings.base import STORAGES
from pilotsite.settings.environment import (
    cache_settings,
    env_bool,
    media_storage,
    search_backends,
)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters in production."
    )

SITE_URL = os.environ.get("SITE_URL", "")
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "SITE_URL must be the site's public https:// address: emails link to it."
    )
WAGTAILADMIN_BASE_URL = SITE_URL.rstrip("/")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Growing beyond one machine (README: Deploy it). Every app host reads the same PostgreSQL, so
# sessions (cached_db: the database, with a copy in the cache) and queued tasks (django-tasks'
# database backend, from base.py) work whichever host serves a request or runs a task.
CACHES = cache_settings(os.environ)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
STORAGES = {**STORAGES, "default": media_storage(os.environ)}
try:
    WAGTAILSEARCH_BACKENDS = search_backends(os.environ)
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error
# Anonymous visitors get the public pages from the cache (kernel.public_cache). Only a
# shared cache can be purged on every host at once, so without REDIS_URL it is off.
PUBLIC_CACHE_SECONDS = int(
    os.environ.get("PUBLIC_CACHE_SECONDS", "600" if os.environ.get("REDIS_URL") else "0")
)
