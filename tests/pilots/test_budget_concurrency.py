"""Directors approving at the same moment never exceed an area's budget (real PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection, connections

from accounts.factories import StaffFactory, UserFactory
from accounts.roles import AREA_DIRECTORS
from grants.models import Grant
from pilots import selectors, services
from pilots.errors import BudgetExhausted
from pilots.factories import AreaBudgetFactory, AreaFactory, PilotFactory
from pilots.models import Pilot, PilotStatus
from tests.city import approve

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL; run with DATABASE_URL=postgres://… (CI does)",
    ),
]

APPROVALS = 20
GRANTS = 5


def slow_granted_count(call_id, area_id):
    """The real count, then a pause: widens the window between reading the budget's use and
    writing the grant, as a loaded database would, so an unlocked check would overspend."""
    count = selectors.granted_count(call_id, area_id)
    time.sleep(0.02)
    return count


def test_twenty_simultaneous_approvals_fund_exactly_the_budget(monkeypatch):
    monkeypatch.setattr(services, "granted_count", slow_granted_count)
    directors = [StaffFactory(role=AREA_DIRECTORS) for _ in range(4)]
    area = AreaFactory(directors=directors)
    budget = AreaBudgetFactory(area=area, grants=GRANTS)
    pilots = []
    for _ in range(APPROVALS):
        proposer = UserFactory()
        pilot = PilotFactory(call=budget.call, area=area, proposer=proposer)
        pilots.append(services.pilot_submit(pilot=pilot, by=proposer))

    start = threading.Barrier(APPROVALS)
    outcomes = []

    def approve_at_once(pilot, director):
        try:
            start.wait()
            approve(pilot, director)
            outcomes.append("approved")
        except BudgetExhausted:
            outcomes.append("budget exhausted")
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve_at_once, args=(pilot, directors[n % len(directors)]))
        for n, pilot in enumerate(pilots)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["approved"] * GRANTS + ["budget exhausted"] * (APPROVALS - GRANTS)
    assert Pilot.objects.filter(status=PilotStatus.APPROVED).count() == GRANTS
    assert Grant.objects.filter(pilot__area=area).count() == GRANTS
