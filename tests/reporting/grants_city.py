"""Kallio, Malmi, a call, and the decided pilots the open data must handle (`grants_city`): the
reporting tests' fixtures, which the browser's reporting test uses too; and `publish_story`, a
pilot's story under the story index of a language."""

import datetime

import pytest
from django.utils import timezone

from accounts.factories import UserFactory
from grants.factories import GrantedPilotFactory
from grants.models import GrantStatus
from home.models import HomePage
from pilots.factories import (
    AreaFactory,
    CallFactory,
    DecidedPilotFactory,
    PilotStoryPageFactory,
    StoryIndexPageFactory,
)
from pilots.models import (
    DecisionOutcome,
    PilotStatus,
    StoryIndexPage,
    SustainableDevelopmentGoal,
    Theme,
)


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
    original = GrantedPilotFactory(
        area=kallio,
        call=call,
        status=PilotStatus.PUBLISHED,
        grant__status=GrantStatus.PAID,
        proposer=consenting,
        publish_name=True,
        title="Pihakirjasto",
        decision__decided_on=datetime.date(2026, 2, 1),
    )
    original.sdgs.set(SustainableDevelopmentGoal.objects.filter(code__in=["SDG04", "SDG11"]))
    original.themes.set(Theme.objects.all()[:1])
    adapted = GrantedPilotFactory(
        area=malmi,
        call=call,
        status=PilotStatus.FUNDED,
        grant__status=GrantStatus.PAID,
        proposer=private,
        inspired_by=original,
        title="Pihakirjasto Malmilla",
        decision__decided_on=datetime.date(2026, 4, 1),
    )
    cancelled = GrantedPilotFactory(
        area=kallio,
        call=call,
        status=PilotStatus.CANCELLED,
        grant__status=GrantStatus.CANCELLED,
        title="Peruttu kokeilu",
        decision__decided_on=datetime.date(2026, 5, 1),
    )
    rejected = DecidedPilotFactory(
        area=malmi,
        call=call,
        status=PilotStatus.REJECTED,
        decision__outcome=DecisionOutcome.REJECTED,
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


def story_index(language="fi") -> StoryIndexPage:
    """The story index under the home page of `language`, made the first time it is needed."""
    home = HomePage.objects.get(locale__language_code=language)
    index = StoryIndexPage.objects.child_of(home).first()
    if index is None:
        index = StoryIndexPageFactory(parent=home, title="Tarinat", slug=f"tarinat-{language}")
    return index


def publish_story(pilot, *, language="fi", **fields):
    """A live story of `pilot` in `language`, published now unless told otherwise."""
    fields.setdefault("first_published_at", timezone.now())
    return PilotStoryPageFactory(
        parent=story_index(language),
        pilot=pilot,
        title=f"Tarina: {pilot.title}",
        slug=f"tarina-{pilot.pk}-{language}",
        **fields,
    )
