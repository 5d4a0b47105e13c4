"""Decided grants written as rows in bulk, for the benchmarks that need many of them (the
open-data files, the director's listing): goals, themes, planned dates, adaptations, consented
names and cancellations, so that every column of the open-data files is filled."""

import datetime

from accounts.models import User
from benchmarks.load_seed import decision_row, grant_row, pilot_row
from grants.models import Grant
from pilots.factories import AreaFactory, CallFactory
from pilots.models import Decision, Pilot, PilotStatus, SustainableDevelopmentGoal, Theme

GRANTS = 100_000
USERS = 5_000
AREAS = 20
BATCH = 5_000
# Of every 10 grants: 6 paid (funded), 1 cancelled, 3 awarded and not yet paid.
STATES = [PilotStatus.FUNDED] * 6 + [PilotStatus.CANCELLED] + [PilotStatus.APPROVED] * 3


def seed_grants(count: int = GRANTS) -> None:
    """`count` decided grants as rows, in one transaction."""
    areas = [AreaFactory(slug=f"alue-{n}", name_fi=f"Alue {n}") for n in range(AREAS)]
    call = CallFactory(opens_on=datetime.date(2024, 1, 1))
    users = User.objects.bulk_create(
        User(
            username=f"avustus{n}",
            email=f"avustus{n}@example.org",
            first_name="Aino",
            last_name=f"Asukas {n}",
            password="!",  # noqa: S106
        )
        for n in range(USERS)
    )
    start = datetime.date(2025, 5, 1)
    pilots = []
    for n in range(count):
        pilot = pilot_row(n, STATES[n % len(STATES)], call, areas[n % AREAS], users[n % USERS])
        pilot.publish_name = n % 5 == 0
        if n % 2:
            pilot.starts_on = start + datetime.timedelta(days=n % 200)
            pilot.ends_on = pilot.starts_on + datetime.timedelta(days=60)
        pilots.append(pilot)
    pilots = Pilot.objects.bulk_create(pilots, batch_size=BATCH)
    # Every 10th pilot adapts the one before it.
    for n in range(10, count, 10):
        pilots[n].inspired_by_id = pilots[n - 1].pk
    Pilot.objects.bulk_update(pilots[10::10], ["inspired_by"], batch_size=BATCH)
    Decision.objects.bulk_create((decision_row(pilot) for pilot in pilots), batch_size=BATCH)
    Grant.objects.bulk_create((grant_row(pilot) for pilot in pilots), batch_size=BATCH)
    goals = list(SustainableDevelopmentGoal.objects.all())
    themes = list(Theme.objects.all())
    Pilot.sdgs.through.objects.bulk_create(
        (
            Pilot.sdgs.through(pilot_id=pilot.pk, sustainabledevelopmentgoal_id=goal.pk)
            for n, pilot in enumerate(pilots)
            for goal in goals[n % 7 : n % 7 + 1 + n % 3]
        ),
        batch_size=BATCH,
    )
    if themes:
        Pilot.themes.through.objects.bulk_create(
            (
                Pilot.themes.through(pilot_id=pilot.pk, theme_id=themes[n % len(themes)].pk)
                for n, pilot in enumerate(pilots)
            ),
            batch_size=BATCH,
        )
