from django.db import migrations

# The Chinese of the units the standard indicators (0002) have in English.
UNITS = {
    "persons": "人",
    "jobs": "个",
    "%": "%",
    "%/month": "%/月",
    "kWh": "千瓦时",
    "kg": "千克",
    "RMB/year": "元/年",
    "accidents": "起",
    "suggestions": "条",
}


def name_units_in_chinese(apps, schema_editor):
    Indicator = apps.get_model("enterprises", "Indicator")
    for english, chinese in UNITS.items():
        Indicator.objects.filter(unit_en=english, unit_zh_hans__isnull=True).update(unit_zh_hans=chinese)
        Indicator.objects.filter(unit_en=english, unit_zh_hans="").update(unit_zh_hans=chinese)


def forget_chinese_units(apps, schema_editor):
    Indicator = apps.get_model("enterprises", "Indicator")
    for english, chinese in UNITS.items():
        Indicator.objects.filter(unit_en=english, unit_zh_hans=chinese).update(unit_zh_hans=None)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0010_remove_separate_chinese_names")]

    operations = [migrations.RunPython(name_units_in_chinese, forget_chinese_units)]
