"""Decided pilots and published stories for the reporting tests, made straight in the database.

The reporting app only reads, so its tests build each state directly instead of walking the
lifecycle through services. Stories are made here until pilots/factories.py has a story factory.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.factories import UserFactory
from grants.models import BankDetails, Grant, GrantStatus
from home.models import HomePage
from pilots.factories import PilotFactory
from pilots.models import (
    Decision,
    DecisionOutcome,
    PilotStatus,
    PilotStoryPage,
    PilotTransition,
    ResultReport,
    StoryIndexPage,
)

# Personal data that must never reach a public file, page or API answer.
SECRET_IBAN = "FI2112345600000785"
SECRET_BIC = "NDEAFIHH"
SECRET_PHONE = "040 765 4321"
SECRET_ADDRESS = "Salaisenkuja 7 B 12"
SECRET_HOLDER = "Salla Salainen"


def decided_pilot(
    *,
    area,
    call,
    status=PilotStatus.APPROVED,
    grant_status=GrantStatus.AWAITING_DETAILS,
    outcome=DecisionOutcome.APPROVED,
    decided_on=datetime.date(2026, 3, 2),
    proposer=None,
    **fields,
):
    """A submitted pilot with its decision and, when approved, its grant with bank details."""
    pilot = PilotFactory(
        area=area,
        call=call,
        status=status,
        proposer=proposer or UserFactory(),
        submitted_at=timezone.now(),
        **fields,
    )
    approved = outcome == DecisionOutcome.APPROVED
    Decision.objects.create(
        pilot=pilot,
        outcome=outcome,
        decider_name="Leena Laine",
        decider_title="Aluejohtaja",
        decided_on=decided_on,
        amount=Decimal("500.00") if approved else 0,
        grounds="Hyvä idea.",
        contact_person=f"Leena Laine, {SECRET_PHONE}, {SECRET_ADDRESS}",
        appeal_instructions="Oikaisuvaatimus 14 päivän kuluessa.",
    )
    if approved:
        grant = Grant.objects.create(pilot=pilot, amount=Decimal("500.00"), status=grant_status)
        BankDetails.objects.create(
            grant=grant, holder=SECRET_HOLDER, iban=SECRET_IBAN, bic=SECRET_BIC
        )
    return pilot


def record_transition(pilot, action, at):
    """A transition at a given moment (the model stamps `at` itself, so it is set after)."""
    transition = PilotTransition.objects.create(
        pilot=pilot, action=action, from_status="", to_status=pilot.status
    )
    PilotTransition.objects.filter(pk=transition.pk).update(at=at)
    return transition


def submit_report(pilot, outcome, at):
    return ResultReport.objects.create(pilot=pilot, outcome=outcome, submitted_at=at)


def story_index(language="fi") -> StoryIndexPage:
    home = HomePage.objects.get(locale__language_code=language)
    index = StoryIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=StoryIndexPage(title="Tarinat", slug=f"tarinat-{language}"))
    return index


def publish_story(pilot, *, language="fi", year=2026, outcome="worked", **fields):
    """A live story of `pilot` in `language`, published now unless told otherwise."""
    fields.setdefault("first_published_at", timezone.now())
    story = PilotStoryPage(
        title=f"Tarina: {pilot.title}",
        slug=f"tarina-{pilot.pk}-{language}",
        pilot=pilot,
        summary="Pihakirjasto toi naapurit yhteen.",
        what_was_done="Rakensimme kirjakaapin.",
        what_happened="Kirjat kiersivät.",
        lessons="Talkoisiin tarvitaan kahvia.",
        outcome=outcome,
        area=pilot.area,
        year=year,
        **fields,
    )
    return story_index(language).add_child(instance=story)
