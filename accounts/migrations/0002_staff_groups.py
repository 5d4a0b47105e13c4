"""Create the staff roles as Wagtail groups with what their work needs on day one.

Area directors and Finance get into the admin; Coordinators also edit and publish every page
(stories, legal pages), translate pages, manage images and documents and the footer's legal links.
Later migrations add the permissions of the features that come after.
"""

from django.db import migrations

from kernel.migration_utils import create_all_permissions

ROLES = ("Area directors", "Coordinators", "Finance")
COORDINATOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
COORDINATOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
COORDINATOR_MODEL_PERMISSIONS = (
    ("simple_translation", "submit_translation"),
    ("home", "change_legalpages"),
)


def create_staff_groups(apps, schema_editor):
    create_all_permissions(apps)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    groups = {}
    for name in ROLES:
        groups[name], _created = Group.objects.get_or_create(name=name)
        groups[name].permissions.add(access_admin)

    coordinators = groups["Coordinators"]
    for app_label, codename in COORDINATOR_MODEL_PERMISSIONS:
        coordinators.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    root_page = Page.objects.get(depth=1)
    for codename in COORDINATOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=coordinators,
            page=root_page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    root_collection = Collection.objects.get(depth=1)
    for app_label, codename in COORDINATOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=coordinators,
            collection=root_collection,
            permission=Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            ),
        )


def remove_staff_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("home", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_staff_groups, remove_staff_groups)]
