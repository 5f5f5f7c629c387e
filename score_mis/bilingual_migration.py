"""The data migration that moves text kept in one field (or in a `name`/`name_zh` pair) into its English and Chinese
columns (`<field>_en`, `<field>_zh_hans`), for the records and their history. Reversible."""

import re

from django.db import migrations

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
BATCH = 500


def _split(text, chinese):
    """(English, Chinese) of a text and, if it had one, its separate Chinese text: a text written in Chinese
    characters with no separate Chinese goes to the Chinese column."""
    text, chinese = text or "", chinese or ""
    if not chinese and HAN.search(text):
        return None, text
    return text or None, chinese or None


def move_into_languages(app_label, fields):
    """A RunPython operation: `fields` maps each model name to its text fields, each to the name of its old separate
    Chinese field or None."""

    def models(apps, model_name):
        return [apps.get_model(app_label, model_name), apps.get_model(app_label, f"historical{model_name}")]

    def forward(apps, schema_editor):
        for model_name, texts in fields.items():
            for model in models(apps, model_name):
                changed = []
                for row in model.objects.iterator(chunk_size=BATCH):
                    for name, chinese_name in texts.items():
                        english, chinese = _split(
                            getattr(row, name), getattr(row, chinese_name) if chinese_name else ""
                        )
                        setattr(row, f"{name}_en", english)
                        setattr(row, f"{name}_zh_hans", chinese)
                    changed.append(row)
                _update(model, changed, [f"{name}_{code}" for name in texts for code in ("en", "zh_hans")])

    def backward(apps, schema_editor):
        for model_name, texts in fields.items():
            for model in models(apps, model_name):
                changed = []
                for row in model.objects.iterator(chunk_size=BATCH):
                    for name, chinese_name in texts.items():
                        english, chinese = getattr(row, f"{name}_en") or "", getattr(row, f"{name}_zh_hans") or ""
                        setattr(row, name, english or chinese)
                        if chinese_name:
                            setattr(row, chinese_name, chinese)
                    changed.append(row)
                names = [*texts, *(chinese_name for chinese_name in texts.values() if chinese_name)]
                _update(model, changed, names)

    return migrations.RunPython(forward, backward)


def _update(model, rows, names):
    if rows:
        model.objects.bulk_update(rows, names, batch_size=BATCH)
