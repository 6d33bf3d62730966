"""Spreadsheet import and export through the resources: keys, lookups, formats, rules."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from corridor.models import City, Enterprise, FundInvestment, Milestone, NewsItem
from corridor.spreadsheets.reader import read_table
from corridor.spreadsheets.resources import RESOURCES
from corridor.spreadsheets.service import export_file, import_file, template_file
from tests import spreadsheet_files as files
from tests.factories import (
    CityFactory,
    EnclaveFactory,
    EnterpriseFactory,
    FundFactory,
    IndustryFactory,
    UserFactory,
    make_credit_code,
)

pytestmark = pytest.mark.django_db

HEADERS = ["Name", "Chinese name", "City", "Industries", "Unified social credit code"]


@pytest.fixture
def places():
    return {
        "songjiang": CityFactory(name="Songjiang", name_zh_hans="松江"),
        "suzhou": CityFactory(name="Suzhou", name_zh_hans="苏州"),
        "bio": IndustryFactory(name="Biomedicine", name_zh_hans="生物医药"),
        "ai": IndustryFactory(name="Artificial Intelligence", name_zh_hans="人工智能"),
    }


def run(rows, model="enterprise", **kwargs):
    return import_file(model, files.xlsx(rows), "file.xlsx", **kwargs)


def test_creates_rows_with_lookups_by_any_name(places):
    report = run(
        [
            HEADERS,
            ["Henlius", "复宏汉霖", "songjiang", "生物医药; artificial-intelligence", ""],
            ["iFlytek", "", " 苏州\u3000", "Artificial Intelligence；Biomedicine", ""],
            ["Gamma", "", "SUZHOU", "", ""],
        ]
    )
    assert report.ok, report.problems
    assert report.counts == {"new": 3, "updated": 0, "unchanged": 0, "invalid": 0}
    henlius = Enterprise.objects.get(slug="henlius")
    assert henlius.city == places["songjiang"]
    assert set(henlius.industries.all()) == {places["bio"], places["ai"]}
    assert Enterprise.objects.get(slug="iflytek").city == places["suzhou"]
    assert Enterprise.objects.get(slug="gamma").industries.count() == 0


def test_unknown_names_get_a_row_column_message_with_a_suggestion(places):
    report = run(
        [
            HEADERS,
            ["Good Co", "", "Songjiang", "", ""],
            ["Bad Co", "", "Suzhuo", "Biomedicin; Quantum", ""],
        ]
    )
    assert [str(p) for p in report.problems] == [
        'Row 3, City: "Suzhuo" not found (did you mean Suzhou?)',
        'Row 3, Industries: "Biomedicin" not found (did you mean Biomedicine?); '
        '"Quantum" not found',
    ]
    assert report.counts["invalid"] == 1
    assert not report.saved
    assert Enterprise.objects.count() == 0  # all or nothing


def test_skip_invalid_saves_valid_rows_and_returns_the_rest(places):
    report = run(
        [HEADERS, ["Good Co", "", "Songjiang", "", ""], ["Bad Co", "", "Atlantis", "", ""]],
        skip_invalid=True,
    )
    assert report.saved
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["Good Co"]
    invalid = read_table(report.invalid_file(), "invalid.xlsx")
    assert invalid.headers == [*HEADERS, "Errors"]
    assert invalid.rows[0][0] == "Bad Co"
    assert invalid.rows[0][-1] == 'City: "Atlantis" not found'


def test_chinese_only_name_gets_a_pinyin_slug_and_is_found_again(places):
    rows = [["Name", "City"], ["上海新微", "Songjiang"]]
    assert run(rows).counts["new"] == 1
    assert Enterprise.objects.get().slug == "shang-hai-xin-wei"
    assert run(rows).counts == {"new": 0, "updated": 0, "unchanged": 1, "invalid": 0}


def test_enterprise_matched_by_credit_code_before_slug(places):
    code = make_credit_code(5)
    existing = EnterpriseFactory(name="Old Name", credit_code=code, city=places["songjiang"])
    report = run(
        [["Name", "City", "Unified social credit code"], ["New Name", "Songjiang", code.lower()]]
    )
    assert report.counts["updated"] == 1, report.problems
    existing.refresh_from_db()
    assert existing.name == "New Name"
    assert existing.slug == "old-name"  # the key is the code; the slug stays


def test_code_given_for_an_enterprise_known_by_slug(places):
    existing = EnterpriseFactory(name="Henlius", city=places["songjiang"])
    code = make_credit_code(9)
    report = run([["Name", "City", "Unified social credit code"], ["Henlius", "Songjiang", code]])
    assert report.counts["updated"] == 1
    existing.refresh_from_db()
    assert existing.credit_code == code


def test_credit_code_owned_by_another_enterprise_is_invalid(places):
    code = make_credit_code(3)
    EnterpriseFactory(name="Owner", credit_code=code, city=places["songjiang"])
    EnterpriseFactory(name="Other", city=places["songjiang"])
    report = run(
        [
            ["Name", "Slug", "City", "Unified social credit code"],
            ["Other", "other", "Songjiang", make_credit_code(4)],
            ["Other again", "other", "Songjiang", code],
        ]
    )
    # Row 3 matches "Owner" by its code, so it may not take the slug of "Other".
    assert [str(p) for p in report.problems] == [
        'Row 3, Slug: "other" is already the slug of another row'
    ]
    assert not report.saved


def test_invalid_credit_code_is_reported(places):
    report = run(
        [["Name", "City", "Unified social credit code"], ["X", "Songjiang", "91350100M000100Y44"]]
    )
    assert "Unified social credit code" in str(report.problems[0])
    assert "check digit" in str(report.problems[0])


def test_duplicate_keys_in_one_file_are_flagged(places):
    report = run(
        [["Name", "City"], ["Henlius", "Songjiang"], ["Lepure", "Songjiang"], ["henlius", "Suzhou"]]
    )
    assert [str(p) for p in report.problems] == [
        'Row 4, Slug: "henlius" appears twice in the file (first on row 2)'
    ]
    assert Enterprise.objects.count() == 0


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (45191, datetime.date(2023, 9, 22)),
        ("45191", datetime.date(2023, 9, 22)),
        ("2023-09-22", datetime.date(2023, 9, 22)),
        ("2023/9/22", datetime.date(2023, 9, 22)),
        ("2023年9月22日", datetime.date(2023, 9, 22)),
        ("２０２３年９月２２日", datetime.date(2023, 9, 22)),
        (datetime.datetime(2023, 9, 22, 0, 0), datetime.date(2023, 9, 22)),
    ],
)
def test_dates_as_editors_type_them(places, cell, expected):
    hefei = CityFactory(name="Hefei")
    report = run(
        [["Name", "Home city", "Host city", "Opened on"], ["Centre", "Hefei", "Songjiang", cell]],
        model="enclave",
    )
    assert report.ok, report.problems
    enclave = EnclaveFactory._meta.model.objects.get()
    assert enclave.opened_on == expected
    assert enclave.home_city == hefei


def test_bad_date_and_number_messages(places):
    report = run([["Name", "City", "Founded"], ["X", "Songjiang", "long ago"]])
    assert str(report.problems[0]) == 'Row 2, Founded: "long ago" is not a number'
    hefei = CityFactory(name="Hefei")
    report = run(
        [
            ["Name", "Home city", "Host city", "Opened on"],
            ["C", hefei.name, "Songjiang", "2023/13/45"],
        ],
        model="enclave",
    )
    assert "is not a date" in str(report.problems[0])


def test_numbers_with_separators_and_full_width_digits(places):
    report = run(
        [
            ["Name", "Kind", "Total size", "Launched"],
            ["G60 Fund", "Achievement transformation fund", "10,000,000,000", "２０１８年"],
        ],
        model="fund",
    )
    assert report.ok, report.problems
    fund = FundFactory._meta.model.objects.get()
    assert fund.size_amount == Decimal("10000000000")
    assert fund.launched_year == 2018


def test_choices_by_label_value_or_chinese(places):
    report = run(
        [
            ["Name", "City", "Listing board", "Kind", "High-tech enterprise", "Status"],
            ["A", "Songjiang", "科创板", "Research institute", "是", "Published"],
            ["B", "Songjiang", "hkex", "company", "no", "草稿"],
        ]
    )
    assert report.ok, report.problems
    a, b = Enterprise.objects.order_by("name")
    assert (a.listing_board, a.kind, a.is_high_tech, a.status) == (
        "star",
        "institute",
        True,
        "published",
    )
    assert (b.listing_board, b.is_high_tech, b.status) == ("hkex", False, "draft")


def test_unknown_choice_lists_the_options(places):
    report = run([["Name", "City", "Listing board"], ["A", "Songjiang", "Moon Exchange"]])
    assert 'Listing board: "Moon Exchange" is not one of: STAR Market' in str(report.problems[0])


def test_missing_required_column_refuses_the_file(places):
    report = run([["Name", "Chinese name"], ["A", "甲"]])
    assert report.file_errors == [
        'The file has no "City" column. Download the template to see the columns it needs.'
    ]


def test_unknown_columns_are_noted_and_chinese_headers_understood(places):
    report = run([["名称", "城市", "Colour"], ["A", "松江", "blue"]])
    assert report.ok
    assert report.notices == ['Column "Colour" is not one this import uses; it was ignored.']
    assert Enterprise.objects.get().city == places["songjiang"]


def test_import_sets_editor_timestamps_and_draft_status(places):
    user = UserFactory()
    run([["Name", "City"], ["A", "Songjiang"]], user=user)
    enterprise = Enterprise.objects.get()
    assert enterprise.created_by == enterprise.updated_by == user
    assert enterprise.status == "draft"
    assert timezone.now() - enterprise.created_at < datetime.timedelta(minutes=1)


def test_hostile_rich_text_is_sanitised(places):
    body = '<p onclick="steal()">Hi</p><script>alert(1)</script><a href="javascript:x">y</a>'
    report = run([["Title", "Body"], ["Story", body]], model="newsitem")
    assert report.ok
    stored = NewsItem.objects.get().body
    assert "script" not in stored and "onclick" not in stored and "javascript" not in stored


def test_plain_text_becomes_paragraphs(places):
    run([["Title", "Body"], ["Story", "First <para>.\n\nSecond line\nwrapped."]], model="newsitem")
    assert NewsItem.objects.get().body == (
        "<p>First &lt;para&gt;.</p><p>Second line<br>wrapped.</p>"
    )


def test_fund_investments_sheet(places):
    fund = FundFactory(name="G60 Fund")
    code = make_credit_code(11)
    company = EnterpriseFactory(name="Huihe Medical", credit_code=code, city=places["songjiang"])
    data = files.xlsx(
        [["Other"], ["x"]],
        extra_sheets={
            "Fund investments": [
                ["Fund", "Enterprise", "Amount", "Date", "Note"],
                ["g60 fund", code, "1,000,000", "2023/11/5", "Seed"],
            ]
        },
    )
    report = import_file("fundinvestment", data, "investments.xlsx")
    assert report.ok, report.problems + report.file_errors
    investment = FundInvestment.objects.get()
    assert (investment.fund, investment.enterprise) == (fund, company)
    assert investment.amount == Decimal("1000000")
    assert investment.date == datetime.date(2023, 11, 5)
    again = import_file("fundinvestment", data, "investments.xlsx")
    assert again.counts["unchanged"] == 1


def test_dry_run_saves_nothing(places):
    report = run([["Name", "City"], ["A", "Songjiang"]], dry_run=True)
    assert report.counts["new"] == 1
    assert Enterprise.objects.count() == 0


def test_query_count_does_not_grow_with_rows(places):
    def queries_for(count, offset):
        rows = [["Name", "City", "Industries", "Unified social credit code"]] + [
            [f"Co {offset + n}", "Songjiang", "Biomedicine; 人工智能", make_credit_code(offset + n)]
            for n in range(count)
        ]
        data = files.xlsx(rows)
        with CaptureQueriesContext(connection) as queries:
            report = import_file("enterprise", data, "f.xlsx")
        assert report.saved, report.problems
        return len(queries)

    small, large = queries_for(20, 0), queries_for(400, 1000)
    assert large <= small + 45  # batches of inserts, not queries per row
    assert large < 400 / 4


# Round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("model", sorted(RESOURCES))
@pytest.mark.parametrize("file_format", ["xlsx", "csv", "json"])
def test_export_then_import_reports_every_row_unchanged(launch_content, model, file_format):
    data = export_file(model, file_format=file_format)
    report = import_file(model, data, f"export.{file_format}")
    assert report.ok, [str(p) for p in report.problems] + report.file_errors
    assert report.counts["unchanged"] == report.total > 0
    assert report.counts["new"] == report.counts["updated"] == 0


def test_import_export_import_gives_identical_data(places):
    source = files.csv_bytes(  # a csv: openpyxl would store "=..." as a formula
        [
            [
                "Name",
                "Chinese name",
                "City",
                "Industries",
                "Founded",
                "Summary",
                "Description",
                "Unified social credit code",
                "Publish at",
            ],
            [
                "Henlius",
                "复宏汉霖",
                "松江",
                "Biomedicine; AI",
                "2010",
                "=cmd|' /C calc'!A0",
                "Para one.\n\nPara two.",
                make_credit_code(1),
                "2024-07-01 09:30",
            ],
        ]
    )
    IndustryFactory(name="AI")
    assert import_file("enterprise", source, "s.csv").saved

    def state():
        return list(
            Enterprise.objects.values(
                "name",
                "name_zh_hans",
                "city",
                "founded_year",
                "summary",
                "description",
                "credit_code",
                "publish_at",
                "slug",
            )
        )

    first = state()
    exported = export_file("enterprise")
    exported_table = read_table(exported, "e.xlsx")
    summary_cell = exported_table.rows[0][exported_table.headers.index("Summary")]
    assert summary_cell == "'=cmd|' /C calc'!A0"  # neutralised in the spreadsheet
    report = import_file("enterprise", exported, "e.xlsx")
    assert report.counts["unchanged"] == 1
    assert state() == first
    assert first[0]["summary"] == "=cmd|' /C calc'!A0"  # restored on the way back in


def test_rich_text_exported_as_plain_text_keeps_its_formatting(launch_content):
    item = NewsItem.objects.order_by("pk").first()
    item.body = "<p><strong>Bold</strong> start.</p><ul><li>One</li></ul>"
    item.save()
    exported = export_file("newsitem")
    table = read_table(exported, "n.xlsx")
    body = table.rows[[r[table.headers.index("Slug")] for r in table.rows].index(item.slug)]
    assert body[table.headers.index("Body")] == "Bold start.\n\nOne"
    report = import_file("newsitem", exported, "n.xlsx")
    assert report.counts["updated"] == 0
    item.refresh_from_db()
    assert item.body == "<p><strong>Bold</strong> start.</p><ul><li>One</li></ul>"


@pytest.mark.parametrize("model", sorted(RESOURCES))
def test_templates_are_valid_examples(launch_content, model):
    data = template_file(model)
    table = read_table(data, "template.xlsx")
    assert len(table.rows) == 1
    report = import_file(model, data, "template.xlsx", dry_run=True)
    assert report.ok, [str(p) for p in report.problems] + report.file_errors


def test_milestone_and_indicator_keys(launch_content):
    rows = [["Date", "Title", "Date precision"], ["2018-06-01", "Nine cities join", "Month"]]
    assert run(rows, model="milestone").counts["new"] == 1
    assert Milestone.objects.filter(slug="2018-nine-cities-join").exists()
    assert run(rows, model="milestone").counts["unchanged"] == 1
    figure = [["Label", "Value", "Year", "City"], ["Area", "76,200", 2023, "Songjiang"]]
    assert run(figure, model="indicator").counts["new"] == 1
    assert run(figure, model="indicator").counts["unchanged"] == 1
    assert City.objects.get(slug="songjiang").indicators.filter(slug="songjiang-area-2023").exists()


# --- Sloppy and hostile rows -------------------------------------------------------------------


def test_a_blank_name_is_an_invalid_row_that_skip_invalid_can_pass(places):
    rows = [["Name", "City"], ["Good Co", "Songjiang"], ["", "Songjiang"], ["Also Good", "Suzhou"]]
    report = run(rows)
    assert not report.saved
    assert [str(p) for p in report.problems] == ["Row 3, Name: This field cannot be blank."]
    report = run(rows, skip_invalid=True)
    assert report.saved
    assert set(Enterprise.objects.values_list("name", flat=True)) == {"Good Co", "Also Good"}


def test_a_formula_without_a_value_is_an_invalid_row_and_clears_nothing(places):
    EnterpriseFactory(name="Henlius", city=places["songjiang"], summary="Kept")
    report = import_file("enterprise", files.formula_without_value(), "f.xlsx")
    assert not report.saved
    assert str(report.problems[0]).startswith(
        'Row 2, Summary: the cell holds the formula =CONCATENATE("Bio", "pharma") but no result.'
    )
    report = import_file("enterprise", files.formula_without_value(), "f.xlsx", skip_invalid=True)
    assert report.saved and report.counts["invalid"] == 1
    assert Enterprise.objects.get(name="Henlius").summary == "Kept"
    assert Enterprise.objects.get(name="Other Co").summary == "Plain text"


@pytest.mark.parametrize(
    ("cell", "date", "precision"),
    [
        ("2018", datetime.date(2018, 1, 1), "year"),
        (2018, datetime.date(2018, 1, 1), "year"),  # a number cell: a year, not 10 July 1905
        ("2018年", datetime.date(2018, 1, 1), "year"),
        ("2018-06", datetime.date(2018, 6, 1), "month"),
        ("2018年6月", datetime.date(2018, 6, 1), "month"),
        ("2018-06-01", datetime.date(2018, 6, 1), "day"),
        (43252, datetime.date(2018, 6, 1), "day"),  # an Excel serial number
    ],
)
def test_year_and_month_dates_stay_years_and_months(places, cell, date, precision):
    report = run([["Date", "Title"], [cell, "Nine cities join"]], model="milestone")
    assert report.ok, report.problems
    milestone = Milestone.objects.get()
    assert (milestone.date, milestone.precision) == (date, precision)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-06-11 8:00 PM", (20, 0)),
        ("2024-06-11 8:30 am", (8, 30)),
        ("2024-06-11 12:00 AM", (0, 0)),
        ("2024-06-11 12:15 PM", (12, 15)),
        ("2024年6月11日 下午8:00", (20, 0)),
        ("2024-06-11T20:00:00", (20, 0)),
        ("2024-06-11 20:00", (20, 0)),
    ],
)
def test_twelve_hour_and_chinese_times(places, cell, expected):
    report = run([["Title", "Publish at"], ["Story", cell]], model="newsitem")
    assert report.ok, report.problems
    moment = timezone.localtime(NewsItem.objects.get().publish_at)
    assert (moment.hour, moment.minute) == expected


@pytest.mark.parametrize(
    "cell", ["2023-09-2299", "2023-09-22 junk", "2023-09-22 25:00", "13:00 PM"]
)
def test_trailing_junk_and_impossible_times_are_refused(places, cell):
    report = run([["Title", "Publish at"], ["Story", cell]], model="newsitem")
    assert not report.saved
    assert "is not a" in str(report.problems[0])


def test_did_you_mean_is_bounded_however_many_names_a_file_gets_wrong(places, monkeypatch):
    from corridor.spreadsheets import widgets

    city = places["songjiang"]
    Enterprise.objects.bulk_create(
        Enterprise(name=f"Company {n}", slug=f"company-{n}", city=city) for n in range(3000)
    )
    compared = []
    original = widgets.difflib.get_close_matches

    def counting(word, possibilities, *args, **kwargs):
        compared.append(len(possibilities))
        return original(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(widgets.difflib, "get_close_matches", counting)
    unknown = "; ".join(f"Compny {n}" for n in range(500))
    report = run([["Title", "Enterprises"], ["Story", unknown]], model="newsitem")
    assert not report.saved
    message = str(report.problems[0])
    assert message.count("not found") == widgets.MAX_PROBLEMS_PER_CELL + 1
    assert "and 490 more not found" in message
    assert "(did you mean Company 0?)" in message
    assert len(compared) <= widgets.MAX_SUGGESTIONS
    assert max(compared) <= widgets.MAX_CANDIDATES


@pytest.mark.parametrize("name", ["enterprises.ods", "enterprises.xls"])
def test_import_a_sheet_saved_by_libreoffice_or_old_excel(places, name):
    CityFactory(name="Hefei", name_zh_hans="合肥")
    path = Path(__file__).with_name("files") / name
    report = import_file("enterprise", path.read_bytes(), name)
    assert report.ok, report.problems
    henlius = Enterprise.objects.get(name_zh_hans="复宏汉霖")
    assert (henlius.city, henlius.founded_year, henlius.listing_board) == (
        places["songjiang"],
        2010,
        "hkex",
    )
    assert henlius.is_high_tech
    example = Enterprise.objects.get(name="Example Biotech")
    assert set(example.industries.all()) == {places["bio"], places["ai"]}
    assert not example.is_high_tech


def test_milestone_dates_from_an_opendocument_sheet(places):
    path = Path(__file__).with_name("files") / "milestones.ods"
    report = import_file("milestone", path.read_bytes(), "milestones.ods")
    assert report.ok, report.problems
    dates = {m.title: (m.date, m.precision) for m in Milestone.objects.all()}
    assert dates == {
        "Songjiang proposes the G60 corridor": (datetime.date(2016, 5, 24), "day"),
        "Nine cities join": (datetime.date(2018, 1, 1), "year"),
        "Jiaxing and Hangzhou join": (datetime.date(2017, 7, 1), "month"),
    }
