"""Proposals left awaiting a decision by accounts deleted before deletion withdrew them: they
are withdrawn now, recorded as the service would, so they leave the directors' queues."""

from django.db import migrations

UNDECIDED = ("submitted", "changes_requested")
NOTE = "The proposer deleted their account."


def withdraw(apps, schema_editor):
    Pilot = apps.get_model("pilots", "Pilot")
    PilotTransition = apps.get_model("pilots", "PilotTransition")
    orphaned = Pilot.objects.filter(status__in=UNDECIDED, proposer__is_active=False)
    for pilot in orphaned:
        PilotTransition.objects.create(
            pilot=pilot,
            action="withdraw",
            actor=pilot.proposer,
            from_status=pilot.status,
            to_status="withdrawn",
            note=NOTE,
        )
    orphaned.update(status="withdrawn")


class Migration(migrations.Migration):
    dependencies = [("pilots", "0006_decision_texts_in_every_language")]

    operations = [migrations.RunPython(withdraw, migrations.RunPython.noop)]
