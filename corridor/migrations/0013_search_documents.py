"""Each searched item's search document (``corridor.text.search_document``), filled for the
items there are, and on PostgreSQL a GIN index over each document as ``corridor.search``
reads it: ``to_tsvector('simple', search_document)``.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models
from django.utils.html import strip_tags

from corridor.text import search_document

SEARCHED = {
    "City": (("name_en", "name_zh_hans"), ("summary_en", "summary_zh_hans")),
    "Industry": (("name_en", "name_zh_hans"), ()),
    "Park": (("name_en", "name_zh_hans"), ("summary_en", "summary_zh_hans")),
    "Enclave": (("name_en", "name_zh_hans"), ("summary_en", "summary_zh_hans")),
    "Enterprise": (
        ("name_en", "name_zh_hans"),
        ("summary_en", "summary_zh_hans", "highlights_en", "highlights_zh_hans"),
    ),
    "Fund": (
        ("name_en", "name_zh_hans"),
        ("summary_en", "summary_zh_hans", "manager_en", "manager_zh_hans"),
    ),
    "NewsItem": (
        ("title_en", "title_zh_hans"),
        ("standfirst_en", "standfirst_zh_hans", "body_en", "body_zh_hans"),
    ),
}


def index_for(model_name):
    return GinIndex(
        SearchVector("search_document", config="simple"),
        name=f"{model_name.lower()[:12]}_document_idx",
    )


def fill(apps, schema_editor):
    for model_name, (names, texts) in SEARCHED.items():
        model = apps.get_model("corridor", model_name)
        changed = []
        for item in model._base_manager.only("pk", *names, *texts).iterator(chunk_size=2000):
            item.search_document = search_document(
                [getattr(item, name) or "" for name in names],
                [strip_tags(getattr(item, name) or "") for name in texts],
            )
            changed.append(item)
            if len(changed) == 2000:
                model._base_manager.bulk_update(changed, ["search_document"])
                changed = []
        model._base_manager.bulk_update(changed, ["search_document"])


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name in SEARCHED:
        schema_editor.add_index(apps.get_model("corridor", model_name), index_for(model_name))


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name in SEARCHED:
        schema_editor.remove_index(apps.get_model("corridor", model_name), index_for(model_name))


class Migration(migrations.Migration):

    dependencies = [
        ('corridor', '0012_old_chinese_fields_removed'),
    ]

    operations = [
        migrations.AddField(
            model_name='city',
            name='search_document',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='search document'),
        ),
        migrations.AddField(
            model_name='enclave',
            name='search_document',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='search document'),
        ),
        migrations.AddField(
            model_name='enterprise',
            name='search_document',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='search document'),
        ),
        migrations.AddField(
            model_name='fund',
            name='search_document',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='search document'),
        ),
        migrations.AddField(
            model_name='industry',
            name='search_document',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='search document'),
        ),
        migrations.AddField(
            model_name='newsitem',
            name='search_document',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='search document'),
        ),
        migrations.AddField(
            model_name='park',
            name='search_document',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='search document'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(add_indexes, remove_indexes),
    ]
