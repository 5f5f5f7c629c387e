import django.db.models.deletion
from django.db import migrations, models

BATCH = 1000


def fill_from_recruiters(apps, schema_editor):
    """Each enterprise's recruiter has it; trainings' migration adds the partners running its rounds."""
    Enterprise = apps.get_model("enterprises", "Enterprise")
    EnterpriseAccess = apps.get_model("enterprises", "EnterpriseAccess")
    pairs = Enterprise.objects.filter(recruited_by__isnull=False).values_list("recruited_by_id", "pk").order_by()
    EnterpriseAccess.objects.bulk_create(
        (EnterpriseAccess(partner_id=partner_id, enterprise_id=pk) for partner_id, pk in pairs.iterator()),
        batch_size=BATCH,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0012_measurement_series"),
        ("partners", "0011_remove_separate_chinese_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="EnterpriseAccess",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "enterprise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="access",
                        to="enterprises.enterprise",
                    ),
                ),
                (
                    "partner",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="partners.partner",
                    ),
                ),
            ],
            options={
                "verbose_name": "partner's access to an enterprise",
                "verbose_name_plural": "partners' access to enterprises",
                # The index of this constraint (partner, enterprise) serves every coordinator's scoped list, e.g.
                # the improvements list: improvement.enterprise_id IN (SELECT enterprise_id FROM
                # enterprises_enterpriseaccess WHERE partner_id IN (…)), an index-only scan per partner.
                "constraints": [
                    models.UniqueConstraint(fields=("partner", "enterprise"), name="enterprise_access_once")
                ],
            },
        ),
        migrations.RunPython(fill_from_recruiters, migrations.RunPython.noop),
    ]
