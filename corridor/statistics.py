"""What the charts count, read through ``.published()``: key figures by theme and over the
years, cities side by side, fund investments by city and industry, and innovation enclaves by
home and host city. ``corridor.charts`` places the marks; the labels and numbers are written
here, in the page's language.

Figures of one series share their English label and their unit, whatever its scale word
(``million yuan`` and ``billion yuan`` are one series, drawn in the unit of its latest year).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import charts
from .models import City, Enclave, Fund, FundInvestment, Indicator, Industry
from .numbers import UNIT_SCALES, amount, plain

Theme = Indicator.Theme
THEME_ORDER = (*Theme.values, "")


# --- Key figures ------------------------------------------------------------------------------


def base_unit(unit):
    """The unit without its scale word: ``billion yuan`` → ``yuan``; ``km²`` stays ``km²``."""
    text = " ".join((unit or "").split()).lower()
    for word, _size in UNIT_SCALES:
        if text.startswith(word):
            return text[len(word) :].strip()
    return text


def series_key(figure):
    """What makes figures one series: the same English label, the same unit at any scale."""
    label = " ".join((figure.label_en or figure.label or "").split()).casefold()
    return label, base_unit(figure.unit_en)


def theme_name(value):
    return Theme(value).label if value in Theme.values else _("Other figures")


@dataclass(frozen=True)
class ThemeGroup:
    """The figures of one theme, in their order; ``value`` is "" for figures with no theme."""

    value: str
    name: str
    figures: tuple


def by_theme(figures):
    """``figures`` grouped by theme, in the themes' order; those without one come last."""
    groups = defaultdict(list)
    for figure in figures:
        groups[figure.theme if figure.theme in Theme.values else ""].append(figure)
    return [
        ThemeGroup(value, theme_name(value), tuple(groups[value]))
        for value in THEME_ORDER
        if groups.get(value)
    ]


def series_chart(chart_id, figures):
    """A line over the years for ``figures`` of one series (year order), in the unit the
    latest of them shows on this page."""
    latest = figures[-1]
    scale = latest.page_unit_scale
    unit = latest.unit
    rows = []
    for figure in figures:
        number = figure.value_in(scale)
        rows.append((figure.year, number, plain(number)))
    title = (
        _("%(label)s (%(unit)s)") % {"label": latest.label, "unit": unit} if unit else latest.label
    )
    return charts.line_chart(chart_id, title, rows, _("Year"), unit or _("Value"))


def split_series(figures):
    """``(series, singles)``: the figures given for two or more years as one list each (year
    order), in the order of their first figure, and the rest as they came. A second figure for
    a year a series already has stays with the singles, so that every figure is shown."""
    years = {}
    for figure in figures:
        years.setdefault(series_key(figure), {}).setdefault(figure.year, figure)
    series = [
        sorted(by_year.values(), key=lambda figure: figure.year)
        for by_year in years.values()
        if len(by_year) >= 2
    ]
    drawn = {id(figure) for one in series for figure in one}
    return series, [figure for figure in figures if id(figure) not in drawn]


@dataclass(frozen=True)
class FigurePage:
    """A page's key figures: headline tiles by theme (``headline``, ``ThemeGroup`` list), a
    chart for each figure given for two or more years (``charts``), the other figures
    (``others``, by theme) and the history figures, kept with the timeline (``history``)."""

    headline: list
    charts: list
    others: list
    history: list

    def __bool__(self):
        return bool(self.headline or self.charts or self.others or self.history)


def arrange(figures, prefix="figure"):
    """Sort a page's published ``figures`` (in their order) into a ``FigurePage``. History
    figures are never headlines, whatever ``is_headline`` says; ``prefix`` makes the charts'
    ids, unique on the page."""
    history = [figure for figure in figures if figure.theme == Theme.HISTORY]
    current = [figure for figure in figures if figure.theme != Theme.HISTORY]
    series, singles = split_series(current)
    others = by_theme(figure for figure in singles if not figure.is_headline)
    return FigurePage(
        headline=by_theme(figure for figure in singles if figure.is_headline),
        charts=[series_chart(f"{prefix}-{n}", one) for n, one in enumerate(series, 1)],
        others=[figure for group in others for figure in group.figures],
        history=history,
    )


# --- Cities side by side ----------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeRow:
    """One theme across the cities compared: ``columns`` of ``(city, figures)``."""

    value: str
    name: str
    columns: tuple


@dataclass(frozen=True)
class Comparison:
    """Two to four cities side by side: their headline figures theme by theme (``themes``,
    ``ThemeRow`` list) and a chart for each figure they share (``charts``), each city's latest
    year."""

    cities: tuple
    themes: list
    charts: list


def latest_figures(figures):
    """The latest figure of each series among ``figures`` (history left out), in their order."""
    latest, order = {}, {}
    for index, figure in enumerate(figures):
        if figure.theme == Theme.HISTORY:
            continue
        key = series_key(figure)
        order.setdefault(key, index)
        if key not in latest or figure.year > latest[key].year:
            latest[key] = figure
    return {key: latest[key] for key in sorted(latest, key=order.get)}


def compare(cities, figures):
    """A ``Comparison`` of ``cities`` (in the order asked) from their published ``figures``."""
    latest = {
        city.pk: latest_figures([f for f in figures if f.city_id == city.pk]) for city in cities
    }
    headline = {
        city.pk: by_theme(f for f in latest[city.pk].values() if f.is_headline) for city in cities
    }
    themes = []
    for value in THEME_ORDER:
        columns = tuple(
            (city, next((g.figures for g in headline[city.pk] if g.value == value), ()))
            for city in cities
        )
        if any(shown for _city, shown in columns):
            themes.append(ThemeRow(value, theme_name(value), columns))
    keys = list(dict.fromkeys(key for city in cities for key in latest[city.pk]))
    shared = []
    for key in keys:
        having = [(city, latest[city.pk][key]) for city in cities if key in latest[city.pk]]
        if len(having) >= 2:
            shared.append(having)
    shared.sort(key=lambda having: THEME_ORDER.index(_theme_of(having[0][1])))
    return Comparison(
        cities=tuple(cities),
        themes=themes,
        charts=[shared_chart(f"compare-{n}", having) for n, having in enumerate(shared, 1)],
    )


def _theme_of(figure):
    return figure.theme if figure.theme in Theme.values else ""


def shared_chart(chart_id, having):
    """Bars for one figure that several cities give: ``having`` of ``(city, figure)``, each
    city's latest year, all in the unit the first city's figure shows on this page."""
    reference = having[0][1]
    scale = reference.page_unit_scale
    unit = reference.unit
    rows = []
    for city, figure in having:
        number = figure.value_in(scale)
        label = _("%(city)s, %(year)s") % {"city": city.name, "year": figure.year}
        rows.append((label, number, plain(number)))
    title = (
        _("%(label)s (%(unit)s)") % {"label": reference.label, "unit": unit}
        if unit
        else reference.label
    )
    return charts.bars_chart(chart_id, title, rows, _("City and year"), unit or _("Value"))


def members_chart(cities):
    """Member cities by the year they joined (``charts.members_by_year``), as columns."""
    rows = [(year, count, plain(count)) for year, count in charts.members_by_year(cities)]
    if not rows:
        return None
    return charts.column_chart(
        "members",
        _("Member cities of the corridor by year"),
        rows,
        _("Year"),
        _("Member cities"),
        note=_(
            "Member cities by the year they joined: 1.0 (Songjiang), 2.0 (with Jiaxing and "
            "Hangzhou), 3.0 (nine cities)."
        ),
    )


# --- Fund investments -------------------------------------------------------------------------


@dataclass
class Tally:
    """Published investments in one city or industry: how many, and per currency the sum of
    the amounts known and how many are known."""

    item: object
    count: int = 0
    amounts: dict = field(default_factory=dict)
    known: dict = field(default_factory=dict)


# The columns that name a city or an industry, read with the counts: the names cost no query.
NAME_COLUMNS = ("slug", "name_en", "name_zh_hans", "position")


def named(path):
    """The columns to read, beside ``path``, to name the row at its end."""
    return [f"{path}__{column}" for column in NAME_COLUMNS]


def item_from(model, row, path):
    """The ``model`` row at the end of ``path``, made from the columns ``named`` read: enough
    for its name in either language and its address."""
    return model(pk=row[path], **{column: row[f"{path}__{column}"] for column in NAME_COLUMNS})


def tally(path, model):
    """``Tally`` rows for each ``model`` row (a city, an industry) reached from an investment
    by ``path``, most investments first, in one query. Investments without an item at the end
    of ``path`` (an enterprise with no industry) are left out."""
    rows = (
        FundInvestment.objects.published()
        .order_by()
        .values(path, *named(path), "fund__currency")
        .annotate(count=Count("pk"), total=Sum("amount"), known=Count("amount"))
    )
    tallies = {}
    for row in rows:
        if row[path] is None:
            continue
        found = tallies.setdefault(row[path], Tally(item_from(model, row, path)))
        found.count += row["count"]
        if row["known"]:
            currency = row["fund__currency"]
            found.amounts[currency] = found.amounts.get(currency, 0) + row["total"]
            found.known[currency] = found.known.get(currency, 0) + row["known"]
    return sorted(tallies.values(), key=lambda t: (-t.count, t.item.position, t.item.name))


@dataclass(frozen=True)
class InvestmentCharts:
    """The charts of /funds/: investments by city and by industry, counts and, per currency,
    the amounts where known. ``total`` investments, ``known`` of them with an amount."""

    charts: list
    total: int
    known: int


def investment_charts():
    """Charts of the published investments in published enterprises (``FundInvestment``'s
    ``published()``): one query per dimension, names and numbers together."""
    by_city = tally("enterprise__city", City)
    by_industry = tally("enterprise__industries", Industry)
    total = sum(t.count for t in by_city)
    known = sum(sum(t.known.values()) for t in by_city)
    made = []
    for key, tallies, heading, count_title, amount_title in (
        (
            "city",
            by_city,
            _("City"),
            _("Investments by city"),
            _("Amounts invested by city, in %(currency)s, where known"),
        ),
        (
            "industry",
            by_industry,
            _("Industry"),
            _("Investments by industry"),
            _("Amounts invested by industry, in %(currency)s, where known"),
        ),
    ):
        if not tallies:
            continue
        note = _("An enterprise in several industries counts in each.") if key == "industry" else ""
        rows = [(t.item.name, t.count, plain(t.count)) for t in tallies]
        made.append(
            charts.bars_chart(
                f"investments-{key}", count_title, rows, heading, _("Investments"), note=note
            )
        )
        for currency, label in Fund.Currency.choices:
            known_here = [t for t in tallies if currency in t.amounts]
            if not known_here:
                continue
            known_here.sort(key=lambda t: -t.amounts[currency])
            rows = [
                (t.item.name, t.amounts[currency], amount(t.amounts[currency], currency))
                for t in known_here
            ]
            made.append(
                charts.bars_chart(
                    f"amounts-{key}-{currency.lower()}",
                    amount_title % {"currency": currency_name(currency, label)},
                    rows,
                    heading,
                    _("Amount"),
                    note=note,
                )
            )
    return InvestmentCharts(made, total, known)


def investments_summary(charts_made):
    """One sentence on what the investment charts count."""
    return ngettext(
        "%(total)s published investment in a published enterprise; the amount is known for "
        "%(known)s.",
        "%(total)s published investments in published enterprises; the amount is known for "
        "%(known)s.",
        charts_made.total,
    ) % {"total": plain(charts_made.total), "known": plain(charts_made.known)}


# --- Innovation enclaves ----------------------------------------------------------------------


@dataclass(frozen=True)
class EnclaveMatrix:
    """Which city runs how many published enclaves in which: ``rows`` of ``(home city,
    counts)``, a count (0 for none) for each of ``hosts``; ``graph`` draws the same pairs."""

    homes: list
    hosts: list
    rows: list
    graph: object


def city_order(city):
    return (city.position, city.name)


def enclave_matrix():
    """The published enclaves counted by home and host city, in one query. ``None`` when there
    is no enclave."""
    rows = (
        Enclave.objects.published()
        .order_by()
        .values("home_city", *named("home_city"), "host_city", *named("host_city"))
        .annotate(count=Count("pk"))
    )
    cities, counts = {}, {}
    for row in rows:
        for path in ("home_city", "host_city"):
            cities.setdefault(row[path], item_from(City, row, path))
        counts[(row["home_city"], row["host_city"])] = row["count"]
    if not counts:
        return None
    homes = sorted({cities[home] for home, _host in counts}, key=city_order)
    hosts = sorted({cities[host] for _home, host in counts}, key=city_order)
    rows = [(home, [counts.get((home.pk, host.pk), 0) for host in hosts]) for home in homes]
    drawn = [
        (home, host, count, plain(count))
        for home, numbers in rows
        for host, count in zip(hosts, numbers, strict=True)
        if count
    ]
    return EnclaveMatrix(
        homes, hosts, rows, charts.enclave_graph("enclave-graph", homes, hosts, drawn)
    )


def currency_name(code, label):
    """The currency as the page's language names it in running text: "yuan", "元"."""
    from .numbers import CURRENCY_NAMES, chinese

    names = CURRENCY_NAMES.get(code)
    return (names[1] if chinese() else names[0]) if names else label
