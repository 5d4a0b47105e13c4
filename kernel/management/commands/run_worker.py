"""`manage.py run_worker`: the background worker of kernel.worker (threads, lease, schedule)."""

import logging
import signal
import sys
from argparse import ArgumentTypeError

from django.conf import settings
from django.core.management.base import BaseCommand
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import valid_backend_name, valid_interval

from kernel.worker import Worker

logger = logging.getLogger("kernel.worker")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ArgumentTypeError("Must be 1 or more")
    return number


def positive_seconds(value: str) -> float:
    seconds = valid_interval(value)
    if seconds == 0:
        raise ArgumentTypeError("Must be greater than zero")
    return seconds


class Command(BaseCommand):
    help = (
        "Run queued tasks in threads, through database outages; requeue tasks whose worker "
        "vanished; enqueue the periodic jobs. SIGTERM finishes running tasks, then exits."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--threads",
            type=positive_int,
            default=getattr(settings, "TASKS_WORKER_THREADS", 8),
            help="Tasks run at once (default: TASKS_WORKER_THREADS, or %(default)s).",
        )
        parser.add_argument(
            "--queue-name",
            default=DEFAULT_TASK_QUEUE_NAME,
            help="Queues to take tasks from, separated by commas; '*' for all (default: "
            "%(default)r).",
        )
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            help="Seconds a thread waits when no task is ready (default: %(default)s).",
        )
        parser.add_argument(
            "--lease",
            type=positive_seconds,
            default=getattr(settings, "TASKS_LEASE_SECONDS", 300),
            help="Seconds after which a running task counts as abandoned and is run again "
            "(default: TASKS_LEASE_SECONDS, or %(default)s).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Requeue and schedule once, run every ready task, then exit.",
        )
        parser.add_argument(
            "--backend",
            dest="backend_name",
            type=valid_backend_name,
            default=DEFAULT_TASK_BACKEND_ALIAS,
            help="The database task backend (default: %(default)r).",
        )

    def handle(self, *, threads, queue_name, interval, lease, batch, backend_name, **options):
        if options["verbosity"] > 1:
            logger.setLevel(logging.DEBUG)
        worker = Worker(
            threads=threads,
            queue_names=queue_name.split(","),
            backend_name=backend_name,
            interval=interval,
            lease=lease,
            batch=batch,
            schedule_enabled=getattr(settings, "TASKS_SCHEDULE_ENABLED", True),
        )

        def shut_down(signum, frame):
            if worker.stopping.is_set():
                logger.warning(
                    "Received %s again: exiting now; the lease requeues the running tasks",
                    signal.strsignal(signum),
                )
                sys.exit(1)
            worker.stop()
            logger.warning(
                "Received %s: finishing the running tasks, claiming no more (send it again to "
                "exit now)",
                signal.strsignal(signum),
            )

        previous = {signum: signal.signal(signum, shut_down) for signum in STOP_SIGNALS}
        try:
            worker.run()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
