"""Improvement categories become reference data ILO staff keep: a table holding the six categories (their codes,
English and Chinese names), and improvements keep the code in their `category` column, now a key into it."""

import concurrency.fields
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

CATEGORIES = [
    ("cooperation", "Workplace cooperation", "工作场所合作"),
    ("quality", "Quality", "质量"),
    ("cleaner_production", "Cleaner production", "清洁生产"),
    ("workforce", "Workforce management", "人力资源管理"),
    ("osh", "Occupational safety and health", "职业安全健康"),
    ("gender", "Gender", "性别"),
]


def create_categories(apps, schema_editor):
    ImprovementCategory = apps.get_model("improvements", "ImprovementCategory")
    for sort_order, (code, english, chinese) in enumerate(CATEGORIES, start=1):
        ImprovementCategory.objects.update_or_create(
            code=code, defaults={"name_en": english, "name_zh_hans": chinese, "sort_order": sort_order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("improvements", "0009_old_chinese_columns_go"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalImprovementCategory",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created at")),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="last changed at")),
                ("version", concurrency.fields.AutoIncVersionField(default=0, help_text="record revision number")),
                ("code", models.SlugField(max_length=20, verbose_name="code")),
                ("name", models.CharField(blank=True, max_length=100, verbose_name="name")),
                ("name_en", models.CharField(blank=True, max_length=100, null=True, verbose_name="name")),
                ("name_zh_hans", models.CharField(blank=True, max_length=100, null=True, verbose_name="name")),
                ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="sort order")),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Only active categories are offered for new improvements.",
                        verbose_name="active",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="last changed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical improvement category",
                "verbose_name_plural": "historical improvement categories",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ImprovementCategory",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed at")),
                ("version", concurrency.fields.AutoIncVersionField(default=0, help_text="record revision number")),
                ("code", models.SlugField(max_length=20, unique=True, verbose_name="code")),
                ("name", models.CharField(blank=True, max_length=100, verbose_name="name")),
                ("name_en", models.CharField(blank=True, max_length=100, null=True, verbose_name="name")),
                ("name_zh_hans", models.CharField(blank=True, max_length=100, null=True, verbose_name="name")),
                ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="sort order")),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Only active categories are offered for new improvements.",
                        verbose_name="active",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="last changed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "improvement category",
                "verbose_name_plural": "improvement categories",
                "ordering": ["sort_order", "code"],
            },
        ),
        migrations.AddConstraint(
            model_name="improvementcategory",
            constraint=models.CheckConstraint(
                condition=models.Q(("name_en__gt", ""), ("name_zh_hans__gt", ""), _connector="OR"),
                name="improvement_category_has_name",
                violation_error_message="An improvement category needs a name.",
            ),
        ),
        migrations.AddConstraint(
            model_name="improvementcategory",
            constraint=models.UniqueConstraint(
                condition=models.Q(("name_en__gt", "")),
                fields=("name_en",),
                name="improvement_category_name_en",
                violation_error_message="Another improvement category has this name.",
            ),
        ),
        migrations.AddConstraint(
            model_name="improvementcategory",
            constraint=models.UniqueConstraint(
                condition=models.Q(("name_zh_hans__gt", "")),
                fields=("name_zh_hans",),
                name="improvement_category_name_zh_hans",
                violation_error_message="Another improvement category has this name.",
            ),
        ),
        migrations.RunPython(create_categories, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="historicalimprovement",
            name="category",
            field=models.ForeignKey(
                blank=True,
                db_column="category",
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="improvements.improvementcategory",
                to_field="code",
                verbose_name="category",
            ),
        ),
        migrations.AlterField(
            model_name="improvement",
            name="category",
            field=models.ForeignKey(
                db_column="category",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="improvements",
                to="improvements.improvementcategory",
                to_field="code",
                verbose_name="category",
            ),
        ),
    ]
