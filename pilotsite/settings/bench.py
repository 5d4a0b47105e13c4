"""`make bench`'s load test: production settings served over plain HTTP on loopback.

Everything else is production's (template caching, WhiteNoise's hashed static files, cached_db
sessions, the page cache when REDIS_URL is set). Dummy values stand in for the secrets only
when the environment gives none; never deploy with this module.
"""

import os

# A throwaway key and address for a loopback benchmark, never a deployment.
os.environ.setdefault("SECRET_KEY", "bench-only-" + "not-secret-" * 5)
os.environ.setdefault("SITE_URL", "https://bench.invalid")

from pilotsite.settings.production import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# Output of the load test, not of the site.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
