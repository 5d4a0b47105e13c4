"""The background worker behind `manage.py run_worker`: queued payments and emails never wait.

Safety rule: a task may run more than once, never zero times. Every task of this project is
safe to repeat: each Stripe call is sent with its payment's or reversal's own idempotency key
(grants.stripe_calls), so a second run gets Stripe's first answer instead of moving money
again; emails are sent once their row says so. So whenever the worker cannot know whether a
task finished, the task is run again rather than dropped.

What differs from django-tasks-db's `db_worker`, whose pieces (the ready/locked queryset,
`claim`, `set_successful`/`set_failed`, the started/finished signals) this reuses:

- Threads. `run_worker --threads N` runs N task runners in one process; each has its own
  database connection (Django's are per thread), closed when the thread ends. Stripe calls and
  SMTP wait on the network, so threads give the concurrency.
- The database may go away. An OperationalError or InterfaceError while fetching, claiming or
  recording is logged, the thread's connections are closed and it tries again after a back-off
  (0.5 s doubling to 30 s, with jitter); the process never exits for it. `db_worker` re-raises
  anything but "database is locked" and exits, and records a task whose connection was cut as
  failed. Here a task whose connection was lost is left claimed, and the lease runs it again.
- A lease. A task RUNNING for longer than `TASKS_LEASE_SECONDS` (its worker was killed, its
  machine lost power, its connection was cut) is put back to READY for any worker to run. A
  task is requeued at most MAX_REQUEUES times, then failed, so that a task which kills its
  worker cannot loop for ever. The lease must be longer than the longest task (a Stripe call
  is bounded by STRIPE_TIMEOUT): a task still running when its lease ends is run a second time
  beside the first, and only the newest run's outcome is recorded.
- The periodic jobs of kernel.schedule are enqueued by the worker (`TASKS_SCHEDULE_ENABLED`),
  so a deployment needs no cron.
- SIGTERM or SIGINT: no task is claimed any more, running ones finish, the process exits 0.
  A second signal exits at once; the lease then requeues what was running.
"""

import contextlib
import datetime
import logging
import os
import random
import socket
import threading
import time
from collections.abc import Callable
from functools import partial

from django.core.exceptions import SuspiciousOperation
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
)
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import TaskContext, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from kernel.schedule import enqueue_due_jobs

logger = logging.getLogger(__name__)

CONNECTION_ERRORS = (OperationalError, InterfaceError)
BACKOFF_FIRST = 0.5
BACKOFF_MAX = 30.0
# How often the lease is checked and the schedule looked at (more often with a shorter lease).
HOUSEKEEPING_SECONDS = 30.0
MAX_REQUEUES = 5
# The main thread only polls a flag: a signal handler must not wait on a lock it may hold.
TICK_SECONDS = 0.5

_random = random.SystemRandom()


class LeaseExpired(Exception):
    """Recorded as the failure of a task whose worker vanished on every one of its runs."""


def backoff_delay(failures: int) -> float:
    """0.5 s after the first failure, doubling up to 30 s; a random half of it is taken off so
    that the threads and processes cut off together do not all knock again together."""
    ceiling = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (failures - 1))
    return _random.uniform(ceiling / 2, ceiling)


def one_line(exc: BaseException) -> str:
    """psycopg's messages span lines; a log line should not."""
    return " ".join(str(exc).split())


def close_connections() -> None:
    """Close this thread's connections, also when they are already broken."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            connection.close()


def requeue_expired(*, backend_name: str, lease: float, now=None) -> tuple[int, int]:
    """Put tasks RUNNING past their lease back to READY, or fail those requeued too often.

    `worker_ids` holds one entry per claim, so its length counts the runs. Returns
    (requeued, failed).
    """
    now = now or timezone.now()
    expired = DBTaskResult.objects.running().filter(
        backend_name=backend_name, started_at__lt=now - datetime.timedelta(seconds=lease)
    )
    requeued = failed = 0
    with exclusive_transaction(expired.db):
        for result in expired.select_for_update(skip_locked=True):
            runs = len(result.worker_ids)
            if runs > MAX_REQUEUES:
                result.set_failed(
                    LeaseExpired(f"Ran {runs} times; each time it outlived its {lease:g} s lease.")
                )
                logger.error(
                    "Task id=%s path=%s outlived its lease on each of its %d runs (last worker "
                    "%s); marked failed, not requeued again",
                    result.id,
                    result.task_path,
                    runs,
                    result.worker_ids[-1],
                )
                failed += 1
            else:
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                logger.warning(
                    "Task id=%s path=%s was still running on worker %s after its %g s lease; "
                    "requeued (run %d of at most %d)",
                    result.id,
                    result.task_path,
                    result.worker_ids[-1] if result.worker_ids else "?",
                    lease,
                    runs + 1,
                    MAX_REQUEUES + 1,
                )
                requeued += 1
    return requeued, failed


class TaskRunner:
    """One thread's loop: claim the next ready task, run it, record its outcome.

    Not a subclass of django-tasks-db's Worker: its two methods, the loop and the running of a
    task, are the two things that change (see the module docstring); the pieces they are made
    of are reused.
    """

    def __init__(
        self,
        *,
        worker_id: str,
        queue_names: list[str],
        backend_name: str,
        interval: float,
        batch: bool,
        stopping: threading.Event,
    ):
        self.worker_id = worker_id
        self.queue_names = queue_names
        self.backend_name = backend_name
        self.interval = interval
        self.batch = batch
        self.stopping = stopping

    def run(self) -> None:
        failures = 0
        while not self.stopping.is_set():
            try:
                # Drops connections past CONN_MAX_AGE, and has the next query check its own.
                close_old_connections()
                result = self.claim_next()
            except CONNECTION_ERRORS as exc:
                if isinstance(exc, OperationalError) and is_locked_database_exception(exc):
                    # SQLite's single writer is busy: not an outage, just wait a turn.
                    self.stopping.wait(self.interval)
                    continue
                failures += 1
                self._back_off(exc, failures)
                continue
            failures = 0
            if result is not None:
                self.run_task(result)
            elif self.batch:
                return
            else:
                self.stopping.wait(self.interval)

    def claim_next(self) -> DBTaskResult | None:
        ready = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if "*" not in self.queue_names:
            ready = ready.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(ready.db):
            result = ready.get_locked()
            if result is not None:
                # If this commit is lost with the connection, the row may still say RUNNING
                # under our id without anyone running it: the lease takes care of that.
                result.claim(self.worker_id)
        return result

    def run_task(self, db_result: DBTaskResult) -> None:
        try:
            task = db_result.task
            sender = type(task.get_backend())
            task_result = db_result.task_result
            task_started.send(sender=sender, task_result=task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            # Inside the try, as db_worker does: a return value that cannot be stored fails
            # the task instead of the thread.
            recorded = self._record(db_result, partial(db_result.set_successful, value))
        # A task's failure of any kind (sys.exit included) is recorded as its failure.
        except BaseException as exc:  # noqa: BLE001
            if self._failed_for_the_database(exc, db_result._state.db):
                logger.warning(
                    "Task id=%s path=%s lost its database connection on worker %s (%s); "
                    "left claimed, the lease requeues it",
                    db_result.id,
                    db_result.task_path,
                    self.worker_id,
                    one_line(exc),
                )
                close_connections()
                return
            if self._record(db_result, partial(db_result.set_failed, exc)):
                self._finished(db_result)
            return
        if recorded:
            self._finished(db_result)

    def _record(self, db_result: DBTaskResult, outcome: Callable[[], None]) -> bool:
        """Store a run's outcome if the task is still this run's; retry through outages."""
        failures = 0
        while True:
            try:
                with exclusive_transaction(db_result._state.db):
                    current = (
                        DBTaskResult.objects.select_for_update()
                        .filter(pk=db_result.pk)
                        .values_list("status", "worker_ids")
                        .first()
                    )
                    if not self._still_ours(current):
                        logger.warning(
                            "Task id=%s path=%s finished on worker %s after its lease had run "
                            "out and it was taken over; this run's outcome is not recorded",
                            db_result.id,
                            db_result.task_path,
                            self.worker_id,
                        )
                        return False
                    outcome()
                return True
            except CONNECTION_ERRORS as exc:
                if self.stopping.is_set():
                    logger.warning(
                        "Task id=%s path=%s: its outcome could not be recorded before shutdown "
                        "(%s); left claimed, the lease requeues it",
                        db_result.id,
                        db_result.task_path,
                        one_line(exc),
                    )
                    return False
                failures += 1
                self._back_off(exc, failures)

    def _still_ours(self, current: tuple[str, list[str]] | None) -> bool:
        if current is None:
            return False
        status, worker_ids = current
        # READY: requeued by the lease but not yet taken, so our outcome still stands.
        return status in (TaskResultStatus.RUNNING, TaskResultStatus.READY) and worker_ids[-1:] == [
            self.worker_id
        ]

    @staticmethod
    def _failed_for_the_database(exc: BaseException, alias: str) -> bool:
        """Did the task fail because the database went away under it?

        Its connection does not tell: an atomic block whose rollback failed has already closed
        it and opened a new one. The exception does: a connection error somewhere in its
        chain (a lock or statement timeout, a serialization failure are OperationalErrors too,
        and are as worth a second run). A task that fails on such an error every time is
        failed by the lease after its last run.
        """
        seen = set()
        while exc is not None and id(exc) not in seen:
            if isinstance(exc, CONNECTION_ERRORS):
                return True
            seen.add(id(exc))
            exc = exc.__cause__ or exc.__context__
        connection = connections[alias]
        return connection.connection is None or not connection.is_usable()

    @staticmethod
    def _finished(db_result: DBTaskResult) -> None:
        try:
            sender = type(db_result.task.get_backend())
        except (ImportError, SuspiciousOperation):
            # Recorded as failed already; there is no task to tell the receivers about.
            logger.exception(
                "Task id=%s path=%s cannot be loaded", db_result.id, db_result.task_path
            )
            return
        task_finished.send(sender=sender, task_result=db_result.task_result)

    def _back_off(self, exc: Exception, failures: int) -> None:
        delay = backoff_delay(failures)
        logger.warning(
            "Worker %s lost the database (%s: %s); reconnecting in %.1f s",
            self.worker_id,
            type(exc).__name__,
            one_line(exc),
            delay,
        )
        close_connections()
        self.stopping.wait(delay)


class Worker:
    """One process: `threads` TaskRunners, and the housekeeping (lease, schedule) in the thread
    that calls `run()`."""

    def __init__(
        self,
        *,
        threads: int,
        queue_names: list[str],
        backend_name: str,
        interval: float,
        lease: float,
        batch: bool,
        schedule_enabled: bool,
    ):
        self.backend_name = backend_name
        self.lease = lease
        self.batch = batch
        self.schedule_enabled = schedule_enabled
        self.stopping = threading.Event()
        self.housekeeping_seconds = min(HOUSEKEEPING_SECONDS, lease)
        self._housekeeping_failures = 0
        # Unique across hosts and restarts (a container's pid is always the same), and short
        # enough for the 64 characters db_worker allows.
        self.worker_id = f"{socket.gethostname()[:32]}:{os.getpid()}:{get_random_string(6)}"
        self.runners = [
            TaskRunner(
                worker_id=f"{self.worker_id}/{number}",
                queue_names=queue_names,
                backend_name=backend_name,
                interval=interval,
                batch=batch,
                stopping=self.stopping,
            )
            for number in range(1, threads + 1)
        ]

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        logger.info(
            "Worker %s: %d threads, queues %s, lease %g s, schedule %s",
            self.worker_id,
            len(self.runners),
            ",".join(self.runners[0].queue_names),
            self.lease,
            "on" if self.schedule_enabled else "off",
        )
        next_housekeeping = time.monotonic() + self.housekeep()
        threads = [
            # Daemon threads, so that a second signal can end the process at once.
            threading.Thread(target=self._thread_main, args=[runner], name=runner.worker_id)
            for runner in self.runners
        ]
        for thread in threads:
            thread.daemon = True
            thread.start()
        try:
            while not self.stopping.is_set() and any(thread.is_alive() for thread in threads):
                if not self.batch and time.monotonic() >= next_housekeeping:
                    next_housekeeping = time.monotonic() + self.housekeep()
                time.sleep(TICK_SECONDS)
            for thread in threads:
                thread.join()
        finally:
            close_connections()
        logger.info("Worker %s stopped", self.worker_id)

    def housekeep(self) -> float:
        """Requeue expired tasks and enqueue due jobs; returns the seconds until the next time."""
        try:
            close_old_connections()
            requeue_expired(backend_name=self.backend_name, lease=self.lease)
            if self.schedule_enabled:
                enqueued = enqueue_due_jobs(backend_name=self.backend_name)
                if enqueued:
                    logger.info("Periodic jobs enqueued: %s", ", ".join(enqueued))
        except CONNECTION_ERRORS as exc:
            self._housekeeping_failures += 1
            delay = backoff_delay(self._housekeeping_failures)
            logger.warning(
                "Worker %s: housekeeping lost the database (%s: %s); retrying in %.1f s",
                self.worker_id,
                type(exc).__name__,
                one_line(exc),
                delay,
            )
            close_connections()
            return delay
        self._housekeeping_failures = 0
        return self.housekeeping_seconds

    def _thread_main(self, runner: TaskRunner) -> None:
        try:
            while True:
                try:
                    runner.run()
                    return
                except Exception:
                    # A bug of ours must not leave the process one thread short for ever.
                    logger.exception("Worker thread %s failed; restarting it", runner.worker_id)
                    close_connections()
                    if self.stopping.wait(BACKOFF_MAX):
                        return
        finally:
            close_connections()
