"""How the workbooks in this folder were made; run it to make them again.

    python tests/files/make_files.py        (needs LibreOffice's ``soffice`` and xlwt==1.3.0)

- ``enterprises.ods`` and ``enterprises.xls``: an editor's enterprise sheet with Chinese headers,
  saved by LibreOffice as OpenDocument and as Excel 97–2003;
- ``milestones.ods``: dates as date cells, a year on its own and a month, by LibreOffice;
- ``long_string.xls``: one cell of 40,000 characters, more than Excel allows (written by xlwt);
- ``repeated_string.xls``: one 30,000-character string in 4,000 cells (xlwt shares it);
- ``repeated_cells.ods``: one 1,000-character cell repeated 100 × 2,000 times by the file's own
  repeat attributes.
"""

import datetime
import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def save_by_libreoffice(rows, name, formats):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = name.capitalize()
    for row in rows:
        sheet.append(row)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"{name}.xlsx"
        workbook.save(source)
        for target, filter_name in formats:
            subprocess.run(
                ["soffice", "--headless", "--convert-to", f"{target}:{filter_name}", str(source)],
                cwd=folder,
                check=True,
                capture_output=True,
            )
            shutil.copy(Path(folder) / f"{name}.{target}", HERE / f"{name}.{target}")


def enterprises():
    rows = [
        ["名称", "中文名称", "城市", "产业", "成立年份", "上市板块", "高新技术企业", "简介"],
        [
            "Henlius",
            "复宏汉霖",
            "松江",
            "生物医药",
            2010,
            "港交所",
            "是",
            "Antibodies & biosimilars",
        ],
        [
            "iFlytek",
            "科大讯飞",
            "Hefei",
            "Artificial Intelligence",
            1999,
            "深交所",
            "是",
            "Speech AI",
        ],
        [
            "Example Biotech",
            "示例生物",
            "Songjiang",
            "Biomedicine; Artificial Intelligence",
            2015,
            "Unlisted",
            "否",
            "示例：一家生物医药企业",
        ],
    ]
    save_by_libreoffice(rows, "enterprises", [("ods", "calc8"), ("xls", "MS Excel 97")])


def milestones():
    rows = [
        ["Date", "Title", "Phase", "City"],
        [datetime.date(2016, 5, 24), "Songjiang proposes the G60 corridor", "1.0", "Songjiang"],
        [2018, "Nine cities join", "3.0", ""],
        ["2017-07", "Jiaxing and Hangzhou join", "2.0", ""],
    ]
    save_by_libreoffice(rows, "milestones", [("ods", "calc8")])


def too_long_for_excel(text, encoding="ascii"):
    """xlwt's string packing without its 32,767 check: BIFF8 itself counts to 65,535."""
    from struct import pack

    return pack("<HB", len(text), 0) + text.encode("latin1")


def hostile_xls():
    import xlwt
    from xlwt import BIFFRecords

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Enterprises")
    sheet.write(0, 0, "Name")
    sheet.write(1, 0, "y" * 40_000)
    packing, BIFFRecords.upack2 = BIFFRecords.upack2, too_long_for_excel
    try:
        book.save(HERE / "long_string.xls")
    finally:
        BIFFRecords.upack2 = packing

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Enterprises")
    sheet.write(0, 0, "Name")
    text = "z" * 30_000
    for row in range(1, 4001):
        sheet.write(row, 0, text)
    book.save(HERE / "repeated_string.xls")


def hostile_ods():
    cell = (
        '<table:table-cell office:value-type="string" table:number-columns-repeated="100">'
        f"<text:p>{'x' * 1000}</text:p></table:table-cell>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        '<office:body><office:spreadsheet><table:table table:name="Enterprises">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Name</text:p>'
        "</table:table-cell></table:table-row>"
        f'<table:table-row table:number-rows-repeated="2000">{cell}</table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    (HERE / "repeated_cells.ods").write_bytes(buffer.getvalue())


if __name__ == "__main__":
    enterprises()
    milestones()
    hostile_xls()
    hostile_ods()
