from django.db import migrations

from score_mis.bilingual_migration import move_into_languages


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0008_english_and_chinese_text_columns"),
    ]

    operations = [
        move_into_languages(
            "enterprises",
            {
                "enterprise": {"name": "name_zh"},
                "indicator": {"name": "name_zh", "unit": None, "description": None},
                "measurement": {"note": None},
            },
        ),
    ]
