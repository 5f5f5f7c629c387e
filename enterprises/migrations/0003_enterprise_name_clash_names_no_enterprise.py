from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0002_standard_score_indicators")]

    operations = [
        migrations.AlterConstraint(
            model_name="enterprise",
            name="enterprise_name_unique_per_city",
            constraint=models.UniqueConstraint(
                fields=("name", "city"),
                name="enterprise_name_unique_per_city",
                violation_error_message="This name cannot be used in this city. Ask ILO staff to resolve it.",
            ),
        ),
    ]
