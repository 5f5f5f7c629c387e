from django.db import migrations, models

from score_mis.postgres import trigram_indexes

# The trigram index of 0004 on the plain name column, which searches no longer use.
PLAIN_NAME_INDEX = trigram_indexes(("enterprise_name_trgm", "enterprises_enterprise", "name"))[1]


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0009_texts_into_english_and_chinese"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="enterprise",
            name="enterprise_name_unique_per_city",
        ),
        migrations.RemoveField(
            model_name="enterprise",
            name="name_zh",
        ),
        migrations.RemoveField(
            model_name="historicalenterprise",
            name="name_zh",
        ),
        migrations.RemoveField(
            model_name="historicalindicator",
            name="name_zh",
        ),
        migrations.RemoveField(
            model_name="indicator",
            name="name_zh",
        ),
        migrations.AddConstraint(
            model_name="enterprise",
            constraint=models.UniqueConstraint(
                condition=models.Q(("name_en__gt", "")),
                fields=("name_en", "city"),
                name="enterprise_name_en_unique",
                violation_error_message="This name cannot be used in this city. Ask ILO staff to resolve it.",
            ),
        ),
        migrations.AddConstraint(
            model_name="enterprise",
            constraint=models.UniqueConstraint(
                condition=models.Q(("name_zh_hans__gt", "")),
                fields=("name_zh_hans", "city"),
                name="enterprise_name_zh_hans_unique",
                violation_error_message="This name cannot be used in this city. Ask ILO staff to resolve it.",
            ),
        ),
        migrations.AddConstraint(
            model_name="enterprise",
            constraint=models.CheckConstraint(
                condition=models.Q(("name_en__gt", ""), ("name_zh_hans__gt", ""), _connector="OR"),
                name="enterprise_has_name",
                violation_error_message="An enterprise needs a name.",
            ),
        ),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=models.Q(("name_en__gt", ""), ("name_zh_hans__gt", ""), _connector="OR"),
                name="indicator_has_name",
                violation_error_message="An indicator needs a name.",
            ),
        ),
        # The enterprise list's "Name contains" search (EnterpriseQuerySet.search) and the admin's search look in
        # the language columns now; the pg_trgm extension, the first operation of trigram_indexes, exists since 0004.
        *trigram_indexes(
            ("enterprise_name_en_trgm", "enterprises_enterprise", "name_en"),
            ("enterprise_name_zh_hans_trgm", "enterprises_enterprise", "name_zh_hans"),
        )[1:],
        migrations.RunPython(PLAIN_NAME_INDEX.reverse_code, PLAIN_NAME_INDEX.code),
    ]
