"""Areas, calls, pilots and their story pages for tests and the demo city."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories

from accounts.factories import UserFactory
from pilots.models import (
    Area,
    AreaBudget,
    BudgetLine,
    Call,
    Outcome,
    Pilot,
    PilotStoryPage,
    StoryIndexPage,
)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name_fi = factory.Sequence(lambda n: f"Alue {n}")
    name_sv = factory.Sequence(lambda n: f"Område {n}")
    name_en = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")

    @factory.post_generation
    def directors(self, create, extracted, **kwargs):
        if create and extracted:
            self.directors.add(*extracted)


class CallFactory(factory.django.DjangoModelFactory):
    """An open call with rolling intake and the default 500 € grant."""

    class Meta:
        model = Call

    title_fi = factory.Sequence(lambda n: f"Haku {n}")
    title_sv = factory.Sequence(lambda n: f"Ansökningsomgång {n}")
    title_en = factory.Sequence(lambda n: f"Call {n}")
    opens_on = datetime.date(2026, 1, 1)


class AreaBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaBudget

    call = factory.SubFactory(CallFactory)
    area = factory.SubFactory(AreaFactory)
    grants = 5


class PilotFactory(factory.django.DjangoModelFactory):
    """A complete draft that could be submitted as it is."""

    class Meta:
        model = Pilot
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    area = factory.SubFactory(AreaFactory)
    proposer = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Kokeilu {n}")
    summary = "Pihakirjasto korttelin asukkaille."
    need = "Lähikirjasto on kaukana."
    activities = "Rakennamme kirjakaapin talkoilla."
    audience = "Korttelin asukkaat."
    expected_outcome = "Kirjat kiertävät."
    starts_on = datetime.date(2026, 5, 1)
    ends_on = datetime.date(2026, 9, 30)

    @factory.post_generation
    def budget(self, create, extracted, **kwargs):
        lines = [("Tarvikkeet", "400.00")] if extracted is None else extracted
        if create:
            for description, amount in lines:
                BudgetLine.objects.create(
                    pilot=self, description=description, amount=Decimal(amount)
                )


class StoryIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StoryIndexPage

    title = "Pilottitarinat"
    slug = "tarinat"


class PilotStoryPageFactory(wagtail_factories.PageFactory):
    """A published story of a pilot; give `pilot` and `parent` (a StoryIndexPage)."""

    class Meta:
        model = PilotStoryPage

    title = factory.LazyAttribute(lambda story: story.pilot.title)
    slug = factory.Sequence(lambda n: f"tarina-{n}")
    summary = factory.LazyAttribute(lambda story: story.pilot.summary)
    what_was_done = "Rakensimme kirjakaapin talkoilla."
    what_happened = "Kirjoja lainattiin sata kertaa kesässä."
    lessons = "Kaappi tarvitsee katon: sade kasteli kirjat."
    outcome = Outcome.WORKED
    would_recommend = True
    area = factory.LazyAttribute(lambda story: story.pilot.area)
    year = 2026
