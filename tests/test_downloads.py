"""Downloads of every public list (``corridor.opendata``): CSV with a byte-order mark, xlsx and
JSON; published rows only; the page's filters and order; formula-safe cells; headers in the
page's language; rows read in chunks, in a fixed number of queries."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from corridor.opendata import DATASETS
from tests.factories import (
    CityFactory,
    EnterpriseFactory,
    IndicatorFactory,
    IndustryFactory,
    NewsItemFactory,
    ParkFactory,
)

pytestmark = pytest.mark.django_db
FORMATS = ("csv", "xlsx", "json")


def body(response):
    return b"".join(response.streaming_content)


def rows(response, file_format):
    """``(headers, rows)`` of a download, every cell as text."""
    data = body(response)
    if file_format == "csv":
        assert data.startswith("\ufeff".encode())
        table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        return table[0], table[1:]
    if file_format == "xlsx":
        sheet = load_workbook(io.BytesIO(data), read_only=True).active
        table = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
        return table[0], table[1:]
    document = json.loads(data)
    keys = [column["key"] for column in document["columns"]]
    table = [
        [str(item[key]) if item[key] is not None else "" for key in keys]
        for item in document["items"]
    ]
    return [column["title"] for column in document["columns"]], table


def download(client, dataset, file_format, language="en", **params):
    response = client.get(f"/{language}/data/{dataset}.{file_format}", params)
    assert response.status_code == 200, response
    assert response.streaming
    return response


@pytest.mark.parametrize("file_format", FORMATS)
def test_drafts_and_future_items_are_in_no_download(client, everything, file_format):
    for key in DATASETS:
        text = body(download(client, key, file_format)).decode("latin-1")
        assert "Hidden" not in text and "hidden" not in text, key
        _headers, table = rows(download(client, key, file_format), file_format)
        if key == "cities":
            continue
        assert len(table) == 1, (key, table)
    _headers, table = rows(download(client, "enterprises", "csv"), "csv")
    assert table[0][1] == "Visible Co"


def page_names(client, url):
    return [e.name for e in client.get(url).context["enterprises"]]


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_filtered_download_lists_exactly_the_page(client, file_format, two_cities):
    songjiang, _suzhou, bio = two_cities
    query = {"city": songjiang.slug, "industry": bio.slug, "order": "-founded"}
    expected = page_names(
        client, "/en/enterprises/?" + "&".join(f"{k}={v}" for k, v in query.items())
    )
    assert expected == ["echo", "Bravo", "charlie", "Alpha", "delta"]
    _headers, table = rows(download(client, "enterprises", file_format, **query), file_format)
    assert [row[1] for row in table] == expected
    # No order asked: the page's own (by name), on the page and in the download.
    query.pop("order")
    _headers, table = rows(download(client, "enterprises", file_format, **query), file_format)
    assert [row[1] for row in table] == ["Alpha", "Bravo", "charlie", "delta", "echo"]


def test_junk_filters_are_ignored_as_the_page_ignores_them(client):
    EnterpriseFactory(name="Still listed")
    response = download(client, "enterprises", "csv", city="no-such-city", founded_min="abc")
    _headers, table = rows(response, "csv")
    assert [row[1] for row in table] == ["Still listed"]


def test_unknown_lists_and_formats_are_not_found(client):
    assert client.get("/en/data/passwords.csv").status_code == 404
    assert client.get("/en/data/enterprises.exe").status_code == 404


@pytest.mark.parametrize("file_format", ("csv", "xlsx"))
def test_formula_cells_are_written_as_text(client, file_format):
    EnterpriseFactory(name='=HYPERLINK("http://evil")', summary="+1+cmd|' /C calc'!A0")
    headers, table = rows(download(client, "enterprises", file_format), file_format)
    row = dict(zip(headers, table[0], strict=True))
    assert row["Name (English)"] == '\'=HYPERLINK("http://evil")'
    assert row["Summary (English)"] == "'+1+cmd|' /C calc'!A0"


def test_json_keeps_values_as_written(client):
    EnterpriseFactory(name="=SUM(A1)", founded_year=2010)
    document = json.loads(body(download(client, "enterprises", "json")))
    assert document["licence"]["name"] == "CC BY 4.0"
    item = document["items"][0]
    assert item["name_en"] == "=SUM(A1)" and item["founded_year"] == 2010
    IndicatorFactory(label="R&D", value=Decimal("3.5500"))
    IndicatorFactory(label="Area", value=Decimal("76200.0000"))
    values = {
        i["label_en"]: i["value"]
        for i in json.loads(body(download(client, "figures", "json")))["items"]
    }
    assert values == {"R&D": "3.55", "Area": "76200"}


def test_headers_follow_the_page_language(client):
    EnterpriseFactory(name="Henlius", name_zh_hans="复宏汉霖")
    english, _rows = rows(download(client, "enterprises", "csv"), "csv")
    chinese, table = rows(download(client, "enterprises", "csv", language="zh-hans"), "csv")
    assert english[:3] == ["Slug", "Name (English)", "Name (Chinese)"]
    assert chinese[:3] == ["网址名", "名称（英文）", "名称（中文）"]
    assert table[0][2] == "复宏汉霖"
    response = download(client, "enterprises", "csv", language="zh-hans")
    assert response["Content-Disposition"] == 'attachment; filename="g60-enterprises-zh-hans.csv"'


def test_every_record_carries_its_source(client):
    article = NewsItemFactory(title="Chips", source_name="Shanghai Daily")
    ParkFactory(
        name="Sourced park",
        source=article,
        source_date=datetime.date(2024, 6, 11),
        verified_on=datetime.date(2026, 11, 25),
    )
    document = json.loads(body(download(client, "parks", "json")))
    item = document["items"][0]
    assert item["source"] == "Shanghai Daily" and item["source_date"] == "2024-06-11"
    assert item["source_article"] == "http://testserver" + article.get_absolute_url()
    assert item["page"].startswith("http://testserver/en/parks/")
    assert item["verified_on"] == "2026-11-25"


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_download_reads_a_fixed_number_of_queries(
    client, file_format, django_assert_max_num_queries
):
    city, industry = CityFactory(), IndustryFactory()
    for n in range(3):
        EnterpriseFactory(name=f"Few {n}", city=city, industries=[industry])
    with django_assert_max_num_queries(8) as few:
        body(download(client, "enterprises", file_format))
    for n in range(40):
        EnterpriseFactory(name=f"Many {n}", city=city, industries=[industry])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(rows(download(client, "enterprises", file_format), file_format)[1]) == 43


def test_every_list_page_offers_its_download_with_its_filters(client):
    city = CityFactory(name="Songjiang")
    EnterpriseFactory(name="Listed", city=city)
    html = client.get("/en/enterprises/", {"city": city.slug, "page": "1"}).content.decode()
    assert f'href="/en/data/enterprises.csv?city={city.slug}"' in html
    assert "Download this list (1)" in html
    for path, key in [
        ("/en/news/", "news"),
        ("/en/cities/", "cities"),
        ("/en/industries/", "industries"),
        ("/en/parks/", "parks"),
        ("/en/enclaves/", "enclaves"),
        ("/en/funds/", "funds"),
        ("/en/about/", "milestones"),
        ("/en/about/", "figures"),
    ]:
        html = client.get(path).content.decode()
        for file_format in FORMATS:
            assert f'href="/en/data/{key}.{file_format}"' in html, (path, key)
