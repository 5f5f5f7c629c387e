from django.db import migrations

from score_mis.bilingual_migration import move_into_languages


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0009_english_and_chinese_text_columns"),
    ]

    operations = [
        move_into_languages(
            "partners",
            {
                "city": {"name": "name_zh", "province": "province_zh"},
                "partner": {"name": "name_zh"},
                "agreement": {"title": None, "scope": None},
                "periodlock": {"reason": None},
            },
        ),
    ]
