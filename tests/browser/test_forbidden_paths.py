"""An Editor tries the paths that once let them publish: import, revert, inline. Each refuses."""

import pytest
from playwright.sync_api import expect

from corridor.models import Enclave, Enterprise, NewsItem
from corridor.roles import EDITORS
from tests import spreadsheet_files as files
from tests.browser.conftest import sign_in
from tests.factories import member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_cannot_publish_by_import_revert_or_inline(
    site, browser, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    member(EDITORS, name="editor")
    page = sign_in(browser, site, "editor")

    # Import: a row that would publish, and one that would take a live item down.
    live = Enterprise.objects.published().get(slug="henlius")
    sheet = tmp_path / "publish.xlsx"
    sheet.write_bytes(
        files.xlsx(
            [
                ["Name", "City", "Status"],
                ["Quietly Live Co", "Songjiang", "Published"],
                [live.name, live.city.name, "Draft"],
            ]
        )
    )
    page.goto(f"{site}/admin/corridor/enterprise/import/")
    page.set_input_files("input[type=file]", str(sheet))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("body")).to_contain_text("Only publishers can publish or schedule")
    expect(page.locator("body")).to_contain_text("Only publishers can unpublish")
    screenshot(page, "admin_import_refused_for_editor")
    assert not Enterprise.objects.filter(name="Quietly Live Co").exists()

    # Revert: back to a published version of an item a publisher has since unpublished.
    story = NewsItem.objects.published().order_by("pk").first()
    story.save()
    published_version = story.history.first()
    story.status = "draft"
    story.save()
    page.goto(f"{site}/admin/corridor/newsitem/{story.pk}/history/{published_version.pk}/")
    page.locator("input[type=submit][name=_save]").first.click()
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("Only publishers can publish or schedule")
    screenshot(page, "admin_revert_refused_for_editor")
    story.refresh_from_db()
    assert story.status == "draft"

    # Inline: the enclave form lists no residents to edit; it links to them.
    enclave = Enclave.objects.order_by("pk").first()
    page.goto(f"{site}/admin/corridor/enclave/{enclave.pk}/change/")
    expect(page.locator(".inline-group")).to_have_count(0)
    page.get_by_role("link", name="resident enterprise").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(enclave.enterprises.count())
