"""The schematic maps in a real browser: on a phone they fit and stay readable, every place on
them is a link that the keyboard reaches, and on a desktop their names show."""

import itertools

import pytest
from playwright.sync_api import expect

from corridor.models import City
from tests.browser.conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# Each displayed text of the map: its name, its rendered font size in CSS px (the font size in
# user units times the SVG's scale on screen) and its box on screen.
TEXTS = """figure => [...figure.querySelectorAll("svg text")]
  .filter(t => {
    const style = getComputedStyle(t);
    return style.display !== "none" && style.visibility !== "hidden" && t.getClientRects().length;
  })
  .map(t => {
    const box = t.getBoundingClientRect();
    return {
      text: t.textContent,
      kind: t.getAttribute("class"),
      px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
      box: [box.left, box.top, box.right, box.bottom],
    };
  })"""


def shot(locator, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    locator.screenshot(path=SCREENSHOTS / f"{name}.png")


def open_page(browser, site, path, viewport):
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.goto(f"{site}{path}")
    return context, page


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_fits_and_reads(page, figure):
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    box = figure.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    texts = figure.evaluate(TEXTS)
    assert texts
    small = [(t["text"], round(t["px"], 1)) for t in texts if t["px"] < 11]
    assert small == []
    return texts


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/zh-hans/",
        "/en/cities/songjiang/",
        "/en/cities/hefei/",
        "/en/enclaves/xuancheng-sci-tech-center/",
        "/en/enterprises/henlius/",
    ],
)
def test_on_a_phone_the_map_fits_and_no_text_is_under_11px(site, browser, path):
    context, page = open_page(browser, site, path, PHONE)
    figure = page.locator(".map-figure").first
    expect(figure).to_be_visible()
    texts = assert_fits_and_reads(page, figure)
    # Names drawn on screen do not overlap one another.
    names = [t for t in texts if "map-label-area" in t["kind"]]
    for first, second in itertools.combinations(names, 2):
        assert not overlap(first["box"], second["box"]), (first["text"], second["text"])
    name = path.strip("/").replace("/", "_") or "home"
    shot(figure, f"map_phone_{name}")
    context.close()


def test_tab_from_the_top_reaches_every_city_of_the_list(site, browser):
    context, page = open_page(browser, site, "/en/", PHONE)
    wanted = {city.get_absolute_url() for city in City.objects.filter(is_member=True)}
    assert len(wanted) == 9
    reached = set()
    for _ in range(150):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
              const el = document.activeElement;
              return {
                href: el.getAttribute("href"),
                inList: !!el.closest(".map-places"),
                inSvg: !!el.closest("svg"),
              };
            }"""
        )
        assert not focused["inSvg"]
        if focused["inList"]:
            reached.add(focused["href"])
        if wanted <= reached:
            break
    assert wanted <= reached
    context.close()


def test_on_a_desktop_the_names_show(site, browser):
    context, page = open_page(browser, site, "/en/", DESKTOP)
    figure = page.locator(".map-figure-corridor")
    for city in City.objects.filter(is_member=True):
        expect(figure.locator("svg text", has_text=city.name_en)).to_be_visible()
    texts = assert_fits_and_reads(page, figure)
    names = [t for t in texts if "map-label-area" in t["kind"]]
    assert len(names) == 9
    for first, second in itertools.combinations(names, 2):
        assert not overlap(first["box"], second["box"]), (first["text"], second["text"])
    shot(figure, "map_desktop_home")
    page.get_by_role("link", name="Hefei", exact=True).first.click()
    expect(page).to_have_url(f"{site}/en/cities/hefei/")
    context.close()
