"""Each text's existing value becomes its English value, and the old Chinese fields
(``name_zh``, ``title_zh``, ``label_zh``) become the Chinese value of the translated field, in
the items and in their history; other Chinese texts start blank (never NULL). Slugs are not
touched.
"""

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

# The full-text indexes of 0002 read the old columns; 0013 indexes the search documents.
OLD_INDEXES = ("enterprise", "newsitem", "city", "park", "enclave", "fund")


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


def drop_old_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in OLD_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}_search_idx")


class Migration(migrations.Migration):
    dependencies = [("corridor", "0010_texts_in_both_languages")]

    operations = [
        migrations.RunPython(move_texts, move_back),
        migrations.RunPython(drop_old_indexes, migrations.RunPython.noop),
    ]
