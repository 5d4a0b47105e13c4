"""`make bench`: pay 1,000 grants through the real stripe library against the local fake Stripe
with 50 ms added to every request, and report wall time, transfers made and duplicates.

Measured, not asserted against a time: the only assertion is the one that must always hold,
no grant paid twice. Run on PostgreSQL (DATABASE_URL) to use several workers at once.
"""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from accounts.models import User
from grants.models import Grant, GrantStatus, Payment, PaymentStatus, PayoutMethod, StripeAccount
from grants.stripe_payments import grant_pay
from pilots.factories import AreaBudgetFactory
from pilots.models import Pilot, PilotStatus

GRANTS = 1000
LATENCY_SECONDS = 0.05

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def ready_grants(fake, call, area, count):
    users = User.objects.bulk_create(
        User(username=f"bench{n}", email=f"bench{n}@example.org") for n in range(count)
    )
    pilots = Pilot.objects.bulk_create(
        Pilot(call=call, area=area, proposer=user, title=f"Bench {n}", status=PilotStatus.APPROVED)
        for n, user in enumerate(users)
    )
    StripeAccount.objects.bulk_create(
        StripeAccount(user=user, account_id=fake.add_account(), transfers_active=True)
        for user in users
    )
    return Grant.objects.bulk_create(
        Grant(
            pilot=pilot,
            amount=call.grant_amount,
            status=GrantStatus.READY,
            method=PayoutMethod.STRIPE,
        )
        for pilot in pilots
    )


def test_pay_a_thousand_grants(fake_stripe, finance_officer, settings):
    settings.STRIPE_TIMEOUT = 5
    fake_stripe.balance_cents = 10**12
    budget = AreaBudgetFactory(grants=GRANTS)
    grants = ready_grants(fake_stripe, budget.call, budget.area, GRANTS)
    fake_stripe.latency = LATENCY_SECONDS
    workers = 8 if connection.vendor == "postgresql" else 1

    def pay(grant):
        try:
            return grant_pay(grant=grant, by=finance_officer).status
        finally:
            if workers > 1:
                connections.close_all()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        statuses = list(pool.map(pay, grants))
    elapsed = time.perf_counter() - started

    groups = [t["transfer_group"] for t in fake_stripe.transfers.values()]
    duplicates = len(groups) - len(set(groups))
    succeeded = statuses.count(PaymentStatus.SUCCEEDED)
    print(  # noqa: T201 - the benchmark report
        f"\npaid {succeeded}/{GRANTS} grants on {connection.vendor} with {workers} worker(s), "
        f"{LATENCY_SECONDS * 1000:.0f} ms Stripe latency: {elapsed:.1f} s wall, "
        f"{GRANTS / elapsed:.1f} grants/s, {len(groups)} transfers, {duplicates} duplicates"
    )
    assert duplicates == 0
    assert Payment.objects.filter(status=PaymentStatus.SUCCEEDED).count() == len(groups)
