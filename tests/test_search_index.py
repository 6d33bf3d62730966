"""The full-text index each database keeps (a stored vector on PostgreSQL, FTS5 on SQLite):
what it finds in both languages, that every write path keeps it current, that hostile queries
are only words, that drafts stay hidden, that ranking reads capped candidates, and that
queries read the index rather than the table."""

import datetime
import os
import re
import subprocess
import sys
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from corridor import search
from corridor.models import DOCUMENT_FIELDS, Enterprise, Industry, NewsItem
from corridor.roles import PUBLISHERS
from corridor.spreadsheets.service import import_file, undo_batch
from tests import spreadsheet_files as files
from tests.factories import (
    CityFactory,
    EnterpriseFactory,
    IndustryFactory,
    NewsItemFactory,
    ParkFactory,
    member,
)

pytestmark = pytest.mark.django_db

ENTERPRISES = search.SEARCH_TYPES_BY_KEY["enterprises"]
NEWS = search.SEARCH_TYPES_BY_KEY["news"]


def found(query, search_type=ENTERPRISES):
    return {str(item) for item in search.search_one(search_type, query)}


def listed(query, model=Enterprise):
    return {str(item) for item in search.matching(model.objects.published(), query)}


@pytest.fixture
def corpus():
    hangzhou = CityFactory(name="Hangzhou", name_zh_hans="杭州")
    jiaxing = CityFactory(name="Jiaxing", name_zh_hans="嘉兴")
    biomedicine = IndustryFactory(name="Biomedicine", name_zh_hans="生物医药")
    EnterpriseFactory(
        name="CATL Battery Works",
        name_zh_hans="宁德电池",
        summary="Makes batteries for electric vehicles.",
        city=jiaxing,
    )
    EnterpriseFactory(
        name="Henlius", name_zh_hans="复宏汉霖", industries=[biomedicine], city=jiaxing
    )
    EnterpriseFactory(name="West Lake Labs", summary_zh_hans="位于杭州的实验室", city=jiaxing)
    EnterpriseFactory(name="Quiet Co", city=hangzhou)  # found for 杭州 by its city only
    NewsItemFactory(
        title="Chips for the Yangtze River Delta",
        body="<p>长三角集成电路产业链的芯片设计企业。</p>",
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("杭州", {"West Lake Labs", "Quiet Co"}),  # in a text, and by the city's name
        ("电池", {"CATL Battery Works"}),
        ("电", {"CATL Battery Works"}),  # one character
        ("复宏汉霖", {"Henlius"}),  # four characters: a phrase of three pairs
        ("生物医药", {"Henlius"}),  # the industry's name
        ("宏汉霖", {"Henlius"}),
        ("battery", {"CATL Battery Works"}),  # stemmed: "batteries" and "battery" alike
        ("batteries", {"CATL Battery Works"}),
        ("batt", {"CATL Battery Works"}),  # a prefix
        ("ningde", {"CATL Battery Works"}),  # the pinyin of the Chinese name
        ("fhhl", {"Henlius"}),  # its initials
        ("汉复", set()),  # characters of a name, not in its order
    ],
)
def test_finds_english_chinese_and_pinyin(corpus, query, expected):
    assert found(query) == expected, query
    assert listed(query) == expected, query


def test_three_and_more_characters_in_news(corpus):
    for query in ("长三角", "集成电路", "芯片设计", "chip"):
        assert found(query, NEWS) == {"Chips for the Yangtze River Delta"}, query
    assert found("三角长", NEWS) == set()


def test_index_is_current_after_every_write_path(corpus):
    city = CityFactory()
    item = EnterpriseFactory(name="Zephyr Optics", city=city)
    assert found("zephyr") == {"Zephyr Optics"}

    item.name = "Aurora Optics"
    item.save()
    assert found("zephyr") == set() and found("aurora") == {"Aurora Optics"}

    now = timezone.now() - datetime.timedelta(days=1)
    created = [
        Enterprise(name=f"Nimbus {n}", city=city, status="published", publish_at=now)
        for n in range(3)
    ]
    for each in created:
        each.normalise()
    Enterprise.objects.bulk_create(created)
    assert found("nimbus") == {"Nimbus 0", "Nimbus 1", "Nimbus 2"}

    created = list(Enterprise.objects.filter(name_en__startswith="Nimbus").order_by("pk"))
    created[0].name_zh_hans = "云端光学"
    created[0].normalise()
    Enterprise.objects.bulk_update(created[:1], ["name_zh_hans", *documents()])
    assert found("云端") == {"Nimbus 0"}
    assert found("云端光学") == {"Nimbus 0"}  # four characters: through the trigram index

    with connection.cursor() as cursor:  # the trigram index follows a raw write too
        cursor.execute(
            "UPDATE corridor_enterprise SET search_chinese_document = %s WHERE id = %s",
            [" 星云光电 ", created[0].pk],
        )
    assert found("星云光电") == {"Nimbus 0"} and found("云端光学") == set()

    Enterprise.objects.filter(pk=created[1].pk).update(
        search_document=" stratus ", search_names_document=" stratus "
    )
    assert found("stratus") == {"Nimbus 1"}
    Enterprise.objects.filter(pk=created[1].pk).update(status="draft")
    assert found("stratus") == set()

    with connection.cursor() as cursor:  # a bulk load that bypasses the ORM
        cursor.execute(
            "UPDATE corridor_enterprise SET search_document = %s WHERE id = %s",
            [" cirrus ", created[2].pk],
        )
    assert found("cirrus") == {"Nimbus 2"}

    item.delete()
    Enterprise.objects.filter(pk=created[2].pk).delete()
    assert found("aurora") == set() and found("cirrus") == set()
    if connection.vendor == "sqlite":  # the FTS5 table agrees with its content, row for row
        with connection.cursor() as cursor:
            for index in ("fts", "cjk"):
                table = f"corridor_enterprise_{index}"
                cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")


def documents():
    return list(DOCUMENT_FIELDS)


HOSTILE = [
    '"',
    '"unterminated',
    "bat*",
    "*",
    "NEAR(a b)",
    "a AND b OR NOT c",
    "(((",
    ")",
    "search_document: x",
    "{search_names_document}: x",
    "'; DROP TABLE corridor_enterprise; --",
    "a\x00b\x07c\x1b[0m",
    "^battery",
    "battery:*A & !x",
    "\\",
    '电池" OR "',
    "-",
    "+",
    "a" * 300,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_only_words(client, corpus, query):
    search.search(search.normalise_query(query)[0])
    list(search.matching(Enterprise.objects.all(), query))
    for path in ("/en/search/", "/en/enterprises/", "/en/news/"):
        assert client.get(path, {"q": query}).status_code == 200
    assert client.get("/en/search/", {"q": query, "type": "news"}).status_code == 200


def test_hostile_query_matches_its_words_only(corpus):
    assert found('"battery" OR NOT "zzz"') == set()  # "or", "not", "zzz" are words to find
    assert found('battery"') == {"CATL Battery Works"}


def test_drafts_and_future_items_never_found(corpus):
    city = CityFactory()
    EnterpriseFactory(name="Phantom Draft", status="draft", city=city)
    EnterpriseFactory(
        name="Phantom Future", publish_at=timezone.now() + datetime.timedelta(days=1), city=city
    )
    EnterpriseFactory(
        name="Phantom Gone", unpublish_at=timezone.now() - datetime.timedelta(hours=1), city=city
    )
    NewsItemFactory(title="Phantom news", status="draft")
    assert search.search("phantom") == []
    assert listed("phantom") == set()
    assert listed("phantom", NewsItem) == set()


def test_an_exact_name_beats_matches_in_the_text(monkeypatch):
    city = CityFactory()
    for n in range(6):
        EnterpriseFactory(name=f"Maker {n}", summary="We build a Lidar.", city=city)
    EnterpriseFactory(name="Lidar Systems", city=city)
    EnterpriseFactory(name="Lidar", city=city)
    # Fewer candidates than text matches: the names are read first, so still found and first.
    monkeypatch.setattr(search, "GROUP_CANDIDATES", 2)
    results = search.search("lidar", per_type=3)[0].results
    assert [e.name for e in results] == ["Lidar", "Lidar Systems", results[2].name]
    assert results[2].name.startswith("Maker")


def test_counts_are_capped_and_say_so(client, monkeypatch):
    city = CityFactory()
    for n in range(7):
        EnterpriseFactory(name=f"Gamma {n}", city=city)
    EnterpriseFactory(name="Gamma Rays", status="draft", city=city)
    # The page of all types counts each type up to GROUP_COUNT; a type's own page further.
    monkeypatch.setattr(search, "GROUP_COUNT", 6)
    monkeypatch.setattr(search, "MAX_COUNT", 3)
    group = search.search("gamma")[0]
    assert (group.count, group.count_is_capped, len(group.results)) == (6, True, 5)
    html = client.get("/en/search/", {"q": "gamma"}).content.decode()
    assert "More than 6 results" in html and "(more than 6)" in html
    assert "More in Enterprises" in html
    response = client.get("/en/search/", {"q": "gamma", "type": "enterprises"})
    assert response.context["count_is_capped"]
    assert len(response.context["groups"][0].results) == 3
    assert "Only the first 3 matches are listed" in response.content.decode()
    monkeypatch.setattr(search, "GROUP_COUNT", 7)
    monkeypatch.setattr(search, "MAX_COUNT", 7)
    group = search.search("gamma")[0]
    assert (group.count, group.count_is_capped) == (7, False)
    assert search.ranked(search.SEARCH_TYPES_BY_KEY["enterprises"], "gamma").total == 7


def ranking_queries(query):
    """The queries that fetch one type's candidates, without the published rule, whose own
    indexes the planner would prefer on a table of a few rows."""
    terms = search.Term.parse(query)
    everything = Enterprise.objects.order_by()
    return [
        search.scored(everything, terms, names_only=True),
        search.scored(everything, terms),
        everything.filter(search.condition(Enterprise, terms, search.Tags())),
    ]


def plan_with_plain_scans_off(queryset):
    """PostgreSQL's plan with plain scans off: on so few rows the planner would otherwise scan
    whatever it likes."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
            cursor.execute("SET enable_indexscan = on")


@pytest.mark.parametrize("query", ["battery", "电池", "复宏汉霖", "ningde", "杭州"])
def test_queries_read_the_index_not_the_table(corpus, query):
    for queryset in ranking_queries(query):
        if connection.vendor == "postgresql":
            plan = plan_with_plain_scans_off(queryset)
            # A run of three characters or more is read through the trigram index instead.
            assert re.search(
                r"Index Scan on corridor_enterprise_(vector|chinese|names)_idx", plan
            ), plan
        else:
            plan = queryset.explain()
            assert re.search(r"corridor_enterprise_(fts|cjk) VIRTUAL TABLE INDEX", plan), plan
            assert "SCAN corridor_enterprise\n" not in plan + "\n", plan


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("生物医药", set()),  # in no enterprise's own text (Henlius has it as its industry)
        ("宏汉霖", {"Henlius"}),
        ("复宏 复宏汉霖", {"Henlius"}),  # a pair through the token index, a run through trigrams
    ],
)
def test_three_characters_or_more_read_the_trigram_index(corpus, query, expected):
    """A run of three or more characters is a substring of the Chinese text, read through the
    trigram index; still found as before (see ``test_finds_english_chinese_and_pinyin``)."""
    terms = search.Term.parse(query)
    queryset = search.scored(Enterprise.objects.order_by(), terms)
    if connection.vendor == "postgresql":
        plan = plan_with_plain_scans_off(queryset)
        # With a pair beside the run, the planner may read either index and check the other.
        mixed = len(terms) > 1
        assert "corridor_enterprise_chinese_idx" in plan or mixed, plan
        assert re.search(r"Index Scan on corridor_enterprise_(chinese|vector)_idx", plan), plan
    else:
        plan = queryset.explain()
        assert "corridor_enterprise_cjk" in plan and "VIRTUAL TABLE INDEX" in plan, plan
    assert {str(item) for item in queryset} == expected


def test_the_index_is_in_place_for_every_searched_model():
    with connection.cursor() as cursor:
        for model in (*(each.model for each in search.SEARCH_TYPES), Industry):
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                for column in ("search_vector", "search_names_vector"):
                    cursor.execute(
                        "SELECT is_generated FROM information_schema.columns "
                        "WHERE table_name = %s AND column_name = %s",
                        [table, column],
                    )
                    assert cursor.fetchone() == ("ALWAYS",), (table, column)
                cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
                indexes = " ".join(definition for (definition,) in cursor.fetchall())
                assert "search_chinese_document gin_trgm_ops" in indexes, table
            else:
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                    [table],
                )
                triggers = {name for (name,) in cursor.fetchall()}
                for index in ("fts", "cjk"):
                    events = ("insert", "update", "delete")
                    assert {f"{table}_{index}_{event}" for event in events} <= triggers, table


def test_a_row_renamed_by_an_import_and_back_by_its_undo_is_found_by_its_name():
    city = CityFactory(name="Songjiang")
    EnterpriseFactory(name="Henlius", slug="henlius", city=city)
    publisher = member(PUBLISHERS)
    rows = [["Slug", "Name", "City"], ["henlius", "Quantum Lattice Works", "Songjiang"]]
    report = import_file("enterprise", files.xlsx(rows), "rename.xlsx", user=publisher)
    assert report.ok, report.problems
    found = search.matching(Enterprise.objects.all(), "lattice")
    assert [e.slug for e in found] == ["henlius"]
    assert not search.matching(Enterprise.objects.all(), "henlius").exists()
    undo_batch(report.batch, publisher)
    assert [e.slug for e in search.matching(Enterprise.objects.all(), "henlius")] == ["henlius"]
    assert not search.matching(Enterprise.objects.all(), "lattice").exists()


def test_a_database_whose_character_classes_are_not_utf8_is_refused_with_the_remedy():
    """pg_trgm takes no trigram from Chinese under ``LC_CTYPE`` C: migrating such a database
    stops at the trigram index, saying how to create it instead."""
    migration = import_module("corridor.migrations.0017_chinese_trigram_index")
    assert migration.is_utf8("C.UTF-8") and migration.is_utf8("en_US.utf8")
    assert not migration.is_utf8("C") and not migration.is_utf8("POSIX")
    if connection.vendor != "postgresql":  # nothing to check on SQLite: the step does nothing
        assert migration.require_utf8_ctype(None, SimpleNamespace(connection=connection)) is None
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
        assert migration.is_utf8(cursor.fetchone()[0])  # the test database itself is UTF-8
    settings = connection.settings_dict
    name = f"g60_ctype_c_{os.getpid()}"
    server = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C' LC_CTYPE 'C'"
        )
        try:
            env = {**os.environ, "DATABASE_URL": f"{server}/{name}"}
            env["DJANGO_SETTINGS_MODULE"] = "g60site.settings.dev"
            migrate = subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput"],
                cwd=Path(__file__).resolve().parent.parent,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert migrate.returncode != 0
    assert "LC_CTYPE 'C'" in migrate.stderr and "CREATE DATABASE" in migrate.stderr, migrate.stderr
    assert "Applying corridor.0017_chinese_trigram_index" in migrate.stdout


def test_candidates_tell_more_than_without_a_count(monkeypatch):
    """Each stage reads one candidate more than the page counts: a stage that gives them all
    means "more than", and no query counts, on the page of all types or a type's own."""
    assert search.GROUP_CANDIDATES == search.GROUP_COUNT + 1
    city = CityFactory()
    for n in range(7):
        EnterpriseFactory(name=f"Delta {n}", city=city)
    monkeypatch.setattr(search, "GROUP_COUNT", 5)
    monkeypatch.setattr(search, "GROUP_CANDIDATES", 6)
    monkeypatch.setattr(search, "MAX_COUNT", 5)
    with CaptureQueriesContext(connection) as queries:
        group = search.search("delta")[0]
        results = search.ranked(search.SEARCH_TYPES_BY_KEY["enterprises"], "delta")
    assert (group.count, group.count_is_capped) == (5, True)
    assert (results.total, results.count_is_capped, len(results)) == (5, True, 5)
    assert not any("COUNT(" in query["sql"].upper() for query in queries)
    # Exactly as many as it counts: the candidates hold them all, and the count is exact.
    monkeypatch.setattr(search, "MAX_COUNT", 7)
    with CaptureQueriesContext(connection) as queries:
        results = search.ranked(search.SEARCH_TYPES_BY_KEY["enterprises"], "delta")
    assert (results.total, results.count_is_capped) == (7, False)
    assert not any("COUNT(" in query["sql"].upper() for query in queries)


def test_a_type_of_few_rows_is_read_in_one_stage_with_its_names_when_full(monkeypatch):
    """Parks (not ``search_many``): on PostgreSQL their tags and own words are read in one
    stage of the union, and the names' stage only once that stage is full; on every database
    the ranking is the same as through the arms."""
    lidar_city = CityFactory(name="Lidarburg")
    other = CityFactory()
    for n in range(4):
        ParkFactory(name=f"Works {n}", summary="Home of Lidar makers.", city=other)
    ParkFactory(name="Tagged Park", city=lidar_city)
    ParkFactory(name="Lidar Valley", city=other)

    def park_parts(sql):
        return len(re.findall(r'FROM "corridor_park"', sql))

    with CaptureQueriesContext(connection) as queries:
        group = next(g for g in search.search("lidar", per_type=10) if g.key == "parks")
    names = [park.name for park in group.results]
    assert names[0] == "Lidar Valley" and set(names) == {
        "Lidar Valley",
        "Tagged Park",
        *(f"Works {n}" for n in range(4)),
    }
    if connection.vendor == "postgresql":
        union = next(q["sql"] for q in queries if "UNION ALL" in q["sql"])
        assert park_parts(union) == 1  # one stage, its names not needed
    # Fewer candidates than matches: the names are read after the stage, and still first.
    monkeypatch.setattr(search, "GROUP_CANDIDATES", 2)
    with CaptureQueriesContext(connection) as queries:
        group = next(g for g in search.search("lidar", per_type=2) if g.key == "parks")
    assert group.results[0].name == "Lidar Valley"
    assert (group.count, len(group.results)) == (6, 2)
    if connection.vendor == "postgresql":
        union, names = [q["sql"] for q in queries if park_parts(q["sql"])][:2]
        assert park_parts(union) == 1 and "UNION ALL" in union  # the stage in the union
        assert "search_names_vector @@" in names and "UNION" not in names  # then the names'


def test_postgresql_scans_each_table_from_its_start():
    """A search reads the first matches a scan gives: with scans that join one already under
    way (synchronize_seqscans), reloading a search on a large table could list other items.
    The settings a PostgreSQL ``DATABASE_URL`` gives turn that off, kept with any options of
    the URL's own."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronize_seqscans")
            assert cursor.fetchone()[0] == "off"
    code = (
        "from g60site.settings import base; "
        "print(base.DATABASES['default']['OPTIONS'].get('options'))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/g60?options=-c%20work_mem%3D8MB",
    }
    shown = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert shown == ["-c", "work_mem=8MB", "-c", "synchronize_seqscans=off"], shown
