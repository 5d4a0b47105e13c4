"""A staff member's job title in Finnish, Swedish and English, for decisions in all three.

The one title kept so far was written in the staff member's own language, so it moves there.
"""

from django.db import migrations, models

LANGUAGES = ("fi", "sv", "en")


def move_title_to_its_language(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(job_title=""):
        language = user.language if user.language in LANGUAGES else "fi"
        setattr(user, f"job_title_{language}", user.job_title)
        user.save(update_fields=[f"job_title_{language}"])


def keep_one_title(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.all():
        user.job_title = user.job_title_fi or user.job_title_sv or user.job_title_en
        user.save(update_fields=["job_title"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_job_title"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="job_title_fi",
            field=models.CharField(
                blank=True,
                help_text="Staff only: shown with the name on the decisions they make.",
                max_length=200,
                verbose_name="job title in Finnish",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="job_title_sv",
            field=models.CharField(blank=True, max_length=200, verbose_name="job title in Swedish"),
        ),
        migrations.AddField(
            model_name="user",
            name="job_title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="job title in English"),
        ),
        migrations.RunPython(move_title_to_its_language, keep_one_title),
        migrations.RemoveField(model_name="user", name="job_title"),
    ]
