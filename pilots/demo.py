"""The demo city's areas and directors, this year's proposals, and last year's pilots carried
through to published stories that other areas have since adapted."""

import datetime
from decimal import Decimal

from django.conf import settings
from wagtail.models import Locale

from accounts.demo import RESIDENTS
from accounts.factories import StaffFactory
from accounts.models import User
from accounts.roles import AREA_DIRECTORS
from grants import sepa
from grants.demo import DEMO_IBAN
from home.demo import translate_page
from home.models import HomePage
from pilots import services
from pilots.decision_texts import decision_defaults
from pilots.demo_content import GROUNDS, PILOT_IDEAS, STORY_IDEAS, STORY_INDEX_PAGES
from pilots.factories import AreaFactory, StoryIndexPageFactory
from pilots.models import (
    Area,
    AreaBudget,
    Call,
    Pilot,
    PilotStatus,
    PilotStoryPage,
    StoryIndexPage,
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


def _residents() -> dict[str, User]:
    """The demo residents by the language they write in."""
    emails = [email for email, *_name in RESIDENTS]
    return {user.language: user for user in User.objects.filter(email__in=emails)}


def _draft(call: Call, area: Area, proposer, idea: dict, starts_on: datetime.date) -> Pilot:
    return services.pilot_save_draft(
        pilot=Pilot(
            call=call,
            area=area,
            language=idea["language"],
            title=idea["title"],
            summary=idea["summary"],
            need=idea["need"],
            activities=idea["activities"],
            audience=idea["audience"],
            expected_outcome=idea["expected_outcome"],
            starts_on=starts_on,
            ends_on=datetime.date(starts_on.year, 9, 30),
            publish_name=idea["language"] != "sv",
        ),
        by=proposer,
        budget_lines=[(what, Decimal(amount)) for what, amount in idea["budget"]],
        themes=Theme.objects.filter(slug__in=idea["themes"]),
        sdgs=SustainableDevelopmentGoal.objects.filter(code__in=idea["sdgs"]),
    )


def seed_pilots(call: Call) -> None:
    """Pilots in every state across the areas, each walked there through the services."""
    if call.pilots.exists():
        return
    residents = _residents()
    areas = list(Area.objects.order_by("slug"))
    for number, idea in enumerate(PILOT_IDEAS):
        proposer = residents[idea["language"]]
        starts_on = datetime.date(2026, 5, 1) + datetime.timedelta(days=14 * number)
        pilot = _draft(call, areas[number % len(areas)], proposer, idea, starts_on)
        _walk(pilot, proposer, idea["status"])


def seed_story_indexes() -> None:
    """The story index under the home page, and its translations."""
    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    index = StoryIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = StoryIndexPageFactory(parent=home, **STORY_INDEX_PAGES[settings.LANGUAGE_CODE])
    for code, fields in STORY_INDEX_PAGES.items():
        if code != settings.LANGUAGE_CODE:
            translate_page(index, Locale.objects.get(language_code=code), fields)


def seed_stories(finance_email: str, coordinator_email: str) -> None:
    """Last year's call, its pilots carried through payment and report to a published story,
    and this year's proposals adapted from them."""
    if Call.objects.filter(title_fi="Minipilotit 2025").exists():
        return
    finance = User.objects.get(email=finance_email)
    coordinator = User.objects.get(email=coordinator_email)
    residents = _residents()
    call = Call.objects.create(
        title_fi="Minipilotit 2025",
        title_sv="Minipiloter 2025",
        title_en="Minipilots 2025",
        opens_on=datetime.date(2025, 1, 1),
    )
    pilots = {}
    for idea in STORY_IDEAS:
        area = Area.objects.get(slug=idea["area"])
        AreaBudget.objects.get_or_create(call=call, area=area, defaults={"grants": 3})
        pilot = _draft(call, area, residents[idea["language"]], idea, datetime.date(2025, 5, 1))
        if idea.get("inspired_by"):
            Pilot.objects.filter(pk=pilot.pk).update(inspired_by=pilots[idea["inspired_by"]])
        _walk(pilot, pilot.proposer, PilotStatus.APPROVED)
        sepa.grant_set_bank_details(
            grant=pilot.grant,
            by=pilot.proposer,
            holder=pilot.proposer.get_full_name(),
            iban=DEMO_IBAN,
        )
        pilots[idea["title"]] = pilot
    sepa.sepa_batch_mark_paid(batch=sepa.sepa_batch_export(by=finance), by=finance)
    call.closes_on = datetime.date(2025, 12, 31)
    call.save(update_fields=["closes_on"])

    for idea in STORY_IDEAS:
        pilot = Pilot.objects.get(pk=pilots[idea["title"]].pk)
        services.report_save_draft(
            pilot=pilot,
            by=pilot.proposer,
            values={
                name: idea[name]
                for name in (
                    "what_was_done",
                    "what_happened",
                    "lessons",
                    "outcome",
                    "would_recommend",
                )
            },
            spending_lines=[(what, Decimal(amount)) for what, amount in idea["spent"]],
        )
        services.report_submit(pilot=pilot, by=pilot.proposer)
        story = services.story_create_from_report(pilot=pilot, by=coordinator)
        story.year = 2025
        story.save_revision(user=coordinator).publish()

    # This year, two other areas take up the compost club and the community fridge.
    for title, language, area_slug in [
        ("Kompostikerho kerrostalon pihalle", "sv", "vuosaari"),
        ("Community fridge at the metro station", "en", "kallio"),
    ]:
        story = PilotStoryPage.objects.get(pilot=pilots[title])
        adapter = residents[language]
        adaptation = services.pilot_adapt(
            story=story, by=adapter, area=Area.objects.get(slug=area_slug)
        )
        Pilot.objects.filter(pk=adaptation.pk).update(
            need=ADAPTATION_NEED[language],
            audience=ADAPTATION_NEED[language],
            expected_outcome=story.what_happened,
            starts_on=datetime.date(2027, 4, 1),
            ends_on=datetime.date(2027, 9, 30),
        )
        services.pilot_submit(pilot=adaptation, by=adapter)


ADAPTATION_NEED = {
    "sv": "Vi vill pröva samma sak i vårt eget kvarter.",
    "en": "We would like to try the same in our own block.",
}
