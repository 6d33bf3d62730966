"""An editor imports a sheet, checks the preview, confirms, and finds the import in History."""

import pytest
from playwright.sync_api import expect

from corridor.models import Enterprise, ImportBatch
from corridor.roles import EDITORS
from tests import spreadsheet_files as files
from tests.browser.conftest import sign_in
from tests.factories import member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_import_preview_confirm_and_history(site, browser, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member(EDITORS, name="editor")
    henlius = Enterprise.objects.get(slug="henlius")
    sheet = tmp_path / "companies.xlsx"
    sheet.write_bytes(
        files.xlsx(
            [
                ["名称", "中文名称", "城市", "简介"],
                ["Henlius", "复宏汉霖", "松江", "Antibodies for patients across the corridor."],
                ["Corridor Robotics", "走廊机器人", "Jiaxing", "A new robotics start-up."],
            ]
        )
    )
    page = sign_in(browser, site, "editor")
    page.goto(f"{site}/admin/corridor/enterprise/")
    page.get_by_role("link", name="Import", exact=True).click()
    page.set_input_files("input[type=file]", str(sheet))
    page.get_by_role("button", name="Check the file").click()

    rows = page.locator("table.import-rows tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("updated")
    expect(rows.nth(0)).to_contain_text("复宏汉霖")
    expect(rows.nth(0)).to_contain_text("Songjiang")
    expect(rows.nth(0)).to_contain_text("Summary (English):")
    expect(rows.nth(0)).to_contain_text("Antibodies for patients across the corridor.")
    expect(rows.nth(1)).to_contain_text("new")
    expect(rows.nth(1)).to_contain_text("Draft")
    screenshot(page, "admin_import_preview")
    assert not Enterprise.objects.filter(name="Corridor Robotics").exists()

    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".import-summary")).to_contain_text("Imported: 1 new, 1 updated")
    batch = ImportBatch.objects.get()

    page.goto(f"{site}/admin/corridor/enterprise/{henlius.pk}/history/")
    link = page.get_by_role("link", name=f"Imported in batch #{batch.pk}")
    expect(link).to_be_visible()
    expect(page.locator("#change-history")).to_contain_text(
        "Antibodies for patients across the corridor."
    )
    screenshot(page, "admin_history_with_import")
    link.click()
    expect(page.locator(".batch-items")).to_contain_text("Corridor Robotics")
    expect(page.locator(".batch-items")).to_contain_text("Henlius")
