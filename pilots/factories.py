"""Areas (and, with the proposals feature, pilots) for tests and the demo city."""

import factory

from pilots.models import Area


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
