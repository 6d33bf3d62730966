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
  index, queried with ``to_tsquery``; ``ts_rank`` scores. The names alone are read through
  ``search_names_vector`` and its own index.
- SQLite: the FTS5 table ``<table>_fts``, queried with ``MATCH``; every token is quoted, so no
  query can be read as FTS5 syntax; ``bm25()`` scores, names weighing ten times the text.

A run of three or more Chinese characters is found instead as a substring of the item's
Chinese text (``search_chinese_document``) through a trigram index (migration 0017): pg_trgm's
GIN index read by ``LIKE``, or the FTS5 table ``<table>_cjk`` with the trigram tokenizer. It
reads fewer rows than the phrase of the run's pairs, whose positions must each be checked.
Names alone are still matched by that phrase.

Nothing ranks or counts every match: each type is ranked among at most ``limit`` items whose
names match and ``limit`` items that match at all, each fetched from the index with a ``LIMIT``,
and counted up to ``MAX_COUNT`` (on the page of all types, ``GROUP_COUNT``), past which the
count says "more than".
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from itertools import chain
from operator import and_, or_

from django.db import connection
from django.db.models import BooleanField, Expression, F, FloatField, Q, Value
from django.db.models.expressions import RawSQL
from django.utils.text import capfirst

from . import registry
from .models import DOCUMENT_FIELDS
from .text import fold, query_tokens

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_COUNT = 1000
# How far the page of all types counts each type (it shows five of each, and leads on to the
# type's own page, which counts further), and the candidates it ranks for each: one more than
# that, so that candidates alone tell "more than" (a stage that gives them all holds more) and
# no query counts.
GROUP_COUNT = 50
GROUP_CANDIDATES = GROUP_COUNT + 1
# The stored documents are tokens already (``corridor.text``): PostgreSQL only splits them.
SEARCH_CONFIG = "simple"
VECTOR_COLUMN = "search_vector"
NAMES_VECTOR_COLUMN = "search_names_vector"
NAMES_COLUMN = "search_names_document"
# bm25() weights of the FTS5 columns: the names, then the whole document.
FTS_WEIGHTS = (10.0, 1.0)
CHINESE_COLUMN = "search_chinese_document"
# A run of this many Chinese characters or more is read through the trigram index.
TRIGRAM_MIN = 3


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
        """The items shown, without their search documents (the index has read them)."""
        published = self.model._default_manager.published()
        return published.select_related(*self.related).defer(*DOCUMENT_FIELDS)


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


def is_long(kind, value):
    """A run of ``TRIGRAM_MIN`` Chinese characters or more (a phrase of two pairs or more)."""
    return kind == "phrase" and len(value) >= TRIGRAM_MIN - 1


def run_of(pairs):
    """The characters of a phrase of pairs: ``("复宏", "宏汉")`` gives ``复宏汉``."""
    return pairs[0] + "".join(pair[1] for pair in pairs[1:])


def long_runs(terms):
    """The runs of the terms that the trigram index finds."""
    return [run_of(value) for term in terms for kind, value in term.tokens if is_long(kind, value)]


def token_parts(terms, names_only, every):
    """``(kind, value)`` of each token the token index reads: with ``every`` or ``names_only``
    the long runs too (as phrases), otherwise those are left to the trigram index."""
    for term in terms:
        for kind, value in term.tokens:
            if every or names_only or not is_long(kind, value):
                yield kind, value


def _lexeme(token, prefix=False):
    """A quoted ``to_tsquery`` lexeme; tokens are letters and digits, quoted all the same."""
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:*" if prefix else quoted


def tsquery(terms, names_only=False, every=False):
    """``'satellit':* & ('复宏' <-> '宏汉')``, for the whole document's vector or (with
    ``names_only``) the names' own. Runs for the trigram index are left out, unless ``every``
    (to score) or ``names_only``."""
    parts = []
    for kind, value in token_parts(terms, names_only, every):
        if kind == "prefix":
            parts.append(_lexeme(value, prefix=True))
        elif kind == "exact":
            parts.append(_lexeme(value))
        else:
            parts.append("(" + " <-> ".join(_lexeme(pair) for pair in value) + ")")
    return " & ".join(parts)


def fts_match(terms, names_only=False):
    """``"satellit"* AND "复宏 宏汉"``: every token quoted; ``names_only`` reads one column.
    Runs for the trigram index are left out, unless ``names_only``."""
    column = f"{NAMES_COLUMN} : " if names_only else ""
    parts = []
    for kind, value in token_parts(terms, names_only, every=False):
        phrase = '"' + " ".join([value] if isinstance(value, str) else value) + '"'
        parts.append(column + phrase + ("*" if kind == "prefix" else ""))
    return " AND ".join(parts)


def trigram_matches(model, runs):
    """A ``Q`` true for items whose Chinese text holds each run, read through the trigram
    index: ``LIKE '%run%'`` on PostgreSQL (pg_trgm), ``MATCH '"run"'`` of ``<table>_cjk`` on
    SQLite. A run holds Chinese characters only, so it needs no escaping in either."""
    if on_postgresql():
        return reduce(and_, (Q(**{f"{CHINESE_COLUMN}__contains": run}) for run in runs))
    cjk = connection.ops.quote_name(f"{model._meta.db_table}_cjk")
    match = " AND ".join(f'"{run}"' for run in runs)
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {cjk} WHERE {cjk} MATCH %s", [match]))


class OnSearchedTable(Expression):
    """SQL about a stored vector of the table a query reads (a column Django does not know):
    the whole document's, or with ``names_only`` the names' own."""

    template = ""

    def __init__(self, raw, names_only=False):
        super().__init__()
        self.raw = raw
        self.column = NAMES_VECTOR_COLUMN if names_only else VECTOR_COLUMN

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        sql = self.template.format(vector=f"{table}.{self.column}")
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
    runs = [] if names_only else long_runs(terms)
    found = [trigram_matches(model, runs)] if runs else []
    if on_postgresql():
        query = tsquery(terms, names_only)
        if query:
            found.insert(0, Q(VectorMatches(query, names_only)))
    else:
        match = fts_match(terms, names_only)
        if match:
            fts = connection.ops.quote_name(fts_table(model))
            found.insert(
                0, Q(pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match]))
            )
    return reduce(and_, found)


def scored(queryset, terms, names_only=False):
    """``queryset`` narrowed through the index to items whose tokens (or names' tokens) hold
    every term, each with a ``text_score`` (higher is better) worked out on the rows read."""
    runs = [] if names_only else long_runs(terms)
    if on_postgresql():
        return queryset.filter(document_matches(queryset.model, terms, names_only)).annotate(
            text_score=VectorRank(tsquery(terms, every=True))
        )
    match = fts_match(terms, names_only)
    if runs:
        queryset = queryset.filter(trigram_matches(queryset.model, runs))
        if not match:  # the trigram table gives no score to rank by
            return queryset.annotate(text_score=Value(0.0))
    # bm25() needs the FTS5 table in the FROM clause, which only ``extra()`` can add.
    quote = connection.ops.quote_name
    fts, table = quote(fts_table(queryset.model)), quote(queryset.model._meta.db_table)
    pk = quote(queryset.model._meta.pk.column)
    weights = ", ".join(map(str, FTS_WEIGHTS))
    return queryset.extra(
        select={"text_score": f"-bm25({fts}, {weights})"},
        tables=[fts_table(queryset.model)],
        where=[f"{fts}.rowid = {table}.{pk}", f"{fts} MATCH %s"],
        params=[match],
    )


def with_text_score(queryset, terms):
    """``queryset`` with the ``text_score`` of ``scored``, where SQLite has none to give (an
    FTS5 score needs the query to read the FTS5 table)."""
    if on_postgresql():
        return queryset.annotate(text_score=VectorRank(tsquery(terms, every=True)))
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
    found in a name. ``query`` and ``terms`` are folded already (``fold``)."""
    names = [fold(name) for name in names if name]
    if query in names:
        score = 100
    elif any(name.startswith(query) for name in names):
        score = 60
    elif any(query in name for name in names):
        score = 40
    else:
        score = 0
    return score + 10 * sum(any(term in name for name in names) for term in terms)


class Ranked(Sequence):
    """The ranked results of one type: ids in order, items loaded a slice at a time (so a
    ``Paginator`` reads only its page) from ``search_type.queryset()``. ``count`` is exact up
    to ``MAX_COUNT``; past it, ``count_is_capped`` is true and the count is ``MAX_COUNT``."""

    def __init__(self, search_type, ranks, count, count_is_capped):
        self.search_type = search_type
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
        if not ids:
            return []
        items = self.search_type.queryset().in_bulk(ids)
        for pk in ids:
            items[pk].rank = self.ranks[pk]
        return [items[pk] for pk in ids]


def candidates(stage, search_type, limit):
    """At most ``limit`` rows of ``stage``: pk, text score, names."""
    return list(stage.values_list("pk", "text_score", *search_type.name_fields)[:limit])


@dataclass
class Plan:
    """How one type is searched: a stage per arm (``arms``), each read through one index, and
    the stage of the items whose names match. On PostgreSQL a type of few rows (not
    ``search_many``) has one stage, all its arms read in one scan with the same ``ts_rank``, and
    reads the names' stage apart (``names_apart``), only when that stage is full."""

    search_type: SearchType
    stages: list
    names_stage: object
    names_apart: bool = False

    @classmethod
    def of(cls, search_type, terms, tags):
        # No ORDER BY: each stage takes the first rows the index gives.
        model = search_type.model
        published = model._default_manager.published().order_by()
        names_stage = scored(published, terms, names_only=True)
        if on_postgresql() and not model.search_many:
            stage = with_text_score(published.filter(condition(model, terms, tags)), terms)
            return cls(search_type, [stage], names_stage, names_apart=True)
        stages = []
        for condition_, own in arms(model, terms, tags):
            narrowed = published.filter(condition_)
            stages.append(scored(narrowed, own) if own else with_text_score(narrowed, terms))
        return cls(search_type, stages, names_stage)

    def parts(self, limit, first):
        """Each stage's candidates, the names' last (unless ``names_apart``), as rows of the
        same shape for a ``UNION`` across types: pk, text score, the names, and the part's
        number (from ``first``). Each column is an annotation, so that every type's query
        lists them in the same order."""
        names = {f"name_{n}": F(field) for n, field in enumerate(self.search_type.name_fields)}
        columns = ("row", "text_score", *names, "part")
        stages = self.stages if self.names_apart else [*self.stages, self.names_stage]
        return [
            stage.annotate(row=F("pk"), **names, part=Value(first + n)).values_list(*columns)[
                :limit
            ]
            for n, stage in enumerate(stages)
        ]


def ranked(search_type, query, limit=None, tags=None, most=None):
    """The ranked results of one type (``Ranked``), among at most ``limit`` candidates of each
    of ``arms``, and when any has more, ``limit`` whose names match; each read from the index
    with a LIMIT. Counted up to ``most`` (``MAX_COUNT``)."""
    terms = Term.parse(query)
    if not terms:
        return Ranked(search_type, {}, 0, False)
    limit = limit or MAX_COUNT + 1  # one more than it counts: see GROUP_CANDIDATES
    plan = Plan.of(search_type, terms, tags or Tags())
    (found, full) = read_candidates([plan], limit)[0]
    return rank(plan, query, found, full, most or MAX_COUNT)


def rank(plan, query, found, full, most):
    """``Ranked``: the candidates scored, and counted up to ``most``."""
    scores = {}
    folded, terms = fold(query), [fold(term) for term in query_terms(query)]
    for pk, text_score, *names in chain(*found):
        text = max(text_score or 0.0, 0.0)
        score = name_score(names, folded, terms) + text / (1 + text)
        scores[pk] = max(score, scores.get(pk, 0.0))
    # Counted only when the candidates cannot tell whether there are more than ``most``: never
    # when each stage reads more than ``most`` of them.
    unsure = full and len(scores) <= most
    count = count_up_to(most + 1, plan.stages, found) if unsure else len(scores)
    count, capped = min(count, most), count > most
    order = sorted(scores, key=lambda pk: (-scores[pk], pk))[:most]
    return Ranked(plan.search_type, {pk: scores[pk] for pk in order}, count, capped)


def read_candidates(plans, limit):
    """``[(rows, full)]`` for each plan: the candidates of each stage, then, when any stage
    gives ``limit`` (``full``), those whose names match too.

    Where the database can cut each part of a ``UNION`` (PostgreSQL), one query reads them all,
    every type's, names included but where ``names_apart``, whose names are read after, only
    when needed; otherwise one query per stage, and the names' only when needed."""
    if not connection.features.supports_slicing_ordering_in_compound:
        return [candidates_one_by_one(plan, limit) for plan in plans]
    parts, first = [], []
    for plan in plans:
        first.append(len(parts))
        parts += plan.parts(limit, len(parts))
    rows = [[] for _ in parts]
    for *row, part in parts[0].union(*parts[1:], all=True):
        rows[part].append(row)
    read = []
    for plan, start in zip(plans, first, strict=True):
        stages = len(plan.stages)
        found = rows[start : start + stages + (0 if plan.names_apart else 1)]
        full = any(len(each) == limit for each in found[:stages])
        if not full:
            found = found[:stages]
        elif plan.names_apart:
            found.append(candidates(plan.names_stage, plan.search_type, limit))
        read.append((found, full))
    return read


def candidates_one_by_one(plan, limit):
    found = [candidates(stage, plan.search_type, limit) for stage in plan.stages]
    full = any(len(rows) == limit for rows in found)
    if full:  # more matches than candidates: those matching in a name too
        found.append(candidates(plan.names_stage, plan.search_type, limit))
    return found, full


def count_up_to(most, stages, found):
    """How many items the stages find together, reading no more than ``most`` of each."""
    if connection.features.supports_slicing_ordering_in_compound:  # one query counts them
        ids = [stage.values("pk")[:most] for stage in stages]
        return ids[0].union(*ids[1:]).count() if len(ids) > 1 else ids[0].count()
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
    """Top ``per_type`` results of each type, with their counts up to ``GROUP_COUNT``; every
    type's candidates read together (``read_candidates``)."""
    terms = Term.parse(query)
    if not terms:
        return []
    tags = Tags()
    plans = [Plan.of(each, terms, tags) for each in types]
    limit, most = max(per_type, GROUP_CANDIDATES), max(GROUP_COUNT, per_type)
    groups = []
    for plan, (found, full) in zip(plans, read_candidates(plans, limit), strict=True):
        results = rank(plan, query, found, full, most)
        if results.total:
            groups.append(
                ResultGroup(
                    plan.search_type, results[:per_type], results.total, results.count_is_capped
                )
            )
    return groups
