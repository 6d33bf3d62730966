"""Spreadsheet files built by the tests, as Excel, WPS and LibreOffice save them."""

import csv
import io
import zipfile

from openpyxl import Workbook


def xlsx(rows, title="Sheet1", extra_sheets=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, sheet_rows in (extra_sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in sheet_rows:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8", delimiter=","):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def raw_xlsx(sheet_xml, shared_strings=None):
    """A minimal workbook around hand-written sheet XML (and shared strings, if given)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                "</Types>"
            ),
        )
        archive.writestr(
            "_rels/.rels",
            (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                "</Relationships>"
            ),
        )
        archive.writestr(
            "xl/workbook.xml",
            (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ),
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                "</Relationships>"
            ),
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        archive.writestr(
            "xl/sharedStrings.xml",
            shared_strings
            or (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" '
                'uniqueCount="0"></sst>'
            ),
        )
    return buffer.getvalue()


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def libreoffice_million_blank_rows(data_rows):
    """A sheet whose formatted empty rows run to row 1,048,576, as LibreOffice can save."""
    parts = [SHEET_HEAD, '<dimension ref="A1:C1048576"/><sheetData>']
    for number, row in enumerate(data_rows, start=1):
        cells = "".join(inline(f"{'ABC'[i]}{number}", value) for i, value in enumerate(row))
        parts.append(f'<row r="{number}">{cells}</row>')
    start = len(data_rows) + 1
    parts.append(
        "".join(
            f'<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/></row>'
            for n in range(start, 1_048_577)
        )
    )
    parts.append("</sheetData></worksheet>")
    return raw_xlsx("".join(parts))


def billion_laughs():
    """Shared strings defining nested entities that would expand to gigabytes."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    shared = (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    sheet = (
        SHEET_HEAD + '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        "</sheetData></worksheet>"
    )
    return raw_xlsx(sheet, shared)


def shared_string_bomb(length, references):
    """A small workbook whose one shared string of ``length`` characters fills ``references``
    cells: a few kilobytes that a reader would expand to ``length × references`` characters."""
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" '
        f'uniqueCount="2"><si><t>Name</t></si><si><t>{"x" * length}</t></si></sst>'
    )
    rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c></row>']
    rows += [f'<row r="{n}"><c r="A{n}" t="s"><v>1</v></c></row>' for n in range(2, references + 2)]
    sheet = SHEET_HEAD + "<sheetData>" + "".join(rows) + "</sheetData></worksheet>"
    return raw_xlsx(sheet, shared)


def long_inline_cell(length):
    """One inline-string cell longer than Excel allows."""
    sheet = (
        SHEET_HEAD + '<sheetData><row r="1">' + inline("A1", "Name") + "</row>"
        '<row r="2">' + inline("A2", "y" * length) + "</row></sheetData></worksheet>"
    )
    return raw_xlsx(sheet)


def formula_without_value():
    """What a program writing formulas (openpyxl, for one) saves: no cached result."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "City", "Summary"])
    sheet.append(["Henlius", "Songjiang", '=CONCATENATE("Bio", "pharma")'])
    sheet.append(["Other Co", "Songjiang", "Plain text"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(parts):
    """A zip archive holding ``{name: text}``: a zip, but no workbook."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()
