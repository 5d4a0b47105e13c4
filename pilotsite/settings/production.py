"""Production: HTTPS only, every secret from the environment; refuses to start without them.

`DJANGO_SETTINGS_MODULE=pilotsite.settings.production manage.py check --deploy` is clean.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from pilotsite.settings.base import *  # noqa: F403
from pilotsite.settings.environment import env_bool

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
