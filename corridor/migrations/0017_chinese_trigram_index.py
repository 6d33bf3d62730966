"""The Chinese text of each searched item, and a trigram index over it on each database.

A query of three or more Chinese characters is found as a substring of the item's Chinese text
(``search_chinese_document``: its runs of Chinese characters, ``corridor.text``), read through
a trigram index; shorter ones stay with the pairs and characters of ``search_vector`` and FTS5
(migration 0015), as no trigram fits in two characters.

Names alone get an index of their own on PostgreSQL too: a stored ``search_names_vector``
(the tokens of ``search_names_document``) with a GIN index. The A weights of ``search_vector``
tell a name's tokens apart, but its index cannot: it gives every row with the token anywhere,
each then read to check the weight.

- PostgreSQL: the ``pg_trgm`` extension and a GIN index with ``gin_trgm_ops``. pg_trgm takes
  only the characters its database's ``LC_CTYPE`` calls letters: under ``C`` it extracts no
  trigram from Chinese and every such query would read the whole table. The migration stops
  with a clear message on such a database (create it with a UTF-8 ``LC_CTYPE``: README).
- SQLite: an FTS5 table ``<table>_cjk`` with the ``trigram`` tokenizer, kept by triggers.

Adding a column rebuilds each SQLite table, which drops the FTS5 triggers of 0015: they are
made again here.
"""

from importlib import import_module

from django.db import migrations, models
from django.utils.html import strip_tags

from corridor.text import chinese_document

search_index = import_module("corridor.migrations.0015_search_index")

SEARCHED = {
    "City": ("name_en", "name_zh_hans", "summary_en", "summary_zh_hans"),
    "Industry": ("name_en", "name_zh_hans"),
    "Park": ("name_en", "name_zh_hans", "summary_en", "summary_zh_hans"),
    "Enclave": ("name_en", "name_zh_hans", "summary_en", "summary_zh_hans"),
    "Enterprise": (
        "name_en",
        "name_zh_hans",
        "summary_en",
        "summary_zh_hans",
        "highlights_en",
        "highlights_zh_hans",
    ),
    "Fund": (
        "name_en",
        "name_zh_hans",
        "summary_en",
        "summary_zh_hans",
        "manager_en",
        "manager_zh_hans",
    ),
    "NewsItem": (
        "title_en",
        "title_zh_hans",
        "standfirst_en",
        "standfirst_zh_hans",
        "body_en",
        "body_zh_hans",
    ),
}
COLUMN = "search_chinese_document"


def tables(apps):
    return [apps.get_model("corridor", name)._meta.db_table for name in SEARCHED]


def fill(apps, schema_editor):
    for model_name, fields in SEARCHED.items():
        model = apps.get_model("corridor", model_name)
        changed = []
        for item in model._base_manager.only("pk", *fields).iterator(chunk_size=2000):
            texts = [strip_tags(getattr(item, name) or "") for name in fields]
            item.search_chinese_document = chinese_document(texts)
            changed.append(item)
            if len(changed) == 2000:
                model._base_manager.bulk_update(changed, [COLUMN])
                changed = []
        model._base_manager.bulk_update(changed, [COLUMN])


# --- PostgreSQL ---------------------------------------------------------------------------------

CTYPE_MESSAGE = (
    "This PostgreSQL database has LC_CTYPE {ctype!r}: its trigram index would see no Chinese "
    "characters. Create the database with a UTF-8 LC_CTYPE, for example: CREATE DATABASE g60 "
    "TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'; then migrate "
    "again."
)


def is_utf8(ctype):
    return "utf8" in ctype.lower().replace("-", "")


def require_utf8_ctype(apps, schema_editor):
    """Stop, with the remedy, on a database whose character classes are not UTF-8."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
        (ctype,) = cursor.fetchone()
    if not is_utf8(ctype):
        raise RuntimeError(CTYPE_MESSAGE.format(ctype=ctype))


def add_trigram_extension(apps, schema_editor):
    """``pg_trgm`` (a trusted extension: a database owner may add it). Left in place when
    migrating back: other objects may use it."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


NAMES_VECTOR = "to_tsvector('simple'::regconfig, search_names_document)"


def add_postgresql_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in tables(apps):
        schema_editor.execute(
            f'CREATE INDEX "{table}_chinese_idx" ON "{table}" USING gin ({COLUMN} gin_trgm_ops)'
        )
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN search_names_vector tsvector '
            f"GENERATED ALWAYS AS ({NAMES_VECTOR}) STORED"
        )
        schema_editor.execute(
            f'CREATE INDEX "{table}_names_idx" ON "{table}" USING gin (search_names_vector)'
        )


def remove_postgresql_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in tables(apps):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_chinese_idx"')
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS search_names_vector')


# --- SQLite -------------------------------------------------------------------------------------


def sqlite_trigram_index(table):
    """The statements that create ``table``'s trigram FTS5 table and its triggers, and fill it."""
    fts = f"{table}_cjk"
    insert = f'INSERT INTO "{fts}"(rowid, {COLUMN}) VALUES (new.id, new.{COLUMN});'
    delete = (
        f'INSERT INTO "{fts}"("{fts}", rowid, {COLUMN}) VALUES (\'delete\', old.id, old.{COLUMN});'
    )
    return [
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5({COLUMN}, '
        f"content='{table}', content_rowid='id', tokenize='trigram')",
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_insert" AFTER INSERT ON "{table}" BEGIN {insert} END',
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_delete" AFTER DELETE ON "{table}" BEGIN {delete} END',
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_update" AFTER UPDATE OF {COLUMN} ON "{table}" '
        f"BEGIN {delete} {insert} END",
        f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')',
    ]


def add_sqlite_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in tables(apps):
        for statement in (*search_index.sqlite_index(table), *sqlite_trigram_index(table)):
            schema_editor.execute(statement)


def remove_sqlite_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in tables(apps):
        for trigger in ("insert", "delete", "update"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_cjk_{trigger}"')
        schema_editor.execute(f'DROP TABLE IF EXISTS "{table}_cjk"')


class Migration(migrations.Migration):
    dependencies = [
        ("corridor", "0016_background_imports"),
    ]

    operations = [
        migrations.RunPython(require_utf8_ctype, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_extension, migrations.RunPython.noop),
        *(
            migrations.AddField(
                model_name=model_name.lower(),
                name=COLUMN,
                field=models.TextField(
                    blank=True,
                    default="",
                    editable=False,
                    verbose_name="Chinese text for search",
                ),
            )
            for model_name in SEARCHED
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(add_postgresql_indexes, remove_postgresql_indexes),
        migrations.RunPython(add_sqlite_indexes, remove_sqlite_indexes),
    ]
