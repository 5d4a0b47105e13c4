""" "Pay all ready grants" as background work: the click queues one run, the run claims and
queues every payable grant once, and its page counts where each grant has got."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from grants import tasks
from grants.lifecycle import GrantAction
from grants.models import (
    Grant,
    GrantStatus,
    GrantTransition,
    Payment,
    PaymentRun,
    StripeAccount,
)
from grants.payment_runs import payment_run_start, payment_run_work
from grants.stripe_payments import BALANCE_CODE, grant_claim_payment
from pilots.models import Action as PilotAction
from pilots.models import Pilot, PilotStatus, PilotTransition
from tests.grants.stripe_grants import ready_grants, transfers_per_grant

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

GRANT_CENTS = 50_000


@pytest.fixture
def deferring_tasks(settings):
    """django_tasks' own dummy backend: it can defer, and keeps what was enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = tasks.pay_run.get_backend()
    yield backend
    backend.clear()


def ours(backend) -> list:
    """The tasks this app queued (Wagtail queues its own, to update its reference index)."""
    return [result for result in backend.results if result.task.func.__module__ == "grants.tasks"]


def test_pay_all_returns_at_once_and_queues_exactly_one_task(
    client, finance_officer, fake_stripe, deferring_tasks
):
    ready_grants(fake_stripe, 30)
    client.force_login(finance_officer)
    response = client.post(reverse("grants_admin:pay_all"))
    run = PaymentRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("grants_admin:pay_all_progress", args=[run.pk])
    (queued,) = ours(deferring_tasks)
    assert queued.task.func == tasks.pay_run.func
    assert queued.args == [str(run.pk)]
    # Nothing was claimed in the request: the run's task does that.
    assert not Payment.objects.exists()
    assert Grant.objects.filter(status=GrantStatus.READY).count() == 30
    assert run.started_by == finance_officer
    page = client.get(response.url)
    assert page.context["progress"]["claiming"] is True
    assert 'data-done="false"' in page.content.decode()


def test_only_finance_starts_a_run(client, area_director, fake_stripe, deferring_tasks):
    ready_grants(fake_stripe, 2)
    client.force_login(area_director)
    client.post(reverse("grants_admin:pay_all"))
    assert not PaymentRun.objects.exists()
    assert ours(deferring_tasks) == []


def test_the_run_pays_every_ready_grant_once(finance_officer, fake_stripe):
    grants = ready_grants(fake_stripe, 7)
    run = payment_run_start(by=finance_officer)  # the immediate backend runs it now
    run.refresh_from_db()
    assert (run.grants_found, run.claimed_at is not None) == (7, True)
    assert Grant.objects.filter(status=GrantStatus.PAID).count() == 7
    assert set(Payment.objects.values_list("run", flat=True)) == {run.pk}
    assert sorted(transfers_per_grant(fake_stripe).values()) == [1] * 7
    # The same run again (its worker died, the lease ran it again) claims nothing twice.
    payment_run_work(run=run)
    assert Payment.objects.count() == 7
    assert len(fake_stripe.transfers) == len(grants)


def test_a_run_taken_over_midway_sends_the_claimed_payments_and_claims_the_rest_once(
    finance_officer, fake_stripe, deferring_tasks
):
    grants = ready_grants(fake_stripe, 5)
    run = PaymentRun.objects.create(started_by=finance_officer)
    # The first run of the task claimed two grants, queued their payments, and died.
    for grant in grants[:2]:
        grant_claim_payment(grant=grant, by=finance_officer, run=run.pk)
    payment_run_work(run=run)
    run.refresh_from_db()
    assert run.grants_found == 5
    assert Payment.objects.filter(run=run.pk).count() == 5
    assert Payment.objects.values("grant").distinct().count() == 5
    (queued,) = [
        r.args[0] for r in ours(deferring_tasks) if r.task.func == tasks.submit_payments.func
    ]
    # The three it claimed now are queued as one task; the two claimed before keep their own.
    assert sorted(queued) == sorted(
        Payment.objects.exclude(grant__in=grants[:2]).values_list("pk", flat=True)
    )
    everything = list(Payment.objects.values_list("pk", flat=True))
    tasks.submit_payments.call(everything)
    tasks.submit_payments.call(everything)  # a task run twice sends nothing twice
    assert sorted(transfers_per_grant(fake_stripe).values()) == [1] * 5
    assert Grant.objects.filter(status=GrantStatus.PAID).count() == 5


def test_balance_blocked_grants_are_paid_only_as_far_as_the_balance_covers_them(
    finance_officer, fake_stripe
):
    (ready,) = ready_grants(fake_stripe, 1)
    blocked = ready_grants(
        fake_stripe, 3, status=GrantStatus.BLOCKED, code=BALANCE_CODE, prefix="blocked"
    )
    other = ready_grants(
        fake_stripe, 1, status=GrantStatus.BLOCKED, code="account_invalid", prefix="other"
    )[0]
    # Enough for the ready grant and the oldest blocked one, not for the second.
    fake_stripe.balance_cents = 2 * GRANT_CENTS + GRANT_CENTS // 2
    run = payment_run_start(by=finance_officer)
    paid = set(Grant.objects.filter(status=GrantStatus.PAID).values_list("pk", flat=True))
    assert paid == {ready.pk, blocked[0].pk}
    assert Grant.objects.get(pk=blocked[1].pk).status == GrantStatus.BLOCKED
    assert Grant.objects.get(pk=other.pk).status == GrantStatus.BLOCKED  # not for lack of money
    release = GrantTransition.objects.get(grant=blocked[0], action=GrantAction.RELEASE)
    assert release.actor == finance_officer
    # In the platform's language, which the run ran in (a worker has no request's).
    assert release.note == gettext(
        "The payment run found the city's Stripe balance sufficient for this grant, so it was "
        "sent to Stripe again."
    )
    run.refresh_from_db()
    assert run.grants_found == 2
    # Topped up: the next run takes the rest.
    fake_stripe.balance_cents = 10 * GRANT_CENTS
    payment_run_start(by=finance_officer)
    assert Grant.objects.filter(status=GrantStatus.PAID).count() == 4
    assert sorted(transfers_per_grant(fake_stripe).values()) == [1] * 4


def test_no_blocked_grant_is_released_when_the_balance_covers_none(finance_officer, fake_stripe):
    ready_grants(fake_stripe, 1)
    (blocked,) = ready_grants(
        fake_stripe, 1, status=GrantStatus.BLOCKED, code=BALANCE_CODE, prefix="blocked"
    )
    fake_stripe.balance_cents = GRANT_CENTS  # the ready grant takes all of it
    payment_run_start(by=finance_officer)
    assert Grant.objects.get(pk=blocked.pk).status == GrantStatus.BLOCKED
    assert not GrantTransition.objects.filter(grant=blocked, action=GrantAction.RELEASE).exists()


def test_the_progress_page_counts_each_grant_by_where_it_has_got(
    client, finance_officer, fake_stripe, django_assert_max_num_queries
):
    grants = ready_grants(fake_stripe, 5)
    account = StripeAccount.objects.get(user=grants[4].pilot.proposer)
    fake_stripe.accounts[account.account_id]["capabilities"]["transfers"] = "inactive"
    StripeAccount.objects.filter(pk=account.pk).update(transfers_active=False)  # at the claim
    fake_stripe.faults.extend(["reset before"] * 3)  # the first payment: outcome unknown
    fake_stripe.balance_cents = 2 * GRANT_CENTS  # the last is refused for lack of balance
    run = payment_run_start(by=finance_officer)
    client.force_login(finance_officer)
    url = reverse("grants_admin:pay_all_progress", args=[run.pk])
    with django_assert_max_num_queries(25):
        page = client.get(url)
    progress = page.context["progress"]
    counts = {key: progress[key] for key in ("found", "claimed", "sending", "unknown", "paid")}
    assert counts == {"found": 5, "claimed": 4, "sending": 0, "unknown": 1, "paid": 2}
    assert (progress["refused"], progress["sent_back"], progress["done"]) == (1, 1, False)
    html = page.content.decode()
    refused = Grant.objects.get(status=GrantStatus.BLOCKED)
    assert f"/admin/grants/inspect/{refused.pk}/" in html
    assert escape(refused.blocked_reason) in html
    assert 'aria-live="polite"' in html
    assert "grants/js/payment_progress" in html
    assert f'href="{url}"' in html  # reload without script
    assert "<script>" not in html.split('id="payment-progress"')[1]


def test_a_chunk_sent_concurrently_through_faults_pays_each_grant_once_and_records_each(
    finance_officer, fake_stripe, settings
):
    """The run's chunk path with its requests in flight together: every grant is claimed,
    paid and recorded (history, audit log, its pilot funded) as one at a time would be."""
    settings.STRIPE_CONCURRENT_REQUESTS = 8
    grants = ready_grants(fake_stripe, 60)
    fake_stripe.balance_cents = 10**12
    fake_stripe.faults.extend(["500 before", "429", "reset before", "timeout after"] * 3)
    run = payment_run_start(by=finance_officer)
    call_command("grants_reconcile", min_age=0, stdout=StringIO())
    assert not fake_stripe.faults
    assert sorted(transfers_per_grant(fake_stripe).values()) == [1] * 60
    assert Grant.objects.filter(status=GrantStatus.PAID).count() == 60
    assert Payment.objects.filter(run=run.pk).count() == 60
    for payment in Payment.objects.all():
        assert fake_stripe.transfers[payment.stripe_transfer_id]["metadata"]["payment_id"] == (
            str(payment.pk)
        )
    keys = [grant.pk for grant in grants]
    moves = GrantTransition.objects.filter(grant__in=keys)
    assert sorted(moves.values_list("action", flat=True)) == sorted(
        [GrantAction.CLAIM, GrantAction.PAID] * 60
    )
    assert set(moves.values_list("actor", flat=True)) == {finance_officer.pk}
    logged = ModelLogEntry.objects.filter(object_id__in=[str(pk) for pk in keys])
    assert logged.filter(action="grants.claim").count() == 60
    assert logged.filter(action="grants.paid").count() == 60
    pilots = Pilot.objects.filter(grant__in=keys)
    assert set(pilots.values_list("status", flat=True)) == {PilotStatus.FUNDED}
    funded = PilotTransition.objects.filter(pilot__in=pilots, action=PilotAction.FUND)
    assert funded.count() == 60
    assert ModelLogEntry.objects.filter(action="pilots.fund").count() == 60
