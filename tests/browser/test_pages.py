"""Every public page type, on a phone (390×844) and a laptop (1366×768): no accessibility
violation of any impact that axe-core finds, no page wider than its window, a footer that meets
the bottom of the window when the content is short, and a full-page screenshot of each in
``tests/browser/screenshots/`` (``<page type>.<language>.<width>.png``).

One test per page, language and size checks all three and reports every problem it finds, so
that a failure lists all there is to fix on that page (and the launch content is loaded once
for the three checks, which keeps the suite quick).

The page types and the page shown for each come from ``audit/pages.py``, which the page audit
(``make audit``) reads too. axe-core runs from ``vendor/axe.min.js``, a copy of the npm package
that ``audit/package.json`` pins, so these tests need neither the network nor npm.
"""

import json
import math
import re
from pathlib import Path

import pytest

from audit import pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AUDIT_PACKAGE = Path(__file__).resolve().parents[2] / "audit" / "package.json"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
VIEWPORTS = [pytest.param(PHONE, id="390x844"), pytest.param(LAPTOP, id="1366x768")]
LOCALES = {"en": "en-GB", "zh-hans": "zh-CN"}
# How much shorter than the window a page must be to count as short.
SHORT_BY = 100

PAGE_TYPES, _MISSING = pages.available()
VARIANTS = [
    pytest.param(page_type, language, id=f"{page_type.name}-{language}")
    for page_type, language in pages.variants(PAGE_TYPES)
]

RUN_AXE = """
async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => {
      const checks = [...node.any, ...node.all, ...node.none];
      const related = checks.flatMap((check) => check.relatedNodes.map((o) => o.target.join(" ")));
      const target = node.target.join(" ");
      return related.length ? `${target} (related: ${related.join(", ")})` : target;
    }),
  }));
}
"""

# The outermost elements that stick out past the window's right edge (those inside a box that
# clips or scrolls them do not widen the page), with up to three of their ancestors.
MEASURE_WIDTH = """
() => {
  const width = window.innerWidth;
  const name = (element) => {
    let text = element.tagName.toLowerCase();
    if (element.id) text += `#${element.id}`;
    for (const cls of element.classList) text += `.${cls}`;
    return text;
  };
  const clipped = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll("*")].filter((element) => {
    const rect = element.getBoundingClientRect();
    return rect.width > 0 && rect.right > width + 0.5 && !clipped(element);
  });
  const outermost = wide.filter(
    (element) => !wide.some((other) => other !== element && other.contains(element)),
  );
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    offenders: outermost.slice(0, 10).map((element) => {
      const path = [];
      let box = element;
      for (; box && box !== document.body && path.length < 4; box = box.parentElement) {
        path.unshift(name(box));
      }
      const right = Math.round(element.getBoundingClientRect().right);
      return `${path.join(" > ")} (right edge at ${right} px)`;
    }),
  };
}
"""

# Where the footer ends, in page coordinates, and how tall the page would be without any
# stretching: the bottom of the main content's last child plus the footer's height.
MEASURE_HEIGHT = """
(footer) => {
  const main = document.querySelector("main");
  const top = window.scrollY;
  let contentBottom = main.getBoundingClientRect().top + top;
  for (const child of main.children) {
    const rect = child.getBoundingClientRect();
    const margin = parseFloat(getComputedStyle(child).marginBottom) || 0;
    if (rect.height > 0) contentBottom = Math.max(contentBottom, rect.bottom + top + margin);
  }
  contentBottom += parseFloat(getComputedStyle(main).paddingBottom) || 0;
  const footerRect = footer.getBoundingClientRect();
  return {
    footerBottom: footerRect.bottom + top,
    naturalHeight: contentBottom + footerRect.height,
    innerHeight: window.innerHeight,
    scrollHeight: document.documentElement.scrollHeight,
  };
}
"""


@pytest.fixture
def open_page(site, browser):
    """``open_page(page type, language, viewport)``: that page open in a window of that size,
    axe-core loaded in it (an init script: the pages' content policy forbids inline scripts,
    and it does not apply to those)."""
    contexts = []

    def open_(page_type, language, viewport):
        context = browser.new_context(viewport=viewport, locale=LOCALES[language])
        contexts.append(context)
        context.add_init_script(path=AXE)
        page = context.new_page()
        path = pages.address(page_type, language)
        response = page.goto(f"{site}{path}")
        assert response.status == 200, f"{path}: HTTP {response.status}"
        return page, path

    yield open_
    for context in contexts:
        context.close()


def size(viewport):
    return f"{viewport['width']}×{viewport['height']}"


def axe_violations(page):
    """axe-core's violations on ``page``, each with its id, impact and target selectors."""
    violations = page.evaluate(RUN_AXE)
    if not violations:
        return []
    lines = [f"{len(violations)} axe-core violations:"]
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"      {target}" for target in violation["targets"])
    return ["\n".join(lines)]


def overflow(page):
    measured = page.evaluate(MEASURE_WIDTH)
    if measured["scrollWidth"] <= measured["innerWidth"]:
        return []
    offenders = measured["offenders"] or ["(no single element found)"]
    return [
        f"{measured['scrollWidth']} px wide in a {measured['innerWidth']} px window; "
        "sticking out:\n  " + "\n  ".join(offenders)
    ]


def footer_gap(page):
    """On a long page the footer is below the fold anyway; on a short one it must reach the
    window's bottom edge, not float half-way up with blank space under it."""
    measured = page.get_by_role("contentinfo").evaluate(MEASURE_HEIGHT)
    if measured["footerBottom"] >= measured["innerHeight"] - 1:
        return []
    return [
        f"the footer ends {measured['footerBottom']:.0f} px down a {measured['innerHeight']} px "
        f"high window: {measured['innerHeight'] - measured['footerBottom']:.0f} px blank below it"
    ]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(("page_type", "language"), VARIANTS)
def test_page_is_accessible_and_fits_the_window(
    open_page, screenshot, page_type, language, viewport
):
    """No axe-core violation of any impact, no horizontal scrolling, and a footer at the
    bottom of the window or below. Every problem found is reported, not only the first."""
    page, path = open_page(page_type, language, viewport)
    screenshot(page, f"{page_type.name}.{language}.{viewport['width']}")
    problems = axe_violations(page) + overflow(page) + footer_gap(page)
    assert problems == [], f"{path} at {size(viewport)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_footer_meets_the_bottom_of_a_short_page(open_page, viewport):
    """A search with no results, in a window taller than it: the footer sits on the window's
    bottom edge and the page does not scroll. Where the page is longer than the window (a
    phone's, with the header and footer stacked), the window is made taller than the page, as
    on a larger phone or a zoomed-out browser."""
    page, path = open_page(pages.BY_NAME["search_no_results"], "en", viewport)
    assert page.locator(".empty-state").is_visible(), f"{path} should find nothing"
    footer = page.get_by_role("contentinfo")
    measured = footer.evaluate(MEASURE_HEIGHT)
    if measured["naturalHeight"] >= viewport["height"] - SHORT_BY:
        height = math.ceil(measured["naturalHeight"]) + SHORT_BY
        page.set_viewport_size({"width": viewport["width"], "height": height})
        measured = footer.evaluate(MEASURE_HEIGHT)
    window = f"{viewport['width']}×{measured['innerHeight']}"
    assert measured["naturalHeight"] <= measured["innerHeight"] - SHORT_BY, (
        f"{path} should be shorter than the window at {window} "
        f"({measured['naturalHeight']:.0f} px of content and footer)"
    )
    assert measured["footerBottom"] >= measured["innerHeight"] - 1, (
        f"the footer of {path} ends {measured['footerBottom']:.0f} px down a "
        f"{measured['innerHeight']} px high window at {window}: "
        f"{measured['innerHeight'] - measured['footerBottom']:.0f} px of blank space below it"
    )
    assert measured["scrollHeight"] <= measured["innerHeight"], (
        f"{path} scrolls ({measured['scrollHeight']} px in a {measured['innerHeight']} px "
        f"window at {window}) although its content is shorter than the window"
    )


def test_axe_is_the_pinned_version():
    """The copy in ``vendor/`` is the axe-core that ``audit/package.json`` pins (and so the
    one Lighthouse runs in ``make audit``), its licence header intact."""
    pinned = json.loads(AUDIT_PACKAGE.read_text())["dependencies"]["axe-core"]
    header = AXE.read_text(encoding="utf-8")[:400]
    assert re.match(rf"/\*! axe v{re.escape(pinned)}\b", header), header[:80]
    assert "Mozilla Public" in header and "License, v. 2.0" in header
