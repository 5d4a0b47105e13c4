"""Kallio, Malmi, a call, and the decided pilots the open data must handle (`grants_city`): the
reporting tests' fixtures, which the browser's reporting test uses too."""

import datetime

import pytest

from accounts.factories import UserFactory
from grants.models import GrantStatus
from pilots.factories import AreaFactory, CallFactory
from pilots.models import DecisionOutcome, PilotStatus, SustainableDevelopmentGoal, Theme
from tests.reporting.builders import decided_pilot


@pytest.fixture
def kallio(db):
    return AreaFactory(slug="kallio", name_fi="Kallio", name_sv="Berghäll", name_en="Kallio")


@pytest.fixture
def malmi(db):
    return AreaFactory(slug="malmi", name_fi="Malmi", name_sv="Malm", name_en="Malmi")


@pytest.fixture
def call(db):
    return CallFactory(title_fi="Minipilotit 2026", title_sv="Minipiloter 2026")


@pytest.fixture
def grants_city(kallio, malmi, call):
    """Decided pilots covering what the open data must handle, by name:

    - `original`: paid and published, the proposer agreed to show her name, with SDGs and a theme;
    - `adapted`: an adaptation of it in another area, no name consent;
    - `cancelled`: approved, then cancelled before payment;
    - `rejected`: a rejection, which is no grant and must not appear.
    """
    consenting = UserFactory(first_name="Aino", last_name="Asukas", email="aino.asukas@example.org")
    private = UserFactory(first_name="Pekka", last_name="Piilo", email="pekka.piilo@example.org")
    original = decided_pilot(
        area=kallio,
        call=call,
        status=PilotStatus.PUBLISHED,
        grant_status=GrantStatus.PAID,
        proposer=consenting,
        publish_name=True,
        title="Pihakirjasto",
        decided_on=datetime.date(2026, 2, 1),
    )
    original.sdgs.set(SustainableDevelopmentGoal.objects.filter(code__in=["SDG04", "SDG11"]))
    original.themes.set(Theme.objects.all()[:1])
    adapted = decided_pilot(
        area=malmi,
        call=call,
        status=PilotStatus.FUNDED,
        grant_status=GrantStatus.PAID,
        proposer=private,
        inspired_by=original,
        title="Pihakirjasto Malmilla",
        decided_on=datetime.date(2026, 4, 1),
    )
    cancelled = decided_pilot(
        area=kallio,
        call=call,
        status=PilotStatus.CANCELLED,
        grant_status=GrantStatus.CANCELLED,
        title="Peruttu kokeilu",
        decided_on=datetime.date(2026, 5, 1),
    )
    rejected = decided_pilot(
        area=malmi,
        call=call,
        status=PilotStatus.REJECTED,
        outcome=DecisionOutcome.REJECTED,
        title="Hylätty kokeilu",
    )
    return {
        "original": original,
        "adapted": adapted,
        "cancelled": cancelled,
        "rejected": rejected,
        "consenting": consenting,
        "private": private,
    }
