"""The load benchmark's city: 10,000 pilots and 5,000 published stories, written in bulk.

`grow` adds stories to a seeded city, GROW_BATCH at a time (100,000 stories' rows never sit in
memory at once), so the flat-in-size benchmark measures one city at 1,000, 10,000 and 100,000.

Saving 5,000 Wagtail pages one by one (tree locks, revisions, signals) takes far longer than the
benchmark itself, so pages are written as rows: the `wagtailcore_page` rows with their tree paths
computed by treebeard's own `_get_path`, then the story rows beside them, then the search index
(written in bulk by `search.index.index_documents`, batch by batch). The result is
what publishing would leave, minus revisions, which serving does not read.
"""

import datetime
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from accounts.models import User
from demo.site import seed_site
from grants.models import Grant, GrantStatus, PayoutMethod
from pilots.factories import AreaBudgetFactory, AreaFactory, CallFactory, StoryIndexPageFactory
from pilots.models import (
    Area,
    Call,
    Decision,
    DecisionOutcome,
    Outcome,
    Pilot,
    PilotStatus,
    PilotStoryPage,
    StoryIndexPage,
    SustainableDevelopmentGoal,
)
from pilots.search_documents import PILOT, STORY, pilot_document, story_document
from search.index import index_documents

PILOTS = 10_000
STORIES = 5_000
USERS = 2_000
AREAS = 20
BATCH = 1_000
GROW_BATCH = 10_000
INDEX_SLUG = "tarinat"
# Every 50th story mentions composting, so a search finds 100 of 5,000.
SEARCH_WORD = "kompostori"

# Pilot states after the 5,000 published ones, in that order.
OTHER_STATES = [
    (PilotStatus.FUNDED, 1_500),
    (PilotStatus.APPROVED, 500),
    (PilotStatus.SUBMITTED, 1_000),
    (PilotStatus.REJECTED, 1_000),
    (PilotStatus.DRAFT, 1_000),
]
DECIDED = {PilotStatus.PUBLISHED, PilotStatus.FUNDED, PilotStatus.APPROVED, PilotStatus.REJECTED}
OUTCOMES = [Outcome.WORKED, Outcome.PARTLY, Outcome.DID_NOT_WORK]


def is_seeded() -> bool:
    return PilotStoryPage.objects.live().count() >= STORIES and Pilot.objects.count() >= PILOTS


@transaction.atomic
def seed(stories: int = STORIES) -> dict:
    """Write the city (`stories` published stories, 5,000 pilots in other states); returns what
    the load test asks for (URLs' ids and slugs)."""
    home = seed_site()
    index = StoryIndexPageFactory(parent=home, title="Tarinat", slug=INDEX_SLUG)
    areas = [AreaFactory(slug=f"alue-{n}", name_fi=f"Alue {n}") for n in range(AREAS)]
    call = CallFactory(opens_on=datetime.date(2024, 1, 1))
    for area in areas:
        AreaBudgetFactory(call=call, area=area, grants=stories + PILOTS)
    users = User.objects.bulk_create(
        User(username=f"asukas{n}", email=f"asukas{n}@example.org", password="!")  # noqa: S106
        for n in range(USERS)
    )
    others = Pilot.objects.bulk_create(
        (
            pilot_row(n, status, call, areas[n % AREAS], users[n % USERS])
            for n, status in enumerate(other_states(), start=stories)
        ),
        batch_size=BATCH,
    )
    decided_and_granted(others)
    index_documents(PILOT, (pilot_document(pilot) for pilot in others))
    grow(stories)
    return {"index": index.url_path, "areas": [area.pk for area in areas]}


@transaction.atomic
def grow(stories: int) -> None:
    """Add `stories` published stories (their pilots, decisions, paid grants and search
    documents) after those the city has, GROW_BATCH at a time."""
    index = StoryIndexPage.objects.get(slug=INDEX_SLUG)
    areas = list(Area.objects.filter(slug__startswith="alue-").order_by("pk"))
    call = Call.objects.order_by("pk").first()
    users = list(User.objects.filter(username__startswith="asukas").order_by("pk"))
    first, last = index.numchild, index.numchild + stories
    for start in range(first, last, GROW_BATCH):
        pilots = Pilot.objects.bulk_create(
            (
                pilot_row(n, PilotStatus.PUBLISHED, call, areas[n % AREAS], users[n % USERS])
                for n in range(start, min(start + GROW_BATCH, last))
            ),
            batch_size=BATCH,
        )
        decided_and_granted(pilots)
        story_pages(index, pilots, start)
        index_documents(PILOT, (pilot_document(pilot) for pilot in pilots))
        written = PilotStoryPage.objects.filter(pilot__in=pilots).select_related("locale")
        index_documents(STORY, (story_document(story) for story in written.iterator(BATCH)))


def decided_and_granted(pilots: list[Pilot]) -> None:
    """The decisions of the decided pilots and the grants of the approved ones."""
    decided = [pilot for pilot in pilots if pilot.status in DECIDED]
    Decision.objects.bulk_create((decision_row(pilot) for pilot in decided), batch_size=BATCH)
    Grant.objects.bulk_create(
        (
            grant_row(pilot)
            for pilot in decided
            if pilot.status != PilotStatus.REJECTED  # a rejection has no grant
        ),
        batch_size=BATCH,
    )


def other_states():
    for status, count in OTHER_STATES:
        yield from [status] * count


def pilot_row(n, status, call, area, proposer) -> Pilot:
    submitted = None if status == PilotStatus.DRAFT else timezone.now()
    return Pilot(
        call=call,
        area=area,
        proposer=proposer,
        status=status,
        title=f"Kokeilu {n}",
        summary=f"Pihakirjasto korttelin {n} asukkaille.",
        need="Lähikirjasto on kaukana.",
        activities="Rakennamme kirjakaapin talkoilla.",
        submitted_at=submitted,
    )


def decision_row(pilot) -> Decision:
    approved = pilot.status != PilotStatus.REJECTED
    return Decision(
        pilot=pilot,
        outcome=DecisionOutcome.APPROVED if approved else DecisionOutcome.REJECTED,
        decider_name="Leena Laine",
        decider_title="Aluejohtaja",
        decided_on=datetime.date(2025, 3, 1) + datetime.timedelta(days=pilot.pk % 365),
        amount=Decimal("500.00") if approved else Decimal("0.00"),
        grounds="Hyvä idea, joka palvelee korttelin asukkaita.",
        conditions="Avustus käytetään haettuun tarkoitukseen.",
        contact_person="Leena Laine, 040 000 0000",
        appeal_instructions="Oikaisuvaatimus 14 päivän kuluessa.",
    )


def grant_row(pilot) -> Grant:
    paid = pilot.status in {PilotStatus.PUBLISHED, PilotStatus.FUNDED}
    return Grant(
        pilot=pilot,
        amount=Decimal("500.00"),
        status=GrantStatus.PAID if paid else GrantStatus.READY,
        method=PayoutMethod.SEPA,
        payout_paid_at=timezone.now() if paid else None,
    )


def story_pages(index, pilots, first: int = 0) -> list[PilotStoryPage]:
    """Published story pages under `index` after its first `first` children, as rows: the page
    rows, then the story rows."""
    content_type = ContentType.objects.get_for_model(PilotStoryPage)
    now = timezone.now()
    pages = Page.objects.bulk_create(
        (
            Page(
                title=pilot.title,
                draft_title=pilot.title,
                slug=f"tarina-{n}",
                url_path=f"{index.url_path}tarina-{n}/",
                content_type=content_type,
                locale_id=index.locale_id,
                translation_key=uuid.uuid4(),
                live=True,
                has_unpublished_changes=False,
                first_published_at=now - datetime.timedelta(hours=n),
                last_published_at=now - datetime.timedelta(hours=n),
                path=Page._get_path(index.path, index.depth + 1, n + 1),
                depth=index.depth + 1,
                numchild=0,
            )
            for n, pilot in enumerate(pilots, start=first)
        ),
        batch_size=BATCH,
    )
    index.numchild = first + len(pages)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild)
    stories = [
        PilotStoryPage(
            page_ptr_id=page.pk,
            pilot=pilot,
            summary=pilot.summary + (f" Kokeilimme myös {SEARCH_WORD}a." if n % 50 == 0 else ""),
            what_was_done="Rakensimme kirjakaapin talkoilla.",
            what_happened="Kirjoja lainattiin sata kertaa kesässä.",
            lessons="Kaappi tarvitsee katon: sade kasteli kirjat.",
            outcome=OUTCOMES[n % len(OUTCOMES)],
            would_recommend=n % 4 != 0,
            area_id=pilot.area_id,
            year=2024 + n % 3,
        )
        for n, (page, pilot) in enumerate(zip(pages, pilots, strict=True), start=first)
    ]
    # Django's bulk_create refuses multi-table inheritance; the page rows exist already, so only
    # the story table's own columns are inserted, as bulk_create would have done.
    fields = PilotStoryPage._meta.local_concrete_fields
    PilotStoryPage.objects.all()._batched_insert(stories, fields, BATCH)
    goals = list(SustainableDevelopmentGoal.objects.all())
    if goals:
        PilotStoryPage.sdgs.through.objects.bulk_create(
            (
                PilotStoryPage.sdgs.through(
                    pilotstorypage_id=story.page_ptr_id,
                    sustainabledevelopmentgoal_id=goals[n % len(goals)].pk,
                )
                for n, story in enumerate(stories)
            ),
            batch_size=BATCH,
        )
    return stories
