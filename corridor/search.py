"""Site search across enterprises, news, cities, parks, enclaves and funds.

Every type is read through ``.published()`` (cities have no status). Ranking is the same on
every database: an exact name beats a name that starts with the query, which beats a name that
contains it, which beats a match in the text; the full-text score of the database's index
orders the rest.

Matching: each item stores the tokens of its texts in both languages (``corridor.text``:
stemmed English words, Chinese character pairs and single characters, pinyin of Chinese names),
those of its names also apart. Every query term must match the item's tokens, or the name of
one of the item's tags (an industry, a city). English words match as prefixes, one Chinese
character as itself, two or more as the phrase of their pairs. Each database reads the tokens
through its own full-text index, which it keeps current on every write (migration 0015):

- PostgreSQL: the stored ``search_vector`` column (names weighted A, the rest B) and its GIN
  index, queried with ``to_tsquery``; ``'tok':*A`` finds the names only; ``ts_rank`` scores.
- SQLite: the FTS5 table ``<table>_fts``, queried with ``MATCH``; every token is quoted, so no
  query can be read as FTS5 syntax; ``bm25()`` scores, names weighing ten times the text.

Nothing ranks or counts every match: each type is ranked among at most ``limit`` items whose
names match and ``limit`` items that match at all, each fetched from the index with a ``LIMIT``,
and counted up to ``MAX_COUNT``, past which the count says "more than".
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from itertools import chain
from operator import and_, or_

from django.db import connection
from django.db.models import BooleanField, Expression, FloatField, Q, Value
from django.db.models.expressions import RawSQL
from django.utils.text import capfirst

from . import registry
from .text import fold, query_tokens

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_COUNT = 1000
# Candidates ranked for each type on the page of all types (it shows five of each).
GROUP_CANDIDATES = 50
# The stored documents are tokens already (``corridor.text``): PostgreSQL only splits them.
SEARCH_CONFIG = "simple"
VECTOR_COLUMN = "search_vector"
NAMES_COLUMN = "search_names_document"
# bm25() weights of the FTS5 columns: the names, then the whole document.
FTS_WEIGHTS = (10.0, 1.0)


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


CONTROL_CHARACTERS = dict.fromkeys([*range(32), 127], " ")


def normalise_query(raw):
    """Drop control characters, collapse white space (full-width too), cut to 200 characters."""
    text = (raw or "").translate(CONTROL_CHARACTERS).replace("\u3000", " ")
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH], len(text) > MAX_QUERY_LENGTH


def query_terms(query):
    return query.split()[:MAX_TERMS]


def on_postgresql():
    return connection.vendor == "postgresql"


# --- The query in each index's language -------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A query term and the tokens it must find (``corridor.text.query_tokens``)."""

    text: str
    tokens: tuple

    @classmethod
    def parse(cls, query):
        terms = (cls(text, tuple(query_tokens(text))) for text in query_terms(query))
        return [term for term in terms if term.tokens]


def _lexeme(token, weight):
    """A quoted ``to_tsquery`` lexeme; tokens are letters and digits, quoted all the same."""
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:{weight}" if weight else quoted


def tsquery(terms, names_only=False):
    """``'satellit':* & ('复宏' <-> '宏汉')``; with ``names_only``, ``'satellit':*A & …``."""
    weight = "A" if names_only else ""
    parts = []
    for term in terms:
        for kind, value in term.tokens:
            if kind == "prefix":
                parts.append(_lexeme(value, "*" + weight))
            elif kind == "exact":
                parts.append(_lexeme(value, weight))
            else:
                parts.append("(" + " <-> ".join(_lexeme(pair, weight) for pair in value) + ")")
    return " & ".join(parts)


def fts_match(terms, names_only=False):
    """``"satellit"* AND "复宏 宏汉"``: every token quoted; ``names_only`` reads one column."""
    column = f"{NAMES_COLUMN} : " if names_only else ""
    parts = []
    for term in terms:
        for kind, value in term.tokens:
            phrase = '"' + " ".join([value] if isinstance(value, str) else value) + '"'
            parts.append(column + phrase + ("*" if kind == "prefix" else ""))
    return " AND ".join(parts)


class OnSearchedTable(Expression):
    """SQL about the stored vector of the table a query reads (a column Django does not know)."""

    template = ""

    def __init__(self, raw):
        super().__init__()
        self.raw = raw

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        sql = self.template.format(vector=f"{table}.{VECTOR_COLUMN}")
        return sql, [SEARCH_CONFIG, self.raw]


class VectorMatches(OnSearchedTable):
    """``search_vector @@ to_tsquery('simple', raw)``: read through the GIN index."""

    output_field = BooleanField()
    conditional = True
    template = "{vector} @@ to_tsquery(%s::regconfig, %s)"


class VectorRank(OnSearchedTable):
    """``ts_rank`` of the stored vector: no document is parsed again."""

    output_field = FloatField()
    template = "ts_rank({vector}, to_tsquery(%s::regconfig, %s))"


def fts_table(model):
    return f"{model._meta.db_table}_fts"


def document_matches(model, terms, names_only=False):
    """A ``Q`` true for the items whose own tokens (or names' tokens) hold every term."""
    if on_postgresql():
        return Q(VectorMatches(tsquery(terms, names_only)))
    fts = connection.ops.quote_name(fts_table(model))
    match = fts_match(terms, names_only)
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match]))


def scored(queryset, terms, names_only=False):
    """``queryset`` narrowed through the index to items whose tokens (or names' tokens) hold
    every term, each with a ``text_score`` (higher is better) worked out on the rows read."""
    if on_postgresql():
        return queryset.filter(VectorMatches(tsquery(terms, names_only))).annotate(
            text_score=VectorRank(tsquery(terms))
        )
    # bm25() needs the FTS5 table in the FROM clause, which only ``extra()`` can add.
    quote = connection.ops.quote_name
    fts, table = quote(fts_table(queryset.model)), quote(queryset.model._meta.db_table)
    pk = quote(queryset.model._meta.pk.column)
    weights = ", ".join(map(str, FTS_WEIGHTS))
    return queryset.extra(
        select={"text_score": f"-bm25({fts}, {weights})"},
        tables=[fts_table(queryset.model)],
        where=[f"{fts}.rowid = {table}.{pk}", f"{fts} MATCH %s"],
        params=[fts_match(terms, names_only)],
    )


def with_text_score(queryset, terms):
    """``queryset`` with the ``text_score`` of ``scored``, where SQLite has none to give (an
    FTS5 score needs the query to read the FTS5 table)."""
    if on_postgresql():
        return queryset.annotate(text_score=VectorRank(tsquery(terms)))
    return queryset.annotate(text_score=Value(0.0))


# --- Tags ---------------------------------------------------------------------------------------


class Tags:
    """Which tags (industries, cities…) each term names, looked up once per search."""

    def __init__(self):
        self.found = {}

    def ids(self, tag_model, term):
        key = (tag_model, term)
        if key not in self.found:
            named = document_matches(tag_model, [term], names_only=True)
            found = tag_model._default_manager.filter(named).order_by()
            self.found[key] = list(found.values_list("pk", flat=True))
        return self.found[key]

    def arms(self, model, term):
        """One ``Q`` per kind of tag that ``term`` names: items tagged with such a tag."""
        found = []
        for name in model.search_tags:
            tag_field = model._meta.get_field(name)
            ids = self.ids(tag_field.related_model, term)
            if not ids:
                continue
            if tag_field.many_to_many:  # through the link table: one row per item
                through = tag_field.remote_field.through
                links = through._default_manager.filter(
                    **{f"{tag_field.m2m_reverse_field_name()}__in": ids}
                )
                found.append(Q(pk__in=links.values(tag_field.m2m_field_name())))
            else:
                found.append(Q(**{f"{name}__in": ids}))
        return found

    def condition(self, model, term):
        """A ``Q`` true for items tagged with a tag that ``term`` names, or None."""
        arms = self.arms(model, term)
        return reduce(or_, arms) if arms else None


def condition(model, terms, tags):
    """A ``Q`` true for items in which every term matches their tokens or a tag's name."""
    own, either = [], []
    for term in terms:
        tagged = tags.condition(model, term)
        if tagged is None:
            own.append(term)
        else:
            either.append(document_matches(model, [term]) | tagged)
    if own:
        either.insert(0, document_matches(model, own))
    return reduce(and_, either)


def arms(model, terms, tags):
    """``(filter, terms)`` pairs whose items, those passing the filter whose tokens hold the
    terms, are together every match; each pair is read through a single index. The first term
    that names a tag is split into its own tokens and each kind of tag it names; an ``OR`` of
    them would make PostgreSQL read the whole table."""
    tagged = [term for term in terms if tags.condition(model, term) is not None]
    own = [term for term in terms if term not in tagged]
    if not tagged:
        return [(Q(), own)]
    first, others = tagged[0], tagged[1:]
    rest = reduce(
        and_, (document_matches(model, [t]) | tags.condition(model, t) for t in others), Q()
    )
    return [(rest, [first, *own])] + [(arm & rest, own) for arm in tags.arms(model, first)]


def matching(queryset, query):
    """``queryset`` narrowed to the items that match every term of ``query``, in their own
    texts (either language, or pinyin) or in the names of their tags."""
    terms = Term.parse(query)
    if not terms:
        return queryset.none()
    return queryset.filter(condition(queryset.model, terms, Tags()))


# --- Ranking ------------------------------------------------------------------------------------


def name_score(names, query, terms):
    """An exact name 100, a name starting with the query 60, containing it 40; 10 per term
    found in a name."""
    names = [fold(name) for name in names if name]
    query = fold(query)
    if query in names:
        score = 100
    elif any(name.startswith(query) for name in names):
        score = 60
    elif any(query in name for name in names):
        score = 40
    else:
        score = 0
    return score + 10 * sum(any(fold(term) in name for name in names) for term in terms)


class Ranked(Sequence):
    """The ranked results of one type: ids in order, items loaded a slice at a time (so a
    ``Paginator`` reads only its page). ``count`` is exact up to ``MAX_COUNT``; past it,
    ``count_is_capped`` is true and the count is ``MAX_COUNT``."""

    def __init__(self, queryset, ranks, count, count_is_capped):
        self.queryset = queryset
        self.ranks = ranks
        self.ids = list(ranks)
        self.total = count
        self.count_is_capped = count_is_capped

    def __len__(self):
        return len(self.ids)

    def count(self):
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.load(self.ids[index])
        return self.load([self.ids[index]])[0]

    def load(self, ids):
        items = self.queryset.in_bulk(ids)
        for pk in ids:
            items[pk].rank = self.ranks[pk]
        return [items[pk] for pk in ids]


def candidates(stage, search_type, limit):
    """At most ``limit`` rows of ``stage``: pk, text score, names."""
    return list(stage.values_list("pk", "text_score", *search_type.name_fields)[:limit])


def ranked(search_type, query, limit=None, tags=None):
    """The ranked results of one type (``Ranked``), among at most ``limit`` candidates of each
    of ``arms``, and when any has more, ``limit`` whose names match; each read from the index
    with a LIMIT."""
    terms = Term.parse(query)
    limit = limit or MAX_COUNT
    # No ORDER BY: each stage takes the first rows the index gives.
    published = search_type.model._default_manager.published().order_by()
    if not terms:
        return Ranked(published.none(), {}, 0, False)
    stages = []
    for condition_, own in arms(search_type.model, terms, tags or Tags()):
        narrowed = published.filter(condition_)
        stages.append(scored(narrowed, own) if own else with_text_score(narrowed, terms))
    found = [candidates(stage, search_type, limit) for stage in stages]
    full = [stage for stage, rows in zip(stages, found, strict=True) if len(rows) == limit]
    if full:  # more matches than candidates: those matching in a name too
        found.append(candidates(scored(published, terms, names_only=True), search_type, limit))
    scores = {}
    for pk, text_score, *names in chain(*found):
        text = max(text_score or 0.0, 0.0)
        score = name_score(names, query, query_terms(query)) + text / (1 + text)
        scores[pk] = max(score, scores.get(pk, 0.0))
    count = len(scores) if not full else count_up_to(MAX_COUNT + 1, stages, found)
    count, capped = min(count, MAX_COUNT), count > MAX_COUNT
    order = sorted(scores, key=lambda pk: (-scores[pk], pk))[:MAX_COUNT]
    return Ranked(search_type.queryset(), {pk: scores[pk] for pk in order}, count, capped)


def count_up_to(most, stages, found):
    """How many items the stages find together, reading no more than ``most`` of each."""
    ids = set()
    # ``found`` may end with the names' candidates, which no stage of ``stages`` gave.
    for stage, rows in zip(stages, found, strict=False):
        ids.update(pk for pk, *_ in rows)
        if len(ids) < most:
            ids.update(stage.values_list("pk", flat=True)[:most])
        if len(ids) >= most:
            break
    return len(ids)


def search_one(search_type, query):
    """The ranked results of one type, as ``ranked`` gives them: each item carries a
    ``rank``. An exact name beats a name that starts with the query, which beats a name that
    contains it, which beats a match in the text or the tags."""
    return ranked(search_type, query)


@dataclass
class ResultGroup:
    search_type: SearchType
    results: list
    count: int
    count_is_capped: bool = False

    @property
    def key(self):
        return self.search_type.key

    @property
    def label(self):
        return self.search_type.label


def search(query, per_type=5, types=SEARCH_TYPES):
    """Top ``per_type`` results of each type, with their counts up to ``MAX_COUNT``."""
    groups, tags = [], Tags()
    for each in types:
        results = ranked(each, query, limit=max(per_type, GROUP_CANDIDATES), tags=tags)
        if results.total:
            groups.append(
                ResultGroup(each, results[:per_type], results.total, results.count_is_capped)
            )
    return groups
