"""The demo city's areas and directors, this year's proposals, and last year's pilots carried
through to published stories that other areas have since adapted.

Every year is counted from today, so the demo stays true whenever it is seeded: last year's
pilots were decided, paid, reported and published last year, and this year's proposals arrived
in the last few weeks.
"""

import contextlib
import datetime
from collections.abc import Iterator
from decimal import Decimal
from unittest import mock

from django.conf import settings
from django.utils import timezone, translation
from wagtail.models import Locale

from accounts.factories import StaffFactory
from accounts.models import User
from accounts.roles import AREA_DIRECTORS
from demo.payments import DEMO_IBAN
from demo.people import RESIDENTS, job_titles
from demo.photos import demo_photo
from demo.pilot_content import GROUNDS, PILOT_IDEAS, STORY_IDEAS, STORY_INDEX_PAGES
from demo.site import translate_page
from demo.site_content import AREA_DESCRIPTIONS
from grants import sepa
from home.models import HomePage
from pilots import co_proposers, services, supports
from pilots.decision_texts import decision_defaults
from pilots.factories import AreaFactory, CallFactory, StoryIndexPageFactory
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
            **job_titles(AREA_DIRECTORS),
        )
        description_fi, description_sv, description_en = AREA_DESCRIPTIONS[slug]
        AreaFactory(
            slug=slug,
            name_fi=name_fi,
            name_sv=name_sv,
            name_en=name_fi,
            description_fi=description_fi,
            description_sv=description_sv,
            description_en=description_en,
            directors=[director],
        )
        logins.append((f"area director, {name_fi} / {name_sv}", director.email))
    return logins


@contextlib.contextmanager
def _on(day: datetime.date) -> Iterator[None]:
    """Let the services act as if it were ten in the morning of `day`.

    The services stamp every record with the present moment, as real records must be; the
    demo's past is made by moving the clock they read (`django.utils.timezone.now`, which the
    transitions, decisions, payments, reports, page revisions and audit log all use), so it is
    built through the same services as the present and dated consistently throughout.
    """
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    with mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC)):
        yield


def _call_titles(year: int) -> dict[str, str]:
    return {
        "title_fi": f"Minipilotit {year}",
        "title_sv": f"Minipiloter {year}",
        "title_en": f"Minipilots {year}",
    }


def seed_call() -> Call:
    """This year's call, open all year round."""
    year = timezone.localdate().year
    titles = _call_titles(year)
    call = Call.objects.filter(title_fi=titles["title_fi"]).first() or CallFactory(
        **titles,
        text_fi="Jatkuva haku: ehdota kokeilua milloin tahansa vuoden aikana.",
        text_sv="Löpande ansökan: föreslå ett försök när som helst under året.",
        text_en="Rolling intake: propose a pilot at any time during the year.",
        opens_on=datetime.date(year, 1, 1),
    )
    for area in Area.objects.all():
        AreaBudget.objects.get_or_create(call=call, area=area, defaults={"grants": 5})
    return call


def _walk(
    pilot: Pilot, proposer, target: str, submitted_on: datetime.date, decided_on: datetime.date
) -> None:
    """Take a draft to `target` through the services, as its resident and director would:
    sent on `submitted_on`, answered (or withdrawn) on `decided_on`."""
    if target == PilotStatus.DRAFT:
        return
    with _on(submitted_on):
        services.pilot_submit(pilot=pilot, by=proposer)
        _support(pilot)
    with _on(decided_on):
        _answer(pilot, proposer, target)


def _support(pilot: Pilot) -> None:
    """The other demo residents support a public proposal when it arrives."""
    if not pilot.shown_publicly:
        return
    for resident in demo_residents().values():
        if resident != pilot.proposer:
            supports.support_add(pilot=pilot, by=resident)


def _answer(pilot: Pilot, proposer, target: str) -> None:
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


def demo_residents() -> dict[str, User]:
    """The demo residents by the language they write in."""
    emails = [email for email, *_name in RESIDENTS]
    return {user.language: user for user in User.objects.filter(email__in=emails)}


def _draft(
    call: Call, area: Area, proposer, idea: dict, starts_on: datetime.date, ends_on: datetime.date
) -> Pilot:
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
            ends_on=ends_on,
            publish_name=idea["language"] != "sv",
            shown_publicly=idea.get("shown_publicly", False),
        ),
        by=proposer,
        budget_lines=[(what, Decimal(amount)) for what, amount in idea["budget"]],
        themes=Theme.objects.filter(slug__in=idea["themes"]),
        sdgs=SustainableDevelopmentGoal.objects.filter(code__in=idea["sdgs"]),
    )


def _upcoming(number: int) -> tuple[datetime.date, datetime.date]:
    """When this year's `number`th proposal would run: from a few weeks ahead, for four months."""
    starts_on = timezone.localdate() + datetime.timedelta(days=45 + 14 * number)
    return starts_on, starts_on + datetime.timedelta(days=120)


def seed_pilots(call: Call) -> None:
    """Pilots in every state across the areas, each walked there through the services.

    They arrived over the last few weeks (never before the call opened), and each was answered
    two days after it was sent (never after today).
    """
    if call.pilots.exists():
        return
    residents = demo_residents()
    areas = list(Area.objects.order_by("slug"))
    today = timezone.localdate()
    for number, idea in enumerate(PILOT_IDEAS):
        proposer = residents[idea["language"]]
        submitted_on = max(
            call.opens_on, today - datetime.timedelta(days=3 * (len(PILOT_IDEAS) - number))
        )
        decided_on = min(today, submitted_on + datetime.timedelta(days=2))
        with _on(submitted_on):
            pilot = _draft(call, areas[number % len(areas)], proposer, idea, *_upcoming(number))
        _walk(pilot, proposer, idea["status"], submitted_on, decided_on)
    seed_team(call)


# A public proposal its proposer carries out with a team: a co-proposer named with her own
# consent, and an invitation still waiting for its answer.
TEAM = {
    "title": "Evening football for teenagers",
    "co_proposer": "asukas@example.org",
    "invited": "valmentaja@example.org",
}


def seed_team(call: Call) -> None:
    """The team of one of this year's public proposals, built through the services after the
    other residents' supports (a co-proposer supports no proposal of their own)."""
    pilot = call.pilots.get(title=TEAM["title"])
    if pilot.team.exists():
        return
    member = User.objects.get(email=TEAM["co_proposer"])
    with translation.override(pilot.proposer.language):
        invitation = co_proposers.co_proposer_invite(
            pilot=pilot, by=pilot.proposer, email=member.email
        )
        co_proposers.invitation_accept(invitation=invitation, by=member, publish_name=True)
        co_proposers.co_proposer_invite(pilot=pilot, by=pilot.proposer, email=TEAM["invited"])


def seed_story_indexes() -> None:
    """The story index under the home page, and its translations."""
    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    index = StoryIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = StoryIndexPageFactory(parent=home, **STORY_INDEX_PAGES[settings.LANGUAGE_CODE])
    for code, fields in STORY_INDEX_PAGES.items():
        if code != settings.LANGUAGE_CODE:
            translate_page(index, Locale.objects.get(language_code=code), fields)


class _LastYear:
    """The days of one of last year's pilots, from its proposal to its published story."""

    def __init__(self, idea: dict):
        year = timezone.localdate().year - 1
        (start_month, start_day), (end_month, end_day) = idea["runs"]
        self.starts_on = datetime.date(year, start_month, start_day)
        self.ends_on = datetime.date(year, end_month, end_day)
        # Sent some six weeks ahead, though not before last year's call opened on 1 January.
        self.submitted_on = max(
            datetime.date(year, 1, 2), self.starts_on - datetime.timedelta(days=40)
        )
        self.decided_on = self.submitted_on + datetime.timedelta(days=7)
        self.paid_on = self.decided_on + datetime.timedelta(days=7)
        self.reported_on = self.ends_on + datetime.timedelta(days=14)
        self.published_on = self.reported_on + datetime.timedelta(days=10)


def _report_values(idea: dict) -> dict:
    fields = ("what_was_done", "what_happened", "lessons", "outcome", "would_recommend")
    return {name: idea[name] for name in fields} | {"photos_consent": True}


def _carry_to_story(pilot: Pilot, idea: dict, finance: User, coordinator: User) -> None:
    """Pay, report and publish one of last year's approved pilots, each on its own day."""
    days = _LastYear(idea)
    with _on(days.paid_on):
        sepa.grant_set_bank_details(
            grant=pilot.grant,
            by=pilot.proposer,
            holder=pilot.proposer.get_full_name(),
            iban=DEMO_IBAN,
        )
        sepa.sepa_batch_mark_paid(batch=sepa.sepa_batch_export(by=finance), by=finance)
    pilot = Pilot.objects.get(pk=pilot.pk)
    with _on(days.reported_on):
        services.report_save_draft(
            pilot=pilot,
            by=pilot.proposer,
            values=_report_values(idea),
            spending_lines=[(what, Decimal(amount)) for what, amount in idea["spent"]],
            new_photos=[(demo_photo(scene), alt_text) for scene, alt_text in idea["photos"]],
        )
        services.report_submit(pilot=pilot, by=pilot.proposer)
    with _on(days.published_on):
        story = services.story_create_from_report(pilot=pilot, by=coordinator)
        story.save_revision(user=coordinator).publish()


def seed_stories(finance_email: str, coordinator_email: str) -> None:
    """Last year's call, its pilots carried through payment and report to a published story,
    and this year's proposals adapted from them."""
    last_year = timezone.localdate().year - 1
    titles = _call_titles(last_year)
    if Call.objects.filter(title_fi=titles["title_fi"]).exists():
        return
    finance = User.objects.get(email=finance_email)
    coordinator = User.objects.get(email=coordinator_email)
    residents = demo_residents()
    call = CallFactory(**titles, opens_on=datetime.date(last_year, 1, 1))
    pilots = {}
    for idea in STORY_IDEAS:
        area = Area.objects.get(slug=idea["area"])
        AreaBudget.objects.get_or_create(call=call, area=area, defaults={"grants": 3})
        days = _LastYear(idea)
        proposer = residents[idea["language"]]
        with _on(days.submitted_on):
            pilot = _draft(call, area, proposer, idea, days.starts_on, days.ends_on)
        if idea.get("inspired_by"):
            Pilot.objects.filter(pk=pilot.pk).update(inspired_by=pilots[idea["inspired_by"]])
        _walk(pilot, proposer, PilotStatus.APPROVED, days.submitted_on, days.decided_on)
        _carry_to_story(pilot, idea, finance, coordinator)
        pilots[idea["title"]] = pilot
    call.closes_on = datetime.date(last_year, 12, 31)
    call.save(update_fields=["closes_on"])

    # This year, two other areas take up the compost club and the community fridge.
    for number, (title, language, area_slug) in enumerate(
        [
            ("Kompostikerho kerrostalon pihalle", "sv", "vuosaari"),
            ("Community fridge at the metro station", "en", "kallio"),
        ]
    ):
        story = PilotStoryPage.objects.get(pilot=pilots[title])
        adapter = residents[language]
        adaptation = services.pilot_adapt(
            story=story, by=adapter, area=Area.objects.get(slug=area_slug)
        )
        starts_on, ends_on = _upcoming(len(PILOT_IDEAS) + number)
        Pilot.objects.filter(pk=adaptation.pk).update(
            need=ADAPTATION_NEED[language],
            audience=ADAPTATION_NEED[language],
            expected_outcome=story.what_happened,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        services.pilot_submit(pilot=adaptation, by=adapter)


ADAPTATION_NEED = {
    "sv": "Vi vill pröva samma sak i vårt eget kvarter.",
    "en": "We would like to try the same in our own block.",
}
