from django.db import migrations

# code, name, Chinese name, unit, better: SCORE's enterprise KPIs count casual workers apart from jobs.
CASUAL_WORKER_INDICATORS = [
    ("casual-workers-added", "Casual workers added", "新增临时工", "persons", "higher"),
    ("casual-workers-lost", "Casual workers lost", "减少临时工", "persons", "lower"),
]


def create_indicators(apps, schema_editor):
    Indicator = apps.get_model("enterprises", "Indicator")
    for code, name, name_zh, unit, better in CASUAL_WORKER_INDICATORS:
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_zh": name_zh,
                "unit": unit,
                "kind": "numeric",
                "better": better,
                "min_value": 0,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0006_indicator_valid_range")]

    operations = [migrations.RunPython(create_indicators, migrations.RunPython.noop)]
