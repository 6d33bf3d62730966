"""The import engine: ``CorridorResource``, the base of every model's resource.

django-import-export runs the import row by row (its hooks are used as they are meant to be);
this base adds what makes a large file cheap and an import safe to undo:

- natural keys (a credit code, then a slug) and one read of every existing row the file
  touches (``load_instances``), instead of a query per row;
- a snapshot of each existing row, so that an unchanged row is skipped and a changed one keeps
  ``{field: [before, after]}`` for its batch;
- bulk writes: ``bulk_create`` for new rows, one ``UPDATE … FROM (VALUES …)`` per batch for
  changed ones (``bulk_update_rows``), links in bulk afterwards;
- the same normalisation ``save()`` applies (``Model.normalise``) and the same stamps;
- the publishing rule for every row, and a history record for every row it writes.
"""

import sqlite3
import uuid
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.instance_loaders import BaseInstanceLoader

from .. import models as corridor
from ..history import record_history
from ..roles import publication_problem
from ..text import slug_from
from .reader import FormulaWithoutValue, clean_cell, neutralise
from .widgets import (
    BooleanWidget,
    ChoiceWidget,
    DateTimeWidget,
    DateWidget,
    KeepEquivalentField,
    LookupWidget,
    ManyLookupWidget,
    RichTextWidget,
    TextWidget,
    same_second,
    same_text,
)

CHUNK = 2000


def chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def replace_links(model, name, links):
    """Set the many-to-many ``name`` of many rows at once: ``{row id: [linked ids]}``.

    No signals: the caller writes the history records (``history.record_history``).
    """
    if not links:
        return
    descriptor = getattr(model, name)
    through = descriptor.through
    source = f"{descriptor.field.m2m_field_name()}_id"
    target = f"{descriptor.field.m2m_reverse_field_name()}_id"
    for part in chunks(links):
        through.objects.filter(**{f"{source}__in": part}).delete()
    rows = [through(**{source: pk, target: linked}) for pk, ids in links.items() for linked in ids]
    through.objects.bulk_create(rows, batch_size=CHUNK)


def unnest(connection, fields):
    """PostgreSQL: ``UNNEST(%s::type[], …)``, one array parameter per column.

    A ``VALUES`` list holds a placeholder per value, and psycopg parses the whole query text
    on every call (about 3 s per 20,000 rows of 30 columns); this holds one per column.
    """
    return "UNNEST(" + ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields) + ")"


def column_arrays(values):
    """``[[row values] …]`` → ``[[column values] …]``."""
    return [list(column) for column in zip(*values, strict=True)]


def bulk_insert_rows(model, objects):
    """``INSERT … RETURNING id``: new rows in a statement per batch.

    ``QuerySet.bulk_create`` spends most of its time compiling each value through the
    expression machinery (about 12 µs a value); this prepares each value once with the field's
    own ``get_db_prep_save``, as Django would, and lets the database do the rest: a ``VALUES``
    list on SQLite, ``UNNEST`` of one array per column on PostgreSQL. Rows come back in the
    order they went in, as Django's own ``bulk_create`` relies on.
    """
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    table = quote(opts.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    arrays = connection.vendor == "postgresql"
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_batch = 5_000 if arrays else max(1, 30_000 // len(fields))
    with connection.cursor() as cursor:
        for part in chunks(objects, per_batch):
            values = [
                [
                    field.get_db_prep_save(field.pre_save(obj, add=True), connection)
                    for field in fields
                ]
                for obj in part
            ]
            if arrays:
                source = f"SELECT * FROM {unnest(connection, fields)}"
                params = column_arrays(values)
            else:
                source = f"VALUES {', '.join([row] * len(part))}"
                params = [value for row_values in values for value in row_values]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) {source} RETURNING {quote(opts.pk.column)}",
                params,
            )
            for obj, (pk,) in zip(part, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias


# Columns ``normalise()`` derives from the others (the search documents): written whenever a
# row is, so that search finds a renamed row by its new name.
DERIVED_COLUMNS = corridor.DOCUMENT_FIELDS


def bulk_update_rows(model, objects, field_names):
    """``UPDATE … FROM (VALUES …)``: one statement per batch, without Django's CASE per field.

    ``QuerySet.bulk_update`` builds a ``CASE WHEN pk = … THEN …`` expression for every field
    of every row, which costs seconds per thousand rows; this costs milliseconds. SQLite (3.33
    and later) reads the rows from a ``VALUES`` list, whose columns it names column1, column2,
    …; PostgreSQL from ``UNNEST`` of one array per column, named the same way.

    Versioned rows are written only if they still have the version they were read with, and
    advance it, as a save does: a row someone saved in the meantime raises ``EditConflict``.
    """
    from ..models import EditConflict

    connection = connections[router.db_for_write(model)]
    opts = model._meta
    versioned = any(f.name == "version" for f in opts.concrete_fields)
    field_names = [name for name in field_names if name != "version"]
    if connection.vendor == "sqlite" and sqlite3.sqlite_version_info < (3, 33):
        for obj in objects:
            obj.save(update_fields=field_names)
        return
    quote = connection.ops.quote_name
    columns = [opts.pk] + [opts.get_field(name) for name in field_names]
    if versioned:
        columns.append(opts.get_field("version"))
    arrays = connection.vendor == "postgresql"
    names = ", ".join(f"column{index}" for index in range(1, len(columns) + 1))
    table = quote(opts.db_table)
    assignments = [
        f"{quote(field.column)} = v.column{index}"
        for index, field in enumerate(columns[1 : len(field_names) + 1], start=2)
    ]
    condition = f"{table}.{quote(opts.pk.column)} = v.column1"
    if versioned:
        version = quote("version")
        assignments.append(f"{version} = {table}.{version} + 1")
        condition += f" AND {table}.{version} = v.column{len(columns)}"
    per_batch = 5_000 if arrays else max(1, 900 // len(columns))
    returning = f" RETURNING {table}.{quote(opts.pk.column)}" if versioned else ""
    with connection.cursor() as cursor:
        for part in chunks(objects, per_batch):
            values = [
                [
                    field.get_db_prep_save(getattr(obj, field.attname), connection)
                    for field in columns
                ]
                for obj in part
            ]
            if arrays:
                source = f"{unnest(connection, columns)} AS v({names})"
                params = column_arrays(values)
            else:
                row = "(" + ", ".join(["%s"] * len(columns)) + ")"
                source = f"(VALUES {', '.join([row] * len(part))}) AS v"
                params = [value for row_values in values for value in row_values]
            cursor.execute(
                f"UPDATE {table} SET {', '.join(assignments)} FROM {source} "
                f"WHERE {condition}{returning}",
                params,
            )
            if versioned:
                updated = {row[0] for row in cursor.fetchall()}
                stale = next((obj for obj in part if obj.pk not in updated), None)
                if stale is not None:
                    raise EditConflict(stale)
                for obj in part:
                    obj.version += 1


PREVIEW_ROWS = 200
SECOND_NAMES = ("name_zh_hans", "title_zh_hans", "label_zh_hans")
PLACES = ("city", "home_city")


def preview(instance):
    """``{item, second, place, state, changes}`` of a row, as the import preview lists it."""
    from ..history import show_value

    opts = instance._meta
    place = next((name for name in PLACES if hasattr(instance, f"{name}_id")), None)
    changes = []
    for name, (before, after) in (getattr(instance, "_import_changes", None) or {}).items():
        field = opts.get_field(name)
        if field.is_relation and not field.many_to_many:
            related = field.related_model._default_manager
            before = related.filter(pk=before).first() if before is not None else None
            after = related.filter(pk=after).first() if after is not None else None
        changes.append(
            (capfirst(field.verbose_name), show_value(field, before), show_value(field, after))
        )
    return {
        "item": str(instance),
        "second": next((getattr(instance, n) for n in SECOND_NAMES if hasattr(instance, n)), ""),
        "place": str(getattr(instance, place) or "")
        if place and getattr(instance, f"{place}_id")
        else "",
        "state": instance.get_status_display() if hasattr(instance, "status") else "",
        "changes": changes,
    }


class NaturalKeyLoader(BaseInstanceLoader):
    """Existing rows for the whole file, read in a few queries before the first row."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.instances = resource.load_instances(dataset)

    def get_instance(self, row):
        for key in self.resource.current_keys:
            if key in self.instances:
                return self.instances[key]
        return None


# --- Resources --------------------------------------------------------------------------------


def column(attribute, header, widget=None, field_class=fields.Field, **kwargs):
    return field_class(
        attribute=attribute, column_name=header, widget=widget or TextWidget(), **kwargs
    )


def boolean(attribute, header):
    return column(attribute, header, BooleanWidget(), saves_null_values=False)


def choice(attribute, header, choices, aliases=None):
    return column(attribute, header, ChoiceWidget(choices, aliases), saves_null_values=False)


def rich_text(attribute, header):
    return column(attribute, header, RichTextWidget(), KeepEquivalentField, same=same_text)


def lookup(attribute, header, model, **kwargs):
    return column(attribute, header, LookupWidget(model, **kwargs))


def many(attribute, header, model, **kwargs):
    return column(attribute, header, ManyLookupWidget(model, **kwargs), m2m_add=False)


PUBLICATION_ALIASES = {
    "草稿": corridor.PublishableModel.Status.DRAFT,
    "已发布": corridor.PublishableModel.Status.PUBLISHED,
    "发布": corridor.PublishableModel.Status.PUBLISHED,
}


class CorridorResource(resources.ModelResource):
    """Natural keys, cached lookups and bulk writes for every corridor model.

    Subclasses declare their columns; ``name_column`` is the column a blank slug is made
    from, ``required_columns`` the columns a file must have, ``aliases`` other headers
    (Chinese ones, mostly) accepted for a column.
    """

    name_column = "Name"
    required_columns = ("Name",)
    aliases = {}

    class Meta:
        use_bulk = True
        batch_size = 1000
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        clean_model_instances = True
        import_id_fields = ()
        instance_loader_class = NaturalKeyLoader

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.current_keys = ()
        self.seen_keys = {}
        self.saved = []
        self.row_numbers = None
        self._import_fields = None
        self._m2m_fields = None
        self.batch = None
        self.current_instance = None
        self.previewed = 0
        self.prepared = False

    # Columns -----------------------------------------------------------------------------

    @classmethod
    def header_in_language(cls, column):
        """The header as an editor working in the active language writes it: the column's
        Chinese name in Chinese, its English name otherwise. Both are always accepted."""
        if (translation.get_language() or "").startswith("zh"):
            for spelling in cls.aliases.get(column, ()):
                if any("\u4e00" <= char <= "\u9fff" for char in spelling):
                    return spelling
        return column

    @classmethod
    def header_map(cls):
        """Every accepted spelling of a header, folded, mapped to the column it means."""
        mapping = {}
        for name, field in cls().fields.items():
            for spelling in (field.column_name, name, *cls.aliases.get(field.column_name, ())):
                mapping[LookupWidget.normalise(spelling)] = field.column_name
        return mapping

    @classmethod
    def sheet_names(cls):
        opts = cls._meta.model._meta
        return (str(opts.verbose_name_plural), str(opts.verbose_name), opts.model_name)

    def get_import_fields(self):
        """The library recomputes this several times a row; the answer never changes."""
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def m2m_fields(self):
        if self._m2m_fields is None:
            self._m2m_fields = [
                f for f in self.get_import_fields() if isinstance(f.widget, ManyLookupWidget)
            ]
        return self._m2m_fields

    def model_field(self, field):
        try:
            return self._meta.model._meta.get_field(field.attribute)
        except Exception:
            return None

    # Natural keys -------------------------------------------------------------------------

    def row_value(self, row, header):
        return clean_cell(row.get(header))

    def slug_for_row(self, row):
        explicit = self.row_value(row, "Slug")
        if explicit:
            return slug_from(str(explicit))
        return slug_from(str(self.row_value(row, self.name_column) or ""))

    def row_keys(self, row):
        """Keys that identify the row's object, most specific first."""
        slug = self.slug_for_row(row)
        return (("slug", slug),) if slug else ()

    def load_instances(self, dataset):
        """Existing objects for every row: a query per 2,000 keys, and their links' ids.

        A row's keys are tried in order (a credit code, then a slug); later keys are looked
        up only for rows the earlier ones did not find.
        """
        pending = [keys for keys in map(self.row_keys, dataset.dict) if keys]
        queryset = self.get_queryset()
        found = {}
        position = 0
        while pending:
            wanted = {}
            for keys in pending:
                kind, value = keys[position]
                wanted.setdefault(kind, set()).add(value)
            for kind, values in wanted.items():
                for part in chunks(values):
                    for obj in queryset.filter(**{f"{kind}__in": part}):
                        found[(kind, getattr(obj, kind))] = obj
            position += 1
            pending = [
                keys
                for keys in pending
                if len(keys) > position and not any(k in found for k in keys[:position])
            ]
        self.known_slugs = {value: obj.pk for (kind, value), obj in found.items() if kind == "slug"}
        self.load_link_ids({obj.pk: obj for obj in found.values()})
        return found

    def load_link_ids(self, objects):
        """Each object's many-to-many ids, straight from the link tables (no model objects)."""
        for obj in objects.values():
            obj._import_link_ids = {}
        for field in self.m2m_fields():
            descriptor = getattr(self._meta.model, field.attribute)
            through = descriptor.through
            source = f"{descriptor.field.m2m_field_name()}_id"
            target = f"{descriptor.field.m2m_reverse_field_name()}_id"
            for obj in objects.values():
                obj._import_link_ids[field.attribute] = set()
            for part in chunks(objects):
                pairs = through.objects.filter(**{f"{source}__in": part}).values_list(
                    source, target
                )
                for owner, linked in pairs:
                    objects[owner]._import_link_ids[field.attribute].add(linked)

    # Hooks of the import pipeline ---------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        # Once per resource: a file imported in chunks reads each related table once.
        if not self.prepared:
            for field in self.get_import_fields():
                if isinstance(field.widget, LookupWidget):
                    field.widget.prepare()
            self.prepared = True
        self.row_numbers = kwargs.get("row_numbers")
        self.user = kwargs.get("user")
        self.now = timezone.now()

    def source_row(self, index):
        """The spreadsheet row number of the dataset's ``index``-th row (1-based)."""
        if self.row_numbers and 0 < index <= len(self.row_numbers):
            return self.row_numbers[index - 1]
        return index + 1

    def before_import_row(self, row, **kwargs):
        self.current_keys = self.row_keys(row)
        if not self.current_keys:
            return
        first = self.current_keys[0]
        number = self.source_row(kwargs.get("row_number", 0))
        if first in self.seen_keys:
            raise ValidationError(
                {
                    self.key_attribute(first): _(
                        '"%(key)s" appears twice in the file (first on row %(row)s)'
                    )
                    % {"key": first[1], "row": self.seen_keys[first]}
                }
            )
        self.seen_keys[first] = number

    def key_attribute(self, key):
        return key[0] if key[0] in self.fields or key[0] == "slug" else "__all__"

    def after_init_instance(self, instance, new, row, **kwargs):
        self.current_instance = instance
        instance._import_snapshot = None if new else self.snapshot(instance)
        instance._import_m2m = {}
        instance._import_published = (
            None
            if new or not hasattr(instance, "status")
            else SimpleNamespace(
                status=instance.status,
                publish_at=instance.publish_at,
                unpublish_at=instance.unpublish_at,
            )
        )

    def after_import_row(self, row, row_result, **kwargs):
        """What the preview shows of the row: the columns that say which item it is, and for an
        existing item what the import will change."""
        instance, self.current_instance = self.current_instance, None
        if instance is None or self.previewed >= PREVIEW_ROWS:
            return
        self.previewed += 1
        row_result.preview = preview(instance)

    def snapshot(self, instance):
        values = {}
        for field in self.get_import_fields():
            model_field = self.model_field(field)
            if model_field is None:
                continue
            if model_field.many_to_many:
                links = getattr(instance, "_import_link_ids", None)
                values[field.attribute] = (
                    links[field.attribute]
                    if links is not None
                    else set(getattr(instance, field.attribute).values_list("pk", flat=True))
                )
            else:
                values[field.attribute] = getattr(instance, model_field.attname)
        return values

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        for field in self.get_import_fields():
            if isinstance(row.get(field.column_name), FormulaWithoutValue):
                errors[field.attribute] = ValidationError(
                    _(
                        "the cell holds the formula %(formula)s but no result. Open the file in "
                        "Excel, WPS or LibreOffice and save it again, or type the value itself."
                    )
                    % {"formula": row[field.column_name]},
                    code="formula",
                )
                row[field.column_name] = None
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.m2m_fields():
            if field.column_name not in row:
                continue
            try:
                instance._import_m2m[field.attribute] = field.clean(row)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped; a changed row keeps ``{field: [before, after]}``."""
        snapshot = getattr(instance, "_import_snapshot", None)
        if import_validation_errors or snapshot is None:
            return False
        current = self.snapshot_current(instance)
        instance._import_changes = {
            name: (sorted(snapshot.get(name)), sorted(value))
            if isinstance(value, set)
            else (snapshot.get(name), value)
            for name, value in current.items()
            if snapshot.get(name) != value
        }
        return not instance._import_changes

    def snapshot_current(self, instance):
        values = {}
        for field in self.get_import_fields():
            model_field = self.model_field(field)
            if model_field is None:
                continue
            if model_field.many_to_many:
                if field.attribute in instance._import_m2m:
                    values[field.attribute] = {o.pk for o in instance._import_m2m[field.attribute]}
            else:
                values[field.attribute] = getattr(instance, model_field.attname)
        return values

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """``full_clean`` without its per-row queries; relations and uniqueness checked here."""
        errors = dict(import_validation_errors or {})
        exclude = set(errors) | {"slug"} | self.unimported_fields()
        for model_field in instance._meta.concrete_fields:
            if model_field.is_relation:
                exclude.add(model_field.name)
                if not model_field.null and getattr(instance, model_field.attname) is None:
                    errors.setdefault(
                        model_field.name,
                        ValidationError(_("This column is required."), code="required"),
                    )
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        errors.update(self.unique_errors(instance))
        problem = publication_problem(
            self.user, self._meta.model, getattr(instance, "_import_published", None), instance
        )
        if problem and "status" not in errors:
            errors["status"] = ValidationError(problem, code="publish")
        if errors:
            raise ValidationError(errors)

    def unimported_fields(self):
        """Model fields no column sets: defaults that need no checking on every row."""
        if not hasattr(self, "_unimported"):
            imported = {f.attribute for f in self.get_import_fields()}
            self._unimported = {
                f.name for f in self._meta.model._meta.concrete_fields if f.name not in imported
            }
        return self._unimported

    def unique_errors(self, instance):
        slug = instance.slug or (self.current_keys[0][1] if self.current_keys else "")
        owner = getattr(self, "known_slugs", {}).get(slug)
        if slug and owner is not None and owner != instance.pk:
            return {
                "slug": ValidationError(
                    _('"%(slug)s" is already the slug of another row') % {"slug": slug}
                )
            }
        return {}

    def before_save_instance(self, instance, row, **kwargs):
        """What ``save()`` would do, for rows written in bulk: the same ``normalise()``."""
        if hasattr(instance, "slug") and not instance.slug:
            # The slug this file's keys gave the row: unique already, and no query to find one.
            keys = dict(self.current_keys)
            instance.slug = (
                keys.get("slug") or f"{instance._meta.model_name}-{uuid.uuid4().hex[:8]}"
            )
        instance.normalise()
        if instance.pk is None:
            instance.created_at = self.now
        instance.stamp(user=self.user, when=self.now)

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        self.saved.append(instance)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """New rows in a few statements (``bulk_insert_rows``)."""
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_insert_rows(self._meta.model, self.create_instances)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Write only the columns some row of the batch changed, plus who and when."""
        if self.update_instances and (using_transactions or not dry_run):
            concrete = set(self.get_bulk_update_fields())
            changed = {
                self._meta.model._meta.get_field(name).name
                for instance in self.update_instances
                for name in getattr(instance, "_import_changes", None) or concrete
            }
            always = {"slug", "updated_at", "updated_by", *DERIVED_COLUMNS} & concrete
            try:
                bulk_update_rows(
                    self._meta.model, self.update_instances, sorted((changed & concrete) | always)
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def get_bulk_update_fields(self):
        names = set()
        for field in self.get_import_fields():
            model_field = self.model_field(field)
            if model_field is not None and model_field.concrete and not model_field.many_to_many:
                names.add(model_field.name)
        for extra in ("slug", "updated_at", "updated_by", *DERIVED_COLUMNS):
            if any(f.name == extra for f in self._meta.model._meta.concrete_fields):
                names.add(extra)
        return sorted(names)

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("all_or_nothing") and (result.has_validation_errors() or result.has_errors()):
            return  # everything is rolled back: no need to write the links
        for field in self.m2m_fields():
            self.save_links(field)
        if kwargs.get("record_batch") and not result.has_errors():
            self.batch = self.record_batch(kwargs.get("file_name", ""), result)
            self.record_history()

    def record_history(self):
        """A history record for every row the import added or changed, naming its batch."""
        added = [i for i in self.saved if i._import_snapshot is None and i.pk]
        changed = [i for i in self.saved if getattr(i, "_import_changes", None) and i.pk]
        reason = f"Imported in batch #{self.batch.pk}"
        for objects, created in ((added, True), (changed, False)):
            for part in chunks(objects):
                record_history(
                    part,
                    user=self.user,
                    reason=reason,
                    batch=self.batch,
                    created=created,
                    when=self.now,
                )

    def record_batch(self, file_name, result):
        """The import as one ``ImportBatch``: what it added and what each change replaced.

        A file imported in chunks (one ``import_data`` per chunk, on the same resource) adds
        each chunk to the batch its first chunk made, in the chunk's own transaction.
        """
        from ..models import ImportBatch

        created, changes, versions = [], {}, {}
        for instance in self.saved:
            if instance._import_snapshot is None:
                created.append(instance.pk)
            elif getattr(instance, "_import_changes", None):
                changes[str(instance.pk)] = {
                    self.model_attname(name): [before, after]
                    for name, (before, after) in instance._import_changes.items()
                }
            else:
                continue
            if hasattr(instance, "version"):
                versions[str(instance.pk)] = instance.version
        totals = result.totals
        counts = {
            "new": totals["new"],
            "updated": totals["update"],
            "unchanged": totals["skip"],
            "invalid": totals["invalid"],
        }
        batch = self.batch
        if batch is None:
            return ImportBatch.objects.create(
                model_name=self._meta.model._meta.model_name,
                file_name=file_name[:255],
                created_by=self.user,
                counts=counts,
                created_ids=created,
                changes=changes,
                versions=versions,
            )
        batch.counts = {key: batch.counts.get(key, 0) + value for key, value in counts.items()}
        batch.created_ids += created
        batch.changes.update(changes)
        batch.versions.update(versions)
        batch.save(update_fields=["counts", "created_ids", "changes", "versions"])
        return batch

    def model_attname(self, attribute):
        field = self._meta.model._meta.get_field(attribute)
        return field.name if field.many_to_many else field.attname

    def save_links(self, field):
        """Replace the many-to-many links of every saved row, in bulk."""
        links = {
            instance.pk: [obj.pk for obj in instance._import_m2m[field.attribute]]
            for instance in self.saved
            if field.attribute in instance._import_m2m and instance.pk
        }
        replace_links(self._meta.model, field.attribute, links)

    # Export ------------------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return neutralise(value) if isinstance(value, str) else value


class NamedResource(CorridorResource):
    """English name, Chinese name and slug: the columns every named model starts with."""

    name_en = column("name_en", "Name")
    name_zh_hans = column("name_zh_hans", "Chinese name")
    slug = column("slug", "Slug")


class PublishableResource(CorridorResource):
    """Status and publish times, for the models editors draft and schedule."""

    status = choice(
        "status", "Status", corridor.PublishableModel.Status.choices, PUBLICATION_ALIASES
    )
    publish_at = column(
        "publish_at",
        "Publish at",
        DateTimeWidget(),
        KeepEquivalentField,
        same=same_second,
        saves_null_values=False,
    )
    unpublish_at = column(
        "unpublish_at", "Unpublish at", DateTimeWidget(), KeepEquivalentField, same=same_second
    )


class SourcedResource(CorridorResource):
    """Where an item's facts come from and when they were last checked (``models.Sourced``).
    The source article is named by its slug."""

    source = lookup("source", "Source article", corridor.NewsItem, keys=("slug",), label="slug")
    source_name_en = column("source_name_en", "Source")
    source_name_zh_hans = column("source_name_zh_hans", "Source (Chinese)")
    source_url = column("source_url", "Source link")
    source_date = column("source_date", "Source date", DateWidget())
    verified_on = column("verified_on", "Last checked", DateWidget())


SOURCE_COLUMNS = (
    "source",
    "source_name_en",
    "source_name_zh_hans",
    "source_url",
    "source_date",
    "verified_on",
)
