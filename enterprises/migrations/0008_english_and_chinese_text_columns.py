from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0007_casual_worker_indicators"),
        ("partners", "0011_remove_separate_chinese_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="enterprise",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="enterprise",
            name="name_zh_hans",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalenterprise",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalenterprise",
            name="name_zh_hans",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalindicator",
            name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="historicalindicator",
            name="description_zh_hans",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="historicalindicator",
            name="name_en",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalindicator",
            name="name_zh_hans",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalindicator",
            name="unit_en",
            field=models.CharField(blank=True, max_length=30, null=True, verbose_name="unit"),
        ),
        migrations.AddField(
            model_name="historicalindicator",
            name="unit_zh_hans",
            field=models.CharField(blank=True, max_length=30, null=True, verbose_name="unit"),
        ),
        migrations.AddField(
            model_name="historicalmeasurement",
            name="note_en",
            field=models.CharField(blank=True, max_length=255, null=True, verbose_name="note"),
        ),
        migrations.AddField(
            model_name="historicalmeasurement",
            name="note_zh_hans",
            field=models.CharField(blank=True, max_length=255, null=True, verbose_name="note"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="description_zh_hans",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="name_en",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="name_zh_hans",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="unit_en",
            field=models.CharField(blank=True, max_length=30, null=True, verbose_name="unit"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="unit_zh_hans",
            field=models.CharField(blank=True, max_length=30, null=True, verbose_name="unit"),
        ),
        migrations.AddField(
            model_name="measurement",
            name="note_en",
            field=models.CharField(blank=True, max_length=255, null=True, verbose_name="note"),
        ),
        migrations.AddField(
            model_name="measurement",
            name="note_zh_hans",
            field=models.CharField(blank=True, max_length=255, null=True, verbose_name="note"),
        ),
        migrations.AlterField(
            model_name="enterprise",
            name="name",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="historicalenterprise",
            name="name",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="historicalindicator",
            name="name",
            field=models.CharField(blank=True, max_length=120, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="indicator",
            name="name",
            field=models.CharField(blank=True, max_length=120, verbose_name="name"),
        ),
    ]
