"""Site search across enterprises, news, cities, parks, enclaves and funds.

Every type is read through ``.published()`` (cities have no status). Ranking is the same on
every database: an exact name beats a name that starts with the query, which beats a name that
contains it, which beats a match in the text.

Matching: on PostgreSQL, a query in Latin script uses full-text search (stemmed, each word as a
prefix) over a weighted document backed by a GIN index (migration 0002), and adds its rank.
Chinese has no word breaks for the text-search parser, so a query with Chinese characters, and
every query on SQLite, matches each word as a case-insensitive substring instead.
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, ExpressionWrapper, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.text import capfirst

from . import registry
from .text import CJK

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
TEXT_SEARCH_CONFIG = "english"


@dataclass(frozen=True)
class SearchType:
    key: str
    label: str
    model: type
    name_fields: tuple
    text_fields: tuple
    related: tuple = field(default=())

    @classmethod
    def of(cls, content, model):
        """The search over ``model``, with the fields the model names for it."""
        return cls(
            content.plural,
            capfirst(model._meta.verbose_name_plural),
            model,
            model.search_names,
            model.search_texts,
            getattr(model, "search_related", ()),
        )

    def queryset(self):
        return self.model._default_manager.published().select_related(*self.related)

    def vector(self):
        """The weighted document; migration 0002 indexes exactly this expression."""
        return search_vector(self.name_fields, self.text_fields)


def search_vector(name_fields, text_fields):
    return SearchVector(*name_fields, weight="A", config=TEXT_SEARCH_CONFIG) + SearchVector(
        *text_fields, weight="B", config=TEXT_SEARCH_CONFIG
    )


SEARCH_TYPES = tuple(SearchType.of(content, model) for content, model in registry.searched())
SEARCH_TYPES_BY_KEY = {search_type.key: search_type for search_type in SEARCH_TYPES}


CONTROL_CHARACTERS = dict.fromkeys(range(32), " ")
TSQUERY_TERM = re.compile(r"[^\w-]+")


def normalise_query(raw):
    """Drop control characters, collapse white space (full-width too), cut to 200 characters."""
    text = (raw or "").translate(CONTROL_CHARACTERS).replace("\u3000", " ")
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH], len(text) > MAX_QUERY_LENGTH


def full_text_query(query):
    """A prefix query (``'satellit':* & 'base':*``), or None when no word is left to search."""
    words = [TSQUERY_TERM.sub("", term).strip("-") for term in query_terms(query)]
    words = [word for word in words if word]
    if not words:
        return None
    raw = " & ".join(f"'{word}':*" for word in words)
    return SearchQuery(raw, config=TEXT_SEARCH_CONFIG, search_type="raw")


def uses_full_text(query):
    return connection.vendor == "postgresql" and not CJK.search(query)


def query_terms(query):
    return query.split()[:MAX_TERMS]


def any_field(fields, lookup, value):
    return reduce(or_, (Q(**{f"{name}__{lookup}": value}) for name in fields))


def search_one(search_type, query):
    """Matching, ranked rows of one type; each carries a ``rank`` annotation."""
    terms = query_terms(query)
    names, texts = search_type.name_fields, search_type.text_fields
    every_term = reduce(
        lambda acc, term: acc & any_field(names + texts, "icontains", term), terms, Q()
    )
    score = Case(
        When(any_field(names, "iexact", query), then=Value(100)),
        When(any_field(names, "istartswith", query), then=Value(60)),
        When(any_field(names, "icontains", query), then=Value(40)),
        default=Value(0),
        output_field=IntegerField(),
    )
    for term in terms:
        score = score + Case(
            When(any_field(names, "icontains", term), then=Value(10)),
            When(any_field(texts, "icontains", term), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    queryset = search_type.queryset()
    text_query = full_text_query(query) if uses_full_text(query) else None
    if text_query is not None:
        queryset = queryset.annotate(document=search_type.vector()).filter(document=text_query)
        rank = score + Coalesce(SearchRank(F("document"), text_query), 0.0) * 10
    elif uses_full_text(query):
        return queryset.none()
    else:
        queryset = queryset.filter(every_term)
        rank = score
    return queryset.annotate(rank=ExpressionWrapper(rank, output_field=FloatField())).order_by(
        "-rank", "pk"
    )


@dataclass
class ResultGroup:
    search_type: SearchType
    results: list
    count: int

    @property
    def key(self):
        return self.search_type.key

    @property
    def label(self):
        return self.search_type.label


def search(query, per_type=5, types=SEARCH_TYPES):
    """Top ``per_type`` results of each type with their total counts; two queries a type."""
    groups = []
    for each in types:
        queryset = search_one(each, query)
        results = list(queryset[:per_type])
        count = len(results) if len(results) < per_type else queryset.count()
        if count:
            groups.append(ResultGroup(each, results, count))
    return groups
