"""A visitor's journeys through the public site in a real browser."""

import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from corridor.models import Enterprise

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_directory_filter_page_profile_city_and_news(site, browser, screenshot):
    # Without JavaScript: the directory is plain HTML forms and links.
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{site}/en/enterprises/")
    screenshot(page, "enterprise_list")

    industries = [
        "biomedicine",
        "artificial-intelligence",
        "integrated-circuits",
        "information-technology",
        "new-materials",
    ]
    expected = (
        Enterprise.objects.published()
        .filter(city__slug="songjiang", industries__slug__in=industries)
        .distinct()
        .count()
    )
    assert expected > 20, "the launch content should give this filter a second page"

    page.get_by_role("group", name="City").get_by_label(re.compile(r"^\s*Songjiang")).check()
    industry_group = page.get_by_role("group", name="Industry")
    for slug in industries:
        industry_group.locator(f"input[value='{slug}']").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page.locator(".results-count")).to_contain_text(f"{expected} enterprises")
    cards = page.locator(".results .card")
    expect(cards).to_have_count(20)
    expect(page.get_by_label(re.compile(r"^\s*Songjiang"))).to_be_checked()
    screenshot(page, "enterprise_list_filtered")

    page.get_by_role("link", name="Next").click()
    expect(page.locator(".results .card")).to_have_count(expected - 20)
    assert "city=songjiang" in page.url and "page=2" in page.url
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()

    page.goto(f"{site}/en/enterprises/henlius/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Henlius")
    screenshot(page, "enterprise_detail")
    page.locator(".facts").get_by_role("link", name="Songjiang").click()
    expect(page).to_have_url(f"{site}/en/cities/songjiang/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Songjiang")
    screenshot(page, "city_detail")

    page.goto(f"{site}/en/enterprises/henlius/")
    page.locator(".news-card a").first.click()
    expect(page).to_have_url(re.compile(r"/en/news/[\w-]+/$"))
    expect(page.locator(".source")).to_contain_text("Shanghai Daily")
    screenshot(page, "news_detail")
    context.close()


def test_search_a_chinese_name_from_the_header(site, page, screenshot):
    page.goto(site)
    screenshot(page, "home")
    page.get_by_label("Search the corridor").fill("复宏汉霖")
    page.get_by_label("Search the corridor").press("Enter")
    expect(page).to_have_url(re.compile(r"/en/search/\?q="))
    results = page.locator(".search-results")
    expect(results.first).to_contain_text("Henlius")
    expect(page.locator("mark").first).to_have_text("复宏汉霖")
    screenshot(page, "search")
    results.get_by_role("link", name="Henlius").click()
    expect(page).to_have_url(f"{site}/en/enterprises/henlius/")


def test_feeds_open(site, page):
    response = page.goto(f"{site}/en/news/feed/rss/")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/rss+xml")
    titles = [i.findtext("title") for i in ET.fromstring(response.body()).iter("item")]
    assert len(titles) == 5
    atom = page.goto(f"{site}/en/news/feed/atom/city/xuancheng/")
    assert atom.headers["content-type"].startswith("application/atom+xml")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/en/about/", "about"),
        ("/en/cities/", "city_list"),
        ("/en/industries/biomedicine/", "industry_detail"),
        ("/en/enclaves/", "enclave_list"),
        ("/en/enclaves/xuancheng-sci-tech-center/", "enclave_detail"),
        ("/en/funds/", "fund_list"),
        ("/en/funds/g60-science-and-technology-achievement-transformation-fund/", "fund_detail"),
        ("/en/parks/", "park_list"),
        ("/en/parks/g60-star-chain-industrial-base/", "park_detail"),
        ("/en/news/", "news_list"),
        ("/nowhere/", "not_found"),
    ],
)
def test_every_page_type_renders(site, page, screenshot, path, name):
    response = page.goto(f"{site}{path}")
    assert response.status == (404 if name == "not_found" else 200)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, name)


def test_keyboard_user_reaches_content_with_visible_focus(site, page):
    page.goto(site)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"


def test_map_links_to_each_city(site, page):
    page.goto(site)
    links = page.locator(".map-figure .map-places a[href^='/en/cities/']")
    expect(links).to_have_count(9)
    page.locator(".map-places a[href='/en/cities/hefei/']").click()
    expect(page).to_have_url(f"{site}/en/cities/hefei/")


def test_switching_language_keeps_the_filters_and_the_page(site, browser):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{site}/")
    expect(page).to_have_url(f"{site}/en/")
    page.goto(f"{site}/en/enterprises/")
    page.get_by_role("group", name="City").get_by_label(re.compile(r"^\s*Songjiang")).check()
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="Next").click()
    english_count = page.locator(".results .card").count()
    assert english_count > 0

    page.get_by_role("navigation", name="Language").get_by_role("link", name="简体中文").click()
    assert page.url.startswith(f"{site}/zh-hans/enterprises/?")
    assert "city=songjiang" in page.url and "page=2" in page.url
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(
        page.get_by_role("group", name="城市").get_by_label(re.compile("Songjiang"))
    ).to_be_checked()
    expect(page.locator(".results .card")).to_have_count(english_count)
    expect(page.get_by_role("button", name="应用筛选")).to_be_visible()

    # The choice is remembered: the bare address now opens in Chinese.
    page.goto(f"{site}/")
    expect(page).to_have_url(f"{site}/zh-hans/")
    page.get_by_role("navigation", name="语言").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{site}/en/")
    context.close()
