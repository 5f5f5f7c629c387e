from django.db import migrations

GROUPS = ["ILO staff", "Partner coordinator"]


def grant_import_permission(apps, schema_editor):
    """The permission is made here: Django creates permissions only after all migrations have run."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="dataexchange", model="spreadsheetimport")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="import_records",
        defaults={"name": "Can import records from spreadsheets"},
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def withdraw_import_permission(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="dataexchange"))


class Migration(migrations.Migration):
    dependencies = [
        ("dataexchange", "0001_import_log_and_permission"),
        ("partners", "0002_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant_import_permission, withdraw_import_permission)]
