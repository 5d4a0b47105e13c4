"""Areas, calls, pilots, their decisions, transitions, result reports and story pages for tests
and the demo city. The decided states are made straight in the database (`DecidedPilotFactory`),
for tests of what only reads them (reporting); tests of the lifecycle walk it through the
services (tests/city.py)."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone

from accounts.factories import UserFactory
from pilots.models import (
    Area,
    AreaBudget,
    BudgetLine,
    Call,
    Decision,
    DecisionOutcome,
    Outcome,
    Pilot,
    PilotStatus,
    PilotStoryPage,
    PilotTransition,
    ResultReport,
    StoryIndexPage,
)

# The decision's contact person: a staff member's phone and address, which are in the public
# decision record but must never reach open data, the story API or statistics.
CONTACT_PHONE = "040 765 4321"
CONTACT_ADDRESS = "Salaisenkuja 7 B 12"


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


class DecisionFactory(factory.django.DjangoModelFactory):
    """An area director's decision on `pilot`: approved with 500 €, or rejected with nothing."""

    class Meta:
        model = Decision

    pilot = factory.SubFactory(PilotFactory)
    outcome = DecisionOutcome.APPROVED
    decider_name = "Leena Laine"
    decider_title = "Aluejohtaja"
    decided_on = datetime.date(2026, 3, 2)
    amount = factory.LazyAttribute(
        lambda decision: Decimal("500.00") if decision.outcome == DecisionOutcome.APPROVED else 0
    )
    grounds = "Hyvä idea."
    contact_person = f"Leena Laine, {CONTACT_PHONE}, {CONTACT_ADDRESS}"
    appeal_instructions = "Oikaisuvaatimus 14 päivän kuluessa."


class DecidedPilotFactory(PilotFactory):
    """A submitted pilot with its decision (`decision__outcome`, `decision__decided_on`), in the
    state given (approved unless told otherwise)."""

    status = PilotStatus.APPROVED
    submitted_at = factory.LazyFunction(timezone.now)
    decision = factory.RelatedFactory(DecisionFactory, factory_related_name="pilot")


class PilotTransitionFactory(factory.django.DjangoModelFactory):
    """A move of `pilot` into its present status by `action`, recorded at `at` (now unless
    told otherwise: the model stamps `at` itself, so a given one is set after)."""

    class Meta:
        model = PilotTransition

    pilot = factory.SubFactory(PilotFactory)
    from_status = ""
    to_status = factory.LazyAttribute(lambda transition: transition.pilot.status)
    at = None

    @classmethod
    def _create(cls, model_class, *args, at=None, **kwargs):
        transition = super()._create(model_class, *args, **kwargs)
        if at is not None:
            model_class.objects.filter(pk=transition.pk).update(at=at)
            transition.at = at
        return transition


class ResultReportFactory(factory.django.DjangoModelFactory):
    """`pilot`'s result report, submitted now unless told otherwise."""

    class Meta:
        model = ResultReport

    pilot = factory.SubFactory(PilotFactory)
    outcome = Outcome.WORKED
    submitted_at = factory.LazyFunction(timezone.now)


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
