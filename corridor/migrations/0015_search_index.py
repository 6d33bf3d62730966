"""Each searched item's names document, and the full-text index each database keeps itself.

- ``search_names_document``: the tokens of the item's names alone (``corridor.text``), filled
  for the items there are.
- PostgreSQL: a stored generated column ``search_vector``, the names' tokens weighted A and the
  whole document's weighted B, with a GIN index. The database computes it on every write
  (``save()``, bulk writes, ``UPDATE``, ``COPY``). It replaces the expression indexes of 0013.
- SQLite: an FTS5 table ``<table>_fts`` per searched model, reading its content from the model's
  table, kept current by triggers on insert, update and delete, and built for the rows there are.

Each part does nothing on the other database. Django rebuilds an SQLite table (and drops its
triggers) when a later migration alters a column of it in a way SQLite cannot: such a migration
must run ``sqlite_index`` for that table again (``tests/test_search_index.py`` checks them).
"""

from django.db import migrations, models

from corridor.text import search_document

SEARCHED = {
    "City": ("name_en", "name_zh_hans"),
    "Industry": ("name_en", "name_zh_hans"),
    "Park": ("name_en", "name_zh_hans"),
    "Enclave": ("name_en", "name_zh_hans"),
    "Enterprise": ("name_en", "name_zh_hans"),
    "Fund": ("name_en", "name_zh_hans"),
    "NewsItem": ("title_en", "title_zh_hans"),
}


def fill(apps, schema_editor):
    for model_name, names in SEARCHED.items():
        model = apps.get_model("corridor", model_name)
        changed = []
        for item in model._base_manager.only("pk", *names).iterator(chunk_size=2000):
            item.search_names_document = search_document([getattr(item, n) or "" for n in names])
            changed.append(item)
            if len(changed) == 2000:
                model._base_manager.bulk_update(changed, ["search_names_document"])
                changed = []
        model._base_manager.bulk_update(changed, ["search_names_document"])


def tables(apps):
    return [apps.get_model("corridor", name)._meta.db_table for name in SEARCHED]


def old_index(model_name):
    return f"{model_name.lower()[:12]}_document_idx"


# --- PostgreSQL ---------------------------------------------------------------------------------

VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, search_names_document), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, search_document), 'B')"
)


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, table in zip(SEARCHED, tables(apps), strict=True):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{old_index(model_name)}"')
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN search_vector tsvector '
            f"GENERATED ALWAYS AS ({VECTOR}) STORED"
        )
        schema_editor.execute(
            f'CREATE INDEX "{table}_vector_idx" ON "{table}" USING gin (search_vector)'
        )


def remove_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, table in zip(SEARCHED, tables(apps), strict=True):
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS search_vector')
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{old_index(model_name)}" ON "{table}" '
            "USING gin (to_tsvector('simple'::regconfig, search_document))"
        )


# --- SQLite -------------------------------------------------------------------------------------

COLUMNS = "search_names_document, search_document"


def sqlite_index(table):
    """The statements that create ``table``'s FTS5 table and its triggers, and fill it."""
    fts = f"{table}_fts"
    insert = (
        f'INSERT INTO "{fts}"(rowid, {COLUMNS}) '
        "VALUES (new.id, new.search_names_document, new.search_document);"
    )
    delete = (
        f'INSERT INTO "{fts}"("{fts}", rowid, {COLUMNS}) '
        "VALUES ('delete', old.id, old.search_names_document, old.search_document);"
    )
    return [
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5({COLUMNS}, '
        f"content='{table}', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_insert" AFTER INSERT ON "{table}" BEGIN {insert} END',
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_delete" AFTER DELETE ON "{table}" BEGIN {delete} END',
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_update" AFTER UPDATE OF {COLUMNS} ON "{table}" '
        f"BEGIN {delete} {insert} END",
        f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')',
    ]


def add_fts_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in tables(apps):
        for statement in sqlite_index(table):
            schema_editor.execute(statement)


def remove_fts_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in tables(apps):
        for trigger in ("insert", "delete", "update"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_fts_{trigger}"')
        schema_editor.execute(f'DROP TABLE IF EXISTS "{table}_fts"')


def names_document_field():
    return models.TextField(
        blank=True, default="", editable=False, verbose_name="search document of the names"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("corridor", "0014_list_indexes"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=model_name.lower(),
                name="search_names_document",
                field=names_document_field(),
            )
            for model_name in SEARCHED
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(add_vectors, remove_vectors),
        migrations.RunPython(add_fts_tables, remove_fts_tables),
    ]
