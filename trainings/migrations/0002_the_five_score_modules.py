from django.db import migrations

SCORE_MODULES = [
    (
        1,
        "Workplace Cooperation: A Foundation for Business Success",
        "工作场所合作：企业成功的基础",
        "Workplace cooperation",
        "工作场所合作",
    ),
    (2, "Quality: Managing Continuous Improvement", "质量：持续改进管理", "Quality management", "质量管理"),
    (3, "Productivity Through Cleaner Production", "通过清洁生产提高生产率", "Cleaner production", "清洁生产"),
    (
        4,
        "Workforce Management for Cooperation and Business Success",
        "促进合作与企业成功的人力资源管理",
        "Workforce (HR) management",
        "人力资源管理",
    ),
    (
        5,
        "Safety & Health at Work: A Platform for Productivity",
        "职业安全与健康：提高生产率的平台",
        "OSH",
        "职业安全健康",
    ),
]


def create_modules(apps, schema_editor):
    Module = apps.get_model("trainings", "Module")
    for number, title, title_zh, label, label_zh in SCORE_MODULES:
        Module.objects.update_or_create(
            number=number,
            defaults={"title": title, "title_zh": title_zh, "short_label": label, "short_label_zh": label_zh},
        )


class Migration(migrations.Migration):
    dependencies = [("trainings", "0001_initial")]

    operations = [migrations.RunPython(create_modules, migrations.RunPython.noop)]
