"""The demo city's areas, each with its own area director."""

import datetime
from decimal import Decimal

from accounts.demo import RESIDENTS
from accounts.factories import StaffFactory
from accounts.models import User
from accounts.roles import AREA_DIRECTORS
from pilots import services
from pilots.decision_texts import decision_defaults
from pilots.demo_content import GROUNDS, PILOT_IDEAS
from pilots.factories import AreaFactory
from pilots.models import (
    Area,
    AreaBudget,
    Call,
    Pilot,
    PilotStatus,
    SustainableDevelopmentGoal,
    Theme,
)

AREAS = [
    # slug, Finnish, Swedish, director's first name and surname
    ("kallio", "Kallio", "Berghäll", "Leena", "Laine"),
    ("kapyla", "Käpylä", "Kottby", "Mikko", "Mäkinen"),
    ("herttoniemi", "Herttoniemi", "Hertonäs", "Sari", "Heikkinen"),
    ("lauttasaari", "Lauttasaari", "Drumsö", "Jukka", "Lindqvist"),
    ("vuosaari", "Vuosaari", "Nordsjö", "Anna", "Virtanen"),
    ("malmi", "Malmi", "Malm", "Pekka", "Nieminen"),
]


def seed_areas() -> list[tuple[str, str]]:
    """Create (or find) the areas and their directors; return (role, email) for each login."""
    logins = []
    for slug, name_fi, name_sv, first_name, last_name in AREAS:
        director = StaffFactory(
            email=f"{slug}.aluejohtaja@example.org",
            first_name=first_name,
            last_name=last_name,
            role=AREA_DIRECTORS,
        )
        AreaFactory(
            slug=slug,
            name_fi=name_fi,
            name_sv=name_sv,
            name_en=name_fi,
            directors=[director],
        )
        logins.append((f"area director, {name_fi} / {name_sv}", director.email))
    return logins


def seed_call() -> Call:
    call = Call.objects.filter(title_fi="Minipilotit 2026").first() or Call.objects.create(
        title_fi="Minipilotit 2026",
        title_sv="Minipiloter 2026",
        title_en="Minipilots 2026",
        text_fi="Jatkuva haku: ehdota kokeilua milloin tahansa vuoden aikana.",
        text_sv="Löpande ansökan: föreslå ett försök när som helst under året.",
        text_en="Rolling intake: propose a pilot at any time during the year.",
        opens_on=datetime.date(2026, 1, 1),
    )
    for area in Area.objects.all():
        AreaBudget.objects.get_or_create(call=call, area=area, defaults={"grants": 5})
    return call


def _walk(pilot: Pilot, proposer, target: str) -> None:
    """Take a draft to `target` through the services, as its resident and director would."""
    if target == PilotStatus.DRAFT:
        return
    services.pilot_submit(pilot=pilot, by=proposer)
    director = pilot.area.directors.first()
    texts = decision_defaults(pilot, director)
    language = pilot.language
    if target == PilotStatus.WITHDRAWN:
        services.pilot_withdraw(pilot=pilot, by=proposer, note=GROUNDS["withdraw"][language])
    elif target == PilotStatus.CHANGES_REQUESTED:
        services.pilot_request_changes(
            pilot=pilot, by=director, grounds=GROUNDS["request_changes"][language]
        )
    elif target == PilotStatus.REJECTED:
        del texts["conditions"], texts["report_due"]
        services.pilot_reject(
            pilot=pilot, by=director, grounds=GROUNDS["reject"][language], **texts
        )
    elif target in (PilotStatus.APPROVED, PilotStatus.CANCELLED):
        services.pilot_approve(
            pilot=pilot, by=director, grounds=GROUNDS["approve"][language], **texts
        )
        if target == PilotStatus.CANCELLED:
            services.pilot_cancel(pilot=pilot, by=director, grounds=GROUNDS["cancel"][language])


def seed_pilots(call: Call) -> None:
    """Pilots in every state across the areas, each walked there through the services."""
    if call.pilots.exists():
        return
    emails = [email for email, *_name in RESIDENTS]
    residents = {user.language: user for user in User.objects.filter(email__in=emails)}
    areas = list(Area.objects.order_by("slug"))
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    goals = {goal.code: goal for goal in SustainableDevelopmentGoal.objects.all()}
    for number, idea in enumerate(PILOT_IDEAS):
        proposer = residents[idea["language"]]
        pilot = services.pilot_save_draft(
            pilot=Pilot(
                call=call,
                area=areas[number % len(areas)],
                language=idea["language"],
                title=idea["title"],
                summary=idea["summary"],
                need=idea["need"],
                activities=idea["activities"],
                audience=idea["audience"],
                expected_outcome=idea["expected_outcome"],
                starts_on=datetime.date(2026, 5, 1) + datetime.timedelta(days=14 * number),
                ends_on=datetime.date(2026, 9, 30),
                publish_name=number % 2 == 0,
            ),
            by=proposer,
            budget_lines=[(what, Decimal(amount)) for what, amount in idea["budget"]],
            themes=[themes[slug] for slug in idea["themes"]],
            sdgs=[goals[code] for code in idea["sdgs"]],
        )
        _walk(pilot, proposer, idea["status"])
