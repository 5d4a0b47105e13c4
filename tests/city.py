"""The city the tests share: its staff and residents (one fixture per role), Kallio's and Malmi's
budgets in an open call, a pilot in each state, stories, and the steps (`approve`, `fund`,
`write_report`) that bring a pilot there the way people do. tests/conftest.py and
benchmarks/conftest.py make the fixtures theirs; a test module imports the steps from here."""

import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from PIL import Image
from wagtail.models import Locale

from accounts.factories import StaffFactory, UserFactory
from accounts.roles import AREA_DIRECTORS, COORDINATORS, FINANCE
from grants import sepa
from home.models import HomePage
from pilots import services
from pilots.decision_texts import decision_defaults
from pilots.factories import (
    AreaBudgetFactory,
    AreaFactory,
    PilotFactory,
    PilotStoryPageFactory,
    StoryIndexPageFactory,
)
from pilots.models import Outcome

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker):
    """The city `seed_demo` builds, shared by one module's tests and rolled back after it;
    yields (last year, this year). A module using it marks all its tests `django_db`, so that
    pytest-django keeps them together, before any transactional test empties the database."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        this_year = timezone.localdate().year
        yield this_year - 1, this_year
        transaction.set_rollback(True)


@pytest.fixture
def site_pages(db):
    """The demo city's home and legal pages in fi, sv and en, which every test database holds
    from the start (tests/isolation.py); returns the Finnish home page."""
    return HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)


@pytest.fixture
def area_director(db):
    """The area director of Kallio once `budget` is made; also the staff member who logs in."""
    return StaffFactory(
        email="leena.laine@example.org",
        password=PASSWORD,
        first_name="Leena",
        last_name="Laine",
        job_title_fi="Aluejohtaja",
        job_title_sv="Områdesdirektör",
        role=AREA_DIRECTORS,
    )


@pytest.fixture
def other_director(db):
    return StaffFactory(email="mikko@example.org", role=AREA_DIRECTORS)


@pytest.fixture
def coordinator(db):
    return StaffFactory(email="kaisa@example.org", role=COORDINATORS)


@pytest.fixture
def budget(db, area_director, other_director):
    """Kallio (directed by area_director) with 5 grants in an open call; Malmi is another area."""
    kallio = AreaFactory(
        slug="kallio", name_fi="Kallio", name_sv="Berghäll", directors=[area_director]
    )
    malmi = AreaFactory(slug="malmi", name_fi="Malmi", name_sv="Malm", directors=[other_director])
    budget = AreaBudgetFactory(area=kallio, grants=5)
    AreaBudgetFactory(area=malmi, call=budget.call, grants=5)
    return budget


@pytest.fixture
def proposer(db):
    """The resident: proposes pilots, and logs in with PASSWORD."""
    return UserFactory(
        email="aino@example.org", first_name="Aino", last_name="Asukas", password=PASSWORD
    )


@pytest.fixture
def draft(budget, proposer):
    return PilotFactory(call=budget.call, area=budget.area, proposer=proposer)


@pytest.fixture
def submitted(draft, proposer):
    return services.pilot_submit(pilot=draft, by=proposer)


def approve(pilot, director):
    texts = decision_defaults(pilot, director)
    return services.pilot_approve(pilot=pilot, by=director, grounds="Hyvä idea.", **texts)


@pytest.fixture
def approved(submitted, area_director):
    return approve(submitted, area_director)


def fund(pilot, finance):
    """Pay the pilot's grant the way finance does: bank details, a SEPA file, marked paid."""
    sepa.grant_set_bank_details(
        grant=pilot.grant, by=pilot.proposer, holder="Aino Asukas", iban="FI2112345600000785"
    )
    sepa.sepa_batch_mark_paid(batch=sepa.sepa_batch_export(by=finance), by=finance)
    pilot.refresh_from_db()
    return pilot


@pytest.fixture
def finance_officer(db):
    return StaffFactory(email="tuomas@example.org", role=FINANCE)


@pytest.fixture
def funded(approved, finance_officer):
    return fund(approved, finance_officer)


def photo_upload(name="kuva.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "green").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def write_report(pilot, photo_alt: str = "", **values):
    """A complete result report, saved as the proposer's draft; with a photo if `photo_alt`."""
    complete = {
        "what_was_done": "Rakensimme kirjakaapin pihalle.",
        "what_happened": "Sata lainaa kesässä.",
        "lessons": "Kaappi tarvitsee katon.",
        "outcome": Outcome.WORKED,
        "would_recommend": True,
        "photos_consent": False,
    }
    return services.report_save_draft(
        pilot=pilot,
        by=pilot.proposer,
        values={**complete, **values},
        spending_lines=[("Lautaa ja ruuveja", Decimal("320.00"))],
        new_photos=[(photo_upload(), photo_alt)] if photo_alt else [],
    )


@pytest.fixture
def reported(funded):
    write_report(funded)
    return services.report_submit(pilot=funded, by=funded.proposer)


@pytest.fixture
def story_indexes(site_pages):
    """The story index under the Finnish home page and its translations, by language code."""
    finnish = StoryIndexPageFactory(parent=site_pages, title="Tarinat")
    indexes = {"fi": finnish}
    for locale in Locale.objects.exclude(pk=finnish.locale_id):
        translation = finnish.copy_for_translation(locale)
        translation.save_revision().publish()
        indexes[locale.language_code] = translation
    return indexes


def story_of(pilot, index, **fields):
    return PilotStoryPageFactory(parent=index, pilot=pilot, **fields)


@pytest.fixture
def stories(budget, story_indexes, area_director, other_director, finance_officer):
    """Three published stories in Finnish and one draft: Kallio 2025, Kallio 2026, Malmi 2026."""
    kallio, malmi = budget.area, budget.call.budgets.exclude(area=budget.area).get().area
    made = {}
    for key, area, director, year, outcome, title in [
        ("library", kallio, area_director, 2025, Outcome.WORKED, "Pihakirjasto"),
        ("sauna", kallio, area_director, 2026, Outcome.DID_NOT_WORK, "Saunavuorot"),
        ("bikes", malmi, other_director, 2026, Outcome.PARTLY, "Pyöräkorjaamo"),
        ("draft", malmi, other_director, 2026, Outcome.WORKED, "Luonnos"),
    ]:
        pilot = PilotFactory(call=budget.call, area=area, title=title)
        services.pilot_submit(pilot=pilot, by=pilot.proposer)
        fund(approve(pilot, director), finance_officer)
        made[key] = story_of(
            pilot,
            story_indexes["fi"],
            year=year,
            outcome=outcome,
            title=title,
            lessons=f"{title}: opimme paljon kompostoinnista" if key == "sauna" else "Opimme.",
        )
    made["draft"].unpublish()
    return made


@pytest.fixture
def public_proposal(submitted):
    """The proposer's submitted proposal, shown on the public proposal pages."""
    return services.pilot_set_shown_publicly(pilot=submitted, by=submitted.proposer, publish=True)


@pytest.fixture
def follower(db):
    """Another resident, in Swedish, who follows nothing yet (tests/notifications)."""
    return UserFactory(
        email="ville@example.org", first_name="Ville", last_name="Virta", language="sv"
    )
