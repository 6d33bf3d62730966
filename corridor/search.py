"""Site search across enterprises, news, cities, parks, enclaves and funds.

Every type is read through ``.published()`` (cities have no status). Ranking is the same on
every database: an exact name beats a name that starts with the query, which beats a name that
contains it, which beats a match in the text.

Matching: each item stores a document of tokens from its texts in both languages
(``corridor.text``: stemmed English words, Chinese character pairs, pinyin of Chinese names).
Every query term must match the document, or the name of one of the item's tags (an industry,
a city). On PostgreSQL the document is read through a GIN index (migration 0012) with a
``to_tsquery``; on SQLite each token is a substring after a space.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, ExpressionWrapper, FloatField, IntegerField, Q, Value, When
from django.utils.text import capfirst

from . import registry
from .text import query_tokens

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# The stored documents are tokens already (``corridor.text``): PostgreSQL only splits them.
SEARCH_CONFIG = "simple"


@dataclass(frozen=True)
class SearchType:
    key: str
    label: str
    model: type
    name_fields: tuple
    tags: tuple = field(default=())
    related: tuple = field(default=())

    @classmethod
    def of(cls, content, model):
        """The search over ``model``, with the fields the model names for it."""
        return cls(
            content.plural,
            capfirst(model._meta.verbose_name_plural),
            model,
            model.search_names,
            model.search_tags,
            getattr(model, "search_related", ()),
        )

    def queryset(self):
        return self.model._default_manager.published().select_related(*self.related)


SEARCH_TYPES = tuple(SearchType.of(content, model) for content, model in registry.searched())
SEARCH_TYPES_BY_KEY = {search_type.key: search_type for search_type in SEARCH_TYPES}


CONTROL_CHARACTERS = dict.fromkeys(range(32), " ")


def normalise_query(raw):
    """Drop control characters, collapse white space (full-width too), cut to 200 characters."""
    text = (raw or "").translate(CONTROL_CHARACTERS).replace("\u3000", " ")
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH], len(text) > MAX_QUERY_LENGTH


def query_terms(query):
    return query.split()[:MAX_TERMS]


def any_field(fields, lookup, value):
    return reduce(or_, (Q(**{f"{name}__{lookup}": value}) for name in fields))


# --- Matching the stored documents ---------------------------------------------------------


def on_postgresql():
    return connection.vendor == "postgresql"


def with_document(queryset):
    """On PostgreSQL, the document as the GIN index reads it (migration 0012)."""
    if on_postgresql():
        return queryset.annotate(document=SearchVector("search_document", config=SEARCH_CONFIG))
    return queryset


def _lexeme(token):
    """A quoted lexeme for ``to_tsquery``; tokens are letters and digits, quoted all the same."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def term_matches(term):
    """A ``Q`` true for items whose document holds every token of ``term``, or None when the
    term has no token (punctuation only). The queryset must come from ``with_document``."""
    wanted = query_tokens(term)
    if not wanted:
        return None
    if on_postgresql():
        parts = []
        for kind, value in wanted:
            if kind == "prefix":
                parts.append(f"{_lexeme(value)}:*")
            elif kind == "exact":
                parts.append(_lexeme(value))
            else:
                parts.append("(" + " <-> ".join(map(_lexeme, value)) + ")")
        raw = " & ".join(parts)
        return Q(document=SearchQuery(raw, config=SEARCH_CONFIG, search_type="raw"))
    conditions = []
    for kind, value in wanted:
        if kind == "prefix":
            conditions.append(Q(search_document__contains=f" {value}"))
        elif kind == "exact":
            conditions.append(Q(search_document__contains=f" {value} "))
        else:
            conditions += [Q(search_document__contains=f" {pair} ") for pair in value]
    return reduce(and_, conditions)


def tagged_with(model, tags, term, condition):
    """Items whose tags (industries, cities…) match ``term`` themselves."""
    found = Q()
    for name in tags:
        field = model._meta.get_field(name)
        tagged = with_document(field.related_model._default_manager.all()).filter(condition)
        if field.many_to_many:  # through the link table: one row per item, no duplicates
            through = field.remote_field.through
            links = through._default_manager.filter(
                **{f"{field.m2m_reverse_field_name()}__in": tagged.values("pk")}
            )
            found |= Q(pk__in=links.values(field.m2m_field_name()))
        else:
            found |= Q(**{f"{name}__in": tagged.values("pk")})
    return found


def matching(queryset, query):
    """``queryset`` narrowed to the items that match every term of ``query``, in their own
    texts (either language, or pinyin) or in the names of their tags."""
    model = queryset.model
    queryset = with_document(queryset)
    every_term, any_term = Q(), False
    for term in query_terms(query):
        condition = term_matches(term)
        if condition is None:
            continue
        any_term = True
        every_term &= condition | tagged_with(model, model.search_tags, term, condition)
    if not any_term:
        return queryset.none()
    return queryset.filter(every_term)


def search_one(search_type, query):
    """Matching, ranked rows of one type; each carries a ``rank`` annotation.

    An exact name beats a name that starts with the query, which beats a name that contains
    it, which beats a match in the text or the tags."""
    names = search_type.name_fields
    score = Case(
        When(any_field(names, "iexact", query), then=Value(100)),
        When(any_field(names, "istartswith", query), then=Value(60)),
        When(any_field(names, "icontains", query), then=Value(40)),
        default=Value(0),
        output_field=IntegerField(),
    )
    for term in query_terms(query):
        score = score + Case(
            When(any_field(names, "icontains", term), then=Value(10)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return (
        matching(search_type.queryset(), query)
        .annotate(rank=ExpressionWrapper(score, output_field=FloatField()))
        .order_by("-rank", "pk")
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
