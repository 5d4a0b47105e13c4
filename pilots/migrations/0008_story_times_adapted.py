"""Each story stores how many adaptations of its pilot the public sees (pilots.models.stories
`times_adapted`), counted here once for the stories that exist."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_adaptations(apps, schema_editor):
    Pilot = apps.get_model("pilots", "Pilot")
    PilotStoryPage = apps.get_model("pilots", "PilotStoryPage")
    shown = (
        Pilot.objects.filter(inspired_by=OuterRef("pilot_id"), submitted_at__isnull=False)
        .exclude(status="withdrawn")
        .order_by()
        .values("inspired_by")
        .annotate(n=Count("pk"))
        .values("n")
    )
    PilotStoryPage.objects.update(times_adapted=Coalesce(Subquery(shown), Value(0)))


class Migration(migrations.Migration):
    dependencies = [
        ("pilots", "0007_withdraw_proposals_of_deleted_accounts"),
    ]

    operations = [
        migrations.AddField(
            model_name="pilotstorypage",
            name="times_adapted",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="times adapted"
            ),
        ),
        migrations.AddIndex(
            model_name="pilotstorypage",
            index=models.Index(fields=["times_adapted", "page_ptr"], name="story_most_adapted"),
        ),
        migrations.RunPython(count_adaptations, migrations.RunPython.noop),
    ]
