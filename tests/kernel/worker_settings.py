"""Settings of the `run_worker` processes that tests/kernel/test_worker.py starts: the test
settings, with the database task backend a worker serves, and no periodic jobs of their own."""

from pilotsite.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASKS_SCHEDULE_ENABLED = False
