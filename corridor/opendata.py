"""Open data: every public list as CSV, Excel (xlsx) and JSON, with the filters and order of
its page.

A ``Dataset`` names a model's public columns once; each download reads ``.published()`` rows
in chunks (``iterator``), so a list of any length streams in constant memory:

- CSV: UTF-8 with a byte-order mark, which Excel needs to read Chinese; streamed.
- xlsx: openpyxl's write-only workbook, which keeps its rows in a temporary file, not in memory.
- JSON: ``{"dataset", "licence", "columns", "items": […]}``, streamed. Its keys are the columns'
  stable names; CSV and xlsx headers follow the page's language.

Spreadsheet cells that would start a formula are written as text (``neutralise``). The JSON
needs no such care: nothing runs it.
"""

import csv
import datetime
import functools
import json
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from types import SimpleNamespace

from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from . import models as corridor
from .filters import EnterpriseFilter, NewsFilter
from .spreadsheets.reader import neutralise

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CHUNK = 2000
SLUG = "slug-of-the-item"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@dataclass(frozen=True)
class Column:
    """One column: ``key`` names it in JSON and the API, ``header`` (translated) in CSV and
    xlsx. A row is a dict of the ``paths`` the columns read (``values()``, no model instances):
    ``read`` gives the column's value from it for people (a choice's label, slugs joined),
    ``raw`` for programs (the choice's code, a list of slugs), by default the same; an
    ``address`` of this site is made absolute. ``many`` names a many-to-many field, ``link`` a
    foreign key to content with drafts: each batch of rows reads their slugs in one query
    (``Dataset.with_links``), the latter only where a visitor may see the linked item.
    ``kind`` tells the API's schema what the value is."""

    key: str
    header: str
    read: object
    paths: tuple = ()
    address: bool = False
    many: str = ""
    link: str = ""
    raw: object = None
    kind: str = "field"

    def value(self, row, absolute):
        value = self.read(row)
        return absolute(value) if self.address and value else value

    def json(self, row, absolute):
        if self.raw is None:
            return json_value(self.value(row, absolute))
        return json_value(self.raw(row))


def col(key, header, path=None):
    """The row's value at ``path`` (by default ``key``): a field, or a linked row's
    (``city__slug``)."""
    path = path or key
    return Column(key, header, lambda row: row[path], (path,))


class Labels:
    """The labels of a choice field in the active language, worked out once per language."""

    def __init__(self, model, name):
        self.field = model._meta.get_field(name)
        self.by_language = {}

    def __call__(self, value):
        language = translation.get_language()
        if language not in self.by_language:
            self.by_language[language] = {key: str(label) for key, label in self.field.flatchoices}
        return self.by_language[language].get(value, value or "")


def shown(model, key, header):
    """A choice field: its label in the active language (``get_kind_display``) in CSV and
    xlsx, its code in JSON and the API."""
    label = Labels(model, key)
    return Column(
        key, header, lambda row: label(row[key]), (key,), raw=lambda row: row[key], kind="choice"
    )


def slugs(key, header):
    """A many-to-many field's slugs: joined by "; " in CSV and xlsx, a list in JSON."""
    return Column(
        key,
        header,
        lambda row: "; ".join(row[f"many:{key}"]),
        many=key,
        raw=lambda row: row[f"many:{key}"],
        kind="slugs",
    )


def linked(key, header, field=None):
    """A foreign key to content with drafts (a park, an enclave): the linked item's slug while
    a visitor may see it, else empty, as the item's page shows it."""
    return Column(key, header, lambda row: row[f"link:{key}"], (field or key,), link=field or key)


@functools.cache
def _address_pattern(url_name, language):
    return reverse(url_name, kwargs={"slug": SLUG})


def page_address(url_name, slug):
    """``reverse(url_name, slug=slug)``, at the cost of a string replacement: one reverse per
    name and language, not one per row."""
    return _address_pattern(url_name, translation.get_language()).replace(SLUG, slug)


def page(url_name):
    return Column(
        "page",
        _("Page"),
        lambda row: page_address(url_name, row["slug"]),
        ("slug",),
        True,
        kind="address",
    )


def names(field="name"):
    english, chinese = (
        (_("Name (English)"), _("Name (Chinese)"))
        if field == "name"
        else (_("Title (English)"), _("Title (Chinese)"))
    )
    return (
        col("slug", _("Slug")),
        col(f"{field}_en", english),
        col(f"{field}_zh_hans", chinese),
    )


# What a row reads of its source (``models.Sourced``) and of its source article.
SOURCE_PATHS = (
    "source_name_en",
    "source_name_zh_hans",
    "source_url",
    "source_date",
    "verified_on",
    "source__slug",
    "source__status",
    "source__publish_at",
    "source__unpublish_at",
    "source__source_name",
    "source__source_url",
    "source__source_published_on",
)


def cited(row):
    """The row's ``Citation`` (``models.Citation.of``, as a record's page shows it), worked
    out once a row for the columns that each show a part of it."""
    if "_cited" not in row:
        own = ("source_name_zh_hans", "source_name_en")
        if translation.get_language() != "zh-hans":
            own = own[::-1]
        article = None
        if row["source__slug"] and corridor.is_live_at(
            row["source__status"], row["source__publish_at"], row["source__unpublish_at"]
        ):
            article = SimpleNamespace(
                slug=row["source__slug"],
                source_name=row["source__source_name"],
                source_url=row["source__source_url"],
                source_published_on=row["source__source_published_on"],
            )
        row["_cited"] = corridor.Citation.of(
            row[own[0]] or row[own[1]],
            row["source_url"],
            row["source_date"],
            row["verified_on"],
            article,
        )
    return row["_cited"]


def source(key, header, part, address=False):
    def read(row):
        citation = cited(row)
        if citation is None:
            return None
        if part == "article":
            article = citation.article
            return page_address("corridor:news_detail", article.slug) if article else None
        return getattr(citation, part) or None

    return Column(key, header, read, SOURCE_PATHS, address, kind=f"source:{part}")


SOURCE_COLUMNS = (
    source("source", _("Source"), "name"),
    source("source_url", _("Source link"), "url"),
    source("source_date", _("Source date"), "date"),
    source("source_article", _("Source article"), "article", address=True),
    source("verified_on", _("Last checked"), "verified_on"),
)


@dataclass(frozen=True)
class Dataset:
    """A public list as open data: its ``key`` (in addresses), title, model, columns, and the
    filters of its page (``filterset_class``), else its ``ordering``."""

    key: str
    title: str
    description: str
    model: type
    columns: tuple
    ordering: tuple = ()
    filterset_class: type = None

    @property
    def paths(self):
        found = dict.fromkeys(["pk"])
        for column in self.columns:
            found.update(dict.fromkeys(column.paths))
        return list(found)

    def published(self):
        return self.model._default_manager.published()

    def ordering_for(self, params=None):
        """The order of the page: the one its ``order`` filter names (else its first), or the
        list's own; always ending in the primary key, so that it is total."""
        orderings = getattr(self.filterset_class, "ORDERINGS", None)
        if orderings:
            chosen = (params or {}).get("order")
            return orderings.get(chosen, next(iter(orderings.values())))
        ordering = tuple(self.ordering or self.model._meta.ordering)
        if any(isinstance(key, str) and key.lstrip("-") in ("pk", "id") for key in ordering):
            return ordering
        last = ordering[-1] if ordering else "pk"
        descending = (isinstance(last, str) and last.startswith("-")) or getattr(
            last, "descending", False
        )
        return (*ordering, "-pk" if descending else "pk")

    def rows(self, params=None):
        """The published rows a download lists, filtered and ordered as the page is by
        ``params`` (its query string), as dicts of ``paths``."""
        queryset = self.published()
        if self.filterset_class is not None:
            queryset = self.filterset_class(params or {}, queryset=queryset).qs
        return queryset.order_by(*self.ordering_for(params)).values(*self.paths)

    def with_links(self, batch):
        """``batch`` of rows, each with the slugs of its many-to-many links (``many:<name>``),
        one query a field for the whole batch, in the linked model's order, and of the
        published items its foreign keys to content with drafts name (``link:<key>``)."""
        for column in self.columns:
            if column.link:
                self.add_linked(batch, column)
            if not column.many:
                continue
            field = self.model._meta.get_field(column.many)
            through = field.remote_field.through
            own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
            ordering = [f"{other}__{name}" for name in field.related_model._meta.ordering]
            links = {}
            found = (
                through._default_manager.filter(**{f"{own}__in": [row["pk"] for row in batch]})
                .order_by(*ordering, f"{other}__slug")
                .values_list(f"{own}_id", f"{other}__slug")
            )
            for pk, slug in found:
                links.setdefault(pk, []).append(slug)
            for row in batch:
                row[f"many:{column.many}"] = links.get(row["pk"], [])
        return batch

    def add_linked(self, batch, column):
        related = self.model._meta.get_field(column.link).related_model
        wanted = {row[column.link] for row in batch} - {None}
        slugs = (
            dict(
                related._default_manager.published().filter(pk__in=wanted).values_list("pk", "slug")
            )
            if wanted
            else {}
        )
        for row in batch:
            row[f"link:{column.key}"] = slugs.get(row[column.link])

    def record(self, row, absolute):
        """A row as JSON and the API give it: ``{column key: value}``."""
        return {column.key: column.json(row, absolute) for column in self.columns}

    def headers(self):
        return [str(column.header) for column in self.columns]

    def values(self, row, absolute):
        return [column.value(row, absolute) for column in self.columns]

    def url(self, file_format):
        return reverse("corridor:download", kwargs={"dataset": self.key, "format": file_format})

    @property
    def fields(self):
        """The columns as the catalogue describes them: key and header."""
        return [(column.key, column.header) for column in self.columns]


ENTERPRISE_ORDER = EnterpriseFilter.ORDERINGS["name"]
Enterprise, NewsItem, City, Park = (
    corridor.Enterprise,
    corridor.NewsItem,
    corridor.City,
    corridor.Park,
)

DATASETS = {
    dataset.key: dataset
    for dataset in (
        Dataset(
            "enterprises",
            _("Enterprises"),
            _("Companies and research institutes in the corridor's cities."),
            Enterprise,
            (
                *names(),
                shown(Enterprise, "kind", _("Kind")),
                col("city", _("City"), "city__slug"),
                linked("park", _("Park")),
                linked("enclave", _("Innovation enclave")),
                slugs("industries", _("Industries")),
                col("founded_year", _("Founded")),
                shown(Enterprise, "listing_board", _("Listing")),
                col("stock_code", _("Stock code")),
                col("is_high_tech", _("High-tech enterprise")),
                col("website", _("Website")),
                col("summary_en", _("Summary (English)")),
                col("summary_zh_hans", _("Summary (Chinese)")),
                page("corridor:enterprise_detail"),
                *SOURCE_COLUMNS,
            ),
            filterset_class=EnterpriseFilter,
        ),
        Dataset(
            "news",
            _("News"),
            _("News about the corridor, each with its original source."),
            NewsItem,
            (
                *names("title"),
                col("published", _("Published"), "publish_at"),
                col("standfirst_en", _("Standfirst (English)")),
                col("standfirst_zh_hans", _("Standfirst (Chinese)")),
                slugs("cities", _("Cities")),
                slugs("industries", _("Industries")),
                col("source", _("Source"), "source_name"),
                col("source_url", _("Source link")),
                col("source_date", _("Source date"), "source_published_on"),
                page("corridor:news_detail"),
            ),
            filterset_class=NewsFilter,
        ),
        Dataset(
            "cities",
            _("Cities"),
            _("The corridor's member cities and the other cities that run enclaves in them."),
            City,
            (
                *names(),
                shown(City, "province", _("Province")),
                col("is_member", _("Member city")),
                shown(City, "phase", _("Phase")),
                col("joined_year", _("Year joined")),
                col("latitude", _("Latitude")),
                col("longitude", _("Longitude")),
                col("area_km2", _("Area (km²)")),
                col("population", _("Population")),
                page("corridor:city_detail"),
            ),
            ordering=City._meta.ordering,
        ),
        Dataset(
            "industries",
            _("Industries"),
            _("The strategic industries (6+X) and the other sectors enterprises are tagged with."),
            corridor.Industry,
            (
                *names(),
                col("is_strategic", _("Strategic (6+X)")),
                col("summary_en", _("Summary (English)")),
                col("summary_zh_hans", _("Summary (Chinese)")),
                page("corridor:industry_detail"),
            ),
            ordering=corridor.Industry._meta.ordering,
        ),
        Dataset(
            "parks",
            _("Parks and platforms"),
            _("Industrial parks, bases, science cities, innovation hubs and R&D platforms."),
            Park,
            (
                *names(),
                shown(Park, "kind", _("Kind")),
                col("city", _("City"), "city__slug"),
                col("area_km2", _("Area (km²)")),
                col("opened_year", _("Opened")),
                slugs("industries", _("Industries")),
                page("corridor:park_detail"),
                *SOURCE_COLUMNS,
            ),
            ordering=Park._meta.ordering,
        ),
        Dataset(
            "enclaves",
            _("Innovation enclaves"),
            _("Innovation centres that one city runs in another."),
            corridor.Enclave,
            (
                *names(),
                col("home_city", _("Home city"), "home_city__slug"),
                col("host_city", _("Host city"), "host_city__slug"),
                linked("park", _("Park")),
                col("opened_on", _("Opened on")),
                slugs("industries", _("Industries")),
                page("corridor:enclave_detail"),
                *SOURCE_COLUMNS,
            ),
            ordering=corridor.Enclave._meta.ordering,
        ),
        Dataset(
            "funds",
            _("Funds"),
            _("Investment and special funds backing corridor companies."),
            corridor.Fund,
            (
                *names(),
                shown(corridor.Fund, "kind", _("Kind")),
                col("size_amount", _("Total size")),
                col("currency", _("Currency")),
                col("launched_year", _("Launched")),
                slugs("cities", _("Cities covered")),
                slugs("industries", _("Industries")),
                page("corridor:fund_detail"),
                *SOURCE_COLUMNS,
            ),
            ordering=corridor.Fund._meta.ordering,
        ),
        Dataset(
            "investments",
            _("Fund investments"),
            _("Which fund supports which enterprise, with the amount where it is public."),
            corridor.FundInvestment,
            (
                col("fund", _("Fund"), "fund__slug"),
                col("enterprise", _("Enterprise"), "enterprise__slug"),
                col("amount", _("Amount")),
                col("currency", _("Currency"), "fund__currency"),
                col("date", _("Date")),
                *SOURCE_COLUMNS,
            ),
            ordering=("fund__slug", "enterprise__slug"),
        ),
        Dataset(
            "milestones",
            _("Milestones"),
            _("The corridor's timeline, from 2016."),
            corridor.Milestone,
            (
                *names("title"),
                col("date", _("Date")),
                col("precision", _("Date precision")),
                shown(corridor.Milestone, "phase", _("Phase")),
                col("city", _("City"), "city__slug"),
                *SOURCE_COLUMNS,
            ),
            ordering=("date", "slug"),
        ),
        Dataset(
            "figures",
            _("Key figures"),
            _("The corridor's and each city's figures by year, with their units."),
            corridor.Indicator,
            (
                col("slug", _("Slug")),
                col("label_en", _("Label (English)")),
                col("label_zh_hans", _("Label (Chinese)")),
                col("value", _("Value")),
                col("unit_en", _("Unit (English)")),
                col("unit_zh_hans", _("Unit (Chinese)")),
                col("year", _("Year")),
                col("city", _("City"), "city__slug"),
                shown(corridor.Indicator, "theme", _("Theme")),
                *SOURCE_COLUMNS,
            ),
            ordering=(F("city__position").asc(nulls_first=True), Lower("label_en"), "year", "pk"),
        ),
    )
}


# --- Writers ------------------------------------------------------------------------------------


def cell(value):
    """A value as a CSV or xlsx cell: text that could start a formula is written as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, datetime.date | int | float):
        return value
    return neutralise(str(value))


def json_value(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(number(value))
    return value


def number(value):
    """A stored decimal without its padding zeros: ``10.0000`` is ``10``, ``3.5500`` ``3.55``."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


class Echo:
    """A file whose ``write`` returns what it is given: ``csv.writer`` writes a line to it."""

    def write(self, value):
        return value


def items(dataset, queryset):
    """The rows, read in chunks of ``CHUNK``, each chunk with its links (``with_links``)."""
    rows = queryset.iterator(chunk_size=CHUNK)
    while batch := list(islice(rows, CHUNK)):
        yield from dataset.with_links(batch)


def csv_lines(dataset, queryset, absolute):
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(dataset.headers())
    for item in items(dataset, queryset):
        yield writer.writerow([cell(value) for value in dataset.values(item, absolute)])


def json_parts(dataset, queryset, absolute, language):
    head = {
        "dataset": dataset.key,
        "title": str(dataset.title),
        "language": language,
        "licence": {"name": LICENCE, "url": LICENCE_URL},
        "columns": [{"key": k, "title": str(h)} for k, h in dataset.fields],
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    first = True
    for item in items(dataset, queryset):
        row = dataset.record(item, absolute)
        yield ("" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "]}\n"


def xlsx_file(dataset, queryset, absolute):
    """A temporary file holding the workbook; openpyxl's write-only mode keeps no rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(dataset.title)[:31])
    sheet.append(dataset.headers())
    for item in items(dataset, queryset):
        sheet.append([cell(value) for value in dataset.values(item, absolute)])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the answer closes it when sent)
    workbook.save(handle)
    handle.seek(0)
    return handle


def filename(dataset, file_format):
    return f"g60-{dataset.key}-{translation.get_language()}.{file_format}"


# --- The catalogue (/data/) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A dataset as the catalogue shows it: its rows' count and latest change, kept until
    content changes (at a million rows, one aggregate of a third of a second)."""

    dataset: Dataset
    count: int
    modified: datetime.datetime | None

    @property
    def downloads(self):
        return [(file_format, self.dataset.url(file_format)) for file_format in FORMATS]

    @property
    def api_url(self):
        return reverse(f"api:{self.dataset.key}-list")


def catalogue():
    """Every dataset with its count and latest change (``Entry``)."""
    from django.db.models import Count, Max

    from .cache import for_this_generation

    entries = []
    for dataset in DATASETS.values():

        def totals(dataset=dataset):
            rows = dataset.model._default_manager.published().order_by()
            return rows.aggregate(count=Count("pk"), modified=Max("updated_at"))

        found = for_this_generation("catalogue", (dataset.key,), totals)
        entries.append(Entry(dataset, found["count"], found["modified"]))
    return entries


# DCAT-AP, with a context of its own (no other document need be fetched to read it).
DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "Catalog": "dcat:Catalog",
    "Dataset": "dcat:Dataset",
    "Distribution": "dcat:Distribution",
    "Agent": "foaf:Agent",
    "title": "dct:title",
    "description": "dct:description",
    "name": "foaf:name",
    "publisher": "dct:publisher",
    "language": {"@id": "dct:language", "@type": "@id"},
    "license": {"@id": "dct:license", "@type": "@id"},
    "modified": {"@id": "dct:modified", "@type": "xsd:dateTime"},
    "landingPage": {"@id": "dcat:landingPage", "@type": "@id"},
    "dataset": {"@id": "dcat:dataset", "@container": "@set"},
    "distribution": {"@id": "dcat:distribution", "@container": "@set"},
    "downloadURL": {"@id": "dcat:downloadURL", "@type": "@id"},
    "accessURL": {"@id": "dcat:accessURL", "@type": "@id"},
    "mediaType": "dcat:mediaType",
    "format": "dct:format",
    "DataService": "dcat:DataService",
    "service": {"@id": "dcat:service", "@container": "@set"},
    "endpointURL": {"@id": "dcat:endpointURL", "@type": "@id"},
    "endpointDescription": {"@id": "dcat:endpointDescription", "@type": "@id"},
    "servesDataset": {"@id": "dcat:servesDataset", "@type": "@id", "@container": "@set"},
}
LANGUAGES = {
    "en": "http://publications.europa.eu/resource/authority/language/ENG",
    "zh-hans": "http://publications.europa.eu/resource/authority/language/ZHO",
}


def dcat(entries, absolute):
    """The catalogue as DCAT-AP JSON-LD, for harvesters (CKAN and the like); ``absolute``
    makes an address absolute."""
    publisher = {"@type": "Agent", "name": str(_("G60 Science and Technology Innovation Corridor"))}
    return {
        "@context": DCAT_CONTEXT,
        "@type": "Catalog",
        "@id": absolute(reverse("corridor:data")),
        "title": str(_("Open data of the G60 corridor portal")),
        "description": str(_("Every public list of the portal, as CSV, xlsx and JSON.")),
        "publisher": publisher,
        "language": LANGUAGES[translation.get_language()],
        "license": LICENCE_URL,
        "service": [
            {
                "@type": "DataService",
                "title": str(_("The portal's read-only API")),
                "endpointURL": absolute(reverse("api:root")),
                "endpointDescription": absolute(reverse("api:schema")),
                "license": LICENCE_URL,
                "servesDataset": [
                    absolute(reverse("corridor:data")) + f"#{entry.dataset.key}"
                    for entry in entries
                ],
            }
        ],
        "dataset": [
            {
                "@type": "Dataset",
                "@id": absolute(reverse("corridor:data")) + f"#{entry.dataset.key}",
                "title": str(entry.dataset.title),
                "description": str(entry.dataset.description),
                "publisher": publisher,
                "license": LICENCE_URL,
                "modified": entry.modified.isoformat() if entry.modified else None,
                "landingPage": absolute(reverse("corridor:data")) + f"#{entry.dataset.key}",
                "distribution": [
                    {
                        "@type": "Distribution",
                        "title": f"{entry.dataset.title} ({file_format})",
                        "downloadURL": absolute(url),
                        "accessURL": absolute(url),
                        "mediaType": FORMATS[file_format].split(";")[0],
                        "format": file_format.upper(),
                        "license": LICENCE_URL,
                    }
                    for file_format, url in entry.downloads
                ],
            }
            for entry in entries
        ],
    }


def schema_org(entries, absolute):
    """The catalogue as a schema.org ``DataCatalog`` of ``Dataset`` items, for search engines."""
    return {
        "@context": "https://schema.org",
        "@type": "DataCatalog",
        "name": str(_("Open data of the G60 corridor portal")),
        "url": absolute(reverse("corridor:data")),
        "license": LICENCE_URL,
        "dataset": [
            {
                "@type": "Dataset",
                "name": str(entry.dataset.title),
                "description": str(entry.dataset.description),
                "url": absolute(reverse("corridor:data")) + f"#{entry.dataset.key}",
                "license": LICENCE_URL,
                "isAccessibleForFree": True,
                "dateModified": entry.modified.isoformat() if entry.modified else None,
                "variableMeasured": [str(header) for _key, header in entry.dataset.fields],
                "distribution": [
                    {
                        "@type": "DataDownload",
                        "encodingFormat": FORMATS[file_format].split(";")[0],
                        "contentUrl": absolute(url),
                    }
                    for file_format, url in entry.downloads
                ],
            }
            for entry in entries
        ],
    }
