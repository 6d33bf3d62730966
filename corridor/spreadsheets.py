"""Reading and writing spreadsheets as Excel, WPS and LibreOffice save them.

``read_table`` turns an uploaded file (xlsx, csv in UTF-8 with or without BOM or in GB18030/GBK,
or json) into headers and rows, each row with the number it has in the editor's spreadsheet.
Blank rows are dropped (LibreOffice can save a million of them); surrounding spaces, full-width
ones included, are trimmed. Anything that cannot be read raises ``SpreadsheetError`` with a
message for the editor; nothing here ever shows a traceback.
"""

import codecs
import csv
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

FORMATS = ("xlsx", "csv", "json")
SPACES = " \t\r\n\u3000\u00a0\ufeff\u200b"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_UNPACKED_BYTES = 400 * 1024 * 1024


class SpreadsheetError(Exception):
    """A file that cannot be imported, with a message for the editor."""


@dataclass
class Table:
    headers: list
    rows: list = field(default_factory=list)  # lists of cell values, aligned with headers
    row_numbers: list = field(default_factory=list)  # the spreadsheet row of each row
    sheet: str = ""


def clean_cell(value):
    """Trim spaces (full-width too) from text; empty text becomes None."""
    if isinstance(value, str):
        value = value.strip(SPACES)
        return value or None
    return value


def neutralise(text):
    """Stop a spreadsheet from running a cell as a formula: prefix ``'`` (OWASP advice)."""
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def unneutralise(text):
    """Undo ``neutralise`` so that an exported file imports back unchanged."""
    if isinstance(text, str) and text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def max_bytes():
    return getattr(settings, "IMPORT_MAX_FILE_SIZE", 20 * 1024 * 1024)


def max_rows():
    return getattr(settings, "IMPORT_MAX_ROWS", 100_000)


def guess_format(name, head):
    """The format from the file's first bytes, checked against its name."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            _("This is an old Excel (.xls) workbook. Save it as .xlsx and import that.")
        )
    if extension == "xlsx":
        raise SpreadsheetError(
            _("This file is named .xlsx but is not an Excel workbook. It may have been renamed.")
        )
    if extension == "json" or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"[", b"{")):
        return "json"
    if b"\x00" in head:
        raise SpreadsheetError(
            _("This file is not a spreadsheet. Import an .xlsx, .csv or .json file.")
        )
    return "csv"


def read_table(data, name="", file_format=None, sheet=None):
    """Read ``data`` (bytes) into a ``Table``; raise ``SpreadsheetError`` when it cannot."""
    if not data:
        raise SpreadsheetError(_("The file is empty."))
    if len(data) > max_bytes():
        raise SpreadsheetError(
            _("The file is %(size)s MB; the largest file that can be imported is %(limit)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": max_bytes() // 1024 // 1024}
        )
    file_format = (file_format or guess_format(name, data[:512])).lower()
    if file_format not in FORMATS:
        raise SpreadsheetError(_("Unknown format %(format)s.") % {"format": file_format})
    reader = {"xlsx": _xlsx_rows, "csv": _csv_rows, "json": _json_rows}[file_format]
    try:
        raw_rows, sheet_name = reader(data, sheet)
        table = _collect(raw_rows)
    except SpreadsheetError:
        raise
    except Exception as error:  # a malformed file of any kind: say so, never a traceback
        raise SpreadsheetError(
            _("This file could not be read as %(format)s (%(reason)s).")
            % {"format": file_format.upper(), "reason": type(error).__name__}
        ) from error
    table.sheet = sheet_name
    return table


def _collect(raw_rows):
    """Headers from the first non-blank row; then every non-blank row with its number."""
    headers = None
    table = Table(headers=[])
    limit = max_rows()
    for number, raw in raw_rows:
        cells = [clean_cell(value) for value in raw]
        if not any(cell is not None for cell in cells):
            continue
        if headers is None:
            headers = [str(cell) if cell is not None else "" for cell in cells]
            while headers and not headers[-1]:
                headers.pop()
            table.headers = headers
            continue
        if len(table.rows) >= limit:
            raise SpreadsheetError(
                _("The file has more than %(limit)s rows. Split it into smaller files.")
                % {"limit": f"{limit:,}"}
            )
        cells = (cells + [None] * len(headers))[: len(headers)]
        table.rows.append(cells)
        table.row_numbers.append(number)
    if headers is None:
        raise SpreadsheetError(_("The file has no rows: not even a header row."))
    return table


def _xlsx_rows(data, sheet):
    """Rows of the chosen sheet, read by calamine (Rust): fast, and it expands no XML entities."""
    from python_calamine import CalamineWorkbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > XLSX_MAX_UNPACKED_BYTES:
            raise SpreadsheetError(_("This workbook unpacks to more data than can be imported."))
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    name = _pick_sheet(workbook.sheet_names, sheet)
    worksheet = workbook.get_sheet_by_name(name)
    # Rows come from the sheet's first row; columns from its first used column.
    return enumerate(worksheet.iter_rows(), start=1), name


def _pick_sheet(names, wanted):
    """The sheet named like the model (e.g. "Fund investments"), else the first one."""
    folded = {name.strip().lower(): name for name in names}
    for candidate in wanted or ():
        if str(candidate).strip().lower() in folded:
            return folded[str(candidate).strip().lower()]
    return names[0]


def decode_text(data):
    """UTF-8 (with or without BOM) if it decodes, else GB18030, a superset of GBK and GB2312."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(
                _(
                    "The text of this file is in an encoding that could not be recognised. "
                    "Save it as CSV UTF-8."
                )
            ) from error


def _csv_rows(data, sheet):
    """Excel's CSV rules; the delimiter (comma, semicolon or tab) is read off the header line.

    ``csv.Sniffer`` is not used: it guesses quote characters from apostrophes in the data.
    """
    text = decode_text(data)
    header = next((line for line in text.splitlines() if line.strip(SPACES + ",;")), "")
    delimiter = max(",;\t", key=header.count) if header else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return enumerate(reader, start=1), ""


def _json_rows(data, sheet):
    items = json.loads(decode_text(data))
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise SpreadsheetError(_("A JSON file should hold a list of objects, one per row."))
    headers = []
    for item in items:
        headers += [key for key in item if key not in headers]

    def rows():
        yield 1, headers
        for number, item in enumerate(items, start=2):
            yield number, [_json_cell(item.get(key)) for key in headers]

    return rows(), ""


def _json_cell(value):
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def write_table(headers, rows, file_format, sheet_title="Sheet1"):
    """Bytes of a spreadsheet; text cells are neutralised so no formula runs on opening."""
    rows = [[neutralise(cell) for cell in row] for row in rows]
    if file_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        worksheet = workbook.active
        worksheet.title = sheet_title[:31]
        worksheet.append(headers)
        for row in rows:
            worksheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    if file_format == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
        # A byte-order mark makes Excel open UTF-8 with its Chinese intact.
        return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
    if file_format == "json":
        items = [dict(zip(headers, row, strict=True)) for row in rows]
        return json.dumps(items, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    raise SpreadsheetError(_("Unknown format %(format)s.") % {"format": file_format})
