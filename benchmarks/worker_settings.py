"""Settings for the worker processes `make bench` starts beside its test database: the test
settings (locmem email, fast hashing) with the database task backend production uses, on the
test database the benchmark made (BENCH_DATABASE_NAME), and no periodic jobs."""

import os

from pilotsite.settings.test import *  # noqa: F403
from pilotsite.settings.test import DATABASES

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASKS_SCHEDULE_ENABLED = False
DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]
DATABASES["default"]["TEST"] = {"NAME": os.environ["BENCH_DATABASE_NAME"]}
STRIPE_SECRET_KEY = "sk_test_minipilot"  # noqa: S105 - the fake's
STRIPE_API_BASE = os.environ["STRIPE_API_BASE"]
STRIPE_TIMEOUT = 5.0
STRIPE_MAX_NETWORK_RETRIES = 2
STRIPE_CONCURRENT_REQUESTS = int(os.environ.get("STRIPE_CONCURRENT_REQUESTS", "16"))
