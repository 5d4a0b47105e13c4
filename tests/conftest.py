import pytest

from accounts.factories import StaffFactory, UserFactory
from accounts.roles import AREA_DIRECTORS, COORDINATORS
from home.demo import seed_site
from pilots import services
from pilots.decision_texts import decision_defaults
from pilots.factories import AreaBudgetFactory, AreaFactory, PilotFactory


@pytest.fixture
def site_pages(db):
    """The demo city's home and legal pages in fi, sv and en; returns the Finnish home page."""
    return seed_site()


@pytest.fixture
def resident(db):
    return UserFactory(email="aino@example.org", password="correct horse battery")


@pytest.fixture
def director(db):
    return StaffFactory(
        email="leena@example.org", password="correct horse battery", role=AREA_DIRECTORS
    )


@pytest.fixture
def area_director(db):
    return StaffFactory(
        email="leena.laine@example.org",
        first_name="Leena",
        last_name="Laine",
        job_title="Aluejohtaja",
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
    return UserFactory(email="aino@example.org", first_name="Aino", last_name="Asukas")


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
