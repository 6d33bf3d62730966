"""Spreadsheet import and export: one django-import-export ``ModelResource`` per model.

Columns have human headers (English, with Chinese aliases accepted on import). Rows are matched
on natural keys: an enterprise by its unified social credit code when given, else by slug;
everything else by slug, made from the name when the column is blank. Foreign keys are given by
English name, Chinese name or slug; many-to-many as names separated by ``;``.

Speed: every lookup table (cities, industries, parks, ...) and every existing row the file
touches is loaded once per import, rows are written with ``bulk_create``/``bulk_update`` and
many-to-many links in bulk afterwards, so an import runs a fixed number of queries per thousand
rows instead of several per row. The work ``Model.save()`` would do (slug, sanitised rich text,
timestamps, editor) is done in ``before_save_instance`` because bulk writes skip ``save()``.
"""

import datetime
import difflib
import re
import sqlite3
import unicodedata
import uuid
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from html import unescape as unescape_entities
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader

from . import models as corridor
from .roles import publication_problem
from .sanitize import clean_html
from .spreadsheets import FormulaWithoutValue, clean_cell, neutralise, unneutralise
from .text import slug_from

LIST_SEPARATORS = re.compile(r"\s*[;；]\s*")
CHUNK = 2000


def chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk_update_rows(model, objects, field_names):
    """``UPDATE … FROM (VALUES …)``: one statement per batch, without Django's CASE per field.

    ``QuerySet.bulk_update`` builds a ``CASE WHEN pk = … THEN …`` expression for every field
    of every row, which costs seconds per thousand rows; this costs milliseconds. Both
    PostgreSQL and SQLite (3.33 and later) name the columns of a ``VALUES`` list column1,
    column2, …; PostgreSQL needs each parameter cast to its column's type.

    Versioned rows are written only if they still have the version they were read with, and
    advance it, as a save does: a row someone saved in the meantime raises ``EditConflict``.
    """
    from .models import EditConflict

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
    cast = connection.vendor == "postgresql"
    placeholders = ", ".join(
        f"CAST(%s AS {field.db_type(connection)})" if cast else "%s" for field in columns
    )
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
    per_batch = max(1, 900 // len(columns))
    returning = f" RETURNING {table}.{quote(opts.pk.column)}" if versioned else ""
    with connection.cursor() as cursor:
        for part in chunks(objects, per_batch):
            params = [
                field.get_db_prep_save(getattr(obj, field.attname), connection)
                for obj in part
                for field in columns
            ]
            values = ", ".join([f"({placeholders})"] * len(part))
            cursor.execute(
                f"UPDATE {table} SET {', '.join(assignments)} FROM (VALUES {values}) AS v "
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


# --- Text -------------------------------------------------------------------------------------


def html_to_text(html):
    """Rich text as plain text: one blank line between blocks."""
    if not html:
        return ""
    text = re.sub(r"(?i)<br\s*/?>", "\n", html)
    text = re.sub(r"(?i)</(p|h[1-6]|li|blockquote|figure|figcaption)>", "\n\n", text)
    text = unescape_entities(strip_tags(text))
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def text_to_html(text):
    """Plain text as paragraphs; single line breaks kept as ``<br>``."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


class TextWidget(widgets.Widget):
    """Trimmed text; an exported cell that would start a formula gets a leading ``'``."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code such as 2696 typed into a number cell
        return unneutralise(clean_cell(str(value))) or ""

    def render(self, value, obj=None, **kwargs):
        return neutralise(value or "")


class RichTextWidget(TextWidget):
    """Plain text in the spreadsheet, sanitised HTML in the database."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if re.search(r"<(p|br|strong|em|ul|ol|li|h[2-4]|a|blockquote)\b", text, re.I):
            return clean_html(text)
        return text_to_html(text)

    def render(self, value, obj=None, **kwargs):
        return neutralise(html_to_text(value))


class KeepEquivalentField(fields.Field):
    """Leaves the stored value alone when the cell says the same thing another way.

    Rich text exported as plain text, or a time exported to the second, imports back as
    "unchanged" and keeps its formatting or precision.
    """

    def __init__(self, *args, same=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.same = same

    def save(self, instance, row, is_m2m=False, **kwargs):
        cleaned = self.clean(row, **kwargs)
        current = getattr(instance, self.attribute)
        if instance.pk is not None and self.same(current, cleaned):
            return
        if cleaned is not None or self.saves_null_values:
            setattr(instance, self.attribute, cleaned)


def same_text(current, new):
    return html_to_text(current) == html_to_text(new)


def same_second(current, new):
    if current is None or new is None:
        return current is new
    return current.replace(microsecond=0) == new.replace(microsecond=0)


# --- Numbers, dates, choices ------------------------------------------------------------------


def parse_number(value, what=None):
    """``1,234.5``, ``１２３４``, 12.0 from a number cell; ``None`` when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(_('"%(value)s" is not a number') % {"value": value})
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if what == "year":
        text = text.removesuffix("年")
    text = re.sub(r"[,\s_']", "", text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_('"%(value)s" is not a number') % {"value": value}) from None
    if not number.is_finite():
        raise ValueError(_('"%(value)s" is not a number') % {"value": value})
    return number


def native_number(value):
    """Whole numbers as ``int`` so spreadsheets show 10000000000, not 10000000000.00."""
    if value is None:
        return ""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


class DecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_number(value)

    def render(self, value, obj=None, **kwargs):
        return native_number(value)


class IntegerWidget(widgets.Widget):
    what = None

    def clean(self, value, row=None, **kwargs):
        number = parse_number(value, self.what)
        if number is None:
            return None
        if number != number.to_integral_value() or abs(number) > 2**31:
            raise ValueError(_('"%(value)s" is not a whole number') % {"value": value})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class YearWidget(IntegerWidget):
    what = "year"


EXCEL_EPOCH = datetime.date(1899, 12, 30)
# A whole number in a date cell within these years is a year, not an Excel serial number
# (serial 2018 would be 10 July 1905).
YEARS = range(1800, 2201)
DATE_PART = r"(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?|\s*月)?)?\s*年?"
DATE_PATTERN = re.compile(DATE_PART)
TIME_PART = (
    r"(上午|下午|晚上|凌晨|中午)?\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?"
    r"\s*([ap]\.?m\.?)?"
)
DATETIME_PATTERN = re.compile(rf"{DATE_PART}(?:(?:\s+|T)\s*{TIME_PART})?", re.IGNORECASE)
SERIAL_TEXT = re.compile(r"\d{5}(\.\d+)?")
DATE_HELP = _("use 2023-09-22, 2023/9/22, 2023年9月22日, 2023-09 or 2023")
AFTERNOON = ("下午", "晚上", "pm", "p.m.", "pm.", "p.m")


def not_a_date(value):
    return ValueError(
        _('"%(value)s" is not a date: %(help)s') % {"value": value, "help": DATE_HELP}
    )


def date_precision(value):
    """``year``, ``month`` or ``day``: how much of a date a cell gives (``2018`` is a year)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return "year" if value == int(value) and int(value) in YEARS else "day"
    match = DATETIME_PATTERN.fullmatch(unicodedata.normalize("NFKC", str(value or "")).strip())
    if match and match.group(2) is None:
        return "year"
    if match and match.group(3) is None:
        return "month"
    return "day"


def parse_date(value):
    """A date from a date cell, an Excel serial number, ISO, ``2023/9/22``, ``2023年9月22日``,
    a month (``2023-09``, its first day) or a year (``2023``, 1 January). Nothing may follow."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if value == int(value) and int(value) in YEARS:
            return datetime.date(int(value), 1, 1)
        return excel_serial(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if SERIAL_TEXT.fullmatch(text):  # an Excel date saved to CSV as its serial number
        return excel_serial(float(text))
    match = DATETIME_PATTERN.fullmatch(text)
    if match is None:
        raise not_a_date(value)
    return date_from_match(match, value)


def date_from_match(match, value):
    year, month, day = (int(part) if part else 1 for part in match.group(1, 2, 3))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise not_a_date(value) from None


def excel_serial(number):
    if not 1 <= number < 2958466:
        raise not_a_date(number)
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class DateTimeWidget(widgets.Widget):
    """A date with an optional time (``2024-06-11 20:00``, ``8:00 PM``, ``下午8:00``), read in
    the site's time zone."""

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            moment = value
        elif isinstance(value, datetime.date):
            moment = datetime.datetime.combine(value, datetime.time())
        elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            day = parse_date(value)
            seconds = round((float(value) % 1) * 86400) if int(value) not in YEARS else 0
            moment = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(
                seconds=seconds
            )
        else:
            text = unicodedata.normalize("NFKC", str(value)).strip()
            if SERIAL_TEXT.fullmatch(text):
                return self.clean(float(text))
            match = DATETIME_PATTERN.fullmatch(text)
            if match is None:
                raise not_a_date(value)
            moment = datetime.datetime.combine(
                date_from_match(match, value), self.time(match, value)
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    @staticmethod
    def time(match, value):
        period, hour, minute, second, suffix = match.group(4, 5, 6, 7, 8)
        if hour is None:
            return datetime.time()
        hour, minute, second = int(hour), int(minute), int(second or 0)
        marker = (suffix or period or "").lower()
        if marker:
            if not 1 <= hour <= 12 and not (period and hour <= 23):
                raise ValueError(_('"%(value)s" is not a valid time') % {"value": value})
            if marker in AFTERNOON and hour < 12:
                hour += 12
            elif marker in ("am", "a.m.", "a.m", "am.", "凌晨", "上午") and hour == 12:
                hour = 0
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError(_('"%(value)s" is not a valid time') % {"value": value})
        return datetime.time(hour, minute, second)

    def render(self, value, obj=None, **kwargs):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


BOOLEAN_WORDS = {
    **dict.fromkeys(("yes", "y", "true", "1", "x", "✓", "是", "对"), True),
    **dict.fromkeys(("no", "n", "false", "0", "否", "不是"), False),
}


class BooleanWidget(widgets.Widget):
    """yes/no, true/false, 1/0, 是/否. A blank cell leaves the value as it was."""

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        key = str(value).strip().lower()
        if isinstance(value, int | float):
            key = str(int(value))
        if key not in BOOLEAN_WORDS:
            raise ValueError(_('"%(value)s" should be yes or no') % {"value": value})
        return BOOLEAN_WORDS[key]

    def render(self, value, obj=None, **kwargs):
        return _("yes") if value else _("no")


class ChoiceWidget(widgets.Widget):
    """A choice by its label or its stored value, in any case; Chinese aliases too."""

    def __init__(self, choices, aliases=None):
        self.labels = dict(choices)
        self.lookup = {}
        for value, label in choices:
            self.lookup[str(value).lower()] = value
            self.lookup[str(label).lower()] = value
        for alias, value in (aliases or {}).items():
            self.lookup[alias.lower()] = value

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        key = unicodedata.normalize("NFKC", str(value)).strip().lower()
        if key not in self.lookup:
            raise ValueError(
                _('"%(value)s" is not one of: %(choices)s')
                % {"value": value, "choices": ", ".join(str(v) for v in self.labels.values())}
            )
        return self.lookup[key]

    def render(self, value, obj=None, **kwargs):
        return str(self.labels.get(value, value or ""))


# --- Relations --------------------------------------------------------------------------------


# "Did you mean" for at most this many misses per column of a file, each compared with at most
# MAX_CANDIDATES names; letter pairs shared by more than COMMON_PAIR names narrow nothing.
MAX_SUGGESTIONS = 25
MAX_CANDIDATES = 200
COMMON_PAIR = 5000
MAX_PROBLEMS_PER_CELL = 10


def letter_pairs(text):
    padded = f" {text} "
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


class LookupWidget(widgets.Widget):
    """A related row by any of ``keys`` (English name, Chinese name, slug), ignoring case.

    The whole table is read once per import (``prepare``), so a file of any length costs one
    query per related model.
    """

    def __init__(self, model, keys=("slug", "name", "name_zh"), label="name"):
        self.model = model
        self.keys = keys
        self.label = label
        self.index = None

    def prepare(self):
        self.index, self.ambiguous = {}, set()
        self.suggestions_left, self.grams = MAX_SUGGESTIONS, None
        for obj in self.model._default_manager.only("pk", *self.keys).order_by("pk"):
            for key in self.keys:
                text = getattr(obj, key)
                if not text:
                    continue
                text = self.normalise(text)
                if self.index.get(text, obj).pk != obj.pk:
                    self.ambiguous.add(text)
                self.index.setdefault(text, obj)

    @staticmethod
    def normalise(text):
        return unicodedata.normalize("NFKC", str(text)).strip().casefold()

    def find(self, text):
        if self.index is None:
            self.prepare()
        key = self.normalise(text)
        if key in self.ambiguous:
            raise ValueError(
                _('"%(value)s" matches more than one %(model)s; use its slug')
                % {"value": text, "model": self.model._meta.verbose_name}
            )
        obj = self.index.get(key)
        if obj is None:
            raise ValueError(self.not_found(text))
        return obj

    def not_found(self, text):
        """``not found (did you mean …?)``, for the first ``MAX_SUGGESTIONS`` misses of a file."""
        close = None
        if self.suggestions_left > 0:
            self.suggestions_left -= 1
            close = self.close_match(self.normalise(text))
        if close:
            suggestion = getattr(self.index[close], self.label)
            return _('"%(value)s" not found (did you mean %(suggestion)s?)') % {
                "value": text,
                "suggestion": suggestion,
            }
        return _('"%(value)s" not found') % {"value": text}

    def close_match(self, key):
        """The known name most like ``key``, compared only with names sharing its letter pairs.

        ``difflib`` over every name of a large table costs seconds a miss; an index of letter
        pairs narrows it to ``MAX_CANDIDATES`` names first.
        """
        if self.grams is None:
            self.grams = defaultdict(list)
            for known in self.index:
                for gram in letter_pairs(known):
                    self.grams[gram].append(known)
        counts = Counter()
        for gram in letter_pairs(key):
            postings = self.grams.get(gram, ())
            if len(postings) <= COMMON_PAIR:
                counts.update(postings)
        candidates = [known for known, _count in counts.most_common(MAX_CANDIDATES)]
        close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
        return close[0] if close else None

    def clean(self, value, row=None, **kwargs):
        text = clean_cell(value if not isinstance(value, float) else str(int(value)))
        if text is None:
            return None
        return self.find(unneutralise(str(text)))

    def render(self, value, obj=None, **kwargs):
        return neutralise(getattr(value, self.label, "") or "") if value else ""


class ManyLookupWidget(LookupWidget, widgets.ManyToManyWidget):
    """Several related rows, separated by ``;`` (or the full-width ``；``)."""

    def clean(self, value, row=None, **kwargs):
        text = clean_cell(value)
        if text is None:
            return []
        found, problems = [], []
        for part in LIST_SEPARATORS.split(unneutralise(str(text))):
            if not part:
                continue
            try:
                obj = self.find(part)
            except ValueError as error:
                problems.append(str(error))
                continue
            if obj not in found:
                found.append(obj)
        if len(problems) > MAX_PROBLEMS_PER_CELL:
            more = len(problems) - MAX_PROBLEMS_PER_CELL
            problems = [
                *problems[:MAX_PROBLEMS_PER_CELL],
                ngettext("and %(count)s more not found", "and %(count)s more not found", more)
                % {"count": more},
            ]
        if problems:
            raise ValueError("; ".join(problems))
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        names = sorted(getattr(item, self.label) for item in value.all())
        return neutralise("; ".join(names))


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


PUBLICATION_ALIASES = {"草稿": "draft", "已发布": "published", "发布": "published"}


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

    # Columns -----------------------------------------------------------------------------

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
        for field in self.get_import_fields():
            if isinstance(field.widget, LookupWidget):
                field.widget.prepare()
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
        if hasattr(instance, "slug") and not instance.slug:
            keys = dict(self.current_keys)
            instance.slug = (
                keys.get("slug") or f"{instance._meta.model_name}-{uuid.uuid4().hex[:8]}"
            )
        for name in getattr(instance, "rich_text_fields", ()):
            setattr(instance, name, clean_html(getattr(instance, name)))
        if instance.pk is None:
            instance.created_at = self.now
            if hasattr(instance, "created_by_id"):
                instance.created_by = self.user
        instance.updated_at = self.now
        if hasattr(instance, "updated_by_id"):
            instance.updated_by = self.user

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        self.saved.append(instance)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Write only the columns some row of the batch changed, plus who and when."""
        if self.update_instances and (using_transactions or not dry_run):
            concrete = set(self.get_bulk_update_fields())
            changed = {
                self._meta.model._meta.get_field(name).name
                for instance in self.update_instances
                for name in getattr(instance, "_import_changes", None) or concrete
            }
            always = {"slug", "updated_at", "updated_by"} & concrete
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
        for extra in ("slug", "updated_at", "updated_by"):
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

    def record_batch(self, file_name, result):
        """The import as one ``ImportBatch``: what it added and what each change replaced."""
        from .models import ImportBatch

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
        return ImportBatch.objects.create(
            model_name=self._meta.model._meta.model_name,
            file_name=file_name[:255],
            created_by=self.user,
            counts={
                "new": totals["new"],
                "updated": totals["update"],
                "unchanged": totals["skip"],
                "invalid": totals["invalid"],
            },
            created_ids=created,
            changes=changes,
            versions=versions,
        )

    def model_attname(self, attribute):
        field = self._meta.model._meta.get_field(attribute)
        return field.name if field.many_to_many else field.attname

    def save_links(self, field):
        """Replace the many-to-many links of every saved row, in bulk."""
        changed = [i for i in self.saved if field.attribute in i._import_m2m and i.pk]
        if not changed:
            return
        descriptor = getattr(self._meta.model, field.attribute)
        through = descriptor.through
        source = descriptor.field.m2m_field_name()
        target = descriptor.field.m2m_reverse_field_name()
        for part in chunks(changed):
            through.objects.filter(**{f"{source}_id__in": [i.pk for i in part]}).delete()
        links = [
            through(**{f"{source}_id": instance.pk, f"{target}_id": obj.pk})
            for instance in changed
            for obj in instance._import_m2m[field.attribute]
        ]
        through.objects.bulk_create(links, batch_size=CHUNK)

    # Export ------------------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return neutralise(value) if isinstance(value, str) else value


class NamedResource(CorridorResource):
    """English name, Chinese name and slug: the columns every named model starts with."""

    name = column("name", "Name")
    name_zh = column("name_zh", "Chinese name")
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


ALIASES = {
    "Name": ("名称", "英文名", "english name", "name (english)"),
    "Chinese name": ("中文名", "中文名称", "name (chinese)", "name_zh"),
    "Slug": ("网址名",),
    "City": ("城市", "所在城市"),
    "Province": ("省份",),
    "Industries": ("产业", "行业", "industry"),
    "Park": ("园区",),
    "Innovation enclave": ("飞地", "科创飞地", "enclave"),
    "Founded": ("成立年份", "founded year"),
    "Listing board": ("上市板块", "board", "listing"),
    "Stock code": ("股票代码",),
    "High-tech enterprise": ("高新技术企业", "high-tech", "high tech"),
    "Unified social credit code": ("统一社会信用代码", "credit code", "uscc"),
    "Summary": ("简介", "摘要"),
    "Description": ("介绍", "详细介绍"),
    "Website": ("网站", "官网"),
    "Status": ("状态",),
    "Publish at": ("发布时间",),
    "Title": ("标题",),
    "Body": ("正文",),
    "Date": ("日期",),
    "Amount": ("金额",),
    "Fund": ("基金",),
    "Enterprise": ("企业",),
    "Note": ("备注",),
    "Home city": ("派出城市",),
    "Host city": ("所在地", "落地城市"),
    "Value": ("数值",),
    "Unit": ("单位",),
    "Year": ("年份",),
    "Label": ("指标",),
}

BOARD_ALIASES = {
    "科创板": "star",
    "上交所": "sse",
    "上海证券交易所": "sse",
    "主板": "sse",
    "深交所": "szse",
    "深圳证券交易所": "szse",
    "北交所": "bse",
    "港交所": "hkex",
    "香港联交所": "hkex",
    "海外": "overseas",
    "未上市": "unlisted",
    "": "unlisted",
}
PROVINCE_ALIASES = {"上海": "shanghai", "浙江": "zhejiang", "江苏": "jiangsu", "安徽": "anhui"}


class CityResource(NamedResource):
    province = choice("province", "Province", corridor.Province.choices, PROVINCE_ALIASES)
    is_member = boolean("is_member", "Member city")
    phase = choice(
        "phase", "Phase", corridor.Phase.choices, {"1.0": "1.0", "2.0": "2.0", "3.0": "3.0"}
    )
    joined_year = column("joined_year", "Year joined", YearWidget())
    position = column("position", "Position", IntegerWidget(), saves_null_values=False)
    latitude = column("latitude", "Latitude", DecimalWidget())
    longitude = column("longitude", "Longitude", DecimalWidget())
    area_km2 = column("area_km2", "Area (km²)", DecimalWidget())
    population = column("population", "Population", IntegerWidget())
    summary = column("summary", "Summary")
    description = rich_text("description", "Description")
    aliases = ALIASES
    required_columns = ("Name", "Province")

    class Meta(CorridorResource.Meta):
        model = corridor.City
        fields = (
            "name",
            "name_zh",
            "slug",
            "province",
            "is_member",
            "phase",
            "joined_year",
            "position",
            "latitude",
            "longitude",
            "area_km2",
            "population",
            "summary",
            "description",
        )
        export_order = import_order = fields


class IndustryResource(NamedResource):
    is_strategic = boolean("is_strategic", "Strategic (6+X)")
    position = column("position", "Position", IntegerWidget(), saves_null_values=False)
    summary = column("summary", "Summary")
    aliases = ALIASES

    class Meta(CorridorResource.Meta):
        model = corridor.Industry
        fields = ("name", "name_zh", "slug", "is_strategic", "position", "summary")
        export_order = import_order = fields


class ParkResource(NamedResource, PublishableResource):
    kind = choice("kind", "Kind", corridor.Park.Kind.choices)
    city = lookup("city", "City", corridor.City)
    area_km2 = column("area_km2", "Area (km²)", DecimalWidget())
    opened_year = column("opened_year", "Opened", YearWidget())
    industries = many("industries", "Industries", corridor.Industry)
    summary = column("summary", "Summary")
    description = rich_text("description", "Description")
    image_alt = column("image_alt", "Image alt text")
    aliases = ALIASES
    required_columns = ("Name", "City")

    class Meta(CorridorResource.Meta):
        model = corridor.Park
        fields = (
            "name",
            "name_zh",
            "slug",
            "kind",
            "city",
            "area_km2",
            "opened_year",
            "industries",
            "summary",
            "description",
            "image_alt",
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields


class EnclaveResource(NamedResource, PublishableResource):
    home_city = lookup("home_city", "Home city", corridor.City)
    host_city = lookup("host_city", "Host city", corridor.City)
    park = lookup("park", "Park", corridor.Park)
    address = column("address", "Address")
    opened_on = column("opened_on", "Opened on", DateWidget())
    industries = many("industries", "Focus industries", corridor.Industry)
    summary = column("summary", "Summary")
    description = rich_text("description", "Description")
    is_featured = boolean("is_featured", "Featured")
    aliases = {**ALIASES, "Focus industries": ALIASES["Industries"]}
    required_columns = ("Name", "Home city", "Host city")

    class Meta(CorridorResource.Meta):
        model = corridor.Enclave
        fields = (
            "name",
            "name_zh",
            "slug",
            "home_city",
            "host_city",
            "park",
            "address",
            "opened_on",
            "industries",
            "summary",
            "description",
            "is_featured",
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields


class EnterpriseResource(NamedResource, PublishableResource):
    """Enterprises, keyed by unified social credit code when given, else by slug."""

    credit_code = column("credit_code", "Unified social credit code")
    kind = choice(
        "kind",
        "Kind",
        corridor.Enterprise.Kind.choices,
        {"企业": "company", "公司": "company", "研究院": "institute", "大学": "university"},
    )
    city = lookup("city", "City", corridor.City)
    park = lookup("park", "Park", corridor.Park)
    enclave = lookup("enclave", "Innovation enclave", corridor.Enclave)
    industries = many("industries", "Industries", corridor.Industry)
    founded_year = column("founded_year", "Founded", YearWidget())
    listing_board = choice(
        "listing_board", "Listing board", corridor.Enterprise.Board.choices, BOARD_ALIASES
    )
    stock_code = column("stock_code", "Stock code")
    is_high_tech = boolean("is_high_tech", "High-tech enterprise")
    website = column("website", "Website")
    summary = column("summary", "Summary")
    description = rich_text("description", "Description")
    highlights = column("highlights", "Highlights")
    logo_alt = column("logo_alt", "Logo alt text")
    is_featured = boolean("is_featured", "Featured")
    aliases = ALIASES
    required_columns = ("Name", "City")

    class Meta(CorridorResource.Meta):
        model = corridor.Enterprise
        fields = (
            "name",
            "name_zh",
            "slug",
            "credit_code",
            "kind",
            "city",
            "park",
            "enclave",
            "industries",
            "founded_year",
            "listing_board",
            "stock_code",
            "is_high_tech",
            "website",
            "summary",
            "description",
            "highlights",
            "logo_alt",
            "is_featured",
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields

    def credit_code_for_row(self, row):
        code = self.row_value(row, "Unified social credit code")
        return unicodedata.normalize("NFKC", str(code)).strip().upper() if code else ""

    def row_keys(self, row):
        code = self.credit_code_for_row(row)
        return ((("credit_code", code),) if code else ()) + super().row_keys(row)


class FundResource(NamedResource, PublishableResource):
    kind = choice("kind", "Kind", corridor.Fund.Kind.choices)
    size_amount = column("size_amount", "Total size", DecimalWidget())
    currency = choice(
        "currency",
        "Currency",
        corridor.Fund.Currency.choices,
        {"人民币": "CNY", "元": "CNY", "rmb": "CNY", "美元": "USD"},
    )
    launched_year = column("launched_year", "Launched", YearWidget())
    manager = column("manager", "Manager")
    cities = many("cities", "Cities covered", corridor.City)
    industries = many("industries", "Industries", corridor.Industry)
    summary = column("summary", "Summary")
    description = rich_text("description", "Description")
    is_featured = boolean("is_featured", "Featured")
    aliases = ALIASES

    class Meta(CorridorResource.Meta):
        model = corridor.Fund
        fields = (
            "name",
            "name_zh",
            "slug",
            "kind",
            "size_amount",
            "currency",
            "launched_year",
            "manager",
            "cities",
            "industries",
            "summary",
            "description",
            "is_featured",
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields


class FundInvestmentResource(CorridorResource):
    """A fund's support for an enterprise: one row per (fund, enterprise) pair."""

    fund = lookup("fund", "Fund", corridor.Fund)
    enterprise = lookup(
        "enterprise",
        "Enterprise",
        corridor.Enterprise,
        keys=("slug", "name", "name_zh", "credit_code"),
    )
    amount = column("amount", "Amount", DecimalWidget())
    date = column("date", "Date", DateWidget())
    note = column("note", "Note")
    aliases = ALIASES
    required_columns = ("Fund", "Enterprise")

    class Meta(CorridorResource.Meta):
        model = corridor.FundInvestment
        fields = ("fund", "enterprise", "amount", "date", "note")
        export_order = import_order = fields

    def pair_for_row(self, row):
        try:
            fund = self.fields["fund"].clean(row)
            enterprise = self.fields["enterprise"].clean(row)
        except ValueError:
            return None
        return (fund.pk, enterprise.pk) if fund and enterprise else None

    def row_keys(self, row):
        pair = self.pair_for_row(row)
        return (("pair", pair),) if pair else ()

    def key_attribute(self, key):
        return "enterprise"

    def load_instances(self, dataset):
        for field in (self.fields["fund"], self.fields["enterprise"]):
            field.widget.prepare()
        pairs = {self.pair_for_row(row) for row in dataset.dict} - {None}
        found = {}
        fund_ids = {fund for fund, _ in pairs}
        for part in chunks(fund_ids):
            for obj in self.get_queryset().filter(fund_id__in=part):
                if (obj.fund_id, obj.enterprise_id) in pairs:
                    found[("pair", (obj.fund_id, obj.enterprise_id))] = obj
        return found

    def unique_errors(self, instance):
        return {}


class NewsItemResource(PublishableResource):
    title = column("title", "Title")
    slug = column("slug", "Slug")
    standfirst = column("standfirst", "Standfirst")
    body = rich_text("body", "Body")
    byline = column("byline", "Byline")
    source_name = column("source_name", "Source")
    source_url = column("source_url", "Source link")
    source_published_on = column("source_published_on", "Source published on", DateWidget())
    image_alt = column("image_alt", "Image alt text")
    image_caption = column("image_caption", "Image caption")
    image_credit = column("image_credit", "Image credit")
    is_featured = boolean("is_featured", "Featured")
    cities = many("cities", "Cities", corridor.City)
    industries = many("industries", "Industries", corridor.Industry)
    enterprises = many("enterprises", "Enterprises", corridor.Enterprise)
    name_column = "Title"
    required_columns = ("Title",)
    aliases = {**ALIASES, "Cities": ALIASES["City"], "Enterprises": ALIASES["Enterprise"]}

    class Meta(CorridorResource.Meta):
        model = corridor.NewsItem
        fields = (
            "title",
            "slug",
            "standfirst",
            "body",
            "byline",
            "source_name",
            "source_url",
            "source_published_on",
            "image_alt",
            "image_caption",
            "image_credit",
            "is_featured",
            "cities",
            "industries",
            "enterprises",
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields


class MilestoneResource(PublishableResource):
    date = column("date", "Date", DateWidget())
    precision = choice("precision", "Date precision", corridor.Milestone.Precision.choices)
    title = column("title", "Title")
    title_zh = column("title_zh", "Chinese title")
    slug = column("slug", "Slug")
    summary = column("summary", "Summary")
    phase = choice(
        "phase", "Phase", corridor.Phase.choices, {"1.0": "1.0", "2.0": "2.0", "3.0": "3.0"}
    )
    city = lookup("city", "City", corridor.City)
    name_column = "Title"
    required_columns = ("Date", "Title")
    aliases = ALIASES

    class Meta(CorridorResource.Meta):
        model = corridor.Milestone
        fields = (
            "date",
            "precision",
            "title",
            "title_zh",
            "slug",
            "summary",
            "phase",
            "city",
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields

    def import_instance(self, instance, row, **kwargs):
        """A date given as a year (``2018``) or a month keeps that precision unless told."""
        super().import_instance(instance, row, **kwargs)
        if self.row_value(row, "Date precision") is None and self.row_value(row, "Date"):
            instance.precision = date_precision(self.row_value(row, "Date"))

    def slug_for_row(self, row):
        explicit = self.row_value(row, "Slug")
        if explicit:
            return slug_from(str(explicit))
        try:
            year = f"{parse_date(self.row_value(row, 'Date')):%Y}"
        except (ValueError, TypeError):
            year = ""
        return slug_from(f"{year} {self.row_value(row, 'Title') or ''}")


class IndicatorResource(PublishableResource):
    label = column("label", "Label")
    label_zh = column("label_zh", "Chinese label")
    slug = column("slug", "Slug")
    value = column("value", "Value", DecimalWidget())
    unit = column("unit", "Unit")
    year = column("year", "Year", YearWidget())
    city = lookup("city", "City", corridor.City)
    source_note = column("source_note", "Source note")
    position = column("position", "Position", IntegerWidget(), saves_null_values=False)
    is_key_figure = boolean("is_key_figure", "Key figure")
    name_column = "Label"
    required_columns = ("Label", "Value", "Year")
    aliases = ALIASES

    class Meta(CorridorResource.Meta):
        model = corridor.Indicator
        fields = (
            "label",
            "label_zh",
            "slug",
            "value",
            "unit",
            "year",
            "city",
            "source_note",
            "position",
            "is_key_figure",
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields

    def slug_for_row(self, row):
        explicit = self.row_value(row, "Slug")
        if explicit:
            return slug_from(str(explicit))
        try:
            city = self.fields["city"].clean(row)
        except ValueError:
            city = None
        try:
            year = self.fields["year"].clean(row) or ""
        except ValueError:
            year = ""
        scope = city.slug if city else "g60"
        return slug_from(f"{scope} {self.row_value(row, 'Label') or ''} {year}")


RESOURCES = {
    "city": CityResource,
    "industry": IndustryResource,
    "park": ParkResource,
    "enclave": EnclaveResource,
    "enterprise": EnterpriseResource,
    "fund": FundResource,
    "fundinvestment": FundInvestmentResource,
    "newsitem": NewsItemResource,
    "milestone": MilestoneResource,
    "indicator": IndicatorResource,
}
MODEL_ALIASES = {
    "cities": "city",
    "industries": "industry",
    "parks": "park",
    "enclaves": "enclave",
    "enterprises": "enterprise",
    "funds": "fund",
    "investments": "fundinvestment",
    "fund-investments": "fundinvestment",
    "fund_investments": "fundinvestment",
    "news": "newsitem",
    "milestones": "milestone",
    "indicators": "indicator",
    "figures": "indicator",
    "key-figures": "indicator",
}


def resource_for(model_name):
    """The resource class for ``enterprise``, ``enterprises``, ``news`` and so on."""
    key = (model_name or "").strip().lower()
    return RESOURCES.get(MODEL_ALIASES.get(key, key))
