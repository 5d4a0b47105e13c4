"""The background worker (`manage.py run_worker`, kernel.worker): the lease, the schedule,
and, on PostgreSQL, real worker processes whose database connections are cut or which are
killed mid-task."""

import datetime
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kernel import worker
from kernel.schedule import SCHEDULE, enqueue_due_jobs, run_periodic
from tests.kernel import worker_tasks

ROOT = Path(__file__).resolve().parents[2]
ALL_JOBS = [job.command for job in SCHEDULE]
RUNNER_BACKS_OFF = re.compile(r"Worker \S+/\d+ lost the database .*; reconnecting in")

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="worker processes share a real database; run with DATABASE_URL=postgres://… (CI does)",
)
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def db_tasks(settings):
    """The database task backend, as in production (the test settings run tasks at once)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def enqueue_running(task, *args, started_ago, worker_ids):
    """A task some worker claimed `started_ago` and never finished."""
    result = task.enqueue(*args)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - started_ago,
        worker_ids=worker_ids,
    )
    return DBTaskResult.objects.get(pk=result.id)


@committed
def test_a_task_past_its_lease_is_requeued_then_run_and_one_within_it_is_left(db_tasks, settings):
    settings.TASKS_SCHEDULE_ENABLED = False
    lost = enqueue_running(
        worker_tasks.echo, "again", started_ago=datetime.timedelta(minutes=6), worker_ids=["gone"]
    )
    busy = enqueue_running(
        worker_tasks.echo, "busy", started_ago=datetime.timedelta(minutes=4), worker_ids=["alive"]
    )

    call_command("run_worker", "--batch", "--threads", "1", "--lease", "300")

    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.SUCCESSFUL
    assert lost.return_value == "again"
    assert len(lost.worker_ids) == 2
    assert lost.worker_ids[0] == "gone"
    busy.refresh_from_db()
    assert busy.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_whose_workers_vanished_too_often_is_failed_not_requeued(db_tasks, caplog):
    runs = worker.MAX_REQUEUES + 1
    doomed = enqueue_running(
        worker_tasks.echo,
        "never",
        started_ago=datetime.timedelta(minutes=6),
        worker_ids=[f"w{n}" for n in range(runs)],
    )
    last_chance = enqueue_running(
        worker_tasks.echo,
        "once more",
        started_ago=datetime.timedelta(minutes=6),
        worker_ids=[f"w{n}" for n in range(runs - 1)],
    )

    assert worker.requeue_expired(backend_name="default", lease=300) == (1, 1)

    doomed.refresh_from_db()
    assert doomed.status == TaskResultStatus.FAILED
    assert doomed.exception_class_path == "kernel.worker.LeaseExpired"
    assert f"outlived its lease on each of its {runs} runs" in caplog.text
    last_chance.refresh_from_db()
    assert last_chance.status == TaskResultStatus.READY


def test_the_back_off_doubles_from_half_a_second_to_thirty_with_jitter():
    for failures, ceiling in [(1, 0.5), (2, 1.0), (4, 4.0), (7, 30.0), (50, 30.0)]:
        delays = {worker.backoff_delay(failures) for _ in range(20)}
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(delays) > 1


@pytest.mark.django_db
def test_the_scheduler_enqueues_a_due_job_once_and_not_again_before_its_interval(db_tasks):
    now = timezone.now()
    assert enqueue_due_jobs(backend_name="default", now=now) == ALL_JOBS
    assert enqueue_due_jobs(backend_name="default", now=now) == []
    # Still waiting in the queue: not enqueued a second time, however long it waits.
    assert enqueue_due_jobs(backend_name="default", now=now + datetime.timedelta(days=2)) == []

    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    assert enqueue_due_jobs(backend_name="default", now=now + datetime.timedelta(minutes=4)) == []
    five_minutes = now + datetime.timedelta(minutes=5, seconds=1)
    assert enqueue_due_jobs(backend_name="default", now=five_minutes) == ["grants_reconcile"]

    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    a_day = now + datetime.timedelta(days=1, seconds=1)
    assert enqueue_due_jobs(backend_name="default", now=a_day) == ALL_JOBS
    # Every job twice, and reconciliation once more at five minutes.
    expected = 2 * len(ALL_JOBS) + 1
    assert DBTaskResult.objects.filter(task_path=run_periodic.module_path).count() == expected


@postgresql_only
@committed
def test_two_workers_scheduling_at_the_same_moment_enqueue_each_job_once(db_tasks):
    start = threading.Barrier(4)

    def schedule():
        try:
            start.wait()
            enqueue_due_jobs(backend_name="default")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=schedule) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(DBTaskResult.objects.values_list("args_kwargs__args__0", flat=True)) == sorted(
        ALL_JOBS
    )


@committed
def test_run_worker_runs_the_periodic_jobs_unless_the_deployment_turns_them_off(db_tasks, settings):
    settings.TASKS_SCHEDULE_ENABLED = False
    call_command("run_worker", "--batch", "--threads", "1")
    assert not DBTaskResult.objects.exists()

    settings.TASKS_SCHEDULE_ENABLED = True
    call_command("run_worker", "--batch", "--threads", "1")

    runs = {
        run.args_kwargs["args"][0]: run
        for run in DBTaskResult.objects.filter(task_path=run_periodic.module_path)
    }
    assert sorted(runs) == sorted(ALL_JOBS)
    assert {run.status for run in runs.values()} == {TaskResultStatus.SUCCESSFUL}
    assert "reminder(s) queued" in runs["pilots_remind_reports"].return_value


@committed
def test_a_task_that_no_longer_exists_is_failed_and_the_worker_goes_on(db_tasks, settings, caplog):
    settings.TASKS_SCHEDULE_ENABLED = False
    vanished = DBTaskResult.objects.create(
        task_path="tests.kernel.worker_tasks.renamed_since",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        priority=10,
    )
    after = worker_tasks.echo.enqueue("next")

    call_command("run_worker", "--batch", "--threads", "1")

    vanished.refresh_from_db()
    assert vanished.status == TaskResultStatus.FAILED
    assert vanished.exception_class_path == "builtins.ImportError"
    assert DBTaskResult.objects.get(pk=after.id).status == TaskResultStatus.SUCCESSFUL
    assert "restarting it" not in caplog.text


def test_run_periodic_runs_only_the_scheduled_commands():
    with pytest.raises(ValueError, match="not a scheduled command"):
        run_periodic.call("flush")


# Real worker processes on a real PostgreSQL database.


def database_url() -> str:
    """The test database, for the worker processes (the subprocess reads DATABASE_URL)."""
    db = connection.settings_dict
    credentials = quote(db["USER"], safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{quote(db['HOST'], safe='')}{port}/{db['NAME']}"


@pytest.fixture
def start_worker(tmp_path):
    """Starts `manage.py run_worker` processes on the test database; kills what is left."""
    processes = []

    def start(*options):
        log_path = tmp_path / f"worker-{len(processes) + 1}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.kernel.worker_settings",
            "DATABASE_URL": database_url(),
            "PYTHONUNBUFFERED": "1",
        }
        command = [sys.executable, "manage.py", "run_worker", "--interval", "0.05", *options]
        with log_path.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        processes.append(process)
        return process, log_path

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait()


def wait_for(condition, what, timeout=60):
    """Polls until `condition()` is true; a worker that never gets there fails the test."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)
    return value


def finished(result_id):
    row = DBTaskResult.objects.get(pk=result_id)
    return row if row.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED) else None


def running(result_id):
    row = DBTaskResult.objects.get(pk=result_id)
    return row if row.status == TaskResultStatus.RUNNING else None


def terminate_other_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return sum(1 for (terminated,) in cursor.fetchall() if terminated)


def process_of(worker_id: str) -> str:
    """ "host:pid:random/thread" → "host:pid:random"."""
    return worker_id.rsplit("/", 1)[0]


@pytest.fixture
def maintenance_cursor():
    """A connection to the server's `postgres` database, from which the test database can be
    closed to new connections (PostgreSQL refuses that from inside the database itself)."""
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        autocommit=True,
    ) as maintenance:
        yield maintenance.cursor()
        maintenance.execute(f'ALTER DATABASE "{db["NAME"]}" ALLOW_CONNECTIONS true')


@postgresql_only
@committed
def test_a_worker_whose_database_connections_are_cut_carries_on(
    db_tasks, start_worker, maintenance_cursor
):
    process, log_path = start_worker("--threads", "2")
    before = worker_tasks.echo.enqueue("before")
    first = wait_for(lambda: finished(before.id), "the first task")
    assert first.status == TaskResultStatus.SUCCESSFUL

    # The database goes away: every connection of the worker is cut, and for a while it cannot
    # connect again.
    database = connection.settings_dict["NAME"]
    maintenance_cursor.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
    assert terminate_other_connections() >= 1
    # A task thread itself (host:pid:random/N) meets the outage, and backs off.
    wait_for(lambda: RUNNER_BACKS_OFF.search(log_path.read_text()), "a task thread to notice")
    maintenance_cursor.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')

    after = worker_tasks.echo.enqueue("after")
    second = wait_for(lambda: finished(after.id), "the second task")
    assert second.status == TaskResultStatus.SUCCESSFUL
    assert second.return_value == "after"
    assert process.poll() is None
    assert process_of(second.worker_ids[0]) == process_of(first.worker_ids[0])
    assert "Traceback" not in log_path.read_text()


@postgresql_only
@committed
def test_a_task_whose_connection_is_cut_mid_run_is_run_again_not_failed(
    db_tasks, start_worker, tmp_path
):
    release = tmp_path / "release"
    result = worker_tasks.hold_then_query.enqueue(str(release))
    process, log_path = start_worker("--threads", "1", "--lease", "1")
    wait_for(lambda: running(result.id), "the task to start")

    assert terminate_other_connections() >= 1
    release.touch()

    row = wait_for(lambda: finished(result.id), "the task to finish")
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert len(row.worker_ids) == 2
    log = log_path.read_text()
    assert "lost its database connection" in log
    assert "requeued (run 2 of at most" in log


@postgresql_only
@committed
def test_a_task_of_a_killed_worker_is_run_by_another_after_the_lease(
    db_tasks, start_worker, tmp_path
):
    release = tmp_path / "release"
    result = worker_tasks.hold.enqueue(str(release))
    killed, _ = start_worker("--threads", "1")
    claimed = wait_for(lambda: running(result.id), "the first worker to start the task")

    killed.send_signal(signal.SIGKILL)
    killed.wait()
    release.touch()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING

    _, log_path = start_worker("--threads", "1", "--lease", "1")
    row = wait_for(lambda: finished(result.id), "the second worker to finish the task")
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == "released"
    assert row.worker_ids[0] == claimed.worker_ids[0]
    assert process_of(row.worker_ids[1]) != process_of(row.worker_ids[0])
    assert f"Task id={result.id} path={worker_tasks.hold.module_path} was still running" in (
        log_path.read_text()
    )


@postgresql_only
@committed
def test_sigterm_lets_the_running_task_finish_claims_no_more_and_exits_0(
    db_tasks, start_worker, tmp_path
):
    release = tmp_path / "release"
    held = worker_tasks.hold.enqueue(str(release))
    process, log_path = start_worker("--threads", "2")
    wait_for(lambda: running(held.id), "the task to start")

    process.send_signal(signal.SIGTERM)
    wait_for(lambda: "claiming no more" in log_path.read_text(), "the worker to stop claiming")
    later = worker_tasks.echo.enqueue("too late")
    release.touch()

    assert process.wait(timeout=60) == 0
    assert DBTaskResult.objects.get(pk=held.id).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=later.id).status == TaskResultStatus.READY
