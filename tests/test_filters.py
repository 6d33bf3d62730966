"""The enterprise directory and the news list: every filter, facet counts, pagination."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CityFactory,
    EnclaveFactory,
    EnterpriseFactory,
    IndustryFactory,
    NewsItemFactory,
    ParkFactory,
)

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("corridor:enterprise_list")
NEWS = reverse("corridor:news_list")


def names(response):
    return [e.name for e in response.context["enterprises"]]


@pytest.fixture
def directory():
    """Two cities, two industries, and enterprises spread over them."""
    songjiang = CityFactory(name="Songjiang", name_zh_hans="松江")
    hefei = CityFactory(name="Hefei", name_zh_hans="合肥")
    bio = IndustryFactory(name="Biomedicine", name_zh_hans="生物医药")
    ai = IndustryFactory(name="Artificial Intelligence", name_zh_hans="人工智能")
    park = ParkFactory(name="Bio Base", city=songjiang)
    enclave = EnclaveFactory(name="Hefei Centre", home_city=hefei, host_city=songjiang)
    EnterpriseFactory(
        name="Henlius",
        name_zh_hans="复宏汉霖",
        city=songjiang,
        industries=[bio],
        park=park,
        founded_year=2010,
        listing_board="hkex",
        stock_code="2696",
        is_high_tech=True,
    )
    EnterpriseFactory(
        name="Lepure",
        city=songjiang,
        industries=[bio],
        founded_year=2011,
        summary="Single-use bioreactors",
    )
    EnterpriseFactory(
        name="iFlytek",
        name_zh_hans="科大讯飞",
        city=hefei,
        industries=[ai],
        founded_year=1999,
        listing_board="szse",
        is_high_tech=True,
        enclave=enclave,
    )
    EnterpriseFactory(name="Draft Co", city=songjiang, industries=[bio], status="draft")
    return {"songjiang": songjiang, "hefei": hefei, "bio": bio, "ai": ai}


def test_no_filters_lists_published_by_name(client, directory):
    response = client.get(DIRECTORY)
    assert names(response) == ["Henlius", "iFlytek", "Lepure"]
    assert response.context["result_count"] == 3
    assert "3 enterprises and institutes" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "henlius"}, ["Henlius"]),
        ({"q": "复宏"}, ["Henlius"]),
        ({"q": "  科大讯飞  "}, ["iFlytek"]),
        ({"q": "bioreactors"}, ["Lepure"]),
        ({"q": "single bioreactors"}, ["Lepure"]),
        ({"q": "single henlius"}, []),
        ({"city": "hefei"}, ["iFlytek"]),
        ({"city": ["hefei", "songjiang"]}, ["Henlius", "iFlytek", "Lepure"]),
        ({"industry": "biomedicine"}, ["Henlius", "Lepure"]),
        (
            {"industry": ["biomedicine", "artificial-intelligence"]},
            ["Henlius", "iFlytek", "Lepure"],
        ),
        ({"city": "songjiang", "industry": "artificial-intelligence"}, []),
        ({"park": "bio-base"}, ["Henlius"]),
        ({"enclave": "hefei-centre"}, ["iFlytek"]),
        ({"board": "hkex"}, ["Henlius"]),
        ({"high_tech": "on"}, ["Henlius", "iFlytek"]),
        ({"founded_min": "2010"}, ["Henlius", "Lepure"]),
        ({"founded_max": "2010"}, ["Henlius", "iFlytek"]),
        ({"founded_min": "2000", "founded_max": "2010"}, ["Henlius"]),
        ({"order": "-name"}, ["Lepure", "iFlytek", "Henlius"]),
        ({"order": "founded"}, ["iFlytek", "Henlius", "Lepure"]),
        ({"order": "-founded"}, ["Lepure", "Henlius", "iFlytek"]),
    ],
)
def test_filters(client, directory, query, expected):
    response = client.get(DIRECTORY, query)
    assert response.status_code == 200
    assert names(response) == expected
    assert response.context["filter_errors"] == []


def test_order_newest_first(client, directory):
    newest = EnterpriseFactory(name="Aaa New", city=directory["hefei"])
    response = client.get(DIRECTORY, {"order": "newest"})
    assert names(response)[0] == newest.name


def test_reversed_range_is_swapped_with_a_notice(client, directory):
    response = client.get(DIRECTORY, {"founded_min": "2010", "founded_max": "2000"})
    assert names(response) == ["Henlius"]
    assert "reversed" in response.content.decode()


def test_facet_counts_use_every_other_filter(client, directory):
    response = client.get(DIRECTORY, {"industry": "biomedicine"})
    cities = {o["value"]: o["count"] for o in response.context["facets"]["city"]}
    assert cities == {"songjiang": 2, "hefei": 0}
    industries = {o["value"]: o["count"] for o in response.context["facets"]["industry"]}
    # The industry facet ignores the industry filter itself, so both options stay useful.
    assert industries == {"biomedicine": 2, "artificial-intelligence": 1}
    html = response.content.decode()
    assert 'value="biomedicine" checked' in html
    assert "Songjiang" in html and "(2<span" in html


def test_facet_counts_exclude_drafts(client, directory):
    response = client.get(DIRECTORY)
    cities = {o["value"]: o["count"] for o in response.context["facets"]["city"]}
    assert cities["songjiang"] == 2


def test_empty_state_and_clear_filters(client, directory):
    html = client.get(DIRECTORY, {"q": "nothing-like-this"}).content.decode()
    assert "No enterprise matches all of these filters." in html
    assert "Clear filters" in html
    assert "Clear filters" not in client.get(DIRECTORY).content.decode()


def test_twenty_per_page_and_filters_kept_in_page_links(client):
    city = CityFactory(name="Wuhu")
    EnterpriseFactory.create_batch(45, city=city)
    response = client.get(DIRECTORY, {"city": "wuhu", "order": "-name"})
    assert len(response.context["enterprises"]) == 20
    html = response.content.decode()
    assert "Page 1 of 3" in html
    assert 'href="?city=wuhu&amp;order=-name&amp;page=2"' in html
    page3 = client.get(DIRECTORY, {"city": "wuhu", "order": "-name", "page": "3"})
    assert len(page3.context["enterprises"]) == 5
    assert 'href="?city=wuhu&amp;order=-name&amp;page=2"' in page3.content.decode()


@pytest.fixture
def newsroom():
    songjiang = CityFactory(name="Songjiang")
    bio = IndustryFactory(name="Biomedicine")
    company = EnterpriseFactory(name="Henlius", city=songjiang)
    tz = timezone.get_current_timezone()
    first = NewsItemFactory(
        title="Biopharma grows",
        body="<p>Antibodies</p>",
        publish_at=datetime.datetime(2023, 7, 11, 9, tzinfo=tz),
    )
    first.cities.add(songjiang)
    first.industries.add(bio)
    first.enterprises.add(company)
    NewsItemFactory(
        title="Satellites launch", publish_at=datetime.datetime(2024, 6, 11, 9, tzinfo=tz)
    )
    NewsItemFactory(title="Draft story", status="draft")
    return {"city": songjiang, "industry": bio, "enterprise": company}


def titles(response):
    return [n.title for n in response.context["news_items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Satellites launch", "Biopharma grows"]),
        ({"q": "antibodies"}, ["Biopharma grows"]),
        ({"city": "songjiang"}, ["Biopharma grows"]),
        ({"industry": "biomedicine"}, ["Biopharma grows"]),
        ({"enterprise": "henlius"}, ["Biopharma grows"]),
        ({"year": "2024"}, ["Satellites launch"]),
        ({"year": "2023", "month": "7"}, ["Biopharma grows"]),
        ({"month": "6"}, ["Satellites launch"]),
        ({"month": "1"}, []),
    ],
)
def test_news_filters(client, newsroom, query, expected):
    response = client.get(NEWS, query)
    assert titles(response) == expected
    assert response.context["filter_errors"] == []


def test_news_year_options_come_from_published_news(client, newsroom):
    html = client.get(NEWS).content.decode()
    assert '<option value="2024">2024</option>' in html
    assert '<option value="2023">2023</option>' in html


def test_news_enterprise_filter_named_on_page(client, newsroom):
    html = client.get(NEWS, {"enterprise": "henlius"}).content.decode()
    assert "About Henlius" in html


@pytest.mark.parametrize(
    ("value", "attrs"),
    [(None, {}), ("star", {}), (["sse"], {"aria-invalid": "true"}), ('x"><b>', {})],
)
def test_the_quick_select_writes_what_djangos_select_writes(value, attrs):
    """The directory's selects are written without a template per option: the same HTML."""
    from django import forms
    from django.test.html import parse_html

    from corridor.filters import QuickSelect
    from corridor.models import Enterprise

    choices = [("", "Any <listing>"), *Enterprise.Board.choices]
    quick = QuickSelect(choices=choices).render("board", value, attrs={"id": "id_board", **attrs})
    plain = forms.Select(choices=choices).render("board", value, attrs={"id": "id_board", **attrs})
    assert parse_html(quick) == parse_html(plain)
    assert "<b>" not in quick and "&lt;listing&gt;" in quick
