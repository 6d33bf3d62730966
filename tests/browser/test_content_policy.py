"""No page breaks its own content policy: not one violation in the admin, the rich-text editor
or any public page type."""

import pytest
from playwright.sync_api import expect

from corridor.models import Enterprise, NewsItem
from corridor.roles import PUBLISHERS
from tests.browser.conftest import sign_in
from tests.factories import member
from tests.test_html import page_urls

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


def watch(page):
    page.add_init_script(LISTEN)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return console


def violations(page):
    return page.evaluate("window.__violations")


def test_public_pages_raise_no_violations(site, browser):
    page = browser.new_page()
    console = watch(page)
    found = {}
    for url in [*page_urls(), "/no/such/page/", "/en/news/feed/rss/"]:
        page.goto(f"{site}{url}")
        page.wait_for_load_state("load")
        if url.endswith("/rss/"):
            continue
        if violations(page):
            found[url] = violations(page)
    assert found == {}
    assert console == []


def test_the_admin_and_its_editor_raise_no_violations(site, browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member(PUBLISHERS, name="publisher")
    page = sign_in(browser, site, "publisher")
    console = watch(page)
    story = NewsItem.objects.order_by("pk").first()
    enterprise = Enterprise.objects.order_by("pk").first()
    found = {}
    for path in (
        "/admin/",
        "/admin/corridor/newsitem/",
        f"/admin/corridor/newsitem/{story.pk}/change/",
        "/admin/corridor/newsitem/add/",
        f"/admin/corridor/newsitem/{story.pk}/history/",
        f"/admin/corridor/enterprise/{enterprise.pk}/change/",
        "/admin/corridor/enterprise/import/",
        "/admin/corridor/enterprise/export/",
        "/admin/two-step/",
        "/admin/auth/user/",
    ):
        page.goto(f"{site}{path}")
        page.wait_for_load_state("load")
        if ("/change/" in path or path.endswith("/add/")) and "newsitem" in path:
            expect(page.locator(".ProseMirror[contenteditable=true]").first).to_be_visible()
            page.locator(".ProseMirror[contenteditable=true]").first.click()
            page.keyboard.type("Typed in the editor. ")
        if violations(page):
            found[path] = violations(page)
    revert = story.history.last()
    page.goto(f"{site}/admin/corridor/newsitem/{story.pk}/history/{revert.pk}/")
    expect(page.locator(".ProseMirror[contenteditable=true]").first).to_be_visible()
    if violations(page):
        found["revert"] = violations(page)
    assert found == {}
    assert console == []


def test_the_api_documentation_runs_under_the_policy(site, browser):
    """Swagger UI, from our static files, draws every operation of the schema and can call the
    API, without one violation."""
    page = browser.new_page()
    console = watch(page)
    page.goto(f"{site}/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    assert page.locator(".opblock").count() >= 19  # the root, and a list and an item each
    page.locator("#operations-cities-cities_list .opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_have_text("200", timeout=15_000)
    assert violations(page) == []
    assert console == []
