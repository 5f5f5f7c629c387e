from django.db import migrations

BATCH = 1000


def fill_from_enrolments(apps, schema_editor):
    """The partner running a round has each enterprise enrolled in it (enterprises' 0012 added the recruiters)."""
    Enrollment = apps.get_model("trainings", "Enrollment")
    EnterpriseAccess = apps.get_model("enterprises", "EnterpriseAccess")
    pairs = Enrollment.objects.values_list("round__partner_id", "enterprise_id").distinct().order_by()
    EnterpriseAccess.objects.bulk_create(
        (EnterpriseAccess(partner_id=partner_id, enterprise_id=pk) for partner_id, pk in pairs.iterator()),
        batch_size=BATCH,
        ignore_conflicts=True,  # a recruiter that also runs the enterprise's round
    )


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0013_enterprise_access"),
        ("trainings", "0011_old_chinese_columns_go"),
    ]

    operations = [
        migrations.RunPython(fill_from_enrolments, migrations.RunPython.noop),
    ]
