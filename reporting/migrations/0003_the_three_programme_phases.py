import datetime

from django.db import migrations

# code, English name, Chinese name, starts on, ends on
PHASES = [
    ("I", "Phase I (2009–2013)", "第一阶段（2009–2013年）", datetime.date(2009, 1, 1), datetime.date(2013, 6, 30)),
    ("II", "Phase II (2013–2017)", "第二阶段（2013–2017年）", datetime.date(2013, 7, 1), datetime.date(2017, 9, 30)),
    ("III", "Phase III (from 2017)", "第三阶段（2017年起）", datetime.date(2017, 10, 1), None),
]


def create_phases(apps, schema_editor):
    ProgrammePhase = apps.get_model("reporting", "ProgrammePhase")
    for code, name, name_zh, starts_on, ends_on in PHASES:
        ProgrammePhase.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name,
                "name_zh_hans": name_zh,
                "starts_on": starts_on,
                "ends_on": ends_on,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_results_framework")]

    operations = [migrations.RunPython(create_phases, migrations.RunPython.noop)]
