"""An editor who works in Chinese: chooses Chinese once, then imports a sheet with Chinese
headers (a bad one first), confirms, and writes a Chinese summary in the form, meeting no
English string of ours on the way."""

import re

import pytest
from playwright.sync_api import expect

from corridor.models import Enterprise
from corridor.roles import EDITORS
from tests import spreadsheet_files as files
from tests.browser.conftest import sign_in
from tests.factories import member
from tests.test_languages import interface_phrases

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Our English interface phrases: none may show on a page of the Chinese admin.
ENGLISH = [phrase for phrase in interface_phrases("msgid") if re.search("[A-Za-z]{3}", phrase)]


def no_english_of_ours(page):
    text = page.locator("body").inner_text()
    assert [phrase for phrase in ENGLISH if phrase in text] == [], page.url


def test_an_editor_works_through_the_admin_and_an_import_in_chinese(
    site, browser, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    member(EDITORS, name="editor")
    page = sign_in(browser, site, "editor")

    page.get_by_role("link", name="Language").click()
    page.get_by_label("简体中文").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    no_english_of_ours(page)

    page.goto(f"{site}/admin/corridor/enterprise/")
    expect(page.get_by_role("link", name="导入", exact=True)).to_be_visible()
    no_english_of_ours(page)
    page.get_by_role("link", name="导入", exact=True).click()
    no_english_of_ours(page)

    bad = tmp_path / "企业.xlsx"
    bad.write_bytes(
        files.xlsx(
            [
                ["名称（英文）", "名称（中文）", "城市", "简介（中文）"],
                ["Corridor Robotics", "走廊机器人", "Jiaxng", "一家新的机器人企业。"],
            ]
        )
    )
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="检查文件").click()
    expect(page.locator("body")).to_contain_text(
        "第 2 行，城市：未找到“Jiaxng”（您要找的是否为 Jiaxing？）"
    )
    no_english_of_ours(page)
    screenshot(page, "admin_import_in_chinese_problem")

    good = tmp_path / "企业2.xlsx"
    good.write_bytes(
        files.xlsx(
            [
                ["名称（英文）", "名称（中文）", "城市", "简介（中文）"],
                ["Corridor Robotics", "走廊机器人", "嘉兴", "一家新的机器人企业。"],
            ]
        )
    )
    page.goto(f"{site}/admin/corridor/enterprise/import/")
    page.set_input_files("input[type=file]", str(good))
    page.get_by_role("button", name="检查文件").click()
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".import-summary")).to_contain_text("已导入")
    no_english_of_ours(page)
    item = Enterprise.objects.get(name_en="Corridor Robotics")
    assert (item.name_zh_hans, item.summary_zh_hans) == ("走廊机器人", "一家新的机器人企业。")

    page.goto(f"{site}/admin/corridor/enterprise/{item.pk}/change/")
    expect(page.get_by_text("名称（中文）")).to_be_visible()
    no_english_of_ours(page)
    page.fill("#id_summary_zh_hans", "专注工业机器人的初创企业。")
    page.get_by_role("button", name="保存草稿").first.click()
    expect(page.locator(".messagelist")).to_be_visible()
    no_english_of_ours(page)
    screenshot(page, "admin_saved_in_chinese")
    item.refresh_from_db()
    assert item.summary_zh_hans == "专注工业机器人的初创企业。"
