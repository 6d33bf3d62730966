"""Junk query parameters never give a 500: a clear message or a normal page."""

import pytest

from tests.factories import CityFactory, EnterpriseFactory, IndustryFactory, NewsItemFactory

pytestmark = pytest.mark.django_db

LONG = "长" * 5000


@pytest.fixture(autouse=True)
def content():
    city = CityFactory(name="Songjiang")
    industry = IndustryFactory(name="Biomedicine")
    EnterpriseFactory.create_batch(25, city=city, industries=[industry])
    NewsItemFactory.create_batch(3)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/enterprises/?page=abc", None),
        ("/enterprises/?page=-1", None),
        ("/enterprises/?page=99999", None),
        ("/enterprises/?page=1e9999", None),
        ("/enterprises/?order=drop+table", "Sort by"),
        ("/enterprises/?city=atlantis", "Select a valid choice"),
        ("/enterprises/?city=songjiang&city=atlantis", "Select a valid choice"),
        ("/enterprises/?industry=%00%01", None),
        ("/enterprises/?park=nowhere", "Select a valid choice"),
        ("/enterprises/?board=moon", "Select a valid choice"),
        ("/enterprises/?founded_min=abc&founded_max=", "Founded between"),
        ("/enterprises/?founded_min=1e400", None),
        ("/enterprises/?founded_min=2020&founded_max=1990", "reversed"),
        ("/enterprises/?high_tech=maybe", None),
        (f"/enterprises/?q={LONG}", "at most 200 characters"),
        ("/enterprises/?q=%27%22%3Cscript%3E", None),
        ("/news/?year=abc", "Select a valid choice"),
        ("/news/?month=13", "Select a valid choice"),
        ("/news/?enterprise=nobody", "Select a valid choice"),
        ("/news/?page=0", None),
        (f"/search/?q={LONG}", "only its first 200 characters"),
        ("/search/?q=bio&type=spaceships", None),
        ("/search/?q=bio&type=enterprises&page=zzz", None),
        ("/search/?q=%25%25%25_", None),
        ("/search/?q=%00", None),
        ("/parks/?page=abc", None),
        ("/funds/?page=99", None),
    ],
)
def test_junk_parameters_give_a_normal_page(client, url, message):
    response = client.get(url)
    assert response.status_code == 200, url
    if message:
        assert message in response.content.decode()


def test_page_past_the_end_shows_the_last_page(client):
    response = client.get("/enterprises/", {"page": "99"})
    assert response.context["page_obj"].number == 2
    assert len(response.context["enterprises"]) == 5


def test_invalid_filter_is_ignored_but_valid_ones_apply(client):
    response = client.get("/enterprises/", {"city": "atlantis", "q": "Enterprise 1"})
    assert response.context["result_count"] > 0
    assert all("1" in e.name for e in response.context["enterprises"])
    assert any("City" in error for error in response.context["filter_errors"])


def test_script_in_query_is_escaped(client):
    html = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "/enterprises/no-such-company/",
        "/cities/atlantis/",
        "/industries/alchemy/",
        "/news/feed/rss/city/atlantis/",
        "/news/feed/atom/industry/alchemy/",
        "/sitemap-nothing.xml",
    ],
)
def test_unknown_slugs_are_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    if not url.endswith(".xml"):
        assert "Page not found" in response.content.decode()
