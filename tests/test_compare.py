"""The city comparison page: two to four cities side by side, the address its whole state."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.chart_checks import (
    assert_chart_matches_its_table,
    charts_in,
    children,
    inline_styles,
    text_of,
)
from tests.factories import CityFactory, IndicatorFactory
from tests.html_checks import parse, problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def cities():
    """Songjiang and Hangzhou share three figures; Hefei, Wuhu and Jiaxing have none."""
    songjiang = CityFactory(name="Songjiang", slug="songjiang", name_zh_hans="松江", position=1)
    hangzhou = CityFactory(name="Hangzhou", slug="hangzhou", name_zh_hans="杭州", position=3)
    for slug, position in (("hefei", 9), ("wuhu", 8), ("jiaxing", 2)):
        CityFactory(name=slug.title(), slug=slug, position=position)

    def figure(city, label, year, value, unit, theme, headline=False, **kwargs):
        return IndicatorFactory(
            city=city,
            label=label,
            year=year,
            value=Decimal(value),
            unit=unit,
            theme=theme,
            is_headline=headline,
            **kwargs,
        )

    # Editors order figures by position: AI companies, then output, then R&D.
    figure(
        songjiang, "AI companies", 2023, "840", "companies", "economy", headline=True, position=1
    )
    figure(songjiang, "R&D intensity", 2022, "6.1", "%", "innovation")
    figure(songjiang, "R&D intensity", 2024, "6.79", "%", "innovation", headline=True)
    figure(songjiang, "Illegal villas", 2016, "38", "villas", "history", headline=True)
    figure(
        songjiang, "Output", 2023, "20", "billion yuan", "economy", unit_zh_hans="亿元", position=2
    )
    figure(
        hangzhou, "AI companies", 2022, "1500", "companies", "economy", headline=True, position=1
    )
    figure(hangzhou, "R&D intensity", 2023, "3.9", "%", "innovation")
    figure(
        hangzhou, "Output", 2023, "800", "million yuan", "economy", unit_zh_hans="万元", position=2
    )
    figure(hangzhou, "Talent flats", 2024, "20000", "flats", "talent", headline=True)
    for hidden in (
        figure(hangzhou, "AI companies", 2024, "99999", "companies", "economy", headline=True),
        figure(hangzhou, "Secret figure", 2024, "1", "", "economy", headline=True),
    ):
        hidden.status = "draft"
        hidden.save()
    IndicatorFactory(
        city=hangzhou,
        label="AI companies",
        year=2025,
        value=77777,
        is_headline=True,
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    return songjiang, hangzhou


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert problems(html) == [], url
    return html


def columns(html):
    """``{theme: [(city, [figure labels])]}`` of the side-by-side headline figures."""
    found = {}
    for section in children(parse(html), "section", "compare-theme"):
        theme = text_of(children(section, "h2")[0])
        found[theme] = [
            (text_of(children(city, "h3")[0]), [text_of(dt) for dt in children(city, "dt")])
            for city in children(section, "section", "compare-city")
        ]
    return found


def notices(html):
    return [text_of(li) for box in children(parse(html), "div", "notice") for li in box.iter("li")]


def checked(html):
    return [
        box.get("value")
        for box in parse(html).iter("input")
        if box.get("name") == "cities" and box.get("checked") is not None
    ]


def test_two_cities_side_by_side_in_the_order_asked(client, cities):
    html = page(client, "/en/compare/?cities=hangzhou&cities=songjiang")
    assert columns(html) == {
        "Economy": [("Hangzhou", ["AI companies"]), ("Songjiang", ["AI companies"])],
        "Innovation": [("Hangzhou", []), ("Songjiang", ["R&D intensity"])],
        "People and talent": [("Hangzhou", ["Talent flats"]), ("Songjiang", [])],
    }
    assert "No headline figure in this theme yet." in html
    assert "Illegal villas" not in html  # history stays with each city's timeline
    for hidden in ("99,999", "77,777", "Secret figure"):
        assert hidden not in html
    assert notices(html) == []
    assert checked(html) == ["songjiang", "hangzhou"]  # the form lists cities in their order


def test_a_chart_for_each_figure_they_share_with_each_citys_latest_year(client, cities):
    html = page(client, "/en/compare/?cities=hangzhou&cities=songjiang")
    found = charts_in(html)
    for chart in found:
        assert_chart_matches_its_table(chart)
    assert [(c.title, c.rows) for c in found] == [
        (
            "AI companies (companies)",
            [("Hangzhou, 2022", ["1,500"]), ("Songjiang, 2023", ["840"])],
        ),
        # In the unit of the first city asked for.
        ("Output (million yuan)", [("Hangzhou, 2023", ["800"]), ("Songjiang, 2023", ["20,000"])]),
        ("R&D intensity (%)", [("Hangzhou, 2023", ["3.9"]), ("Songjiang, 2024", ["6.79"])]),
    ]
    assert inline_styles(html) == []
    assert not re.search(r"\sstyle\s*=", html)


def test_the_address_is_the_comparison(client, cities):
    first = page(client, "/en/compare/?cities=hangzhou&cities=songjiang")
    again = page(client, "/en/compare/?cities=hangzhou&cities=songjiang")
    reversed_ = page(client, "/en/compare/?cities=songjiang&cities=hangzhou")
    other = page(client, "/en/compare/?cities=songjiang&cities=hefei")
    assert columns(first) == columns(again)
    assert [rows for _t, rows in columns(reversed_)["Economy"]] == [
        rows for _t, rows in reversed(columns(first)["Economy"])
    ]
    assert [c.rows[0][0] for c in charts_in(reversed_)] == [
        "Songjiang, 2023",
        "Songjiang, 2023",
        "Songjiang, 2024",
    ]
    assert columns(other) == {
        "Economy": [("Songjiang", ["AI companies"]), ("Hefei", [])],
        "Innovation": [("Songjiang", ["R&D intensity"]), ("Hefei", [])],
    }
    assert charts_in(other) == []
    assert "These cities give no figure in common yet." in other
    canonical = '<link rel="canonical" href="http://testserver/en/compare/?cities=songjiang&amp;cities=hefei">'
    assert canonical in other


def test_numbers_and_names_in_the_pages_language(client, cities):
    html = page(client, "/zh-hans/compare/?cities=songjiang&cities=hangzhou")
    output = next(c for c in charts_in(html) if c.title.startswith("Output"))
    assert output.title == "Output（亿元）"  # full-width brackets in Chinese text
    assert output.rows == [("松江，2023年", ["200"]), ("杭州，2023年", ["8"])]
    ai = next(c for c in charts_in(html) if c.title.startswith("AI"))
    assert ai.rows[1] == ("杭州，2022年", ["1500"])


@pytest.mark.parametrize(
    ("query", "message", "compared", "ticked"),
    [
        ("", None, False, []),
        ("?cities=songjiang", "Choose two to four cities to compare them.", False, ["songjiang"]),
        ("?cities=songjiang&cities=songjiang", "Choose two to four", False, ["songjiang"]),
        ("?cities=atlantis&cities=songjiang", "no city called “atlantis”", False, ["songjiang"]),
        (
            "?cities=songjiang&cities=hangzhou&cities=hefei&cities=wuhu&cities=jiaxing",
            "Choose at most four cities: 5 were chosen.",
            False,
            ["songjiang", "jiaxing", "hangzhou", "wuhu", "hefei"],
        ),
        (
            "?cities=%3Cscript%3Ealert(1)%3C/script%3E&cities=songjiang&cities=hangzhou",
            "no city called “<script>alert(1)</script>”",
            True,
            ["songjiang", "hangzhou"],
        ),
        ("?cities=songjiang,hangzhou", None, True, ["songjiang", "hangzhou"]),
        ("?cities=SONGJIANG&cities=+Hangzhou+", None, True, ["songjiang", "hangzhou"]),
        (
            "?cities=%E6%9D%BE%E6%B1%9F&cities=hangzhou",
            "no city called “松江”",
            False,
            ["hangzhou"],
        ),
        (
            f"?cities={'x' * 5000}&cities=wuhu&cities=hefei",
            "no city called “xxxx",
            True,
            ["wuhu", "hefei"],
        ),
        ("?cities=&cities=%00&cities=hefei&cities=wuhu&page=abc", None, True, ["wuhu", "hefei"]),
        ("?city=songjiang&city=hangzhou", None, False, []),
        ("?" + "&".join(f"cities=c{n}" for n in range(200)), "no cities called", False, []),
    ],
)
def test_other_addresses_give_a_clear_message_and_a_sensible_page(
    client, cities, query, message, compared, ticked
):
    html = page(client, f"/en/compare/{query}")
    said = " ".join(notices(html))
    if message:
        assert message in said
    else:
        assert said == ""
    assert ('id="shared-figures-title"' in html) is compared
    assert checked(html) == ticked
    assert "<script>alert" not in html
    assert len(html) < 200_000


def test_four_cities_at_a_fixed_number_of_queries(client, cities, django_assert_max_num_queries):
    songjiang, hangzhou = cities
    url = "/en/compare/?cities=songjiang&cities=hangzhou&cities=hefei&cities=wuhu"
    for n in range(30):
        for city in (songjiang, hangzhou):
            IndicatorFactory(city=city, label=f"Shared {n}", year=2020 + n % 4, theme="economy")
            IndicatorFactory(
                city=city, label=f"Own {city.slug} {n}", theme="land", is_headline=True
            )
    with django_assert_max_num_queries(3):
        html = client.get(url).content.decode()
    assert 'class="compare-columns compare-4"' in html
    assert len(charts_in(html)) == 33


def test_the_city_list_and_city_pages_link_to_it(client, cities):
    assert 'href="/en/compare/"' in page(client, "/en/cities/")
    assert 'href="/en/compare/?cities=songjiang"' in page(client, "/en/cities/songjiang/")
    html = page(client, "/en/compare/?cities=songjiang")
    assert checked(html) == ["songjiang"]
    assert "<title>Compare cities · " in html
    two = page(client, "/en/compare/?cities=songjiang&cities=hangzhou")
    assert "Compare cities: Songjiang · Hangzhou" in two
