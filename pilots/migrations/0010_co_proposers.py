"""Co-proposers get a model of their own (their consent to be named, when they joined), and the
proposer's invitations to them.

`Pilot.co_proposers` had Django's automatic table; the model `CoProposer` takes it over as it is
(state only), then its key becomes a big integer as every other table's and the new columns
are added.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import pilots.models.team


class Migration(migrations.Migration):

    dependencies = [
        ("pilots", "0009_open_proposals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CoProposer",
                    fields=[
                        (
                            "id",
                            models.AutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "pilot",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="team",
                                to="pilots.pilot",
                                verbose_name="pilot",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="co_proposals",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="co-proposer",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "pilots_pilot_co_proposers",
                        "unique_together": {("pilot", "user")},
                    },
                ),
                migrations.AlterField(
                    model_name="pilot",
                    name="co_proposers",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="co_proposed_pilots",
                        through="pilots.CoProposer",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="co-proposers",
                    ),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="coproposer",
            name="id",
            field=models.BigAutoField(
                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
            ),
        ),
        migrations.AddField(
            model_name="coproposer",
            name="publish_name",
            field=models.BooleanField(
                default=False, verbose_name="my name may be published with the pilot"
            ),
        ),
        migrations.AddField(
            model_name="coproposer",
            name="joined_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="joined"
            ),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="coproposer",
            options={
                "ordering": ["joined_at", "pk"],
                "verbose_name": "co-proposer",
                "verbose_name_plural": "co-proposers",
            },
        ),
        migrations.CreateModel(
            name="CoProposerInvitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="email address")),
                (
                    "language",
                    models.CharField(
                        choices=[("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")],
                        default="fi",
                        max_length=8,
                        verbose_name="language",
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        default=pilots.models.team.new_invitation_key,
                        editable=False,
                        max_length=64,
                        unique=True,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="invited at")),
                (
                    "invited_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="invited by",
                    ),
                ),
                (
                    "pilot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="pilots.pilot",
                        verbose_name="pilot",
                    ),
                ),
            ],
            options={
                "verbose_name": "co-proposer invitation",
                "verbose_name_plural": "co-proposer invitations",
                "ordering": ["created_at", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("pilot", "email"), name="co_proposer_invited_once_per_pilot"
                    )
                ],
            },
        ),
    ]
