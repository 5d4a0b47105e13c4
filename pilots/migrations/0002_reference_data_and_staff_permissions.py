"""Load the 17 SDGs and a starter set of themes; give the staff roles the pilots' permissions.

Area directors and coordinators reach proposals through their role, not a model permission
(pilots.admin_permissions); coordinators manage areas, calls, budgets and themes; finance
sees grants.
"""

import csv
from pathlib import Path

from django.db import migrations

from kernel.migration_utils import create_all_permissions

SDG_CSV = Path(__file__).resolve().parents[1] / "data" / "sdg.csv"

THEMES = [
    ("community", "Yhteisöllisyys", "Gemenskap", "Community"),
    ("culture", "Kulttuuri", "Kultur", "Culture"),
    ("environment", "Ympäristö", "Miljö", "Environment"),
    ("mobility", "Liikkuminen", "Mobilitet", "Mobility"),
    ("children-youth", "Lapset ja nuoret", "Barn och unga", "Children and young people"),
    ("older-people", "Ikäihmiset", "Äldre", "Older people"),
    ("sport-wellbeing", "Liikunta ja hyvinvointi", "Motion och välbefinnande", "Sport and well-being"),
    ("safety", "Turvallisuus", "Trygghet", "Safety"),
]

PERMISSIONS = {
    "Coordinators": [
        *(
            ("pilots", f"{verb}_{model}")
            for model in ("area", "call", "areabudget", "theme")
            for verb in ("add", "change", "view")
        ),
    ],
    "Finance": [
        ("grants", "view_grant"),
    ],
}


def load(apps, schema_editor):
    SDG = apps.get_model("pilots", "SustainableDevelopmentGoal")
    with SDG_CSV.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            SDG.objects.update_or_create(
                code=row["code"],
                defaults={"name_en": row["en"], "name_fi": row["fi"], "name_sv": row["sv"]},
            )
    Theme = apps.get_model("pilots", "Theme")
    for slug, name_fi, name_sv, name_en in THEMES:
        Theme.objects.update_or_create(
            slug=slug, defaults={"name_fi": name_fi, "name_sv": name_sv, "name_en": name_en}
        )

    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, permissions in PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for app_label, codename in permissions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def unload(apps, schema_editor):
    apps.get_model("pilots", "SustainableDevelopmentGoal").objects.all().delete()
    apps.get_model("pilots", "Theme").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pilots", "0001_initial"),
        ("grants", "0001_initial"),
        ("accounts", "0003_user_job_title"),
    ]

    operations = [migrations.RunPython(load, unload)]
