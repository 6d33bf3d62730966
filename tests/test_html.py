"""Every page type is valid HTML, labelled, and usable without JavaScript."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from corridor.models import City, Enclave, Enterprise, Fund, Industry, NewsItem, Park
from tests.html_checks import parse, problems

pytestmark = pytest.mark.django_db


def page_urls():
    urls = [
        "/en/",
        "/en/about/",
        "/en/cities/",
        "/en/industries/",
        "/en/enterprises/",
        "/en/enclaves/",
        "/en/funds/",
        "/en/parks/",
        "/en/news/",
        "/en/search/",
        "/en/search/?q=songjiang",
        "/en/search/?q=复宏汉霖",
        "/en/search/?q=zzzz",
        "/en/enterprises/?city=songjiang&industry=biomedicine",
        "/en/enterprises/?q=nothing-matches",
        "/en/enterprises/?city=atlantis&founded_min=x",
        "/en/news/?year=2023",
        "/en/enterprises/?page=2",
    ]
    with translation.override("en"):
        for model in (City, Industry, Park, Enclave, Enterprise, Fund, NewsItem):
            obj = model.objects.order_by("pk").first()
            urls.append(obj.get_absolute_url())
    return urls


def test_every_page_type_is_valid_and_accessible(client, launch_content):
    report = {}
    for url in page_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        found = problems(response.content.decode())
        if found:
            report[url] = found
    assert report == {}


def test_404_page(client, launch_content):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert problems(html) == []


def test_500_page_renders_without_context():
    html = render_to_string("500.html", request=RequestFactory().get("/en/"))
    parse(html)
    assert "Something went wrong" in html


def test_checker_catches_problems():
    bad = (
        "<!DOCTYPE html><html><head><title>x</title></head><body>"
        '<main><h1>a</h1><h1>b</h1><input name="q"><img src="a.png">'
        '<p id="x"></p><p id="x"></p><a href="/"></a></main></body></html>'
    )
    found = problems(bad)
    for expected in (
        "<html> has no lang",
        "2 <h1> elements",
        "no <nav>",
        "unlabelled <input name='q'>",
        "has no alt",
        "duplicate id 'x'",
        "link '/' has no text",
        "no canonical link",
    ):
        assert any(expected in line for line in found), expected


def test_pages_carry_title_description_and_open_graph(client, launch_content):
    enterprise = Enterprise.objects.get(slug="henlius")
    html = client.get(enterprise.get_absolute_url()).content.decode()
    assert "<title>Henlius · G60 Corridor</title>" in html
    assert f'<meta name="description" content="{enterprise.summary}">' in html
    assert '<meta property="og:title" content="Henlius">' in html
    assert '<link rel="canonical" href="http://testserver/en/enterprises/henlius/">' in html
    assert 'aria-label="Breadcrumb"' in html


def test_home_map_places_the_nine_cities_west_to_east(client, launch_content):
    response = client.get("/en/")
    labels = {
        label.text: label.box.centre
        for label in response.context["corridor_map"].labels
        if label.kind == "area"
    }
    assert len(labels) == 9
    assert labels["Hefei"][0] < labels["Wuhu"][0] < labels["Songjiang"][0]
    assert labels["Jinhua"][1] > labels["Hangzhou"][1] > labels["Suzhou"][1]
    html = response.content.decode()
    assert html.count('class="map-area"') == 9
    assert 'href="/en/cities/hefei/"' in html


def test_checker_rejects_malformed_html():
    from html5lib.html5parser import ParseError

    with pytest.raises(ParseError):
        problems("<!DOCTYPE html><html lang=en><head><title>x</title></head><body><p></div>")
