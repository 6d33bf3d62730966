"""Indexes behind the lists' orderings and filters, and the featured items.

The directory's orderings each end in the primary key and read an index in their own order:
by lower-case name, by year founded (oldest first here; newest first, with the unknown years
last, on PostgreSQL only, as SQLite cannot index NULLS LAST), by time added. The publish
window is indexed from both ends, as the page cache asks when the next scheduled change is.
"""

from django.db import migrations, models
from django.db.models.functions import Lower

NEWEST_FOUNDED = "enterprise_founded_desc_idx"


def newest_founded_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NEWEST_FOUNDED} ON corridor_enterprise "
            "(founded_year DESC NULLS LAST, id DESC)"
        )


def oldest_founded_index_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NEWEST_FOUNDED}")


class Migration(migrations.Migration):
    dependencies = [
        ("corridor", "0013_search_documents"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="enterprise",
            name="enterprise_founded_idx",
        ),
        migrations.RemoveIndex(
            model_name="enterprise",
            name="enterprise_newest_idx",
        ),
        migrations.AddIndex(
            model_name="enclave",
            index=models.Index(fields=["status", "unpublish_at"], name="enclave_unpub_idx"),
        ),
        migrations.AddIndex(
            model_name="enclave",
            index=models.Index(
                condition=models.Q(("is_featured", True)),
                fields=["status", "publish_at"],
                name="enclave_featured_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="enclave",
            index=models.Index(Lower("name"), models.F("id"), name="enclave_name_idx"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["status", "unpublish_at"], name="enterprise_unpub_idx"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(
                condition=models.Q(("is_featured", True)),
                fields=["status", "publish_at"],
                name="enterprise_featured_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(Lower("name"), models.F("id"), name="enterprise_name_idx"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["founded_year", "id"], name="enterprise_founded_idx"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["-created_at", "-id"], name="enterprise_newest_idx"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["stock_code"], name="enterprise_stock_idx"),
        ),
        migrations.AddIndex(
            model_name="fund",
            index=models.Index(fields=["status", "unpublish_at"], name="fund_unpub_idx"),
        ),
        migrations.AddIndex(
            model_name="fund",
            index=models.Index(
                condition=models.Q(("is_featured", True)),
                fields=["status", "publish_at"],
                name="fund_featured_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="fund",
            index=models.Index(Lower("name"), models.F("id"), name="fund_name_idx"),
        ),
        migrations.AddIndex(
            model_name="indicator",
            index=models.Index(fields=["status", "unpublish_at"], name="indicator_unpub_idx"),
        ),
        migrations.AddIndex(
            model_name="milestone",
            index=models.Index(fields=["status", "unpublish_at"], name="milestone_unpub_idx"),
        ),
        migrations.AddIndex(
            model_name="newsitem",
            index=models.Index(fields=["status", "unpublish_at"], name="news_unpub_idx"),
        ),
        migrations.AddIndex(
            model_name="newsitem",
            index=models.Index(
                condition=models.Q(("is_featured", True)),
                fields=["status", "publish_at"],
                name="news_featured_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="park",
            index=models.Index(fields=["status", "unpublish_at"], name="park_unpub_idx"),
        ),
        migrations.AddIndex(
            model_name="park",
            index=models.Index(Lower("name"), models.F("id"), name="park_name_idx"),
        ),
        migrations.RunPython(newest_founded_index, oldest_founded_index_only, elidable=False),
    ]
