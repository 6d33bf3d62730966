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
    assert enterprises == ["http://testserver/enterprises/live-co/"]
    news = locations(client.get("/sitemap-news.xml"))
    assert news == ["http://testserver/news/live-news/"]
    assert "http://testserver/cities/wuhu/" in locations(client.get("/sitemap-cities.xml"))
    assert "http://testserver/about/" in locations(client.get("/sitemap-pages.xml"))


def test_robots(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
