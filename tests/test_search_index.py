"""The full-text index each database keeps (a stored vector on PostgreSQL, FTS5 on SQLite):
what it finds in both languages, that every write path keeps it current, that hostile queries
are only words, that drafts stay hidden, that ranking reads capped candidates, and that
queries read the index rather than the table."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from corridor import search
from corridor.models import Enterprise, Industry, NewsItem
from corridor.roles import PUBLISHERS
from corridor.spreadsheets.service import import_file, undo_batch
from tests import spreadsheet_files as files
from tests.factories import (
    CityFactory,
    EnterpriseFactory,
    IndustryFactory,
    NewsItemFactory,
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
            cursor.execute(
                "INSERT INTO corridor_enterprise_fts(corridor_enterprise_fts, rank) "
                "VALUES ('integrity-check', 1)"
            )


def documents():
    return ["search_document", "search_names_document"]


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
    for n in range(5):
        EnterpriseFactory(name=f"Gamma {n}", city=city)
    EnterpriseFactory(name="Gamma Rays", status="draft", city=city)
    monkeypatch.setattr(search, "MAX_COUNT", 3)
    group = search.search("gamma")[0]
    assert (group.count, group.count_is_capped) == (3, True)
    html = client.get("/en/search/", {"q": "gamma"}).content.decode()
    assert "More than 3 results" in html and "(more than 3)" in html
    response = client.get("/en/search/", {"q": "gamma", "type": "enterprises"})
    assert response.context["count_is_capped"]
    assert len(response.context["groups"][0].results) == 3
    assert "Only the first 3 matches are listed" in response.content.decode()
    monkeypatch.setattr(search, "MAX_COUNT", 5)
    group = search.search("gamma")[0]
    assert (group.count, group.count_is_capped) == (5, False)


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


@pytest.mark.parametrize("query", ["battery", "电池", "复宏汉霖", "ningde", "杭州"])
def test_queries_read_the_index_not_the_table(corpus, query):
    for queryset in ranking_queries(query):
        if connection.vendor == "postgresql":
            # Plain scans off: on so few rows the planner would otherwise scan whatever it likes.
            with connection.cursor() as cursor:
                cursor.execute("SET enable_seqscan = off")
                cursor.execute("SET enable_indexscan = off")
                plan = queryset.explain()
                cursor.execute("SET enable_seqscan = on")
                cursor.execute("SET enable_indexscan = on")
            assert "Bitmap Index Scan on corridor_enterprise_vector_idx" in plan, plan
        else:
            plan = queryset.explain()
            assert "VIRTUAL TABLE INDEX" in plan and "corridor_enterprise_fts" in plan, plan
            assert "SCAN corridor_enterprise\n" not in plan + "\n", plan


def test_the_index_is_in_place_for_every_searched_model():
    with connection.cursor() as cursor:
        for model in (*(each.model for each in search.SEARCH_TYPES), Industry):
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT is_generated FROM information_schema.columns "
                    "WHERE table_name = %s AND column_name = 'search_vector'",
                    [table],
                )
                assert cursor.fetchone() == ("ALWAYS",), table
            else:
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                    [table],
                )
                triggers = {name for (name,) in cursor.fetchall()}
                assert {f"{table}_fts_{event}" for event in ("insert", "update", "delete")} <= (
                    triggers
                ), table


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
