from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0010_texts_into_english_and_chinese"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="city",
            name="name_zh",
        ),
        migrations.RemoveField(
            model_name="city",
            name="province_zh",
        ),
        migrations.RemoveField(
            model_name="historicalcity",
            name="name_zh",
        ),
        migrations.RemoveField(
            model_name="historicalcity",
            name="province_zh",
        ),
        migrations.RemoveField(
            model_name="historicalpartner",
            name="name_zh",
        ),
        migrations.RemoveField(
            model_name="partner",
            name="name_zh",
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(("title_en__gt", ""), ("title_zh_hans__gt", ""), _connector="OR"),
                name="agreement_has_title",
                violation_error_message="An agreement needs a title.",
            ),
        ),
        migrations.AddConstraint(
            model_name="city",
            constraint=models.CheckConstraint(
                condition=models.Q(("name_en__gt", ""), ("name_zh_hans__gt", ""), _connector="OR"),
                name="city_has_name",
                violation_error_message="A city needs a name.",
            ),
        ),
        migrations.AddConstraint(
            model_name="city",
            constraint=models.UniqueConstraint(
                condition=models.Q(("name_en__gt", "")),
                fields=("name_en",),
                name="city_name_en_unique",
                violation_error_message="Another city has this name.",
            ),
        ),
        migrations.AddConstraint(
            model_name="city",
            constraint=models.UniqueConstraint(
                condition=models.Q(("name_zh_hans__gt", "")),
                fields=("name_zh_hans",),
                name="city_name_zh_hans_unique",
                violation_error_message="Another city has this name.",
            ),
        ),
        migrations.AddConstraint(
            model_name="partner",
            constraint=models.CheckConstraint(
                condition=models.Q(("name_en__gt", ""), ("name_zh_hans__gt", ""), _connector="OR"),
                name="partner_has_name",
                violation_error_message="A partner needs a name.",
            ),
        ),
        migrations.AddConstraint(
            model_name="periodlock",
            constraint=models.CheckConstraint(
                condition=models.Q(("reason_en__gt", ""), ("reason_zh_hans__gt", ""), _connector="OR"),
                name="period_lock_has_reason",
                violation_error_message="A locked period needs a reason.",
            ),
        ),
    ]
