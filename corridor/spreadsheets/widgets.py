"""Cells as editors type them: text, rich text, numbers, dates, yes/no, choices, related rows.

Each widget turns one cell into a value (``clean``) and a value back into a cell (``render``),
for the per-model resources. Cells that would run as formulas are neutralised on export and
restored on import. ``LookupWidget`` finds a related row by English name, Chinese name or slug
from one read of its table, and bounds its "did you mean" suggestions per file.
"""

import datetime
import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from html import unescape as unescape_entities

from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export import fields, widgets

from ..sanitize import clean_html
from .reader import clean_cell, neutralise, unneutralise

LIST_SEPARATORS = re.compile(r"\s*[;；]\s*")


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

    def __init__(self, model, keys=("slug", "name_en", "name_zh_hans"), label="name"):
        self.model = model
        self.keys = keys
        self.label = label
        self.index = None

    def prepare(self):
        self.index, self.ambiguous, self.spelled = {}, set(), {}
        self.suggestions_left, self.grams = MAX_SUGGESTIONS, None
        for obj in self.model._default_manager.only("pk", *self.keys).order_by("pk"):
            for key in self.keys:
                text = getattr(obj, key)
                if not text:
                    continue
                spelled, text = text, self.normalise(text)
                if key != "slug":
                    self.spelled.setdefault(text, spelled)
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
            # As the file would write it: the English name for a Latin typo, else the Chinese.
            suggestion = self.spelled.get(close) or getattr(self.index[close], self.label)
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
