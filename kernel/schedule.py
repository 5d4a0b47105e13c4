"""The periodic jobs, and the one rule for when each is due; `manage.py run_worker` enqueues them.

Every job is a management command that is safe to run twice: `grants_reconcile` never pays or
reverses twice (it asks Stripe with each row's own idempotency key), `pilots_remind_reports`
reminds each resident at most once a week, `apply_retention` deletes only what is past its
retention period, `notifications_send_digests` marks what it emails as emailed in the same
transaction. That is what makes the scheduling below safe without a lock manager.

A job is due when the newest `run_periodic` task for its command (the task results in the
database are the schedule's memory, so every worker process sees the same history) was enqueued
at least one interval ago and is no longer waiting or running. The check and the enqueue happen
in one transaction that first takes a lock, so two worker processes do not enqueue the same job:
on PostgreSQL a transaction-scoped advisory lock (a process that does not get it skips this
round); on SQLite the transaction is EXCLUSIVE, so the second process waits and then sees the
first one's row. On any other database both could enqueue: the job then runs twice, which costs
time and changes nothing.
"""

import datetime
import io
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connections
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction


@dataclass(frozen=True)
class PeriodicJob:
    command: str
    every: datetime.timedelta


SCHEDULE = (
    # Settles payments whose outcome Stripe left unknown; the tasks' own retries come first.
    PeriodicJob("grants_reconcile", datetime.timedelta(minutes=5)),
    PeriodicJob("pilots_remind_reports", datetime.timedelta(days=1)),
    PeriodicJob("apply_retention", datetime.timedelta(days=1)),
    # Hourly: each user's digest goes out when their last one is a day (a week) old.
    PeriodicJob("notifications_send_digests", datetime.timedelta(hours=1)),
    # django-tasks-db's own clean-up of finished task results (it keeps 14 days): without it
    # the table, which the schedule itself reads, grows by every run.
    PeriodicJob("prune_db_task_results", datetime.timedelta(days=1)),
)

# Any constant no other code of ours passes to pg_advisory_lock: "mpsched" in ASCII.
SCHEDULE_LOCK_KEY = 0x6D70736368656400

PENDING = (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def scheduled_commands() -> frozenset[str]:
    return frozenset(job.command for job in SCHEDULE)


@task()
def run_periodic(command_name: str) -> str:
    """Run one scheduled command; its output is kept as the task's return value for the admin.

    Only the commands of the schedule: a queued row names what runs, and a row is no licence
    to run any command at all.
    """
    if command_name not in scheduled_commands():
        raise ValueError(f"{command_name!r} is not a scheduled command")
    output = io.StringIO()
    call_command(command_name, stdout=output)
    return output.getvalue()


def enqueue_due_jobs(*, backend_name: str, now: datetime.datetime | None = None) -> list[str]:
    """Enqueue `run_periodic` for every job that is due; returns the commands enqueued."""
    now = now or timezone.now()
    runs = DBTaskResult.objects.filter(
        backend_name=backend_name, task_path=run_periodic.module_path
    )
    with exclusive_transaction(runs.db):
        if not _schedule_lock(runs.db):
            return []
        due = [job for job in SCHEDULE if _is_due(runs, job, now)]
        for job in due:
            run_periodic.using(backend=backend_name).enqueue(job.command)
    return [job.command for job in due]


def _schedule_lock(alias: str) -> bool:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SCHEDULE_LOCK_KEY])
        return cursor.fetchone()[0]


def _is_due(runs, job: PeriodicJob, now: datetime.datetime) -> bool:
    latest = (
        runs.filter(args_kwargs__args__0=job.command)
        .order_by("-enqueued_at")
        .values_list("enqueued_at", "status")
        .first()
    )
    if latest is None:
        return True
    enqueued_at, status = latest
    return status not in PENDING and enqueued_at <= now - job.every
