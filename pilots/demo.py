"""The demo city's areas, each with its own area director."""

from accounts.factories import StaffFactory
from accounts.roles import AREA_DIRECTORS
from pilots.factories import AreaFactory

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
