"""sitemap.xml and robots.txt: every public page, nothing unpublished."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models.signals import post_init
from django.test import RequestFactory
from django.utils import timezone

from corridor.models import Enterprise
from corridor.sitemaps import SITEMAPS, ContentSitemap
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


def stock(sitemap_class):
    """The same section as Django's own ``Sitemap`` builds it, reading and pairing every row."""
    if not issubclass(sitemap_class, ContentSitemap):
        return sitemap_class
    model = sitemap_class.model
    return type(
        "StockSitemap",
        (Sitemap,),
        {
            "i18n": True,
            "alternates": True,
            "x_default": True,
            "changefreq": sitemap_class.changefreq,
            "items": lambda self: model._default_manager.published().order_by("pk"),
            "lastmod": lambda self, obj: obj.updated_at,
        },
    )


def served(view, sitemaps, path, **kwargs):
    response = view(RequestFactory().get(path), sitemaps=sitemaps, **kwargs)
    response.render()
    return response.status_code, response.get("Last-Modified"), response.content.decode()


def test_launch_content_reads_as_django_sitemaps_would(launch_content):
    """Same addresses, alternates, lastmod, changefreq and priority, byte for byte."""
    reference = {section: stock(sitemap) for section, sitemap in SITEMAPS.items()}
    ours = served(sitemap_views.index, SITEMAPS, "/sitemap.xml")
    assert ours == served(sitemap_views.index, reference, "/sitemap.xml")
    assert "<lastmod>2024-07-01T09:00:00+08:00</lastmod>" in ours[2]
    for section in SITEMAPS:
        path = f"/sitemap-{section}.xml"
        ours = served(sitemap_views.sitemap, SITEMAPS, path, section=section)
        assert ours[0] == 200
        assert ours == served(sitemap_views.sitemap, reference, path, section=section), section
    enterprises = served(sitemap_views.sitemap, SITEMAPS, "/", section="enterprises")[2]
    assert (
        "<url><loc>http://testserver/en/enterprises/henlius/</loc><lastmod>2024-07-01</lastmod>"
        "<changefreq>monthly</changefreq>"
        '<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/enterprises/henlius/"/>'
        '<xhtml:link rel="alternate" hreflang="zh-hans" '
        'href="http://testserver/zh-hans/enterprises/henlius/"/>'
        '<xhtml:link rel="alternate" hreflang="x-default" '
        'href="http://testserver/enterprises/henlius/"/></url>'
    ) in enterprises


def test_a_large_section_splits_into_pages_listed_in_the_index(client, monkeypatch):
    monkeypatch.setattr(SITEMAPS["enterprises"], "limit", 2)
    live = [EnterpriseFactory(name=f"Live {n}") for n in range(5)]
    EnterpriseFactory(name="Draft Co", status="draft")
    EnterpriseFactory(name="Later Co", publish_at=timezone.now() + datetime.timedelta(days=2))
    index = locations(client.get("/sitemap.xml"))
    pages = [loc for loc in index if "sitemap-enterprises" in loc]
    assert pages == [
        "http://testserver/sitemap-enterprises.xml",
        "http://testserver/sitemap-enterprises.xml?p=2",
        "http://testserver/sitemap-enterprises.xml?p=3",
    ]
    listed = []
    for page in (1, 2, 3):
        page_locations = locations(client.get(f"/sitemap-enterprises.xml?p={page}"))
        assert len(page_locations) == (4 if page < 3 else 2)
        listed += page_locations
    assert listed == [
        f"http://testserver/{language}/enterprises/{enterprise.slug}/"
        for enterprise in live
        for language in ("en", "zh-hans")
    ]
    assert client.get("/sitemap-enterprises.xml?p=4").status_code == 404
    assert client.get("/sitemap-enterprises.xml?p=x").status_code == 404


def test_index_lastmod_is_the_latest_published_change(client):
    EnterpriseFactory(name="Live Co")
    newest_live = EnterpriseFactory(name="Newer Co")
    draft = EnterpriseFactory(name="Draft Co", status="draft")
    Enterprise.objects.filter(pk=draft.pk).update(
        updated_at=timezone.now() + datetime.timedelta(days=1)
    )
    newest_live.refresh_from_db()
    root = ET.fromstring(client.get("/sitemap.xml").content)
    lastmods = {
        entry.findtext(f"{NS}loc"): entry.findtext(f"{NS}lastmod")
        for entry in root.iter(f"{NS}sitemap")
    }
    expected = timezone.localtime(newest_live.updated_at).isoformat()
    assert lastmods["http://testserver/sitemap-enterprises.xml"] == expected


@pytest.fixture
def enterprises_made(settings):
    """The Enterprise objects Python builds, on pages rendered rather than served from the
    page cache."""
    settings.PAGE_CACHE_SECONDS = 0
    made = []

    def count(sender, instance, **kwargs):
        made.append(instance)

    post_init.connect(count, sender=Enterprise)
    yield made
    post_init.disconnect(count, sender=Enterprise)


def test_index_costs_the_same_at_any_size_and_reads_no_rows(
    client, django_assert_max_num_queries, enterprises_made, monkeypatch
):
    monkeypatch.setattr(SITEMAPS["enterprises"], "limit", 10)
    # One aggregate a content section, and the next scheduled change of the new generation.
    budget = len(SITEMAPS) - 1 + 1
    counts = []
    for size in (3, 27):
        EnterpriseFactory.create_batch(size)
        enterprises_made.clear()
        with django_assert_max_num_queries(budget) as queries:
            response = client.get("/sitemap.xml")
        assert response.status_code == 200
        with django_assert_max_num_queries(0):  # the totals are kept until content changes
            assert client.get("/sitemap.xml").content == response.content
        assert enterprises_made == []
        assert not any('"corridor_enterprise"."slug"' in q["sql"] for q in queries)
        counts.append(len(queries))
        pages = [loc for loc in locations(response) if "sitemap-enterprises" in loc]
        assert len(pages) == (1 if size == 3 else 3)
    assert counts[0] == counts[1]


def test_a_page_reads_its_own_items_only(
    client, django_assert_max_num_queries, enterprises_made, monkeypatch
):
    monkeypatch.setattr(SITEMAPS["enterprises"], "limit", 10)
    EnterpriseFactory.create_batch(25)
    enterprises_made.clear()
    # The page's items; the section's total and the generation's next scheduled change.
    with django_assert_max_num_queries(3) as queries:
        response = client.get("/sitemap-enterprises.xml?p=2")
    assert len(locations(response)) == 20
    assert len(enterprises_made) == 10
    [page_query] = [q["sql"] for q in queries if '"corridor_enterprise"."slug"' in q["sql"]]
    assert "LIMIT 10 OFFSET 10" in page_query
    assert '"description' not in page_query and '"summary' not in page_query


def test_robots(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    # The API is for programs, rate-limited; its data is on the pages crawlers read.
    assert "Disallow: /api/" in text
    assert "Disallow: /en/search/" in text and "Disallow: /zh-hans/search/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
