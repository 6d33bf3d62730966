"""Geometry for the server-drawn SVG map and charts (no JavaScript, no map tiles)."""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class MapPoint:
    city: object
    x: float
    y: float
    label_x: float
    label_y: float
    label_anchor: str


def label_width(city):
    """Rough width in pixels of the city's name at 14px: enough to keep labels apart."""
    return sum(15 if "\u4e00" <= char <= "\u9fff" else 8 for char in city.name) + 8


def _box(x, y, width, anchor, height=16):
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return (left, y - height + 4, left + width, y + 4)


def _overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def city_map(cities, width=640, height=480, padding=50):
    """Place cities with coordinates on a ``width`` × ``height`` canvas, north up.

    An equirectangular projection scaled by the cosine of the mean latitude keeps the
    corridor's shape; both axes share one scale so distances read true. Each label goes
    right, left, above or below its dot: the first place that collides with nothing drawn.
    """
    located = [c for c in cities if c.latitude is not None and c.longitude is not None]
    if not located:
        return []
    lats = [float(c.latitude) for c in located]
    lons = [float(c.longitude) for c in located]
    shrink = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * shrink, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    scale = min((width - 2 * padding) / span_x, (height - 2 * padding) / span_y)
    offset_x = (width - span_x * scale) / 2
    offset_y = (height - span_y * scale) / 2
    dots = [
        (
            round(offset_x + (lon - min(lons)) * shrink * scale, 1),
            round(offset_y + (max(lats) - lat) * scale, 1),
        )
        for lat, lon in zip(lats, lons, strict=True)
    ]
    taken = [(x - 10, y - 10, x + 10, y + 10) for x, y in dots]
    points = []
    for city, (x, y) in zip(located, dots, strict=True):
        w = label_width(city)
        candidates = [
            (x + 13, y + 5, "start"),
            (x - 13, y + 5, "end"),
            (x, y - 15, "middle"),
            (x, y + 25, "middle"),
        ]
        inside = [
            c
            for c in candidates
            if _box(c[0], c[1], w, c[2])[0] >= 0 and _box(c[0], c[1], w, c[2])[2] <= width
        ] or candidates
        label = next(
            (c for c in inside if not any(_overlaps(_box(*c[:2], w, c[2]), t) for t in taken)),
            inside[0],
        )
        taken.append(_box(label[0], label[1], w, label[2]))
        points.append(MapPoint(city, x, y, label[0], label[1], label[2]))
    return points


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float


def bar_chart(rows, width=640, height=260, padding=40):
    """Vertical bars for ``rows`` of ``(label, value)``, scaled to the largest value."""
    if not rows:
        return []
    top = max(value for _, value in rows) or 1
    slot = (width - 2 * padding) / len(rows)
    bar_width = slot * 0.6
    usable = height - 2 * padding
    bars = []
    for index, (label, value) in enumerate(rows):
        bar_height = usable * value / top
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(padding + index * slot + (slot - bar_width) / 2, 1),
                y=round(height - padding - bar_height, 1),
                width=round(bar_width, 1),
                height=round(bar_height, 1),
            )
        )
    return bars


def members_by_year(cities):
    """Cumulative member cities per joining year: the corridor's 1.0 → 2.0 → 3.0 growth."""
    years = sorted({c.joined_year for c in cities if c.is_member and c.joined_year})
    return [
        (
            str(year),
            sum(1 for c in cities if c.is_member and c.joined_year and c.joined_year <= year),
        )
        for year in years
    ]
