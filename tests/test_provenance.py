"""Where each record's facts come from, and when an editor last checked them: the fields
(``models.Sourced``), the line pages show, the admin's filter of records not checked for 12
months, spreadsheets both ways, and the launch content's sources."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from corridor.models import (
    Enclave,
    Enterprise,
    Fund,
    FundInvestment,
    Indicator,
    Milestone,
    NewsItem,
    Park,
)
from corridor.spreadsheets.reader import read_table
from corridor.spreadsheets.service import export_file, import_file
from tests import spreadsheet_files as files
from tests.factories import (
    CityFactory,
    EnterpriseFactory,
    NewsItemFactory,
    ParkFactory,
    UserFactory,
)

SOURCED = (Enterprise, Park, Enclave, Fund, FundInvestment, Milestone, Indicator)

pytestmark = pytest.mark.django_db


def test_an_article_fills_in_what_the_record_leaves_blank():
    article = NewsItemFactory(
        title="Songjiang opens a base",
        source_name="Shanghai Daily",
        source_url="https://www.shine.cn/news/1",
        source_published_on=datetime.date(2024, 6, 11),
    )
    park = ParkFactory(source=article, verified_on=datetime.date(2026, 11, 25))
    citation = park.citation
    assert (citation.name, citation.url, citation.date) == (
        "Shanghai Daily",
        "https://www.shine.cn/news/1",
        datetime.date(2024, 6, 11),
    )
    assert citation.article == article and citation.verified_on == datetime.date(2026, 11, 25)
    # The record's own source wins over the article's.
    park.source_name, park.source_date = "Songjiang Daily", datetime.date(2024, 6, 1)
    assert (park.citation.name, park.citation.date) == (
        "Songjiang Daily",
        datetime.date(2024, 6, 1),
    )


def test_an_article_a_visitor_may_not_read_is_no_source():
    draft = NewsItemFactory(status="draft", source_name="Internal memo")
    park = ParkFactory(source=draft)
    assert park.citation is None
    park.source_name = "Shanghai Daily"
    assert park.citation.article is None and park.citation.name == "Shanghai Daily"


def test_a_record_without_a_source_has_no_citation():
    assert ParkFactory().citation is None


def test_the_profile_shows_the_source_and_when_it_was_checked(client):
    article = NewsItemFactory(title="Chips in Songjiang", source_name="Shanghai Daily")
    enterprise = EnterpriseFactory(
        name="Silicon Works",
        source=article,
        source_name_en="Shanghai Daily",
        source_name_zh_hans="上海日报",
        source_date=datetime.date(2024, 6, 11),
        verified_on=datetime.date(2026, 11, 25),
    )
    html = client.get(enterprise.get_absolute_url()).content.decode()
    assert "Source:" in html
    assert f'<a href="{article.get_absolute_url()}">Shanghai Daily</a>' in html
    assert '<time datetime="2024-06-11">11 June 2024</time>' in html
    assert 'checked <time datetime="2026-11-25">25 November 2026</time>' in html
    chinese = client.get(enterprise.get_absolute_url().replace("/en/", "/zh-hans/"))
    html = chinese.content.decode()
    assert ">上海日报</a>" in html and "Shanghai Daily</a>" not in html


def test_a_hostile_source_name_and_link_are_harmless(client):
    park = ParkFactory(
        source_name='<script>alert("x")</script>', source_url="https://example.com/?a=<b>"
    )
    html = client.get(park.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</a>" in html
    assert 'href="https://example.com/?a=&lt;b&gt;"' in html
    # A link that is no web address (written past the form's check) is shown as text only.
    Park.objects.filter(pk=park.pk).update(source_url="javascript:alert(1)")
    html = client.get(park.get_absolute_url()).content.decode()
    assert "javascript:" not in html


@pytest.mark.parametrize("model", SOURCED, ids=lambda m: m.__name__)
def test_every_sourced_model_has_the_fields(model):
    names = {field.name for field in model._meta.get_fields()}
    assert {"source", "source_name", "source_url", "source_date", "verified_on"} <= names
    assert {"source_name_en", "source_name_zh_hans"} <= names


def test_the_admin_lists_records_not_checked_for_twelve_months(client):
    today = timezone.localdate()
    fresh = ParkFactory(name="Fresh park", verified_on=today - datetime.timedelta(days=30))
    old = ParkFactory(name="Old park", verified_on=today - datetime.timedelta(days=400))
    never = ParkFactory(name="Never checked park")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = "/admin/corridor/park/"
    stale = client.get(url, {"checked": "stale"})
    assert {p.pk for p in stale.context["cl"].result_list} == {old.pk, never.pk}
    recent = client.get(url, {"checked": "recent"})
    assert {p.pk for p in recent.context["cl"].result_list} == {fresh.pk}
    assert "Not in the last 12 months" in client.get(url).content.decode()


def test_spreadsheets_carry_the_source_both_ways():
    article = NewsItemFactory(slug="chips-in-songjiang")
    city = CityFactory(name="Songjiang")
    headers = [
        "Name",
        "City",
        "Source article",
        "Source",
        "来源（中文）",
        "Source link",
        "Source date",
        "核实日期",
    ]
    row = [
        "Silicon Works",
        "Songjiang",
        "chips-in-songjiang",
        "Shanghai Daily",
        "上海日报",
        "https://www.shine.cn/news/1",
        "2024-06-11",
        "2026-11-25",
    ]
    report = import_file("enterprise", files.xlsx([headers, row]), "e.xlsx")
    assert report.ok, report.problems
    enterprise = Enterprise.objects.get(slug="silicon-works")
    assert enterprise.city == city and enterprise.source == article
    assert (enterprise.source_name_en, enterprise.source_name_zh_hans) == (
        "Shanghai Daily",
        "上海日报",
    )
    assert enterprise.source_date == datetime.date(2024, 6, 11)
    assert enterprise.verified_on == datetime.date(2026, 11, 25)
    table = read_table(export_file("enterprise"), "e.xlsx")
    exported = dict(zip(table.headers, table.rows[0], strict=True))
    assert exported["Source article"] == "chips-in-songjiang"
    assert exported["Source (Chinese)"] == "上海日报"
    assert exported["Last checked"] in ("2026-11-25", datetime.date(2026, 11, 25))
    assert import_file("enterprise", export_file("enterprise"), "e.xlsx").counts["unchanged"] == 1


def test_an_unknown_source_article_is_a_clear_problem_and_saves_nothing():
    CityFactory(name="Songjiang")
    rows = [["Name", "City", "Source article"], ["Silicon Works", "Songjiang", "no-such-article"]]
    report = import_file("enterprise", files.xlsx(rows), "e.xlsx")
    assert not report.ok
    assert any("no-such-article" in str(problem) for problem in report.problems)
    assert not Enterprise.objects.exists()


def test_every_launch_record_names_its_article_and_when_it_was_checked(launch_content):
    articles = set(NewsItem.objects.values_list("pk", flat=True))
    for model in SOURCED:
        for item in model._default_manager.all():
            assert item.source_id in articles, item
            assert item.source_name_en == "Shanghai Daily" and item.source_name_zh_hans, item
            assert item.source_date == item.source.source_published_on, item
            assert item.verified_on, item


def test_setting_up_again_fills_sources_in_and_keeps_an_editors_own():
    call_command("load_launch", verbosity=0)
    henlius = Enterprise.objects.get(slug="henlius")
    # As a database set up before records had sources: neither the record nor its history has one.
    blank = {
        "source": None,
        "source_name_en": "",
        "source_name_zh_hans": "",
        "source_date": None,
        "verified_on": None,
    }
    Enterprise.objects.filter(pk=henlius.pk).update(**blank)
    Enterprise.history.filter(id=henlius.pk).update(**blank)
    edited = Park.objects.order_by("pk").first()
    edited.source_name_en = "Songjiang Daily"
    edited.save()
    call_command("load_launch", verbosity=0)
    henlius.refresh_from_db()
    assert henlius.source.slug == "songjiang-bets-on-biomedicine-and-digital-industries"
    assert henlius.source_name_zh_hans == "上海日报" and henlius.verified_on
    edited.refresh_from_db()
    assert edited.source_name_en == "Songjiang Daily"
