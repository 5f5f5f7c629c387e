from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0008_quality_settings_period_locks_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="scope_en",
            field=models.TextField(blank=True, null=True, verbose_name="scope"),
        ),
        migrations.AddField(
            model_name="agreement",
            name="scope_zh_hans",
            field=models.TextField(blank=True, null=True, verbose_name="scope"),
        ),
        migrations.AddField(
            model_name="agreement",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="agreement",
            name="title_zh_hans",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="city",
            name="name_en",
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="city",
            name="name_zh_hans",
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="city",
            name="province_en",
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name="province"),
        ),
        migrations.AddField(
            model_name="city",
            name="province_zh_hans",
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name="province"),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="scope_en",
            field=models.TextField(blank=True, null=True, verbose_name="scope"),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="scope_zh_hans",
            field=models.TextField(blank=True, null=True, verbose_name="scope"),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="title_zh_hans",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="historicalcity",
            name="name_en",
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalcity",
            name="name_zh_hans",
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalcity",
            name="province_en",
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name="province"),
        ),
        migrations.AddField(
            model_name="historicalcity",
            name="province_zh_hans",
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name="province"),
        ),
        migrations.AddField(
            model_name="historicalpartner",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalpartner",
            name="name_zh_hans",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalperiodlock",
            name="reason_en",
            field=models.CharField(
                blank=True,
                help_text="For example: reported to the committee.",
                max_length=200,
                null=True,
                verbose_name="reason",
            ),
        ),
        migrations.AddField(
            model_name="historicalperiodlock",
            name="reason_zh_hans",
            field=models.CharField(
                blank=True,
                help_text="For example: reported to the committee.",
                max_length=200,
                null=True,
                verbose_name="reason",
            ),
        ),
        migrations.AddField(
            model_name="partner",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="partner",
            name="name_zh_hans",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="periodlock",
            name="reason_en",
            field=models.CharField(
                blank=True,
                help_text="For example: reported to the committee.",
                max_length=200,
                null=True,
                verbose_name="reason",
            ),
        ),
        migrations.AddField(
            model_name="periodlock",
            name="reason_zh_hans",
            field=models.CharField(
                blank=True,
                help_text="For example: reported to the committee.",
                max_length=200,
                null=True,
                verbose_name="reason",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="title",
            field=models.CharField(blank=True, max_length=200, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="city",
            name="name",
            field=models.CharField(blank=True, max_length=100, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="historicalagreement",
            name="title",
            field=models.CharField(blank=True, max_length=200, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="historicalcity",
            name="name",
            field=models.CharField(blank=True, max_length=100, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="historicalpartner",
            name="name",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="historicalperiodlock",
            name="reason",
            field=models.CharField(
                blank=True, help_text="For example: reported to the committee.", max_length=200, verbose_name="reason"
            ),
        ),
        migrations.AlterField(
            model_name="partner",
            name="name",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="periodlock",
            name="reason",
            field=models.CharField(
                blank=True, help_text="For example: reported to the committee.", max_length=200, verbose_name="reason"
            ),
        ),
    ]
