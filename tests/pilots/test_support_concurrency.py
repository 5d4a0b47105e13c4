"""One account clicking "I support this" in twenty tabs at once counts once (real PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from accounts.factories import StaffFactory, UserFactory
from accounts.roles import AREA_DIRECTORS
from pilots import services, supports
from pilots.factories import AreaBudgetFactory, AreaFactory, PilotFactory
from pilots.models import Support

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent inserts need PostgreSQL; run with DATABASE_URL=postgres://… (CI does)",
    ),
]

CLICKS = 20


def test_twenty_simultaneous_supports_by_one_account_count_once():
    area = AreaFactory(directors=[StaffFactory(role=AREA_DIRECTORS)])
    budget = AreaBudgetFactory(area=area)
    proposer = UserFactory()
    pilot = PilotFactory(call=budget.call, area=area, proposer=proposer)
    services.pilot_submit(pilot=pilot, by=proposer)
    services.pilot_set_shown_publicly(pilot=pilot, by=proposer, publish=True)
    supporter = UserFactory()

    start = threading.Barrier(CLICKS)
    outcomes = []

    def support_at_once():
        try:
            start.wait()
            outcomes.append(supports.support_add(pilot=pilot, by=supporter))
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=support_at_once) for _ in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # One click made the support; every other one found it there, none failed.
    assert sorted(outcomes, key=repr) == [False] * (CLICKS - 1) + [True]
    assert Support.objects.filter(pilot=pilot, user=supporter).count() == 1
