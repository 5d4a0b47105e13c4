import pytest

from accounts.factories import StaffFactory, UserFactory
from accounts.roles import AREA_DIRECTORS
from home.demo import seed_site


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
