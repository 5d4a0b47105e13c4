"""At most once, and never stuck, whatever Stripe and the workers do: 200 grants paid by one
"Pay all" run while the fake Stripe answers with every fault it knows, then reconciled; and a
run whose worker is killed with SIGKILL in the middle of a Stripe call.

Each grant ends paid with exactly one transfer, or in a state with a way forward: an open
payment that reconciliation is settling, or ready/blocked with a note saying what happened.
"""

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from grants.lifecycle import FINAL_STATES
from grants.models import Grant, GrantStatus, Payment, PaymentStatus
from grants.payment_runs import payment_run_start
from tests.grants.stripe_grants import ready_grants, transfers_per_grant

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and worker processes need PostgreSQL; run with "
        "DATABASE_URL=postgres://… (CI does)",
    ),
]

FAULTS = ["500 before", "timeout after", "reset before", "500 stored", "429"]
ROOT = Path(__file__).resolve().parents[2]


def reconcile_until_nothing_changes(rounds: int = 10) -> None:
    def snapshot():
        return sorted(Payment.objects.values_list("pk", "status")), sorted(
            Grant.objects.values_list("pk", "status")
        )

    before = snapshot()
    for _round in range(rounds):
        call_command("grants_reconcile", min_age=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        after = snapshot()
        if after == before:
            return
        before = after
    pytest.fail(f"reconciliation still changing things after {rounds} rounds")


def assert_paid_once_or_with_a_way_forward(fake, grants) -> None:
    per_grant = transfers_per_grant(fake)
    assert max(per_grant.values(), default=0) == 1, "a grant was paid twice"
    for grant in Grant.objects.filter(pk__in=[g.pk for g in grants]):
        transfers = per_grant.get(grant.transfer_group, 0)
        if grant.status == GrantStatus.PAID:
            assert transfers == 1, grant.pk
            paid = grant.payments.get(status=PaymentStatus.SUCCEEDED)
            assert fake.transfers[paid.stripe_transfer_id]["transfer_group"] == (
                grant.transfer_group
            )
            continue
        assert transfers == 0, f"grant {grant.pk} has a transfer but is {grant.status}"
        assert grant.status not in FINAL_STATES, grant.pk
        open_payment = grant.payments.filter(
            status__in=[PaymentStatus.CLAIMED, PaymentStatus.UNKNOWN]
        ).exists()
        noted = grant.status in (GrantStatus.READY, GrantStatus.BLOCKED) and grant.blocked_reason
        assert open_payment or noted, f"grant {grant.pk} ({grant.status}) has no way forward"


def test_two_hundred_grants_through_every_fault_end_paid_once_or_with_a_way_forward(
    finance_officer, fake_stripe
):
    grants = ready_grants(fake_stripe, 200, prefix="fault")
    faults = FAULTS * 16  # 80 faults over about 200 transfer requests, in a fixed mix
    random.Random(12).shuffle(faults)  # noqa: S311 - a fixed mix, not a secret
    fake_stripe.balance_cents = 10**12
    fake_stripe.faults.extend(faults)
    run = payment_run_start(by=finance_officer)  # the immediate backend runs it, and its sends
    run.refresh_from_db()
    assert run.grants_found == 200
    assert Payment.objects.filter(run=run.pk).values("grant").distinct().count() == 200
    reconcile_until_nothing_changes()
    assert not fake_stripe.faults, "every fault was met"
    assert_paid_once_or_with_a_way_forward(fake_stripe, grants)
    # With every fault spent, reconciliation leaves nothing open: all are paid.
    assert Grant.objects.filter(status=GrantStatus.PAID).count() == 200
    # A stored 500 was settled by a new key: the attempt is closed, saying so, and followed.
    restarted = Payment.objects.filter(status=PaymentStatus.FAILED)
    assert restarted.exists()
    for payment in restarted:
        assert (payment.http_status, bool(payment.error)) == (500, True)
        later = Payment.objects.filter(grant=payment.grant_id, pk__gt=payment.pk).first()
        assert later is not None, payment.pk
        assert later.idempotency_key != payment.idempotency_key


def start_worker(fake_url: str, *, lease: float) -> subprocess.Popen:
    """`manage.py run_worker` on the test database, with the database task backend."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.worker_settings",
        "BENCH_DATABASE_NAME": connection.settings_dict["NAME"],
        "STRIPE_API_BASE": fake_url,
        "PYTHONPATH": str(ROOT),
    }
    log = tempfile.TemporaryFile()  # noqa: SIM115 - read by worker_logs, closed with the test
    worker = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "run_worker", "--threads", "4", "--interval", "0.1"]
        + ["--lease", str(lease)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    worker.log = log
    return worker


def worker_logs(*workers: subprocess.Popen) -> str:
    """What the workers logged, to say why a wait timed out."""
    logs = []
    for worker in workers:
        worker.log.seek(0)
        logs.append(f"--- worker pid {worker.pid}:\n{worker.log.read().decode(errors='replace')}")
    return "\n".join(logs)


def wait_for(condition, seconds: float, what: str, *workers: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() >= deadline:
            pytest.fail(f"timed out waiting for {what}\n{worker_logs(*workers)}")
        time.sleep(0.1)


def test_a_worker_killed_mid_call_is_taken_over_and_pays_each_grant_once(
    finance_officer, fake_stripe, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    grants = ready_grants(fake_stripe, 20, prefix="killed")
    fake_stripe.balance_cents = 10**12
    fake_stripe.latency = 1.0  # every transfer request is in flight for a second
    payment_run_start(by=finance_officer)
    worker = start_worker(fake_stripe.url, lease=3)
    try:
        wait_for(
            lambda: Payment.objects.filter(status=PaymentStatus.CLAIMED, attempts__gt=0).exists(),
            60,
            "a payment in flight",
            worker,
        )
        os.kill(worker.pid, signal.SIGKILL)  # mid-call: Stripe may make the transfer
        worker.wait()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    in_flight = set(
        Payment.objects.filter(status=PaymentStatus.CLAIMED, attempts__gt=0).values_list(
            "pk", flat=True
        )
    )
    assert in_flight, "the worker died with payments in flight"
    fake_stripe.latency = 0.05
    successor = start_worker(fake_stripe.url, lease=3)
    try:
        wait_for(
            lambda: Grant.objects.filter(status=GrantStatus.PAID).count() == len(grants),
            120,
            "every grant paid by the successor",
            worker,
            successor,
        )
    finally:
        successor.send_signal(signal.SIGTERM)
        successor.wait(timeout=30)
    assert_paid_once_or_with_a_way_forward(fake_stripe, grants)
    assert sorted(transfers_per_grant(fake_stripe).values()) == [1] * len(grants)
    # The payments in flight were sent again under their own key, not claimed anew.
    assert Payment.objects.count() == len(grants)
    assert Payment.objects.filter(pk__in=in_flight, attempts__gt=1).exists()
