"""Tasks for tests/kernel/test_worker.py: one that returns at once, and two that wait for
the test to create a file, so that the test can act on a worker while it runs them."""

import time
from pathlib import Path

from django.db import transaction
from django_tasks import task
from django_tasks_db.models import DBTaskResult

WAIT_LIMIT = 120  # seconds; a test that never releases its task must not hang a worker for ever


@task()
def echo(value: str) -> str:
    return value


@task()
def hold(release_path: str) -> str:
    deadline = time.monotonic() + WAIT_LIMIT
    while not Path(release_path).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{release_path} never appeared")
        time.sleep(0.02)
    return "released"


@task()
def hold_then_query(release_path: str) -> int:
    """Uses the database after the wait, as a service would, inside a transaction."""
    hold.call(release_path)
    with transaction.atomic():
        return DBTaskResult.objects.count()
