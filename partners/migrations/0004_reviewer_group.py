from django.db import migrations

REVIEWER = "Reviewer"


def create_reviewer_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=REVIEWER)


def delete_reviewer_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=REVIEWER).delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_user_preference")]

    operations = [migrations.RunPython(create_reviewer_group, delete_reviewer_group)]
