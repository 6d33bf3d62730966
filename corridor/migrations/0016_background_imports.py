"""Background imports: ``ImportJob``, one step of a large import run by the task worker."""

import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("corridor", "0015_search_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportJob",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("model_name", models.CharField(max_length=50, verbose_name="content")),
                (
                    "step",
                    models.CharField(
                        choices=[("check", "check"), ("import", "import")],
                        max_length=10,
                        verbose_name="step",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("queued", "waiting"),
                            ("running", "running"),
                            ("done", "finished"),
                            ("failed", "failed"),
                            ("cancelled", "cancelled"),
                        ],
                        default="queued",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                (
                    "phase",
                    models.CharField(
                        choices=[
                            ("reading", "reading the file"),
                            ("checking", "checking rows"),
                            ("importing", "importing rows"),
                            ("undoing", "putting back what was imported"),
                        ],
                        default="reading",
                        max_length=10,
                        verbose_name="phase",
                    ),
                ),
                ("file_name", models.CharField(blank=True, max_length=255, verbose_name="file")),
                ("file_format", models.CharField(blank=True, editable=False, max_length=10)),
                ("path", models.CharField(editable=False, max_length=255)),
                ("token", models.TextField(editable=False)),
                ("skip_invalid", models.BooleanField(default=False, editable=False)),
                ("language", models.CharField(blank=True, editable=False, max_length=10)),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="queued at"
                    ),
                ),
                (
                    "started_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="started at"),
                ),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished at"),
                ),
                ("rows_total", models.PositiveIntegerField(default=0)),
                ("rows_done", models.PositiveIntegerField(default=0)),
                ("cancel_requested", models.BooleanField(default=False)),
                ("task_id", models.CharField(blank=True, editable=False, max_length=64)),
                (
                    "report",
                    models.JSONField(
                        default=dict,
                        editable=False,
                        encoder=django.core.serializers.json.DjangoJSONEncoder,
                    ),
                ),
                (
                    "batch",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="jobs",
                        to="corridor.importbatch",
                        verbose_name="import batch",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="queued by",
                    ),
                ),
            ],
            options={
                "verbose_name": "background import",
                "verbose_name_plural": "background imports",
                "ordering": ("-created_at",),
                "default_permissions": (),
                "indexes": [
                    models.Index(
                        fields=["state", "created_at"], name="corridor_im_state_1e2dd4_idx"
                    )
                ],
            },
        ),
    ]
