"""GIN indexes for full-text search on PostgreSQL; other databases search without them.

The indexed expression must be the one ``corridor.search.search_vector`` builds, so that
PostgreSQL uses the index. It is spelled out here so that this migration never changes.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "english"
INDEXED = {
    "Enterprise": (("name", "name_zh"), ("summary", "highlights")),
    "NewsItem": (("title",), ("standfirst", "body")),
    "City": (("name", "name_zh"), ("summary",)),
    "Park": (("name", "name_zh"), ("summary",)),
    "Enclave": (("name", "name_zh"), ("summary",)),
    "Fund": (("name", "name_zh"), ("summary", "manager")),
}


def index_for(model_name, name_fields, text_fields):
    vector = SearchVector(*name_fields, weight="A", config=CONFIG) + SearchVector(
        *text_fields, weight="B", config=CONFIG
    )
    return GinIndex(vector, name=f"{model_name.lower()[:12]}_search_idx")


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, (name_fields, text_fields) in INDEXED.items():
        model = apps.get_model("corridor", model_name)
        schema_editor.add_index(model, index_for(model_name, name_fields, text_fields))


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, (name_fields, text_fields) in INDEXED.items():
        model = apps.get_model("corridor", model_name)
        schema_editor.remove_index(model, index_for(model_name, name_fields, text_fields))


class Migration(migrations.Migration):
    dependencies = [("corridor", "0001_initial")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
