"""Geometry of the SVG map and charts."""

from decimal import Decimal
from types import SimpleNamespace

from corridor import charts


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
