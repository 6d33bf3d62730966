"""An editor drafts, previews and reverts; a publisher publishes; a visitor reads."""

import pytest
from django.contrib.auth.models import Group
from PIL import Image
from playwright.sync_api import expect

from corridor.models import NewsItem
from corridor.roles import EDITORS, PUBLISHERS
from tests.browser.conftest import sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def people(db):
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    publisher = UserFactory(username="publisher", is_staff=True)
    publisher.groups.add(Group.objects.get(name=PUBLISHERS))
    return editor, publisher


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "corridor.jpg"
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 2.0, 0.0)}
    Image.new("RGB", (1600, 900), (11, 79, 108)).save(path, "JPEG", exif=exif)
    return path


def log_in(browser, site, username):
    return sign_in(browser, site, username)


def test_draft_preview_publish_read_and_revert(
    live_server, browser, people, photo, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    site = live_server.url

    # The editor writes a draft with formatting and an image.
    editor = log_in(browser, site, "editor")
    editor.goto(f"{site}/admin/corridor/newsitem/add/")
    editor.fill("#id_title_en", "Corridor opens a new lab")
    body = editor.locator(".ProseMirror[contenteditable=true]").first
    body.click()
    editor.keyboard.type("The lab is ")
    editor.keyboard.press("Control+b")
    editor.keyboard.type("open")
    editor.keyboard.press("Control+b")
    editor.keyboard.type(" to partners.")
    editor.set_input_files("#id_image", str(photo))
    editor.fill("#id_image_alt_en", "The new laboratory building")
    expect(editor.locator("input[name=_publish]")).to_have_count(0)
    screenshot(editor, "admin_news_draft")
    editor.locator("input[name=_save_draft]").first.click()
    expect(editor.locator(".messagelist")).to_contain_text(
        "“Corridor opens a new lab” was saved as a draft."
    )

    item = NewsItem.objects.get()
    assert item.status == "draft"
    assert "<strong>open</strong>" in item.body
    assert set(item.image_renditions) == {"list", "card", "og"}
    with item.image.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()

    # The editor previews it: the public page, marked as a draft.
    editor.goto(f"{site}/admin/corridor/newsitem/{item.pk}/change/")
    preview = editor.get_by_role("link", name="Preview").get_attribute("href")
    editor.goto(f"{site}{preview}")
    expect(editor.get_by_role("status")).to_contain_text("Draft preview")
    expect(editor.locator(".prose strong")).to_have_text("open")
    screenshot(editor, "news_preview")

    # A visitor cannot see it yet.
    visitor = browser.new_context().new_page()
    assert visitor.goto(f"{site}{preview}").status == 404

    # The publisher publishes it.
    publisher = log_in(browser, site, "publisher")
    publisher.goto(f"{site}/admin/corridor/newsitem/{item.pk}/change/")
    publisher.locator("input[name=_publish]").first.click()
    expect(publisher.locator(".messagelist")).to_contain_text(
        "“Corridor opens a new lab” was published: it is on the site now."
    )
    item.refresh_from_db()
    assert item.state == "published"

    # The visitor reads it, with its picture described.
    response = visitor.goto(f"{site}{item.get_absolute_url()}")
    assert response.status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Corridor opens a new lab")
    expect(visitor.get_by_alt_text("The new laboratory building")).to_be_visible()
    screenshot(visitor, "news_published")

    # The editor changes the title, then reverts to the published version.
    editor.goto(f"{site}/admin/corridor/newsitem/{item.pk}/change/")
    editor.fill("#id_title_en", "A wrong title")
    editor.locator("input[name=_save]").first.click()
    item.refresh_from_db()
    assert item.title == "A wrong title"
    editor.goto(f"{site}/admin/corridor/newsitem/{item.pk}/history/")
    expect(editor.locator("#change-history")).to_contain_text("A wrong title")
    published_version = (
        item.history.filter(status="published", title_en="Corridor opens a new lab")
        .order_by("history_date")
        .last()
    )
    editor.goto(f"{site}/admin/corridor/newsitem/{item.pk}/history/{published_version.pk}/")
    screenshot(editor, "admin_news_revert")
    editor.locator("input[type=submit][name=_save]").first.click()
    expect(editor.locator(".messagelist")).to_contain_text(
        "“Corridor opens a new lab” was restored to its version of"
    )
    item.refresh_from_db()
    assert item.title == "Corridor opens a new lab"
    assert item.state == "published"
