"""One audit trail: history records for writes that bypass ``save()``, and how History shows them.

``save()`` writes a history record by itself (django-simple-history). Bulk writes do not: a
spreadsheet import, an import's undo, the publish and unpublish actions. They call
``record_history`` instead, which copies the rows as they now stand into their history tables,
together with their many-to-many snapshots (without which History would show every relation
as removed), in a few ``INSERT … SELECT`` statements: the same records
``bulk_history_create`` would write, without a model object per row.

``HistoryDisplay`` formats a change as an editor reads it: local times to the minute, choice
labels, names of related items, ``—`` for nothing; and leaves out what is not a change made by a
person (the version counter, a time that differs only below a second).
"""

import dataclasses

from django.db import connections, models, router
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from simple_history.template_utils import HistoricalRecordContextHelper

HIDDEN_FIELDS = {"version"}


def record_history(objects, *, user=None, reason="", batch=None, created=False, when=None):
    """History records for ``objects`` as the database holds them now, with their relations.

    The records are copied from the rows inside the database (``INSERT … SELECT``), so a large
    import pays for its history in a few statements, not in a model object per row.
    """
    ids = [obj.pk for obj in objects if obj.pk is not None]
    if not ids:
        return
    model = type(next(iter(objects)))
    if not hasattr(model, "history"):
        return
    when = when or timezone.now()
    history = model.history.model
    connection = connections[router.db_for_write(history)]
    quote = connection.ops.quote_name
    source = {f.column for f in model._meta.concrete_fields}
    values = {
        "history_date": history._meta.get_field("history_date").get_db_prep_save(when, connection),
        "history_change_reason": reason,
        "history_type": "+" if created else "~",
        "history_user_id": user.pk if user is not None else None,
        "import_batch_id": batch.pk if batch is not None else None,
    }
    columns = [
        f.column for f in history._meta.concrete_fields if f.column in source or f.column in values
    ]
    copied = [c for c in columns if c in source]
    given = [c for c in columns if c not in source]
    pk = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for part in chunks(ids, 2000):
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} "
                f"({', '.join(quote(c) for c in copied + given)}) "
                f"SELECT {', '.join(quote(c) for c in copied)}, "
                f"{', '.join(['%s'] * len(given))} FROM {quote(model._meta.db_table)} "
                f"WHERE {pk} IN ({', '.join(['%s'] * len(part))})",
                [values[c] for c in given] + part,
            )
            record_links(model, part, values["history_date"], cursor, quote)


def record_links(model, ids, when, cursor, quote):
    """Each new record's snapshot of the relations kept in history, copied from the links."""
    history = model.history.model
    pk = model._meta.pk.column
    for name in getattr(model, "_history_m2m_fields", ()):
        field = model._meta.get_field(name)
        through = field.remote_field.through
        snapshot = getattr(history, name).model  # the history of the relation
        link_columns = [f.column for f in through._meta.concrete_fields]
        owner = through._meta.get_field(field.m2m_field_name()).column
        record = quote(snapshot._meta.get_field("history").column)
        cursor.execute(
            f"INSERT INTO {quote(snapshot._meta.db_table)} "
            f"({record}, {', '.join(quote(c) for c in link_columns)}) "
            f"SELECT h.{quote(history._meta.pk.column)}, "
            f"{', '.join(f'l.{quote(c)}' for c in link_columns)} "
            f"FROM {quote(through._meta.db_table)} l "
            f"JOIN {quote(history._meta.db_table)} h ON h.{quote(pk)} = l.{quote(owner)} "
            f"WHERE h.history_date = %s AND h.{quote(pk)} IN ({', '.join(['%s'] * len(ids))})",
            [when, *ids],
        )


def chunks(items, size):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


class HistoryDisplay(HistoricalRecordContextHelper):
    """Values as an editor reads them."""

    def format_delta_change(self, change):
        formatted = super().format_delta_change(change)
        field = self.model._meta.get_field(change.field)
        return dataclasses.replace(
            formatted, old=show_value(field, change.old), new=show_value(field, change.new)
        )

    def prepare_delta_change_value(self, change, value):
        return value

    def stringify_delta_change_values(self, change, old, new):
        return old, new


def show_value(field, value):
    if value in (None, "", [], ()):
        return "—"
    if field.many_to_many:
        target = field.m2m_reverse_field_name()
        items = [row[target] if isinstance(row, dict) else row for row in value]
        if not all(isinstance(item, models.Model) for item in items):  # ids: look them up
            items = field.related_model._default_manager.in_bulk(items).values()
        return "; ".join(sorted(str(item) for item in items)) or "—"
    if isinstance(field, models.DateTimeField):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return str(value)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return Truncator(strip_tags(str(value))).chars(160)


def real_changes(delta):
    """The changes a person made: not the version, not a time differing only below a second."""
    kept = []
    for change in delta.changes:
        if change.field in HIDDEN_FIELDS:
            continue
        old, new = change.old, change.new
        same_second = (
            hasattr(old, "microsecond")
            and hasattr(new, "microsecond")
            and old.replace(microsecond=0) == new.replace(microsecond=0)
        )
        if not same_second:
            kept.append(change)
    return dataclasses.replace(
        delta, changes=kept, changed_fields=[change.field for change in kept]
    )
