"""Each text's existing value becomes its English value, and the old Chinese fields
(``name_zh``, ``title_zh``, ``label_zh``) become the Chinese value of the translated field, in
the items and in their history; other Chinese texts start blank (never NULL). Slugs are not
touched.

On PostgreSQL the full-text indexes are rebuilt over both languages' columns; the indexed
expression is the one ``corridor.search.search_vector`` builds.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import F, Value

TRANSLATED = {
    "City": ("name", "summary", "description", "image_alt"),
    "Industry": ("name", "summary"),
    "Park": ("name", "summary", "description", "image_alt"),
    "Enclave": ("name", "address", "summary", "description", "image_alt"),
    "Enterprise": ("name", "summary", "description", "highlights", "logo_alt"),
    "Fund": ("name", "manager", "summary", "description"),
    "FundInvestment": ("note",),
    "NewsItem": ("title", "standfirst", "body", "byline", "image_alt", "image_caption"),
    "Milestone": ("title", "summary"),
    "Indicator": ("label", "unit", "source_note"),
}
CHINESE = {"name_zh": "name_zh_hans", "title_zh": "title_zh_hans", "label_zh": "label_zh_hans"}

CONFIG = "english"
OLD_INDEXES = ("enterprise", "newsitem", "city", "park", "enclave", "fund")
INDEXED = {
    "Enterprise": (
        ("name_en", "name_zh_hans"),
        ("summary_en", "summary_zh_hans", "highlights_en", "highlights_zh_hans"),
    ),
    "NewsItem": (
        ("title_en", "title_zh_hans"),
        ("standfirst_en", "standfirst_zh_hans", "body_en", "body_zh_hans"),
    ),
    "City": (("name_en", "name_zh_hans"), ("summary_en", "summary_zh_hans")),
    "Park": (("name_en", "name_zh_hans"), ("summary_en", "summary_zh_hans")),
    "Enclave": (("name_en", "name_zh_hans"), ("summary_en", "summary_zh_hans")),
    "Fund": (("name_en", "name_zh_hans"), ("summary_en", "summary_zh_hans", "manager_en")),
}


def index_for(model_name, name_fields, text_fields):
    vector = SearchVector(*name_fields, weight="A", config=CONFIG) + SearchVector(
        *text_fields, weight="B", config=CONFIG
    )
    return GinIndex(vector, name=f"{model_name.lower()[:12]}_text_idx")


def move_texts(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        for name in (model_name, f"Historical{model_name}"):
            model = apps.get_model("corridor", name)
            own = {field.name for field in model._meta.get_fields()}
            values = {f"{field}_en": F(field) for field in fields}
            values.update({f"{field}_zh_hans": Value("") for field in fields})
            values.update({new: F(old) for old, new in CHINESE.items() if old in own})
            model._base_manager.update(**values)


def move_back(apps, schema_editor):
    for model_name in TRANSLATED:
        for name in (model_name, f"Historical{model_name}"):
            model = apps.get_model("corridor", name)
            own = {field.name for field in model._meta.get_fields()}
            values = {old: F(new) for old, new in CHINESE.items() if old in own}
            if values:
                model._base_manager.update(**values)


def rebuild_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in OLD_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}_search_idx")
    for model_name, (name_fields, text_fields) in INDEXED.items():
        model = apps.get_model("corridor", model_name)
        schema_editor.add_index(model, index_for(model_name, name_fields, text_fields))


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, (name_fields, text_fields) in INDEXED.items():
        model = apps.get_model("corridor", model_name)
        schema_editor.remove_index(model, index_for(model_name, name_fields, text_fields))


class Migration(migrations.Migration):
    dependencies = [("corridor", "0010_texts_in_both_languages")]

    operations = [
        migrations.RunPython(move_texts, move_back),
        migrations.RunPython(rebuild_indexes, drop_indexes),
    ]
