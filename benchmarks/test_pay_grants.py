"""`make bench`: "Pay all ready grants" through the real path, at 50 ms Stripe latency.

The path a finance officer's click takes: the admin view (a logged-in finance client) queues
one run in the database task backend; `manage.py run_worker` processes, started beside the
test database, claim the grants and send each payment with the real stripe library to the
local fake Stripe, which waits 50 ms on every POST. The benchmark waits until every grant is
paid and prints payouts/s, transfers, duplicates (transfers per grant beyond one) and
click-to-paid p50/p95 (from the run's start to each payment's settle), for one worker thread
and for the recommended set-up, side by side.

Measured, not asserted against a time: the only assertions are the ones that must always
hold, every grant paid and none twice. Needs PostgreSQL (DATABASE_URL): SQLite's single
writer cannot serve several workers. BENCH_PAY_GRANTS sets the grants per set-up (1,000;
300 for one thread, which measures the same in a quarter of the time).
"""

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from grants.models import Grant, GrantStatus, Payment, PaymentRun, PaymentStatus
from tests.grants.stripe_grants import ready_grants

GRANTS = int(os.environ.get("BENCH_PAY_GRANTS", "1000"))
LATENCY_SECONDS = 0.05
# (worker processes, threads in each): one thread, then the README's recommendation;
# BENCH_PAY_SETUPS="1x1,2x8,4x4" compares others.
SETUPS = [
    tuple(int(n) for n in setup.split("x"))
    for setup in os.environ.get("BENCH_PAY_SETUPS", "1x1,2x8").split(",")
]
# One thread pays about 12 grants a second at 50 ms: give it fewer, it measures the same.
ONE_THREAD_GRANTS = min(GRANTS, 300)
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_SECONDS = 900

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="several workers need PostgreSQL (set DATABASE_URL)",
    ),
]


def start_workers(processes: int, threads: int, fake_url: str) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.worker_settings",
        "BENCH_DATABASE_NAME": connection.settings_dict["NAME"],
        "STRIPE_API_BASE": fake_url,
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "manage.py", "run_worker", "--threads", str(threads)]
    return [
        subprocess.Popen(  # noqa: S603 - our own manage.py
            [*command, "--interval", "0.05"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            # A file, not a pipe: a pipe nobody reads would stall a worker that logs a lot.
            stderr=tempfile.TemporaryFile(),
        )
        for _ in range(processes)
    ]


def cpu_seconds(worker: subprocess.Popen) -> float:
    """User and system CPU the worker process has used so far (Linux)."""
    fields = Path(f"/proc/{worker.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else 0.0


def pay_all(client, fake, grants: list[Grant], processes: int, threads: int) -> dict:
    workers = start_workers(processes, threads, fake.url)
    try:
        time.sleep(3)  # the workers' start-up (Django, the first connection) is not the click
        assert all(worker.poll() is None for worker in workers), "a worker did not start"
        cpu_before = sum(cpu_seconds(worker) for worker in workers)
        clicked = time.perf_counter()
        response = client.post(reverse("grants_admin:pay_all"))
        click_seconds = time.perf_counter() - clicked
        assert response.status_code == 302
        run = PaymentRun.objects.order_by("-started_at").first()
        keys = [grant.pk for grant in grants]
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while Grant.objects.filter(pk__in=keys, status=GrantStatus.PAID).count() < len(keys):
            assert time.monotonic() < deadline, "not every grant was paid in time"
            assert all(worker.poll() is None for worker in workers), "a worker exited"
            time.sleep(0.2)
        cpu = sum(cpu_seconds(worker) for worker in workers) - cpu_before
    finally:
        stop_workers(workers)
    settled = [
        (payment.updated_at - run.started_at).total_seconds()
        for payment in Payment.objects.filter(run=run.pk, status=PaymentStatus.SUCCEEDED)
    ]
    groups = {grant.transfer_group for grant in grants}
    transfers = [t for t in fake.transfers.values() if t["transfer_group"] in groups]
    return {
        "setup": f"{processes} × run_worker --threads {threads}",
        "grants": len(grants),
        "click": click_seconds,
        "seconds": max(settled),
        "payouts_per_second": len(settled) / max(settled),
        "transfers": len(transfers),
        "duplicates": len(transfers) - len({t["transfer_group"] for t in transfers}),
        "p50": statistics.median(settled),
        "p95": percentile(settled, 0.95),
        "cpu_ms": cpu * 1000 / len(grants),
    }


def test_pay_all_ready_grants_through_the_workers(client, fake_stripe, finance_officer, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    fake_stripe.balance_cents = 10**12
    fake_stripe.latency = LATENCY_SECONDS
    client.force_login(finance_officer)
    results = []
    for number, (processes, threads) in enumerate(SETUPS):
        count = ONE_THREAD_GRANTS if threads * processes == 1 else GRANTS
        grants = ready_grants(fake_stripe, count, prefix=f"bench{number}-")
        results.append(pay_all(client, fake_stripe, grants, processes, threads))
    print(  # noqa: T201 - the benchmark report
        f'\n"Pay all ready grants" on {connection.vendor}, {os.cpu_count()} cores, '
        f"{LATENCY_SECONDS * 1000:.0f} ms Stripe latency (admin view → database tasks → "
        "run_worker → settled):"
    )
    for result in results:
        print(  # noqa: T201
            "  {setup:<28} {grants:>5} grants in {seconds:6.1f} s: {payouts_per_second:6.1f} "
            "payouts/s, {transfers} transfers, {duplicates} duplicates, click answered in "
            "{click:.2f} s, click-to-paid p50 {p50:.1f} s, p95 {p95:.1f} s, worker CPU "
            "{cpu_ms:.0f} ms per payout".format(**result)
        )
    for result in results:
        assert result["duplicates"] == 0
        assert result["transfers"] == result["grants"]
