"""The SVG map and charts: their geometry, and the charts of each page beside their tables."""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import translation

from corridor import charts, statistics
from corridor.models import City, Indicator
from corridor.spreadsheets.reader import read_table
from corridor.spreadsheets.service import export_file, import_file
from tests import spreadsheet_files
from tests.chart_checks import (
    assert_chart_matches_its_table,
    charts_in,
    graph_pairs,
    headline_tiles,
    inline_styles,
    matrix_pairs,
)
from tests.factories import (
    CityFactory,
    EnclaveFactory,
    EnterpriseFactory,
    FundFactory,
    FundInvestmentFactory,
    IndicatorFactory,
    IndustryFactory,
    hidden_variants,
)
from tests.html_checks import problems


def city(name, lat, lon, joined=None, member=True, name_zh_hans=""):
    return SimpleNamespace(
        name=name,
        name_zh_hans=name_zh_hans,
        latitude=Decimal(lat),
        longitude=Decimal(lon),
        joined_year=joined,
        is_member=member,
    )


CITIES = [
    city("Songjiang", "31.03", "121.23", 2016),
    city("Jiaxing", "30.75", "120.76", 2017),
    city("Hefei", "31.82", "117.23", 2018),
    city("Jinhua", "29.08", "119.65", 2018),
]


def test_map_is_north_up_and_inside_the_canvas():
    points = {p.city.name: p for p in charts.city_map(CITIES, width=640, height=480, padding=50)}
    assert points["Hefei"].x == min(p.x for p in points.values())
    assert points["Songjiang"].x == max(p.x for p in points.values())
    assert points["Jinhua"].y == max(p.y for p in points.values())
    assert all(50 <= p.x <= 590 and 50 <= p.y <= 430 for p in points.values())


def test_map_keeps_one_scale_on_both_axes():
    points = charts.city_map([city("A", "30", "120"), city("B", "31", "121")], 1000, 1000, 0)
    a, b = points
    import math

    expected = math.cos(math.radians(30.5))
    assert abs((b.x - a.x) / (a.y - b.y) - expected) < 0.01


def test_map_labels_do_not_overlap():
    points = charts.city_map(CITIES)
    boxes = [
        charts._box(p.label_x, p.label_y, charts.label_width(p.city), p.label_anchor)
        for p in points
    ]
    for i, first in enumerate(boxes):
        for second in boxes[i + 1 :]:
            assert not charts._overlaps(first, second)


def test_map_skips_cities_without_coordinates():
    unplaced = SimpleNamespace(name="X", name_zh_hans="", latitude=None, longitude=None)
    assert len(charts.city_map([*CITIES, unplaced])) == 4
    assert charts.city_map([]) == []


def test_members_by_year_is_cumulative():
    assert charts.members_by_year(CITIES) == [("2016", 1), ("2017", 2), ("2018", 4)]


def test_bar_chart_scales_to_the_largest_value():
    bars = charts.bar_chart([("2016", 1), ("2018", 9)], width=640, height=260, padding=40)
    assert bars[1].height == 180
    assert bars[0].height == 20
    assert bars[0].y + bars[0].height == bars[1].y + bars[1].height == 220
    assert charts.bar_chart([]) == []


# --- Charts that carry their numbers -----------------------------------------------------------


def test_bars_start_at_zero_and_scale_to_their_values():
    chart = charts.bars_chart("t", "Title", [("A", 10, "10"), ("B", 5, "5")], "Name", "Count")
    a, b = chart.marks
    assert a.x == b.x == chart.axis[0]
    assert a.width == pytest.approx(2 * b.width, abs=0.2)
    assert a.y < b.y and chart.height == 2 * 6 + 2 * 30
    assert a.value_x == pytest.approx(a.x + a.width + 6, abs=0.1)
    assert a.label_x < a.x and a.value_x < chart.width


def test_negative_bars_go_left_of_the_zero_line():
    chart = charts.bars_chart("t", "T", [("Up", 4, "4"), ("Down", -2, "-2")], "N", "V")
    up, down = chart.marks
    zero = chart.axis[0]
    assert up.x == zero and down.x + down.width == pytest.approx(zero, abs=0.1)
    assert up.width == pytest.approx(2 * down.width, abs=0.2)


def test_long_labels_are_cut_to_fit_and_kept_whole_for_the_table():
    long = "Integrated circuit industrial output of the whole district " * 3
    chart = charts.bars_chart("t", "T", [(long, 1, "1"), ("短", 2, "2")], "N", "V")
    cut = chart.marks[0]
    assert cut.label == long
    assert cut.short_label.endswith("…") and len(cut.short_label) < len(long)
    assert charts.text_width(cut.short_label) <= cut.label_x
    assert chart.marks[1].short_label == "短"


def test_a_line_spaces_the_years_as_time_passes():
    chart = charts.line_chart(
        "t", "T", [(2016, 40, "40"), (2017, 180, "180"), (2020, 90, "90")], "Year", "km"
    )
    first, second, third = chart.marks
    assert third.x - second.x == pytest.approx(3 * (second.x - first.x), abs=0.2)
    assert second.y < third.y < first.y  # higher values higher up
    assert all(mark.y <= chart.axis[1] for mark in chart.marks)  # the zero line below them
    assert chart.line == " ".join(f"{m.x},{m.y}" for m in chart.marks)
    assert [m.label for m in chart.marks] == ["2016", "2017", "2020"]


def test_columns_keep_the_bar_chart_geometry():
    chart = charts.column_chart("t", "T", [("2016", 1, "1"), ("2018", 9, "9")], "Year", "Cities")
    bars = charts.bar_chart([("2016", 1), ("2018", 9)], width=480, height=240, padding=40)
    assert [(m.x, m.y, m.width, m.height) for m in chart.marks] == [
        (b.x, b.y, b.width, b.height) for b in bars
    ]


def label_boxes(graph):
    return [(e.label_x - 9, e.label_y - 13.5, e.label_x + 9, e.label_y + 4.5) for e in graph.edges]


def overlaps(boxes):
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if charts._overlaps(a, b)]


def test_crossing_lines_keep_their_numbers_apart():
    top, bottom = city("Top", "30", "120"), city("Bottom", "30", "120")
    upper, lower = city("Upper", "30", "120"), city("Lower", "30", "120")
    # Top → Lower and Bottom → Upper cross at their middles.
    graph = charts.enclave_graph(
        "g", [top, bottom], [upper, lower], [(top, lower, 3, "3"), (bottom, upper, 1, "1")]
    )
    first, second = graph.edges
    assert (first.label_x, first.label_y) == (
        pytest.approx((first.x1 + first.x2) / 2, abs=0.1),
        pytest.approx((first.y1 + first.y2) / 2 + 4.5, abs=0.1),
    )
    assert overlaps(label_boxes(graph)) == []
    assert (first.weight, second.weight) == (3, 1)


def test_the_enclave_graph_puts_home_cities_left_and_hosts_right():
    homes = [city(f"Home {n}", "30", "120") for n in range(4)]
    hosts = [city(f"Host {n}", "30", "120") for n in range(2)]
    pairs = [(h, t, 1, "1") for h in homes for t in hosts]
    graph = charts.enclave_graph("g", homes, hosts, pairs)
    assert overlaps(label_boxes(graph)) == []
    assert all(node.x < graph.width / 2 for node in graph.homes)
    assert all(node.x > graph.width / 2 for node in graph.hosts)
    assert {e.weight for e in graph.edges} == {1}
    assert charts._weight(2) == 2 and charts._weight(4) == 3 and charts._weight(12) == 4


# --- Key figures as pages show them ----------------------------------------------------------

Theme = Indicator.Theme


@pytest.mark.django_db
def test_history_figures_are_never_headlines():
    songjiang = CityFactory(name="Songjiang")
    IndicatorFactory(
        city=songjiang, label="Villas demolished", theme=Theme.HISTORY, is_headline=True
    )
    IndicatorFactory(city=songjiang, label="AI companies", theme=Theme.ECONOMY, is_headline=True)
    IndicatorFactory(city=songjiang, label="Talent flats", theme=Theme.TALENT, is_headline=False)
    IndicatorFactory(city=songjiang, label="Unsorted", theme="", is_headline=None)
    page = statistics.arrange(list(Indicator.objects.filter(city=songjiang)))
    assert [(g.value, [f.label for f in g.figures]) for g in page.headline] == [
        ("economy", ["AI companies"])
    ]
    assert [f.label for f in page.history] == ["Villas demolished"]
    assert [f.label for f in page.others] == ["Talent flats", "Unsorted"]  # theme order, "" last


@pytest.mark.django_db
def test_a_figure_given_for_two_years_is_one_series_in_its_latest_unit():
    def fund(label, year, value, unit):
        return IndicatorFactory(
            label=label, year=year, value=value, unit=unit, unit_zh_hans="亿元", theme="economy"
        )

    fund("Fund  size ", 2022, 500, "million yuan")  # spacing aside, the same label
    fund("Fund size", 2023, Decimal("1.2"), "billion yuan")
    IndicatorFactory(label="Fund size", year=2023, value=7, unit="companies")  # another unit
    figures = list(Indicator.objects.order_by("year", "pk"))
    page = statistics.arrange(figures)
    (chart,) = page.charts
    assert chart.kind == "line" and chart.title == "Fund size (billion yuan)"
    assert [(m.label, m.display) for m in chart.marks] == [("2022", "0.5"), ("2023", "1.2")]
    assert [f.unit for f in page.others] == ["companies"]
    with translation.override("zh-hans"):
        (chart,) = statistics.arrange(figures).charts
        assert [m.display for m in chart.marks] == ["5", "12"]
        assert chart.title.endswith("（亿元）")  # full-width brackets in Chinese text


@pytest.mark.django_db
def test_a_second_figure_for_the_same_year_is_still_shown():
    IndicatorFactory(label="Parks", year=2022, value=3, is_headline=True, theme="land")
    IndicatorFactory(label="Parks", year=2023, value=4)
    IndicatorFactory(label="Parks", year=2023, value=5, is_headline=True, theme="land")
    page = statistics.arrange(list(Indicator.objects.order_by("year", "pk")))
    assert [m.display for m in page.charts[0].marks] == ["3", "4"]
    assert [f.value for g in page.headline for f in g.figures] == [5]


# --- Pages ---------------------------------------------------------------------------------------


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def songjiang_figures(db):
    """A city with headline figures, figures over the years, a history figure, and figures a
    visitor may not see."""
    songjiang = CityFactory(name="Songjiang", slug="songjiang", name_zh_hans="松江")
    for year, value in ((2021, "5.2"), (2022, "6.1"), (2024, "6.79")):
        IndicatorFactory(
            city=songjiang,
            label="R&D intensity",
            year=year,
            value=Decimal(value),
            unit="%",
            theme="innovation",
        )
    IndicatorFactory(
        city=songjiang,
        label="AI companies",
        value=840,
        unit="companies",
        theme="economy",
        is_headline=True,
    )
    IndicatorFactory(
        city=songjiang,
        label="Illegal villas",
        value=38,
        unit="villas",
        year=2016,
        theme="history",
        is_headline=True,
    )
    for hidden in (
        *hidden_variants(
            IndicatorFactory, city=songjiang, label="Secret headline", is_headline=True
        ),
        *hidden_variants(IndicatorFactory, city=songjiang, label="R&D intensity", year=2025),
    ):
        hidden.value = 99
        hidden.save()
    return songjiang


def test_the_city_page_draws_each_figure_over_the_years_with_its_numbers(client, songjiang_figures):
    html = page(client, "/en/cities/songjiang/")
    (chart,) = charts_in(html)
    assert chart.title == "R&D intensity (%)"
    assert_chart_matches_its_table(chart)
    assert chart.rows == [("2021", ["5.2"]), ("2022", ["6.1"]), ("2024", ["6.79"])]
    assert chart.headers == ["Year", "%"]
    assert headline_tiles(html) == ["AI companies"]
    assert "Illegal villas" in html  # kept with the city's milestones
    assert "Secret" not in html and "99" not in "".join(str(r) for r in chart.rows)
    assert 'href="/en/compare/?cities=songjiang"' in html
    assert problems(html) == []


def test_launch_history_figures_stay_out_of_the_headline_tiles(client, launch_content):
    html = page(client, "/en/cities/songjiang/")
    tiles = headline_tiles(html)
    history = Indicator.objects.filter(city__slug="songjiang", theme=Theme.HISTORY)
    assert history.count() >= 8
    assert "Illegal villas in Jiuting" in {f.label for f in history}
    for figure in history:
        assert figure.label not in tiles
        assert figure.label in html  # in the history table beside the milestones
    assert len(tiles) == Indicator.objects.filter(city__slug="songjiang", is_headline=True).count()
    assert "Artificial intelligence companies (more than)" in tiles
    about = page(client, "/en/about/")
    assert "Corridor length after the 2017 extension" not in headline_tiles(about)
    assert "Corridor area" in headline_tiles(about)


@pytest.mark.django_db
def test_every_launch_figure_has_a_theme_and_a_headline_choice(launch_content):
    assert not Indicator.objects.filter(theme="").exists()
    assert not Indicator.objects.filter(is_headline__isnull=True).exists()
    assert not Indicator.objects.filter(theme=Theme.HISTORY, is_headline=True).exists()


def test_about_draws_the_members_and_the_corridor_over_the_years(client, launch_content):
    IndicatorFactory(label="Corridor length", year=2016, value=40, unit="km", theme="land")
    IndicatorFactory(label="Corridor length", year=2017, value=180, unit="km", theme="land")
    hidden_variants(IndicatorFactory, label="Corridor length", year=2018, value=999, unit="km")
    html = page(client, "/en/about/")
    charts = charts_in(html)
    for chart in charts:
        assert_chart_matches_its_table(chart)
    members, *by_title = charts
    by_title = {chart.title.split(" (")[0]: chart for chart in by_title}
    assert members.rows == [("2016", ["1"]), ("2017", ["3"]), ("2018", ["9"])]
    assert by_title.keys() == {"Corridor length", "R&D investment intensity"}
    assert by_title["Corridor length"].rows == [("2016", ["40"]), ("2017", ["180"])]
    # The launch content's own series: R&D intensity when the corridor began, and in 2023.
    assert by_title["R&D investment intensity"].rows == [("2016", ["3"]), ("2023", ["3.55"])]
    assert problems(html) == []


@pytest.fixture
def investments(db):
    """Investments in two cities and two industries, in two currencies, and some a visitor may
    not see: in a draft or scheduled enterprise or fund."""
    a, b = CityFactory(name="Anting"), CityFactory(name="Beicai")
    x, y = IndustryFactory(name="Xenobiotics"), IndustryFactory(name="Yarns")
    yuan = FundFactory(name="Yuan fund", currency="CNY")
    dollars = FundFactory(name="Dollar fund", currency="USD")
    one = EnterpriseFactory(name="One", city=a, industries=[x, y])
    two = EnterpriseFactory(name="Two", city=b, industries=[x])
    FundInvestmentFactory(fund=yuan, enterprise=one, amount=Decimal("1000000000"))
    FundInvestmentFactory(fund=dollars, enterprise=two, amount=Decimal("2500000"))
    FundInvestmentFactory(fund=yuan, enterprise=two, amount=None)
    for hidden in hidden_variants(EnterpriseFactory, city=a, industries=[y], name="Hidden"):
        FundInvestmentFactory(fund=yuan, enterprise=hidden, amount=Decimal("7"))
    for hidden in hidden_variants(FundFactory, name="Hidden fund"):
        FundInvestmentFactory(fund=hidden, enterprise=one, amount=Decimal("7"))
    return a, b


def test_funds_count_published_investments_by_city_and_industry(client, investments):
    html = page(client, "/en/funds/")
    found = {chart.id: chart for chart in charts_in(html)}
    assert list(found) == [
        "chart-investments-city",
        "chart-amounts-city-cny",
        "chart-amounts-city-usd",
        "chart-investments-industry",
        "chart-amounts-industry-cny",
        "chart-amounts-industry-usd",
    ]
    for chart in found.values():
        assert_chart_matches_its_table(chart)
    assert found["chart-investments-city"].rows == [("Beicai", ["2"]), ("Anting", ["1"])]
    assert found["chart-investments-industry"].rows == [("Xenobiotics", ["3"]), ("Yarns", ["1"])]
    assert found["chart-amounts-city-cny"].rows == [("Anting", ["1 billion yuan"])]
    assert found["chart-amounts-city-usd"].rows == [("Beicai", ["2.5 million US dollars"])]
    assert found["chart-amounts-industry-cny"].rows == [
        ("Xenobiotics", ["1 billion yuan"]),
        ("Yarns", ["1 billion yuan"]),
    ]
    assert "3 published investments in published enterprises; the amount is known for 2." in html
    assert problems(html) == []
    chinese = {chart.id: chart for chart in charts_in(page(client, "/zh-hans/funds/"))}
    assert chinese["chart-amounts-city-cny"].rows == [("Anting", ["10亿元"])]


def test_enclaves_are_counted_by_home_and_host_city(client, db):
    songjiang, hangzhou = CityFactory(name="Songjiang"), CityFactory(name="Hangzhou")
    wuhu, hefei = CityFactory(name="Wuhu"), CityFactory(name="Hefei")
    EnclaveFactory.create_batch(2, home_city=wuhu, host_city=songjiang)
    EnclaveFactory(home_city=wuhu, host_city=hangzhou)
    EnclaveFactory(home_city=hefei, host_city=songjiang)
    secret = CityFactory(name="Secretville")
    hidden_variants(EnclaveFactory, home_city=secret, host_city=songjiang)
    hidden_variants(EnclaveFactory, home_city=hefei, host_city=hangzhou)
    html = page(client, "/en/enclaves/")
    (graph,) = charts_in(html)
    expected = {("Wuhu", "Songjiang"): "2", ("Wuhu", "Hangzhou"): "1", ("Hefei", "Songjiang"): "1"}
    assert graph_pairs(graph) == expected
    assert matrix_pairs(graph) == expected
    assert graph.headers == ["Runs the enclave", "Songjiang", "Hangzhou"]
    assert "Secretville" not in html
    assert problems(html) == []


def test_no_chart_carries_a_style(client, launch_content, investments):
    IndicatorFactory(
        city=City.objects.get(slug="songjiang"),
        label="Research institutions",
        year=2023,
        unit="institutions",
    )
    for url in (
        "/en/about/",
        "/en/cities/songjiang/",
        "/en/funds/",
        "/en/enclaves/",
        "/zh-hans/funds/",
    ):
        html = page(client, url)
        assert charts_in(html), url
        assert inline_styles(html) == [], url
        assert not re.search(r"\sstyle\s*=", html), url


@pytest.mark.parametrize("size", [5, 60])
def test_chart_pages_run_a_fixed_number_of_queries(client, db, django_assert_max_num_queries, size):
    city = CityFactory(name="Songjiang", slug="songjiang")
    industries = IndustryFactory.create_batch(3)
    fund = FundFactory()
    for n in range(size):
        other = CityFactory()
        enterprise = EnterpriseFactory(city=other if n % 2 else city, industries=industries)
        FundInvestmentFactory(fund=fund, enterprise=enterprise, amount=n or None)
        EnclaveFactory(home_city=other, host_city=city)
        IndicatorFactory(city=city, label=f"Figure {n % 7}", year=2000 + n, is_headline=n % 3 == 0)
        IndicatorFactory(city=city, label=f"Single {n}", theme="economy", is_headline=True)
    for url, budget in (("/en/cities/songjiang/", 10), ("/en/funds/", 7), ("/en/enclaves/", 6)):
        with django_assert_max_num_queries(budget, info=url):
            response = client.get(url)
        assert response.status_code == 200


@pytest.mark.django_db
def test_setting_up_again_fills_themes_in_and_keeps_an_editors_choice():
    call_command("load_launch", verbosity=0)
    # A database from before themes: no theme, no headline choice, none in the history either.
    Indicator.objects.update(theme="", is_headline=None)
    Indicator.history.update(theme="", is_headline=None)
    villas = Indicator.objects.get(slug="songjiang-jiuting-illegal-villas-2016")
    villas.theme, villas.is_headline = Theme.LAND, True  # an editor's choice, before the upgrade
    villas.save()
    call_command("load_launch", verbosity=0)
    villas.refresh_from_db()
    assert (villas.theme, villas.is_headline) == (Theme.LAND, True)
    area = Indicator.objects.get(slug="g60-area-2023")
    assert (area.theme, area.is_headline) == (Theme.LAND, True)
    assert not Indicator.objects.filter(theme="").exists()
    assert not Indicator.objects.filter(is_headline__isnull=True).exists()


@pytest.mark.django_db
def test_spreadsheets_carry_the_theme_and_the_headline_choice():
    rows = [
        ["Label", "Value", "Year", "City", "主题", "重点数据"],
        ["Villas", "38", 2016, "", "历史", "否"],
        ["AI companies", "840", 2023, "", "Economy", "yes"],
    ]
    report = import_file("indicator", spreadsheet_files.xlsx(rows), "figures.xlsx")
    assert report.ok, report.problems
    assert {(f.label, f.theme, f.is_headline) for f in Indicator.objects.all()} == {
        ("Villas", "history", False),
        ("AI companies", "economy", True),
    }
    table = read_table(export_file("indicator"), "export.xlsx")
    assert {"Theme", "Headline figure"} <= set(table.headers)
    themes = {
        row[table.headers.index("Label")]: row[table.headers.index("Theme")] for row in table.rows
    }
    assert themes == {"Villas": "History", "AI companies": "Economy"}
