"""Editors' texts in English and Chinese: the data moved from the old Chinese fields, the admin
showing both languages together, fallbacks marked on public pages, the same rules (sanitising,
history) for both languages, spreadsheet columns per language, and the launch content."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from corridor.models import City, Enterprise, Indicator, Milestone, NewsItem
from corridor.roles import PUBLISHERS
from corridor.spreadsheets.reader import read_table
from corridor.spreadsheets.service import import_file, template_file
from tests import spreadsheet_files as files
from tests.admin_forms import post_data
from tests.factories import (
    CityFactory,
    EnterpriseFactory,
    IndicatorFactory,
    NewsItemFactory,
    member,
)

ROOT = Path(__file__).resolve().parent.parent
BEFORE = [("corridor", "0009_preferences")]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- Existing data ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_old_chinese_fields_become_the_chinese_values():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    city = old.get_model("corridor", "City").objects.create(
        name="Songjiang", name_zh="松江", slug="songjiang", province="shanghai", summary="Where."
    )
    old.get_model("corridor", "HistoricalCity").objects.create(
        id=city.pk,
        name="Songjiang",
        name_zh="松江",
        slug="songjiang",
        province="shanghai",
        summary="Where.",
        created_at=city.created_at,
        version=1,
        history_date=city.created_at,
        history_type="+",
    )
    old.get_model("corridor", "Milestone").objects.create(
        title="Start", title_zh="起步", slug="2016-start", date="2016-01-01"
    )
    old.get_model("corridor", "Indicator").objects.create(
        label="Area", label_zh="面积", slug="g60-area-2023", value=76200, year=2023
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    city = City.objects.get()
    assert (city.slug, city.name_en, city.name_zh_hans) == ("songjiang", "Songjiang", "松江")
    assert (city.summary_en, city.summary_zh_hans) == ("Where.", "")
    assert city.history.get().name_zh_hans == "松江"
    milestone = Milestone.objects.get()
    assert (milestone.slug, milestone.title_en, milestone.title_zh_hans) == (
        "2016-start",
        "Start",
        "起步",
    )
    assert Indicator.objects.get().label_zh_hans == "面积"


# --- The admin -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_form_shows_each_text_in_both_languages_together(admin_client):
    item = EnterpriseFactory(name="Henlius", name_zh_hans="复宏汉霖")
    html = page(admin_client, reverse("admin:corridor_enterprise_change", args=[item.pk]))
    for field in ("name", "summary", "description", "highlights", "logo_alt"):
        english = html.index(f'id="id_{field}_en"')
        chinese = html.index(f'id="id_{field}_zh_hans"')
        assert 0 < chinese - english < 8000, field  # side by side, not in another section
    assert "Name (English)" in html and "Name (Chinese)" in html
    admin_client.post(reverse("admin:language"), {"language": "zh-hans"})
    html = page(admin_client, reverse("admin:corridor_enterprise_change", args=[item.pk]))
    assert "名称（英文）" in html and "名称（中文）" in html


@pytest.mark.django_db
def test_changelists_show_both_names_and_link_them(admin_client):
    city = CityFactory(name="Songjiang", name_zh_hans="松江")
    html = page(admin_client, reverse("admin:corridor_city_changelist"))
    change = reverse("admin:corridor_city_change", args=[city.pk])
    assert f'<a href="{change}">Songjiang<br><span lang="zh-Hans">松江</span></a>' in html
    assert page(admin_client, reverse("admin:corridor_city_changelist") + "?q=松江").count(change)


@pytest.mark.django_db
def test_history_keeps_each_language_and_says_which(client):
    client.force_login(member(PUBLISHERS))
    item = NewsItemFactory(title="Corridor news", status="draft")
    url = reverse("admin:corridor_newsitem_change", args=[item.pk])
    form = client.get(url).context["adminform"].form
    data = {**post_data(form), "title_zh_hans": "走廊新闻", "body_zh_hans": "<p>正文</p>"}
    assert client.post(url, data).status_code == 302
    latest = item.history.first()
    changed = {c.field for c in latest.diff_against(latest.prev_record).changes}
    assert {"title_zh_hans", "body_zh_hans"} <= changed
    html = page(client, reverse("admin:corridor_newsitem_history", args=[item.pk]))
    assert "Title (Chinese):" in html and "走廊新闻" in html


@pytest.mark.django_db
def test_rich_text_is_sanitised_in_both_languages():
    item = EnterpriseFactory(
        description="<p>Fine</p><script>alert(1)</script>",
        description_zh_hans='<p onclick="x()">很好</p><img src=x onerror="y()">',
    )
    item.refresh_from_db()
    assert item.description_en == "<p>Fine</p>"
    assert item.description_zh_hans.startswith("<p>很好</p>")
    assert "onclick" not in item.description_zh_hans
    assert "onerror" not in item.description_zh_hans


# --- Public pages ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_missing_translation_falls_back_marked_and_noted(client):
    city = CityFactory(name="Songjiang", name_zh_hans="松江", summary="Where it began.")
    chinese = page(client, f"/zh-hans/cities/{city.slug}/")
    assert '<span lang="en">Where it began.</span>' in chinese
    assert "尚无中文版本，以下为英文原文。" in chinese
    assert "<h1>松江" in chinese and '<span lang="en" class="alt-name">Songjiang</span>' in chinese
    english = page(client, f"/en/cities/{city.slug}/")
    assert "Where it began." in english and "Not yet written" not in english
    assert '<span lang="zh-Hans" class="zh">松江</span>' in english

    city.summary_zh_hans = "走廊的起点。"
    city.save()
    chinese = page(client, f"/zh-hans/cities/{city.slug}/")
    assert "走廊的起点。" in chinese and "尚无中文版本" not in chinese


@pytest.mark.django_db
def test_a_chinese_only_item_reads_in_chinese_on_an_english_page(client):
    news = NewsItemFactory(title="Placeholder", body="")
    NewsItem.objects.filter(pk=news.pk).update(
        title_en="Placeholder", body_en="", body_zh_hans="<p>只有中文的正文。</p>"
    )
    english = page(client, f"/en/news/{news.slug}/")
    assert '<div lang="zh-Hans"><p>只有中文的正文。</p></div>' in english
    assert "Not yet written in English; shown in Chinese." in english


@pytest.mark.django_db
def test_key_figures_convert_to_the_chinese_scale(client):
    IndicatorFactory(
        label="Fund size",
        label_zh_hans="基金规模",
        value=Decimal("100"),
        unit="billion yuan",
        unit_zh_hans="亿元",
        is_key_figure=True,
    )
    IndicatorFactory(
        label="Area",
        value=Decimal("76200"),
        unit="km²",
        unit_zh_hans="平方公里",
        is_key_figure=True,
    )
    english = page(client, "/en/")
    figure = '<span class="figure-value">{}</span> <span class="figure-unit">{}</span>'
    assert figure.format("100", "billion yuan") in english
    assert figure.format("76,200", "km²") in english
    chinese = page(client, "/zh-hans/")
    assert figure.format("1000", "亿元") in chinese and "基金规模" in chinese
    assert figure.format("76200", "平方公里") in chinese
    with translation.override("zh-hans"):
        assert Indicator.objects.get(label_en="Fund size").display_value == "1000亿元"
    with translation.override("en"):
        assert Indicator.objects.get(label_en="Fund size").display_value == "100 billion yuan"


@pytest.mark.django_db
def test_search_finds_either_language_from_either_page(client):
    EnterpriseFactory(name="Henlius", name_zh_hans="复宏汉霖", summary_zh_hans="单克隆抗体")
    for prefix in ("en", "zh-hans"):
        for query in ("Henlius", "复宏汉霖", "抗体"):
            html = page(client, f"/{prefix}/search/?q={query}")
            assert f"/{prefix}/enterprises/henlius/" in html, (prefix, query)


# --- Spreadsheets ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_templates_have_a_column_per_language():
    headers = read_table(template_file("enterprise", "xlsx"), "t.xlsx").headers
    assert headers[:2] == ["Name", "Chinese name"]
    assert {"Summary", "Summary (Chinese)", "Description (Chinese)"} <= set(headers)
    with translation.override("zh-hans"):
        headers = read_table(template_file("enterprise", "xlsx"), "t.xlsx").headers
    assert {"名称（英文）", "名称（中文）", "简介（英文）", "简介（中文）"} <= set(headers)


@pytest.mark.django_db
def test_chinese_columns_fill_the_chinese_texts():
    city = CityFactory(name="Songjiang", name_zh_hans="松江")
    headers = ("名称（英文）", "名称（中文）", "城市", "简介（英文）", "简介（中文）")
    source = files.xlsx(
        [
            [*headers, "亮点（中文）"],
            ["Henlius", "复宏汉霖", "松江", "Antibodies.", "抗体药物。", "管线一\n管线二"],
        ]
    )
    report = import_file("enterprise", source, "企业.xlsx")
    assert report.saved, report.problems
    item = Enterprise.objects.get()
    assert (item.city, item.name_en, item.name_zh_hans) == (city, "Henlius", "复宏汉霖")
    assert (item.summary_en, item.summary_zh_hans) == ("Antibodies.", "抗体药物。")
    assert item.highlights_zh_hans == "管线一\n管线二"
    assert " 抗体 " in item.search_document and " fhhl " in item.search_document
    again = import_file("enterprise", source, "企业.xlsx")
    assert again.counts["unchanged"] == 1


# --- Launch content --------------------------------------------------------------------------

CHINESE_TEXTS = {
    "corridor.city": ("summary",),
    "corridor.industry": ("summary",),
    "corridor.park": ("summary", "description"),
    "corridor.enclave": ("summary", "description"),
    "corridor.enterprise": ("summary", "highlights"),
    "corridor.fund": ("summary", "description"),
    "corridor.fundinvestment": ("note",),
    "corridor.newsitem": ("title", "standfirst", "body"),
    "corridor.milestone": ("title", "summary"),
    "corridor.indicator": ("label", "unit"),
}


def test_every_launch_text_is_written_in_chinese_too():
    rows = json.loads((ROOT / "fixtures" / "launch.json").read_text())
    missing = []
    for row in rows:
        for field in CHINESE_TEXTS.get(row["model"], ()):
            english = row["fields"].get(f"{field}_en")
            chinese = row["fields"].get(f"{field}_zh_hans")
            if english and not (chinese and re.search(r"[\u4e00-\u9fff]", chinese)):
                if field == "unit" and english in ("%", "km²"):
                    continue
                missing.append((row["fields"].get("slug"), field))
    assert missing == []


@pytest.mark.django_db
def test_the_launch_content_reads_in_chinese(client):
    call_command("load_launch", verbosity=0)
    html = page(client, "/zh-hans/enterprises/henlius/")
    assert "<h1>复宏汉霖" in html and "尚无中文版本" not in html
    html = page(client, "/zh-hans/about/")
    assert "尚无中文版本" not in html


@pytest.mark.django_db
def test_linked_names_in_the_other_language_carry_their_lang(client):
    from tests.factories import ParkFactory

    city = CityFactory(name="Songjiang", name_zh_hans="松江")
    park = ParkFactory(name="Jiuke Oasis", city=city)
    item = EnterpriseFactory(name="Henlius", name_zh_hans="复宏汉霖", city=city, park=park)
    html = page(client, f"/zh-hans/enterprises/{item.slug}/")
    assert f'<a href="/zh-hans/cities/{city.slug}/">松江</a>' in html
    assert f'<a href="/zh-hans/parks/{park.slug}/"><span lang="en">Jiuke Oasis</span></a>' in html
