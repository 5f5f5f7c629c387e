from django.db import migrations

# code, name, Chinese name, unit, kind, better
STANDARD_INDICATORS = [
    ("employees", "Employees", "员工人数", "persons", "numeric", "neutral"),
    ("employees-female", "Female employees", "女性员工人数", "persons", "numeric", "neutral"),
    ("jobs-created", "Jobs created", "新增就业岗位", "jobs", "numeric", "higher"),
    ("jobs-lost", "Jobs lost", "减少就业岗位", "jobs", "numeric", "lower"),
    ("defect-rate", "Defect rate", "次品率", "%", "numeric", "lower"),
    ("absenteeism", "Absenteeism", "缺勤率", "%", "numeric", "lower"),
    ("labour-turnover", "Labour turnover", "员工流失率", "%/month", "numeric", "lower"),
    ("energy-use", "Energy use", "能源消耗", "kWh", "numeric", "lower"),
    ("waste", "Waste", "废弃物", "kg", "numeric", "lower"),
    ("cost-savings", "Cost savings", "成本节约", "RMB/year", "numeric", "higher"),
    ("accidents", "Accidents", "事故数", "accidents", "numeric", "lower"),
    ("suggestions-made", "Suggestions made", "员工建议数", "suggestions", "numeric", "higher"),
    ("suggestions-implemented", "Suggestions implemented", "已实施建议数", "suggestions", "numeric", "higher"),
    ("eit-members-female", "EIT members (female)", "改进团队女性成员", "persons", "numeric", "higher"),
    ("eit-members-male", "EIT members (male)", "改进团队男性成员", "persons", "numeric", "neutral"),
    ("osh-committee", "OSH committee exists", "设有职业安全健康委员会", "", "yes_no", "higher"),
    ("risk-assessment", "Risk assessment done", "已开展风险评估", "", "yes_no", "higher"),
]


def create_indicators(apps, schema_editor):
    Indicator = apps.get_model("enterprises", "Indicator")
    for code, name, name_zh, unit, kind, better in STANDARD_INDICATORS:
        Indicator.objects.update_or_create(
            code=code, defaults={"name": name, "name_zh": name_zh, "unit": unit, "kind": kind, "better": better}
        )


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]

    operations = [migrations.RunPython(create_indicators, migrations.RunPython.noop)]
