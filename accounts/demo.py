"""The demo city's people who are not tied to an area: a coordinator, finance, residents."""

from accounts.factories import StaffFactory, UserFactory
from accounts.roles import COORDINATORS, FINANCE

DEMO_PASSWORD = "minipilot-demo"  # noqa: S105 - printed on purpose by seed_demo, demo data only
FINANCE_EMAIL = "talous@example.org"
COORDINATOR_EMAIL = "koordinaattori@example.org"
RESIDENTS = [
    ("asukas@example.org", "Aino", "Asukas", "fi"),
    ("invanare@example.org", "Ingrid", "Invånare", "sv"),
    ("resident@example.org", "Robin", "Resident", "en"),
]


def seed_people() -> list[tuple[str, str]]:
    """Create (or find) the demo staff and residents; return (role, email) for each login."""
    logins = []
    coordinator = StaffFactory(
        email=COORDINATOR_EMAIL,
        first_name="Kaisa",
        last_name="Koordinaattori",
        role=COORDINATORS,
    )
    logins.append(("coordinator", coordinator.email))
    finance = StaffFactory(
        email=FINANCE_EMAIL, first_name="Tuomas", last_name="Talous", role=FINANCE
    )
    logins.append(("finance", finance.email))
    for email, first_name, last_name, language in RESIDENTS:
        UserFactory(email=email, first_name=first_name, last_name=last_name, language=language)
        logins.append(("resident", email))
    return logins
