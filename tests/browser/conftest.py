"""Playwright with Debian's Chromium against pytest-django's live server.

A missing browser fails these tests: it is never a reason to skip them.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    Playwright's sync API keeps an event loop running in this thread while it is open, and
    Django refuses ORM calls from a thread with a running loop unless told they are safe. The
    tests' own ORM calls are synchronous, so they are allowed for this module only.
    """
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: run 'make browser'."
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """The role groups, whatever an earlier test's flush left: browser tests share one live
    server and run against a database that each transactional test empties."""
    from django.contrib.contenttypes.models import ContentType

    from corridor.roles import sync_roles

    ContentType.objects.clear_cache()
    sync_roles()


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's address, with the launch content loaded."""
    call_command("loaddata", "launch", verbosity=0)
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name):
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take


PASSWORD = "correct horse battery staple"


def current_code(key):
    """The code an authenticator app would show now for ``key`` (bytes)."""
    from django_otp.oath import TOTP

    return f"{TOTP(key).token():06d}"


def sign_in(browser, site, username, password=PASSWORD, viewport=None):
    """Sign in to the admin as a person would: password, then the second step when asked
    (setting up an app the first time, typing its code after that)."""
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect

    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    if "/two-step/set-up/" in page.url:
        secret = page.locator(".twofactor-secret").inner_text().replace(" ", "")
        page.fill("#id_code", current_code(b32decode(secret)))
        page.click("input[type=submit]")
        expect(page.locator(".twofactor-codes li")).to_have_count(10)
        page.get_by_role("link", name="Continue to the admin").click()
    elif "/two-step/code/" in page.url:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.fill("#id_code", current_code(device.bin_key))
        page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_contain_text("G60 Corridor Portal")
    return page
