"""Finance no longer holds grants' model permission `view_grant`.

pilots' 0002 gave it to the role when the admin read grants through Django's model permissions.
Since then grants and SEPA files are read through their registered policy (grants/apps.py,
kernel.admin_readonly.ReadOnlyPolicy), which admits the Finance role (grants.permissions
.may_see_grants) and never asks for a model permission, so the row only misled whoever read
the group's permissions in the admin.
"""

from django.db import migrations

from kernel.migration_utils import create_all_permissions


def finance_permission(apps):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    finance = Group.objects.filter(name="Finance").first()
    view_grant = Permission.objects.get(content_type__app_label="grants", codename="view_grant")
    return finance, view_grant


def remove(apps, schema_editor):
    finance, view_grant = finance_permission(apps)
    if finance:
        finance.permissions.remove(view_grant)


def restore(apps, schema_editor):
    finance, view_grant = finance_permission(apps)
    if finance:
        finance.permissions.add(view_grant)


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0007_lifecycle_audit_runs"),
        ("pilots", "0002_reference_data_and_staff_permissions"),
    ]

    operations = [migrations.RunPython(remove, restore)]
