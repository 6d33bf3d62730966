"""Site search: every type, ranking, Chinese names, highlighting, drafts never shown."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from corridor import search
from corridor.models import Enterprise
from tests.factories import (
    CityFactory,
    EnclaveFactory,
    EnterpriseFactory,
    FundFactory,
    IndustryFactory,
    NewsItemFactory,
    ParkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    songjiang = CityFactory(
        name="Songjiang", name_zh_hans="松江", summary="Where the corridor began"
    )
    hefei = CityFactory(name="Hefei", name_zh_hans="合肥")
    EnterpriseFactory(name="Satellite Works", city=songjiang)
    EnterpriseFactory(name="Orbit Co", summary="Builds satellite parts", city=songjiang)
    EnterpriseFactory(name="Satellite", city=songjiang)
    EnterpriseFactory(name="Henlius", name_zh_hans="复宏汉霖", city=songjiang)
    EnterpriseFactory(name="Secret Satellite", status="draft", city=songjiang)
    NewsItemFactory(title="Satellites reach orbit", standfirst="Two satellites launched")
    NewsItemFactory(title="Hidden satellite news", status="draft")
    ParkFactory(
        name="G60 Star Chain", name_zh_hans="G60星链", summary="Satellite base", city=songjiang
    )
    EnclaveFactory(name="Hefei Sci-Tech Centre", home_city=hefei, host_city=songjiang)
    FundFactory(name="Transformation Fund", manager="G60 Fund Management")


def group(groups, key):
    return next((g for g in groups if g.key == key), None)


def test_results_grouped_by_type_and_ranked(corpus):
    groups = search.search("satellite")
    assert [g.key for g in groups] == ["enterprises", "news", "parks"]
    enterprises = [r.name for r in group(groups, "enterprises").results]
    # exact name, then name starting with the query, then a match in the summary only
    assert enterprises == ["Satellite", "Satellite Works", "Orbit Co"]
    assert group(groups, "enterprises").count == 3


def test_drafts_never_found(corpus):
    groups = search.search("secret")
    assert groups == []
    assert "Hidden" not in str([r.title for r in group(search.search("satellite"), "news").results])


@pytest.mark.parametrize(
    ("query", "key", "expected"),
    [
        ("复宏汉霖", "enterprises", "Henlius"),
        ("汉霖", "enterprises", "Henlius"),
        ("henlius", "enterprises", "Henlius"),
        ("松江", "cities", "Songjiang"),
        ("星链", "parks", "G60 Star Chain"),
        ("合肥", "cities", "Hefei"),
        ("sci-tech centre", "enclaves", "Hefei Sci-Tech Centre"),
        ("fund management", "funds", "Transformation Fund"),
    ],
)
def test_english_and_chinese_names_match(corpus, query, key, expected):
    found = group(search.search(query), key)
    assert found is not None, query
    assert str(found.results[0]) == expected


def test_multi_word_query_needs_every_word(corpus):
    assert group(search.search("satellite works"), "enterprises").count == 1
    assert search.search("satellite zebra") == []


def test_search_page_groups_counts_and_highlights(client, corpus):
    html = client.get("/en/search/", {"q": "satellite"}).content.decode()
    assert "Enterprises and institutes" in html
    assert "<mark>Satellite</mark> Works" in html
    assert "Builds <mark>satellite</mark> parts" in html
    assert "Secret" not in html


def test_search_page_type_filter_paginates(client, corpus):
    EnterpriseFactory.create_batch(25, name="Satellite maker")
    response = client.get("/en/search/", {"q": "satellite", "type": "enterprises"})
    assert response.context["result_count"] == 28
    assert len(response.context["groups"][0].results) == 20
    page2 = client.get("/en/search/", {"q": "satellite", "type": "enterprises", "page": "2"})
    assert len(page2.context["groups"][0].results) == 8


def test_all_results_link_when_more_than_shown(client, corpus):
    EnterpriseFactory.create_batch(6, name="Satellite maker")
    html = client.get("/en/search/", {"q": "satellite"}).content.decode()
    assert "type=enterprises" in html


def test_empty_query_shows_form_only(client):
    response = client.get("/en/search/", {"q": "   "})
    assert response.status_code == 200
    assert response.context["groups"] == []


def test_header_search_box_on_every_page(client, corpus):
    html = client.get("/en/").content.decode()
    assert 'role="search"' in html
    assert 'action="/en/search/"' in html


def test_normalise_query_trims_full_width_spaces():
    assert search.normalise_query("\u3000复宏  汉霖\u3000") == ("复宏 汉霖", False)
    assert search.normalise_query("x" * 300) == ("x" * 200, True)


def test_highlight_escapes_before_marking():
    template = Template("{% load corridor_tags %}{{ text|highlight:q }}")
    html = template.render(Context({"text": "<b>R&D</b> centre", "q": "r&d <b>"}))
    assert html == "<mark>&lt;b&gt;</mark><mark>R&amp;D</mark>&lt;/b&gt; centre"


def test_excerpt_centres_on_match():
    template = Template("{% load corridor_tags %}{{ text|excerpt:q }}")
    text = "<p>" + "lorem " * 60 + "the satellite base" + " ipsum" * 60 + "</p>"
    html = template.render(Context({"text": text, "q": "satellite"}))
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>satellite</mark>" in html
    assert "<p>" not in html


def test_every_kind_of_query_reads_the_full_text_index(corpus):
    """English, Chinese and pinyin queries all read each database's full-text index: the GIN
    index of the stored vector on PostgreSQL, the FTS5 table on SQLite."""
    for query in ("satellite", "松江", "song", "fhhl", "G60科创"):
        matching = search.matching(Enterprise.objects.all(), query)
        if connection.vendor == "postgresql":
            # On so few rows the planner would scan anyway: with plain scans off, and no order
            # to keep (an index by name would serve one), it says which index can find them.
            with connection.cursor() as cursor:
                cursor.execute("SET enable_seqscan = off")
                cursor.execute("SET enable_indexscan = off")
                plan = matching.order_by().explain()
                cursor.execute("SET enable_seqscan = on")
                cursor.execute("SET enable_indexscan = on")
            assert "corridor_enterprise_vector_idx" in plan, query
        else:
            plan = matching.explain()
            assert "VIRTUAL TABLE INDEX" in plan and "corridor_enterprise_fts" in plan, query
            assert "LIKE" not in str(matching.query)


def test_stemming_and_prefixes_in_english(corpus):
    for query in ("satellite", "satellites", "satel"):
        assert group(search.search(query), "enterprises").count == 3, query


def test_pinyin_whole_or_by_initials_finds_a_chinese_name():
    EnterpriseFactory(name="Henlius", name_zh_hans="复宏汉霖")
    EnterpriseFactory(name="Other", name_zh_hans="其他")
    for query in ("fuhonghanlin", "FHHL", "fhhl", "fu hong", "Fuhong", "宏汉", "汉"):
        found = group(search.search(query), "enterprises")
        assert [e.name for e in found.results] == ["Henlius"], query


def test_a_tag_finds_every_item_tagged_with_it():
    biomedicine = IndustryFactory(name="Biomedicine", name_zh_hans="生物医药")
    tagged = [EnterpriseFactory(industries=[biomedicine]) for _ in range(4)]
    EnterpriseFactory(summary="A biomedicine start-up")  # said in its text, not tagged
    EnterpriseFactory(name="Unrelated")
    # In English the untagged one that says the word is found too; in Chinese, the tag only.
    for query, count in (("biomedicine", 5), ("Biomedical", 5), ("生物医药", 4), ("shengwu", 4)):
        found = group(search.search(query), "enterprises")
        assert found.count == count, query
        assert {e.pk for e in tagged} <= {
            e.pk for e in search.search_one(search.SEARCH_TYPES_BY_KEY["enterprises"], query)
        }, query


def test_prefix_of_a_name_matches():
    EnterpriseFactory(name="Henlius")
    assert str(group(search.search("henli"), "enterprises").results[0]) == "Henlius"


def test_punctuation_only_query_finds_nothing_without_error(corpus):
    assert search.search("&|!():*'") == []


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("R&D centre", "amp", "R&amp;D centre"),  # no term inside an entity
        ("R&D centre", "R&D", "<mark>R&amp;D</mark> centre"),
        ("Tom <b> & Jerry", "b", "Tom &lt;<mark>b</mark>&gt; &amp; Jerry"),
        ("芯片 & 电池", "电池", "芯片 &amp; <mark>电池</mark>"),
    ],
)
def test_highlight_never_splits_entities(text, query, expected):
    rendered = Template("{% load corridor_tags %}{{ text|highlight:query }}").render(
        Context({"text": text, "query": query})
    )
    assert rendered == expected


def test_excerpt_escapes_once():
    body = "<p>Research &amp; development: chips &lt;7 nm&gt; for AI.</p>"
    rendered = Template("{% load corridor_tags %}{{ body|excerpt:'chips' }}").render(
        Context({"body": body})
    )
    assert rendered == "Research &amp; development: <mark>chips</mark> &lt;7 nm&gt; for AI."
    assert "&amp;amp;" not in rendered


def test_the_directory_searches_the_first_eight_words_and_says_so(client, corpus):
    query = " ".join(f"w{n}" for n in range(50))  # fifty words in under 200 characters
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/enterprises/", {"q": query})
    assert response.status_code == 200
    assert "Only the first 8 words of your search were used." in response.content.decode()
    # The first eight words only: as LIKE patterns on SQLite, tsquery lexemes on PostgreSQL.
    listing = max((q["sql"] for q in queries.captured_queries), key=lambda sql: sql.count("w7"))
    assert "w7" in listing and "w8" not in listing
