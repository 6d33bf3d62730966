"""Checks that a page is well-formed, labelled and navigable, from its HTML alone."""

from collections import Counter

import html5lib

FORM_CONTROLS = {"input", "select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


def parse(html):
    """Parse strictly: html5lib raises ``ParseError`` at the first HTML syntax error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def problems(html):
    """A list of plain-language problems; empty when the page passes."""
    root = parse(html)
    found = []
    elements = list(root.iter())
    tags = Counter(local(e.tag) for e in elements)
    if not root.get("lang"):
        found.append("<html> has no lang")
    if tags["h1"] != 1:
        found.append(f"{tags['h1']} <h1> elements")
    for landmark in ("header", "nav", "main", "footer"):
        if not tags[landmark]:
            found.append(f"no <{landmark}>")
    title = root.find("head/title")
    if title is None or not (title.text or "").strip():
        found.append("empty <title>")
    metas = {m.get("name") or m.get("property") for m in root.iter("meta")}
    for name in ("description", "og:title", "og:url", "viewport"):
        if name not in metas:
            found.append(f"no meta {name}")
    if not any(link.get("rel") == "canonical" for link in root.iter("link")):
        found.append("no canonical link")
    ids = Counter(e.get("id") for e in elements if e.get("id"))
    found += [f"duplicate id {i!r}" for i, n in ids.items() if n > 1]
    labelled_for = {label.get("for") for label in root.iter("label")}
    wrapped = {id(c) for label in root.iter("label") for c in label.iter()}
    for control in elements:
        name = local(control.tag)
        if name not in FORM_CONTROLS:
            continue
        if name == "input" and control.get("type") in UNLABELLED_INPUT_TYPES:
            continue
        if not (
            control.get("id") in labelled_for
            or id(control) in wrapped
            or control.get("aria-label")
            or control.get("aria-labelledby")
        ):
            found.append(f"unlabelled <{name} name={control.get('name')!r}>")
    found += [
        f"<img src={img.get('src')!r}> has no alt"
        for img in root.iter("img")
        if img.get("alt") is None
    ]
    for svg in (e for e in elements if local(e.tag) == "svg"):
        if svg.get("role") != "img" or not svg.get("aria-labelledby"):
            found.append("an <svg> without role=img and a label")
    for link in root.iter("a"):
        text = "".join(link.itertext()).strip()
        if not (text or link.get("aria-label")):
            found.append(f"link {link.get('href')!r} has no text")
    return found
