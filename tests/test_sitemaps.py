"""sitemap.xml and robots.txt: every public page, nothing unpublished."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.factories import CityFactory, EnterpriseFactory, NewsItemFactory

pytestmark = pytest.mark.django_db
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(response):
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{NS}loc")]


def test_index_lists_sections(client):
    sections = locations(client.get("/sitemap.xml"))
    assert "http://testserver/sitemap-enterprises.xml" in sections
    assert "http://testserver/sitemap-news.xml" in sections


def test_sections_hold_published_pages_only(client):
    CityFactory(name="Wuhu")
    EnterpriseFactory(name="Live Co")
    EnterpriseFactory(name="Draft Co", status="draft")
    EnterpriseFactory(name="Later Co", publish_at=timezone.now() + datetime.timedelta(days=2))
    NewsItemFactory(title="Live news")
    NewsItemFactory(title="Draft news", status="draft")
    enterprises = locations(client.get("/sitemap-enterprises.xml"))
    assert enterprises == [
        "http://testserver/en/enterprises/live-co/",
        "http://testserver/zh-hans/enterprises/live-co/",
    ]
    news = locations(client.get("/sitemap-news.xml"))
    assert news == [
        "http://testserver/en/news/live-news/",
        "http://testserver/zh-hans/news/live-news/",
    ]
    assert "http://testserver/zh-hans/cities/wuhu/" in locations(client.get("/sitemap-cities.xml"))
    assert "http://testserver/en/about/" in locations(client.get("/sitemap-pages.xml"))


def test_each_entry_names_its_other_language_and_a_default(client):
    EnterpriseFactory(name="Live Co")
    root = ET.fromstring(client.get("/sitemap-enterprises.xml").content)
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    entries = {
        url.findtext(f"{NS}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(xhtml)
        }
        for url in root.iter(f"{NS}url")
    }
    expected = {
        "en": "http://testserver/en/enterprises/live-co/",
        "zh-hans": "http://testserver/zh-hans/enterprises/live-co/",
        "x-default": "http://testserver/enterprises/live-co/",
    }
    assert entries == {expected["en"]: expected, expected["zh-hans"]: expected}


def test_robots(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Disallow: /en/search/" in text and "Disallow: /zh-hans/search/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
