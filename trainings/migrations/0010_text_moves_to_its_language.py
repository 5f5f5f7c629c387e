"""Each text moves to its language's column: a Chinese version (`title_zh`, `name_zh`, …) to `<field>_zh_hans`, the
text of the old single field to `<field>_en`, or to `<field>_zh_hans` when it is Chinese (it holds a Chinese
character) and no Chinese version was kept beside it. Nothing is dropped: a Chinese text beside a Chinese
version that differs from it stays in `_en`, to be sorted out by hand. The old `_zh` columns go in 0011."""

import re

from django.db import migrations

CHINESE_CHARACTER = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# model: ((field, its old Chinese version or None), …)
TEXTS = {
    "Module": (("title", "title_zh"), ("short_label", "short_label_zh")),
    "Trainer": (("name", "name_zh"),),
    "TrainingRound": (("title", None), ("description", None)),
    "Activity": (("notes", None),),
    "Event": (("title", "title_zh"), ("description", None)),
}


def split_by_language(text, chinese):
    """(English, Chinese) of a text and its Chinese version."""
    text, chinese = text or "", chinese or ""
    if CHINESE_CHARACTER.search(text) and (not chinese or chinese == text):
        return "", text
    return text, chinese


def move_texts(apps, schema_editor, texts=TEXTS, app="trainings"):
    for model_name, fields in texts.items():
        model = apps.get_model(app, model_name)
        names = [name for field, chinese in fields for name in (field, chinese) if name]
        for pk, *values in model.objects.values_list("pk", *names).iterator():
            row, changes = dict(zip(names, values, strict=True)), {}
            for field, chinese in fields:
                english, in_chinese = split_by_language(row[field], row[chinese] if chinese else "")
                changes.update({f"{field}_en": english, f"{field}_zh_hans": in_chinese})
            model.objects.filter(pk=pk).update(**changes)


def move_back(apps, schema_editor, texts=TEXTS, app="trainings"):
    for model_name, fields in texts.items():
        model = apps.get_model(app, model_name)
        names = [f"{field}_{language}" for field, _chinese in fields for language in ("en", "zh_hans")]
        for pk, *values in model.objects.values_list("pk", *names).iterator():
            row, changes = dict(zip(names, values, strict=True)), {}
            for field, chinese in fields:
                english, in_chinese = row[f"{field}_en"] or "", row[f"{field}_zh_hans"] or ""
                changes[field] = english or in_chinese
                if chinese:
                    changes[chinese] = in_chinese
            model.objects.filter(pk=pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0009_text_in_english_and_chinese"),
    ]

    operations = [
        migrations.RunPython(move_texts, move_back),
    ]
