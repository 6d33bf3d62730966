"""RSS and Atom feeds: all news, per city and per industry, published items only."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.factories import CityFactory, IndustryFactory, NewsItemFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news():
    city = CityFactory(name="Jiaxing")
    industry = IndustryFactory(name="New Energy")
    local = NewsItemFactory(title="Jiaxing news", standfirst="Solar", byline="Desk")
    local.cities.add(city)
    local.industries.add(industry)
    NewsItemFactory(title="Elsewhere news")
    NewsItemFactory(title="Draft news", status="draft").cities.add(city)
    NewsItemFactory(
        title="Future news", publish_at=timezone.now() + datetime.timedelta(days=1)
    ).cities.add(city)


def rss_titles(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")]


def atom_titles(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_all_news_rss(client, news):
    assert sorted(rss_titles(client.get("/en/news/feed/rss/"))) == [
        "Elsewhere news",
        "Jiaxing news",
    ]


def test_all_news_atom(client, news):
    assert sorted(atom_titles(client.get("/en/news/feed/atom/"))) == [
        "Elsewhere news",
        "Jiaxing news",
    ]


def test_city_and_industry_feeds(client, news):
    assert rss_titles(client.get("/en/news/feed/rss/city/jiaxing/")) == ["Jiaxing news"]
    assert atom_titles(client.get("/en/news/feed/atom/city/jiaxing/")) == ["Jiaxing news"]
    assert rss_titles(client.get("/en/news/feed/rss/industry/new-energy/")) == ["Jiaxing news"]
    assert atom_titles(client.get("/en/news/feed/atom/industry/new-energy/")) == ["Jiaxing news"]


def test_feed_items_carry_link_date_and_category(client, news):
    root = ET.fromstring(client.get("/en/news/feed/rss/city/jiaxing/").content)
    item = next(root.iter("item"))
    assert item.findtext("link").endswith("/en/news/jiaxing-news/")
    assert item.findtext("pubDate")
    assert item.findtext("category") == "New Energy"
    assert item.findtext("description") == "Solar"


def test_feeds_linked_from_pages(client, news):
    html = client.get("/en/news/").content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="/en/news/feed/atom/"' in html
    city_html = client.get("/en/cities/jiaxing/").content.decode()
    assert 'href="/en/news/feed/rss/city/jiaxing/"' in city_html
