"""Reading spreadsheets as editors save them, and refusing what is not one."""

import datetime
import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from corridor.spreadsheets import reader as spreadsheets
from corridor.spreadsheets.reader import (
    SpreadsheetError,
    neutralise,
    read_table,
    unneutralise,
    write_table,
)
from tests import spreadsheet_files as files

ROWS = [
    ["Name", "Chinese name", "City"],
    ["Henlius", "复宏汉霖", "Songjiang"],
    ["iFlytek", "科大讯飞", "合肥"],
]


def test_xlsx_with_dates_numbers_and_row_numbers():
    data = files.xlsx(
        [
            ["Name", "Founded", "Opened"],
            [" Henlius\u3000", 2010, datetime.date(2023, 9, 22)],
            [None, None, None],
            ["iFlytek", 1999.0, 45191],
        ]
    )
    table = read_table(data, "companies.xlsx")
    assert table.headers == ["Name", "Founded", "Opened"]
    assert table.rows[0][0] == "Henlius"  # full-width space trimmed
    assert table.rows[0][2] in (datetime.date(2023, 9, 22), datetime.datetime(2023, 9, 22))
    assert table.row_numbers == [2, 4]  # the blank row 3 is skipped, numbers kept


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("gb18030", b"")],
)
def test_csv_encodings_keep_chinese(encoding, prefix):
    table = read_table(prefix + files.csv_bytes(ROWS, encoding), "c.csv")
    assert table.headers == ["Name", "Chinese name", "City"]
    assert [row[1] for row in table.rows] == ["复宏汉霖", "科大讯飞"]


def test_csv_with_semicolons_as_european_excel_saves_it():
    table = read_table(files.csv_bytes(ROWS, delimiter=";"), "c.csv")
    assert table.rows[1] == ["iFlytek", "科大讯飞", "合肥"]


def test_apostrophes_are_not_taken_for_quotes():
    data = b"Name,Summary\nO'Brien Labs,It's 'quoted' here\nB,x\n"
    table = read_table(data, "c.csv")
    assert table.rows == [["O'Brien Labs", "It's 'quoted' here"], ["B", "x"]]


def test_json_list_of_objects():
    data = b'[{"Name": "Henlius", "Industries": ["Biomedicine", "Biotech"]}, {"Name": "X"}]'
    table = read_table(data, "c.json")
    assert table.headers == ["Name", "Industries"]
    assert table.rows == [["Henlius", "Biomedicine; Biotech"], ["X", None]]


def test_a_million_blank_csv_rows_are_ignored_quickly():
    data = files.csv_bytes(ROWS) + b",,\r\n" * 1_000_000
    start = time.perf_counter()
    table = read_table(data, "c.csv")
    assert len(table.rows) == 2
    assert time.perf_counter() - start < 30


def test_a_million_blank_libreoffice_rows_are_ignored():
    data = files.libreoffice_million_blank_rows(ROWS)
    table = read_table(data, "libreoffice.xlsx")
    assert table.headers == ["Name", "Chinese name", "City"]
    assert len(table.rows) == 2


def test_entity_bomb_is_refused_without_blowing_up_memory():
    tracemalloc.start()
    try:
        table = read_table(files.billion_laughs(), "bomb.xlsx")
    except SpreadsheetError as error:
        assert "XML that cannot be imported" in str(error)
    else:  # the entities were left unexpanded: harmless
        assert len(str(table.headers)) < 1000
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024


def test_zip_bomb_is_refused(settings):
    settings.IMPORT_MAX_FILE_SIZE = 100 * 1024  # parts may unpack to ten times that
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (4 * 1024 * 1024))
    with pytest.raises(SpreadsheetError, match="unpacks to 4 MB, more than can be imported"):
        read_table(buffer.getvalue(), "bomb.xlsx")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.xlsx", "The file is empty."),
        (
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
            "photo.xlsx",
            "named .xlsx but is not a spreadsheet",
        ),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "photo.csv", "not a spreadsheet"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "old.xls",
            "not a complete .xls workbook",
        ),
        (files.zip_of({"notes.txt": "hello"}), "notes.xlsx", "zip archive, not a spreadsheet"),
        (b"PK\x03\x04garbage", "broken.xlsx", "not a complete .xlsx workbook"),
        (b"\n\n  \n", "blank.csv", "no rows"),
        (b"[1, 2, 3]", "list.json", "list of objects"),
        (b"{not json", "broken.json", "could not be read as JSON"),
        (b"\xff\xfe\xfa\x80\x81", "odd.csv", "could not"),
    ],
)
def test_files_that_are_not_spreadsheets_get_a_message(data, name, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_table(data, name)


def test_size_limit(settings):
    settings.IMPORT_MAX_FILE_SIZE = 1000
    with pytest.raises(SpreadsheetError, match="largest file that can be imported"):
        read_table(b"Name\n" + b"x\n" * 1000, "big.csv")


def test_row_limit_counts_rows_not_blank_lines(settings):
    settings.IMPORT_MAX_ROWS = 3
    read_table(b"Name\na\nb\nc\n" + b",\n" * 100, "ok.csv")
    with pytest.raises(SpreadsheetError, match="more than 3 rows"):
        read_table(b"Name\na\nb\nc\nd\n", "big.csv")


def test_first_sheet_named_like_the_model_is_used():
    data = files.xlsx([["Other"], ["x"]], extra_sheets={"Fund investments": [["Fund"], ["F"]]})
    table = read_table(data, "book.xlsx", sheet=("fund investments",))
    assert table.sheet == "Fund investments"
    assert table.rows == [["F"]]


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+1", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_starts_are_neutralised_and_restored(text):
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text
    assert neutralise("plain") == "plain"
    assert neutralise(-5) == -5


def test_written_files_do_not_run_formulas():
    data = write_table(["Name"], [['=HYPERLINK("http://x")']], "xlsx")
    from openpyxl import load_workbook

    cell = load_workbook(io.BytesIO(data)).active["A2"]
    assert cell.data_type == "s"
    assert cell.value.startswith("'=")
    csv_data = write_table(["名称"], [["=1+1"]], "csv")
    assert csv_data.startswith(b"\xef\xbb\xbf")
    assert "'=1+1" in csv_data.decode("utf-8-sig")


def test_a_long_shared_string_repeated_in_many_cells_is_refused_before_reading():
    data = files.shared_string_bomb(8 * 1024 * 1024, 20)
    assert len(data) < 100 * 1024  # a small file …
    tracemalloc.start()
    with pytest.raises(SpreadsheetError, match="more than 32,767 characters"):
        read_table(data, "bomb.xlsx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 60 * 1024 * 1024  # … that once took 1.24 GB to read


def test_text_repeated_beyond_the_budget_is_refused(settings):
    settings.IMPORT_MAX_FILE_SIZE = 1024 * 1024  # cells may hold 5 M characters in all
    data = files.shared_string_bomb(30_000, 200)  # 6 M characters
    with pytest.raises(SpreadsheetError, match="repeats its text in so many cells"):
        read_table(data, "bomb.xlsx")


def test_an_inline_cell_longer_than_excel_allows_is_refused():
    with pytest.raises(SpreadsheetError, match="more than 32,767 characters"):
        read_table(files.long_inline_cell(40_000), "long.xlsx")
    assert read_table(files.long_inline_cell(30_000), "fine.xlsx").rows[0][0] == "y" * 30_000


def test_a_reader_panic_becomes_a_message(monkeypatch):
    class PanicException(BaseException):  # what the Rust reader raises: not an Exception
        pass

    import python_calamine

    def panic(*args, **kwargs):
        raise PanicException("capacity overflow")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", panic)
    with pytest.raises(SpreadsheetError, match="could not be read as XLSX"):
        read_table(files.xlsx([["Name"], ["A"]]), "panic.xlsx")


def test_a_formula_without_a_stored_result_is_marked():
    table = read_table(files.formula_without_value(), "formula.xlsx")
    cell = table.rows[0][2]
    assert isinstance(cell, spreadsheets.FormulaWithoutValue)
    assert cell == '=CONCATENATE("Bio", "pharma")'
    assert table.rows[1][2] == "Plain text"


@pytest.mark.parametrize("text", ["＝1+1", "＋86 21", "－5", "＠SUM(A1)"])
def test_full_width_formula_starts_are_neutralised_too(text):
    assert spreadsheets.neutralise(text) == "'" + text
    assert spreadsheets.unneutralise(spreadsheets.neutralise(text)) == text


FILES = Path(__file__).with_name("files")


@pytest.mark.parametrize("name", ["enterprises.ods", "enterprises.xls"])
def test_libreoffice_and_old_excel_workbooks_are_read(name):
    table = read_table((FILES / name).read_bytes(), name)
    assert table.headers[:4] == ["名称", "中文名称", "城市", "产业"]
    assert table.rows[0][:2] == ["Henlius", "复宏汉霖"]
    assert table.sheet == "Enterprises"
    assert table.row_numbers == [2, 3, 4]


def test_the_format_comes_from_the_bytes_not_the_name():
    ods = (FILES / "enterprises.ods").read_bytes()
    xls = (FILES / "enterprises.xls").read_bytes()
    assert spreadsheets.guess_format("upload.xlsx", ods) == "ods"
    assert spreadsheets.guess_format("upload", xls) == "xls"
    assert spreadsheets.guess_format("x.ods", files.xlsx([["Name"]])) == "xlsx"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("long_string.xls", "more than 32,767 characters"),
        ("repeated_string.xls", "repeats its text in so many cells"),
        ("repeated_cells.ods", "repeats its text in so many cells"),
    ],
)
def test_hostile_old_excel_and_opendocument_workbooks_are_refused(name, message):
    data = (FILES / name).read_bytes()
    assert len(data) < 200 * 1024
    tracemalloc.start()
    with pytest.raises(SpreadsheetError, match=message):
        read_table(data, name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 60 * 1024 * 1024


def test_an_opendocument_workbook_that_unpacks_too_far_is_refused(settings):
    settings.IMPORT_MAX_FILE_SIZE = 100 * 1024
    data = files.zip_of(
        {
            "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": "x" * 2_000_000,
        }
    )
    with pytest.raises(SpreadsheetError, match="unpacks to 1 MB, more than can be imported"):
        read_table(data, "big.ods")


@pytest.mark.parametrize("file_format", ["xlsx", "ods", "csv", "json"])
def test_written_files_read_back_in_every_format(file_format):
    rows = [["Henlius", "复宏汉霖", "=1+1", 2010]]
    data = write_table(["Name", "Chinese name", "Summary", "Founded"], rows, file_format)
    table = read_table(data, f"export.{file_format}")
    assert table.headers == ["Name", "Chinese name", "Summary", "Founded"]
    assert table.rows[0][:3] == ["Henlius", "复宏汉霖", "'=1+1"]
    assert int(float(table.rows[0][3])) == 2010
