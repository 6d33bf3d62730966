"""Geometry for the server-drawn SVG map and charts (no JavaScript, no map tiles).

The functions here place marks and labels; templates draw them (``corridor/includes/chart.html``
and ``enclave_graph.html``) with CSS classes from ``static/css/charts.css``, and the table beside
each chart is made from the same marks, so a chart and its table cannot disagree.

Our own geometry rather than a charting library. pygal, the fullest Python SVG one, writes a
``<style>`` element and a ``<script>`` (its configuration, and a link to its tooltip script) into
every SVG it renders, both of which our content security policy forbids, so its output would
have to be taken apart again. leather sets colours and fonts as attributes from its theme
module, draws its title as plain text with no ``<title>`` or ``<desc>``, and gives the SVG a
fixed size; neither draws the enclaves' two-column graph. The charts we need (bars, a line over
the years, that graph) take a few functions here, labelled in the page's language by
``corridor.statistics``.
"""

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


# --- Charts that carry their numbers -----------------------------------------------------------


def _wide(char):
    return (
        "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"
    )


def text_width(text, size=14):
    """Rough width in pixels of ``text`` at ``size`` px: a Chinese character is square, other
    characters about half as wide. Enough to leave room for labels and keep them apart."""
    return sum(size if _wide(char) else size * 0.55 for char in str(text))


def fit(text, width, size=14):
    """``text`` cut short with an ellipsis to at most ``width`` pixels; the table beside the
    chart has it whole."""
    text = str(text)
    if text_width(text, size) <= width:
        return text
    while text and text_width(f"{text}…", size) > width:
        text = text[:-1]
    return f"{text.rstrip()}…"


def _domain(values):
    """The span of a scale: it always holds zero, so bars and lines start from nothing."""
    low, high = min([0.0, *values]), max([0.0, *values])
    return (low, high) if high > low else (low, low + 1)


@dataclass(frozen=True)
class Mark:
    """One number drawn: a bar (its box) or a point (``x``, ``y``), where its label and its
    number are written, and both as the page writes them (``label``, ``display``)."""

    label: str
    value: float
    display: str
    x: float
    y: float
    width: float = 0
    height: float = 0
    label_x: float = 0
    label_y: float = 0
    value_x: float = 0
    value_y: float = 0
    short_label: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart and the numbers it draws. The table beside it lists ``marks``, each label and
    number as drawn, so the two cannot disagree. ``kind``: ``columns`` (vertical bars),
    ``bars`` (horizontal bars) or ``line``. ``id`` is unique on its page; ``axis`` is the
    zero line, ``(x1, y1, x2, y2)``."""

    id: str
    kind: str
    title: str
    label_heading: str
    value_heading: str
    width: int
    height: int
    marks: tuple
    axis: tuple = (0, 0, 0, 0)
    line: str = ""
    note: str = ""

    @property
    def description(self):
        """The chart in words, for those who do not see it: ``2016: 40; 2017: 180``."""
        return "; ".join(f"{mark.label}: {mark.display}" for mark in self.marks)


def column_chart(chart_id, title, rows, label_heading, value_heading, note="", **size):
    """Vertical bars (``bar_chart``'s geometry) for ``rows`` of ``(label, value, display)``,
    values not below zero: each number above its bar, each label below."""
    width, height = size.get("width", 480), size.get("height", 240)
    padding = size.get("padding", 40)
    bars = bar_chart([(label, float(value)) for label, value, _ in rows], width, height, padding)
    slot = (width - 2 * padding) / max(len(rows), 1)
    marks = tuple(
        Mark(
            label=bar.label,
            value=bar.value,
            display=display,
            x=bar.x,
            y=bar.y,
            width=bar.width,
            height=bar.height,
            label_x=round(bar.x + bar.width / 2, 1),
            label_y=height - padding + 20,
            value_x=round(bar.x + bar.width / 2, 1),
            value_y=round(bar.y - 8, 1),
            short_label=fit(bar.label, slot - 4),
        )
        for bar, (_, _, display) in zip(bars, rows, strict=True)
    )
    baseline = height - padding
    return Chart(
        chart_id,
        "columns",
        title,
        label_heading,
        value_heading,
        width,
        height,
        marks,
        axis=(padding, baseline, width - padding, baseline),
        note=note,
    )


def bars_chart(chart_id, title, rows, label_heading, value_heading, note="", **size):
    """Horizontal bars for ``rows`` of ``(label, value, display)``, top to bottom in their
    order: labels on the left (cut to fit), each number at its bar's end, negative values left
    of the zero line. Suits names of any length: cities, industries."""
    width, row_height = size.get("width", 480), size.get("row_height", 30)
    values = [float(value) for _, value, _ in rows]
    label_space = min(max(text_width(label) for label, _, _ in rows) + 16, width * 0.4)
    value_space = min(max(text_width(display) for _, _, display in rows) + 12, width * 0.3)
    low, high = _domain(values)
    span = width - label_space - value_space

    def at(value):
        return round(label_space + span * (value - low) / (high - low), 1)

    zero, top = at(0), 6
    marks = []
    for index, ((label, _, display), value) in enumerate(zip(rows, values, strict=True)):
        y = top + index * row_height
        start, end = sorted((at(value), zero))
        text_y = round(y + row_height / 2 + 5, 1)
        marks.append(
            Mark(
                label=label,
                value=value,
                display=display,
                x=start,
                y=y + 6,
                width=round(end - start, 1),
                height=row_height - 12,
                label_x=round(label_space - 8, 1),
                label_y=text_y,
                value_x=round(end + 6, 1),
                value_y=text_y,
                short_label=fit(label, label_space - 12),
            )
        )
    height = 2 * top + len(rows) * row_height
    return Chart(
        chart_id,
        "bars",
        title,
        label_heading,
        value_heading,
        width,
        height,
        tuple(marks),
        axis=(zero, top, zero, height - top),
        note=note,
    )


def line_chart(chart_id, title, rows, label_heading, value_heading, note="", **size):
    """A line through ``rows`` of ``(year, value, display)`` in year order, the years spaced
    as time passes (three years apart is three times as wide as one), each point's number
    above it and its year at the foot."""
    width, height = size.get("width", 320), size.get("height", 180)
    years = [int(year) for year, _, _ in rows]
    values = [float(value) for _, value, _ in rows]
    side = min(max(max(text_width(display, 12) for _, _, display in rows) / 2 + 6, 24), width / 4)
    top, bottom = 28, 30
    first, spread = years[0], (years[-1] - years[0])
    low, high = _domain(values)

    def x_at(year):
        if not spread:
            return round(width / 2, 1)
        return round(side + (width - 2 * side) * (year - first) / spread, 1)

    def y_at(value):
        return round(top + (height - top - bottom) * (high - value) / (high - low), 1)

    marks = tuple(
        Mark(
            label=str(year),
            value=value,
            display=display,
            x=x_at(year),
            y=y_at(value),
            label_x=x_at(year),
            label_y=height - 8,
            value_x=x_at(year),
            value_y=round(y_at(value) - 10, 1),
            short_label=str(year),
        )
        for year, value, (_, _, display) in zip(years, values, rows, strict=True)
    )
    baseline = y_at(0)
    return Chart(
        chart_id,
        "line",
        title,
        label_heading,
        value_heading,
        width,
        height,
        marks,
        axis=(round(side - 12, 1), baseline, round(width - side + 12, 1), baseline),
        line=" ".join(f"{mark.x},{mark.y}" for mark in marks),
        note=note,
    )


@dataclass(frozen=True)
class Node:
    """A city in one column of the enclave graph, its dot and its name."""

    city: object
    label: str
    x: float
    y: float
    label_x: float
    anchor: str


@dataclass(frozen=True)
class Edge:
    """The enclaves ``home`` runs in ``host``: a line between their dots, ``display`` (their
    number) written on it, ``weight`` 1 to 4 for the line's thickness."""

    home: object
    host: object
    count: int
    display: str
    x1: float
    y1: float
    x2: float
    y2: float
    label_x: float
    label_y: float
    weight: int


@dataclass(frozen=True)
class Graph:
    """Cities that run enclaves on the left, cities that host them on the right, a line for
    each pair. ``heading_*`` place the two columns' headings, each written from its ``x``."""

    id: str
    width: int
    height: int
    homes: tuple
    hosts: tuple
    edges: tuple
    heading_y: float = 20
    home_heading_x: float = 0
    host_heading_x: float = 0

    @property
    def description(self):
        return "; ".join(f"{e.home.name} → {e.host.name}: {e.display}" for e in self.edges)


def _weight(count):
    return 1 if count <= 1 else 2 if count == 2 else 3 if count <= 4 else 4


def enclave_graph(graph_id, homes, hosts, pairs, width=480, row_height=36):
    """Place ``homes`` and ``hosts`` (cities, in their order) in two columns and draw
    ``pairs`` of ``(home, host, count, display)`` between them. Each number goes at the
    middle of its line, or nearer one end where the middle would cover another number."""

    def space(cities):
        return min(max(text_width(city.name) for city in cities) + 28, width * 0.35)

    left, right = space(homes), space(hosts)
    home_x, host_x = round(left, 1), round(width - right, 1)
    rows, top = max(len(homes), len(hosts)), 40

    def column(cities, x, label_x, anchor, room):
        offset = top + (rows - len(cities)) * row_height / 2
        return tuple(
            Node(
                city,
                fit(city.name, room),
                x,
                round(offset + (i + 0.5) * row_height, 1),
                label_x,
                anchor,
            )
            for i, city in enumerate(cities)
        )

    home_nodes = column(homes, home_x, round(home_x - 12, 1), "end", left - 20)
    host_nodes = column(hosts, host_x, round(host_x + 12, 1), "start", right - 20)
    at_home = {id(node.city): node for node in home_nodes}
    at_host = {id(node.city): node for node in host_nodes}
    taken, edges = [], []
    for home, host, count, display in pairs:
        start, end = at_home[id(home)], at_host[id(host)]
        box_width = text_width(display, 13) + 10
        spots = [
            (start.x + t * (end.x - start.x), start.y + t * (end.y - start.y))
            for t in (0.5, 0.35, 0.65, 0.25, 0.75, 0.15, 0.85)
        ]
        boxes = [(x - box_width / 2, y - 9, x + box_width / 2, y + 9) for x, y in spots]
        free = next(
            (i for i, box in enumerate(boxes) if not any(_overlaps(box, t) for t in taken)), 0
        )
        taken.append(boxes[free])
        x, y = spots[free]
        edges.append(
            Edge(
                home,
                host,
                count,
                display,
                start.x,
                start.y,
                end.x,
                end.y,
                round(x, 1),
                round(y + 4.5, 1),
                _weight(count),
            )
        )
    return Graph(
        graph_id,
        width,
        top + rows * row_height + 8,
        home_nodes,
        host_nodes,
        tuple(edges),
        home_heading_x=2,
        host_heading_x=round(host_x - 6, 1),
    )
