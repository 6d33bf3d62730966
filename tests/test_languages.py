"""English and Chinese: an address per language, the switch, hreflang, feeds, the catalogue,
the admin in each editor's language, and dates, numbers and amounts as each language writes
them."""

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import polib
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri

from corridor.models import Preference
from corridor.numbers import amount, plain
from corridor.roles import EDITORS
from tests.factories import (
    CityFactory,
    EnclaveFactory,
    EnterpriseFactory,
    FundFactory,
    FundInvestmentFactory,
    IndicatorFactory,
    IndustryFactory,
    MilestoneFactory,
    NewsItemFactory,
    ParkFactory,
    member,
)
from tests.test_html import page_urls

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# Words that read the same in both languages.
SAME_IN_BOTH = {"G60", "CSV", "xlsx", "xls", "ods", "JSON", "RSS", "Atom", "URL", "QR", "TOTP"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def catalogue():
    return polib.pofile(str(CATALOGUE))


def visible_text(html):
    """What a reader sees: no scripts, styles, tags, attributes or entities."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


# --- The catalogue --------------------------------------------------------------------------


def test_every_string_is_translated_not_fuzzy_and_not_left_in_english():
    problems = []
    for entry in catalogue():
        if entry.obsolete:
            continue
        translations = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid}")
        for text in translations:
            if not text.strip():
                problems.append(f"empty: {entry.msgid}")
            elif text == entry.msgid and entry.msgid not in SAME_IN_BOTH:
                problems.append(f"same as English: {entry.msgid}")
            elif sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry.msgid)):
                problems.append(f"placeholders differ: {entry.msgid}")
            elif (
                not CJK.search(text)
                and set(re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", text))) - SAME_IN_BOTH
            ):
                problems.append(f"English words, no Chinese: {entry.msgid}")
    assert problems == []


def test_the_compiled_catalogue_matches_its_source():
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in catalogue()}
    built = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in compiled if e.msgid}
    assert built == {key: value for key, value in source.items() if key[1]}


def test_makemessages_finds_no_string_the_catalogue_lacks(tmp_path):
    """gettext's own extraction, on a copy of the code, against the committed catalogue."""
    assert shutil.which("xgettext"), "gettext is missing: `make test` installs it"
    for name in ("corridor", "g60site", "templates", "manage.py"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={"DJANGO_SETTINGS_MODULE": "g60site.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    extracted = polib.pofile(str(tmp_path / "locale/zh_Hans/LC_MESSAGES/django.po"))
    wanted = {(e.msgctxt, e.msgid) for e in extracted if e.msgid}
    have = {(e.msgctxt, e.msgid) for e in catalogue() if not e.obsolete}
    assert sorted(wanted - have, key=str) == []
    assert sorted(have - wanted, key=str) == []


# --- Addresses, the switch, hreflang --------------------------------------------------------

pytestmark = pytest.mark.django_db


def test_the_root_sends_a_visitor_to_their_language_cookie_first(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").url == "/zh-hans/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB").url == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").url == "/en/"
    client.cookies["django_language"] = "zh-hans"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB").url == "/zh-hans/"
    # An address from before there were two languages still arrives.
    assert client.get("/about/").url == "/zh-hans/about/"


@pytest.mark.parametrize("code", ["en", "zh-hans"])
def test_every_page_type_in_each_language(client, launch_content, code):
    tag = {"en": "en", "zh-hans": "zh-Hans"}[code]
    other = {"en": "zh-hans", "zh-hans": "en"}[code]
    for english_url in page_urls():
        url = english_url.replace("/en/", f"/{code}/", 1)
        response = client.get(iri_to_uri(url))  # as a browser sends it
        assert response.status_code == 200, url
        assert "Accept-Language" not in response.get("Vary", ""), url
        assert response["Content-Language"] == code, url
        html = response.content.decode()
        assert f'<html lang="{tag}">' in html, url
        path = url.split("?")[0]
        alternates = {
            hreflang: unquote(href.replace("&amp;", "&"))
            for hreflang, href in re.findall(
                r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html
            )
        }
        assert alternates == {
            "en": "http://testserver" + url.replace(f"/{code}/", "/en/", 1),
            "zh-Hans": "http://testserver" + url.replace(f"/{code}/", "/zh-hans/", 1),
            "x-default": "http://testserver" + url.replace(f"/{code}/", "/", 1),
        }, url
        switches = re.findall(r'<nav class="language-switch".*?href="([^"]+)"', html, re.S)
        assert [
            (urlsplit(href).path, unquote(parse_qs(urlsplit(unescape(href)).query)["next"][0]))
            for href in switches
        ] == [(reverse("switch_language", args=[other]), url)], url
        assert f'<link rel="canonical" href="http://testserver{path}">' in html


@pytest.fixture
def neutral_content(db):
    """One item of each kind, named in words that are in neither language's interface, so
    that what a page shows of our interface can be told apart from its content."""
    city = CityFactory(name="Qorvath", name_zh_hans="柯沃", slug="songjiang")
    industry = IndustryFactory(name="Zeltric", name_zh_hans="泽特", slug="biomedicine")
    park = ParkFactory(name="Vomar", city=city, industries=[industry])
    EnclaveFactory(name="Quillet", home_city=city, host_city=city)
    fund = FundFactory(name="Draxen", size_amount=Decimal("10000000000"))
    enterprise = EnterpriseFactory(
        name="Blorvik", name_zh_hans="布洛", city=city, park=park, industries=[industry]
    )
    FundInvestmentFactory(fund=fund, enterprise=enterprise, amount=Decimal("5000000"))
    news = NewsItemFactory(title="Grelt", body="<p>Plimth.</p>")
    news.cities.set([city])
    news.enterprises.set([enterprise])
    MilestoneFactory(title="Yorrow", city=city)
    IndicatorFactory(label="Snerd", is_key_figure=True)
    for model_factory in (EnterpriseFactory, NewsItemFactory):
        for _ in range(25):  # a second page
            model_factory(**({"city": city} if model_factory is EnterpriseFactory else {}))


def without(html, tag):
    """The page without the elements marked as written in language ``tag``."""
    return re.sub(rf'<(\w+)\b[^>]*\blang="{tag}"[^>]*>.*?</\1>', " ", html, flags=re.S)


def interface_phrases(field):
    return [
        getattr(e, field)
        for e in catalogue()
        if len(e.msgid.split()) >= 2 and "%" not in e.msgid and "<" not in e.msgid
    ]


def test_a_chinese_page_shows_none_of_our_english_interface_strings(client, neutral_content):
    english = interface_phrases("msgid")
    assert len(english) > 100
    for url in page_urls():
        html = client.get(url.replace("/en/", "/zh-hans/", 1)).content.decode()
        text = " ".join(visible_text(without(html, "en")).split())
        assert [s for s in english if s in text] == [], url
        words = set(re.findall(r"[A-Za-z]{2,}", text)) - SAME_IN_BOTH
        content = {"Qorvath", "Zeltric", "Vomar", "Quillet", "Draxen", "Blorvik", "Grelt"}
        content |= {"Plimth", "Yorrow", "Snerd", "Enterprise", "News", "item", "km", "nothing"}
        content |= {"matches", "zzzz", "atlantis", "songjiang", "biomedicine"}
        assert words - content == set(), url


def test_an_english_page_shows_none_of_our_chinese_interface_strings(client, neutral_content):
    chinese = [text for text in interface_phrases("msgstr") if len(text) >= 2]
    for url in page_urls():
        html = without(client.get(url).content.decode(), "zh-Hans")
        text = visible_text(html)
        assert [s for s in chinese if s in text] == [], url
        assert CJK.findall(text.replace("复宏汉霖", "")) == [], url


def test_the_switch_remembers_the_choice_and_keeps_filters_and_search(client):
    url = "/en/enterprises/?city=songjiang&q=bio&page=2"
    response = client.get(reverse("switch_language", args=["zh-hans"]), {"next": url})
    assert response.status_code == 302
    assert response.url == "/zh-hans/enterprises/?city=songjiang&q=bio&page=2"
    assert response.cookies["django_language"].value == "zh-hans"
    assert response["Cache-Control"] == "no-store"
    assert client.get("/").url == "/zh-hans/"
    back = client.get(reverse("switch_language", args=["en"]), {"next": response.url})
    assert back.url == "/en/enterprises/?city=songjiang&q=bio&page=2"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""]
)
def test_the_switch_never_leaves_the_site(client, target):
    response = client.get(reverse("switch_language", args=["en"]), {"next": target})
    assert response.url == "/"


def test_an_unknown_language_falls_back_to_english(client):
    response = client.get(reverse("switch_language", args=["klingon"]), {"next": "/zh-hans/"})
    assert response.url == "/en/"


@pytest.mark.parametrize(
    ("code", "tag", "title"), [("en", "en", "news"), ("zh-hans", "zh-Hans", "新闻")]
)
def test_feeds_are_in_the_language_of_their_address(client, code, tag, title):
    root = ET.fromstring(client.get(f"/{code}/news/feed/rss/").content)
    assert root.findtext("channel/language") == tag
    assert title in root.findtext("channel/title")
    atom = client.get(f"/{code}/news/feed/atom/").content.decode()
    assert f'xml:lang="{tag}"' in atom


# --- The admin in each editor's language ----------------------------------------------------


def test_an_editor_chooses_chinese_and_keeps_it(client):
    editor = member(EDITORS)
    client.force_login(editor)
    index = reverse("admin:index")
    assert client.get(index, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"
    page = reverse("admin:language")
    response = client.post(page, {"language": "zh-hans", "next": index}, follow=True)
    assert response.redirect_chain[-1][0] == index
    html = response.content.decode()
    assert "管理后台现在使用简体中文" in html
    assert response["Content-Language"] == "zh-hans"
    assert Preference.objects.get(user=editor).language == "zh-hans"
    # A new session, a browser in English: the admin is still in Chinese.
    client.logout()
    client.force_login(editor)
    response = client.get(index, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "zh-hans"
    text = visible_text(response.content.decode())
    english = [
        e.msgid
        for e in catalogue()
        if len(e.msgid.split()) >= 2 and "%" not in e.msgid and "<" not in e.msgid
    ]
    assert [s for s in english if s in text] == []
    # The public site keeps its own addresses.
    assert client.get("/en/")["Content-Language"] == "en"


def test_the_language_page_refuses_a_language_we_do_not_have(client):
    editor = member(EDITORS)
    client.force_login(editor)
    response = client.post(reverse("admin:language"), {"language": "fr"})
    assert response.status_code == 200
    assert not Preference.objects.filter(user=editor).exists()


# --- Dates, numbers and amounts -------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "date", "month", "number", "fund", "small"),
    [
        ("en", "11 June 2024", "June 2024", "76,200", "10 billion yuan", "387 million yuan"),
        ("zh-hans", "2024年6月11日", "2024年6月", "76200", "100亿元", "3.87亿元"),
    ],
)
def test_dates_numbers_and_amounts_as_each_language_writes_them(
    code, date, month, number, fund, small
):
    import datetime

    template = Template(
        '{% load languages %}{{ day|date:"DATE_FORMAT" }}|{{ day|date:"YEAR_MONTH_FORMAT" }}'
        "|{{ area|number }}|{{ size|money:'CNY' }}"
    )
    with translation.override(code):
        rendered = template.render(
            Context(
                {
                    "day": datetime.date(2024, 6, 11),
                    "area": Decimal("76200.0000"),
                    "size": Decimal("10000000000.00"),
                }
            )
        )
        assert rendered == f"{date}|{month}|{number}|{fund}"
        assert amount(Decimal("387000000"), "CNY") == small
        assert plain(Decimal("3.5500")) == "3.55"
    with translation.override("zh-hans"):
        assert amount(Decimal("25000"), "USD") == "2.5万美元"
        assert amount(Decimal("900"), "CNY") == "900元"
    with translation.override("en"):
        assert amount(Decimal("2500000"), "USD") == "2.5 million US dollars"


def test_an_import_with_chinese_headers_answers_in_chinese(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import spreadsheet_files as files

    CityFactory(name="Hangzhou", name_zh_hans="杭州")
    editor = member(EDITORS)
    client.force_login(editor)
    client.post(reverse("admin:language"), {"language": "zh-hans"})
    rows = [["名称", "城市", "成立年份"], ["测试公司", "Hangzou", "abc"], ["", "杭州", ""]]
    upload = SimpleUploadedFile("企业.xlsx", files.xlsx(rows))
    response = client.post(reverse("admin:corridor_enterprise_import"), {"file": upload})
    assert response.status_code == 200
    problems = [str(problem) for problem in response.context["report"].problems]
    assert problems == [
        "第 2 行，城市：未找到“Hangzou”（您要找的是否为 Hangzhou？）",
        "第 2 行，成立年份：“abc”不是数字",
        "第 3 行，名称：此字段不能为空。",
    ]
    text = visible_text(response.content.decode())
    for problem in problems:
        assert problem in text
    english = interface_phrases("msgid")
    assert [s for s in english if s in text] == []


# --- The command line -----------------------------------------------------------------------


def run_command(*args):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error)
    return out.getvalue(), err.getvalue()


def test_commands_speak_the_language_of_the_terminal(db, monkeypatch):
    out, _ = run_command("sync_roles")
    assert out.startswith("Roles up to date: Editors, Publishers, Site administrators.")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    out, _ = run_command("sync_roles")
    assert out.startswith("角色已是最新：编辑, 发布员, 网站管理员。")
    out, _ = run_command("sync_roles", "--language", "en")
    assert out.startswith("Roles up to date")
    # LC_ALL comes before LANG, as gettext reads them; "C" names no language.
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert run_command("sync_roles")[0].startswith("Roles up to date")
    monkeypatch.setenv("LC_ALL", "C")
    assert run_command("sync_roles")[0].startswith("角色已是最新")


def test_a_command_line_import_reports_in_chinese(db, tmp_path):
    from tests import spreadsheet_files as files

    CityFactory(name="Hangzhou", name_zh_hans="杭州")
    path = tmp_path / "企业.xlsx"
    path.write_bytes(files.xlsx([["名称", "城市"], ["测试公司", "Hangzou"]]))
    out, err = run_command("import_corridor", "enterprise", str(path), "--language", "zh-hans")
    assert "第 2 行，城市：未找到“Hangzou”（您要找的是否为 Hangzhou？）" in err
    assert out == ""
    missing = tmp_path / "无.xlsx"
    out, err = run_command("import_corridor", "enterprise", str(missing), "--language", "zh-hans")
    assert f"无法读取 {missing}：" in err
    # In English, the column is still named as the file heads it.
    out, err = run_command("import_corridor", "enterprise", str(path))
    assert 'Row 2, 城市: "Hangzou" not found (did you mean Hangzhou?)' in err
    assert "Nothing was saved" in err
