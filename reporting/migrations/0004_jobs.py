import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_the_three_programme_phases"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Job",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "waiting"),
                            ("running", "in progress"),
                            ("done", "ready"),
                            ("failed", "failed"),
                        ],
                        default="queued",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("params", models.JSONField(blank=True, default=dict, verbose_name="parameters")),
                ("language", models.CharField(max_length=10, verbose_name="language")),
                ("task_id", models.CharField(blank=True, max_length=64, verbose_name="task id")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="requested at")),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started at")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                ("result_file", models.FileField(blank=True, upload_to="jobs/%Y/%m/", verbose_name="result file")),
                ("result_name", models.CharField(blank=True, max_length=200, verbose_name="download name")),
                ("result_url", models.CharField(blank=True, max_length=300, verbose_name="result page")),
                ("expires_at", models.DateTimeField(blank=True, null=True, verbose_name="download expires at")),
                ("error", models.CharField(blank=True, max_length=500, verbose_name="error")),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="requested by",
                    ),
                ),
            ],
            options={
                "verbose_name": "background job",
                "verbose_name_plural": "background jobs",
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(fields=["requested_by", "-created_at"], name="job_user_created_idx"),
                    models.Index(
                        condition=models.Q(("expires_at__isnull", False)), fields=["expires_at"], name="job_expires_idx"
                    ),
                ],
            },
        ),
    ]
