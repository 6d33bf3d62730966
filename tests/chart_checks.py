"""A page's charts read back from its HTML: what each SVG draws beside what its table says."""

import re
from dataclasses import dataclass

from tests.html_checks import local, parse


def text_of(element):
    return " ".join("".join(element.itertext()).split())


def children(element, name, css=None):
    """Descendants of ``element`` named ``name`` (HTML or SVG), with class ``css`` if given."""
    return [
        e
        for e in element.iter()
        if local(e.tag) == name and (css is None or css in (e.get("class") or "").split())
    ]


@dataclass
class ReadChart:
    """One ``<figure class="chart">``: its id, title and description, each mark as drawn
    (``(title, number written)``) and each row of its table (``(header, cells)``)."""

    id: str
    title: str
    description: str
    drawn: list
    rows: list
    headers: list


def charts_in(html):
    """Every chart of the page, in its order."""
    found = []
    for figure in children(parse(html), "figure", "chart"):
        svg = children(figure, "svg")[0]
        title = next(e for e in svg if local(e.tag) == "title")
        desc = next(e for e in svg if local(e.tag) == "desc")
        drawn = [
            (text_of(children(g, "title")[0]), text_of(children(g, "text", "mark-value")[0]))
            for g in children(svg, "g", "mark")
        ]
        drawn += [
            (text_of(children(g, "title")[0]), text_of(children(g, "text", "edge-count")[0]))
            for g in children(svg, "g", "edge")
        ]
        table = children(figure, "table")[0]
        headers = [text_of(th) for th in children(children(table, "thead")[0], "th")]
        rows = [
            (text_of(children(tr, "th")[0]), [text_of(td) for td in children(tr, "td")])
            for tr in children(children(table, "tbody")[0], "tr")
        ]
        found.append(
            ReadChart(
                id=re.sub(r"-title$", "", title.get("id") or ""),
                title=text_of(title),
                description=text_of(desc),
                drawn=drawn,
                rows=rows,
                headers=headers,
            )
        )
    return found


def assert_chart_matches_its_table(chart):
    """A bar or line chart: each mark's number is its table row's, in the same order."""
    assert chart.drawn, chart.id
    assert [(f"{label}: {cells[0]}", cells[0]) for label, cells in chart.rows] == chart.drawn
    assert chart.description == "; ".join(f"{label}: {cells[0]}" for label, cells in chart.rows)


def matrix_pairs(chart):
    """``{(home, host): number}`` of the enclave matrix's non-empty cells."""
    hosts = chart.headers[1:]
    return {
        (home, host): cell
        for home, cells in chart.rows
        for host, cell in zip(hosts, cells, strict=True)
        if cell.isdigit()
    }


def graph_pairs(chart):
    """``{(home, host): number}`` as the enclave graph draws them."""
    pairs = {}
    for title, number in chart.drawn:
        route, written = title.rsplit(": ", 1)
        home, host = route.split(" → ")
        assert written == number
        pairs[(home, host)] = number
    return pairs


def headline_tiles(html):
    """The labels of the figure tiles in the page's key-figures sections."""
    root = parse(html)
    return [
        text_of(dt)
        for section in children(root, "section", "key-figures")
        for dt in children(section, "dt")
    ]


def inline_styles(html):
    """Elements with a ``style`` attribute and ``<style>`` elements: the policy forbids both."""
    root = parse(html)
    return [e for e in root.iter() if e.get("style") is not None or local(e.tag) == "style"]
