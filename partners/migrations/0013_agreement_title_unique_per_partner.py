"""An agreement's title is unique per partner, in each language: the same agreement saved twice lands on the first."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partners", "0012_number_repeated_agreement_titles")]

    operations = [
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.UniqueConstraint(
                condition=models.Q(("title_en__gt", "")),
                fields=("title_en", "partner"),
                name="agreement_title_en_unique",
                violation_error_message="This partner already has an agreement with this title.",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.UniqueConstraint(
                condition=models.Q(("title_zh_hans__gt", "")),
                fields=("title_zh_hans", "partner"),
                name="agreement_title_zh_hans_unique",
                violation_error_message="This partner already has an agreement with this title.",
            ),
        ),
    ]
