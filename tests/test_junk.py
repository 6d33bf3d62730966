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
        ("/en/enterprises/?page=abc", None),
        ("/en/enterprises/?page=-1", None),
        ("/en/enterprises/?page=99999", None),
        ("/en/enterprises/?page=1e9999", None),
        ("/en/enterprises/?order=drop+table", "Sort by"),
        ("/en/enterprises/?city=atlantis", "Select a valid choice"),
        ("/en/enterprises/?city=songjiang&city=atlantis", "Select a valid choice"),
        ("/en/enterprises/?industry=%00%01", None),
        ("/en/enterprises/?park=nowhere", "Select a valid choice"),
        ("/en/enterprises/?board=moon", "Select a valid choice"),
        ("/en/enterprises/?founded_min=abc&founded_max=", "Founded between"),
        ("/en/enterprises/?founded_min=1e400", None),
        ("/en/enterprises/?founded_min=2020&founded_max=1990", "reversed"),
        ("/en/enterprises/?high_tech=maybe", None),
        (f"/en/enterprises/?q={LONG}", "at most 200 characters"),
        ("/en/enterprises/?q=%27%22%3Cscript%3E", None),
        ("/en/news/?year=abc", "Select a valid choice"),
        ("/en/news/?month=13", "Select a valid choice"),
        ("/en/news/?enterprise=nobody", "Select a valid choice"),
        ("/en/news/?page=0", None),
        (f"/en/search/?q={LONG}", "only its first 200 characters"),
        ("/en/search/?q=bio&type=spaceships", None),
        ("/en/search/?q=bio&type=enterprises&page=zzz", None),
        ("/en/search/?q=%25%25%25_", None),
        ("/en/search/?q=%00", None),
        ("/en/parks/?page=abc", None),
        ("/en/funds/?page=99", None),
    ],
)
def test_junk_parameters_give_a_normal_page(client, url, message):
    response = client.get(url)
    assert response.status_code == 200, url
    if message:
        assert message in response.content.decode()


def test_page_past_the_end_shows_the_last_page(client):
    response = client.get("/en/enterprises/", {"page": "99"})
    assert response.context["page_obj"].number == 2
    assert len(response.context["enterprises"]) == 5


def test_invalid_filter_is_ignored_but_valid_ones_apply(client):
    from corridor.models import Enterprise

    name = Enterprise.objects.order_by("pk").first().name  # "Enterprise <n>"
    response = client.get("/en/enterprises/", {"city": "atlantis", "q": name})
    assert response.context["result_count"] > 0
    number = name.split()[-1]
    assert all(e.name.split()[-1].startswith(number) for e in response.context["enterprises"])
    assert any("City" in error for error in response.context["filter_errors"])


def test_script_in_query_is_escaped(client):
    html = client.get("/en/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "/en/enterprises/no-such-company/",
        "/en/cities/atlantis/",
        "/en/industries/alchemy/",
        "/en/news/feed/rss/city/atlantis/",
        "/en/news/feed/atom/industry/alchemy/",
        "/sitemap-nothing.xml",
    ],
)
def test_unknown_slugs_are_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    if not url.endswith(".xml"):
        assert "Page not found" in response.content.decode()
