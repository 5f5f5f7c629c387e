"""Each text moves to its language's column (as in trainings 0010): `title_zh` to `title_zh_hans`, the old single
fields to `<field>_en`, or to `<field>_zh_hans` when they are Chinese. The old `title_zh` column goes in 0009."""

import functools
import importlib

from django.db import migrations

moving = importlib.import_module("trainings.migrations.0010_text_moves_to_its_language")

TEXTS = {
    "Improvement": (("title", "title_zh"), ("description", None), ("saving_calculation", None)),
    "ReviewStep": (("comment", None),),
    "Photo": (("caption", None),),
}


class Migration(migrations.Migration):
    dependencies = [
        ("improvements", "0007_text_in_english_and_chinese"),
        ("trainings", "0010_text_moves_to_its_language"),
    ]

    operations = [
        migrations.RunPython(
            functools.partial(moving.move_texts, texts=TEXTS, app="improvements"),
            functools.partial(moving.move_back, texts=TEXTS, app="improvements"),
        ),
    ]
