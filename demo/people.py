"""The demo city's people who are not tied to an area: a coordinator, finance, residents."""

from accounts.factories import StaffFactory, UserFactory
from accounts.roles import AREA_DIRECTORS, COORDINATORS, FINANCE

DEMO_PASSWORD = "minipilot-demo"  # noqa: S105 - printed on purpose by seed_demo, demo data only
FINANCE_EMAIL = "talous@example.org"
COORDINATOR_EMAIL = "koordinaattori@example.org"
# Each official's title in Finnish, Swedish and English: decisions show it in the reader's language.
JOB_TITLES = {
    AREA_DIRECTORS: ("Aluejohtaja", "Områdesdirektör", "Area director"),
    COORDINATORS: ("Koordinaattori", "Koordinator", "Coordinator"),
    FINANCE: ("Talousasiantuntija", "Ekonomiexpert", "Finance officer"),
}
RESIDENTS = [
    ("asukas@example.org", "Aino", "Asukas", "fi"),
    ("invanare@example.org", "Ingrid", "Invånare", "sv"),
    ("resident@example.org", "Robin", "Resident", "en"),
]


def job_titles(role: str) -> dict[str, str]:
    """The staff member's title fields for `role`, one for each language."""
    finnish, swedish, english = JOB_TITLES[role]
    return {"job_title_fi": finnish, "job_title_sv": swedish, "job_title_en": english}


def seed_people() -> list[tuple[str, str]]:
    """Create (or find) the demo staff and residents; return (role, email) for each login."""
    logins = []
    coordinator = StaffFactory(
        email=COORDINATOR_EMAIL,
        first_name="Kaisa",
        last_name="Koordinaattori",
        role=COORDINATORS,
        **job_titles(COORDINATORS),
    )
    logins.append(("coordinator", coordinator.email))
    finance = StaffFactory(
        email=FINANCE_EMAIL,
        first_name="Tuomas",
        last_name="Talous",
        role=FINANCE,
        **job_titles(FINANCE),
    )
    logins.append(("finance", finance.email))
    for email, first_name, last_name, language in RESIDENTS:
        UserFactory(email=email, first_name=first_name, last_name=last_name, language=language)
        logins.append(("resident", email))
    return logins
