"""Reading and writing spreadsheets as Excel, WPS and LibreOffice save them.

``read_table`` turns an uploaded file (xlsx, xls, ods, csv in UTF-8 with or without BOM or in
GB18030/GBK, or json) into headers and rows, each row with the number it has in the editor's
spreadsheet. Blank rows are dropped (LibreOffice can save a million of them); surrounding
spaces, full-width ones included, are trimmed. Anything that cannot be read raises
``SpreadsheetError`` with a message for the editor; nothing here ever shows a traceback.
"""

import codecs
import csv
import html
import io
import json
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from defusedxml import ElementTree
from django.conf import settings
from django.utils.translation import gettext as _

FORMATS = ("xlsx", "xls", "ods", "csv", "json")
EXPORT_FORMATS = ("xlsx", "ods", "csv", "json")
WORKBOOKS = ("xlsx", "xls", "ods")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SPACES = " \t\r\n\u3000\u00a0\ufeff\u200b"
# Cell starts a spreadsheet may run as a formula; full-width forms too, which some Chinese
# input methods type and some spreadsheets accept.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# Excel's own limit on the text of one cell.
MAX_CELL_CHARACTERS = 32_767
# A workbook's parts may unpack to this many times the largest file that can be imported.
UNPACKED_RATIO = 10
# And its cells may hold this many times as many characters of text, counting each use of a
# shared string: a small file can otherwise repeat one long string in a million cells.
TEXT_RATIO = 5


class SpreadsheetError(Exception):
    """A file that cannot be imported, with a message for the editor."""


class FormulaWithoutValue(str):
    """A cell holding a formula whose result the file does not store (files written by programs
    rather than saved by a spreadsheet): its value is unknown, so the row cannot be imported."""

    def __new__(cls, formula):
        return super().__new__(cls, f"={formula}" if formula else "=…")


@dataclass
class Table:
    headers: list
    rows: list = field(default_factory=list)  # lists of cell values, aligned with headers
    row_numbers: list = field(default_factory=list)  # the spreadsheet row of each row
    sheet: str = ""


def clean_cell(value):
    """Trim spaces (full-width too) from text; empty text becomes None."""
    if isinstance(value, FormulaWithoutValue):
        return value
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


def guess_format(name, data):
    """The format from the file's own bytes, checked against its name."""
    head = data[:512]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if head.startswith(b"PK\x03\x04"):
        return zip_kind(data)
    if head.startswith(OLE2):
        return "xls"
    if extension in WORKBOOKS:
        raise SpreadsheetError(
            _(
                "This file is named .%(extension)s but is not a spreadsheet workbook. It may "
                "have been renamed."
            )
            % {"extension": extension}
        )
    if extension == "json" or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"[", b"{")):
        return "json"
    if b"\x00" in head:
        raise SpreadsheetError(
            _("This file is not a spreadsheet. Import an .xlsx, .xls, .ods, .csv or .json file.")
        )
    return "csv"


def zip_kind(data):
    """An Excel workbook (.xlsx) or an OpenDocument one (.ods): both are zip archives."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
                return "ods"
    except zipfile.BadZipFile as error:
        raise SpreadsheetError(_("This file is not a complete .xlsx workbook.")) from error
    if "[Content_Types].xml" in names or any(n.startswith("xl/") for n in names):
        return "xlsx"
    raise SpreadsheetError(
        _("This is a zip archive, not a spreadsheet. Import an .xlsx, .xls or .ods file.")
    )


def read_table(data, name="", file_format=None, sheet=None):
    """Read ``data`` (bytes) into a ``Table``; raise ``SpreadsheetError`` when it cannot."""
    if not data:
        raise SpreadsheetError(_("The file is empty."))
    if len(data) > max_bytes():
        raise SpreadsheetError(
            _("The file is %(size)s MB; the largest file that can be imported is %(limit)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": max_bytes() // 1024 // 1024}
        )
    file_format = (file_format or guess_format(name, data)).lower()
    if file_format not in FORMATS:
        raise SpreadsheetError(_("Unknown format %(format)s.") % {"format": file_format})
    reader = {
        "xlsx": _xlsx_rows,
        "xls": _xls_rows,
        "ods": _ods_rows,
        "csv": _csv_rows,
        "json": _json_rows,
    }[file_format]
    try:
        raw_rows, sheet_name = reader(data, sheet)
        table = _collect(raw_rows)
    except SpreadsheetError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as error:  # a malformed file of any kind: say so, never a traceback
        # BaseException: the Rust reader reports its own failures as a PanicException.
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
    same = {}  # one copy of each repeated text, however many cells repeat it
    for number, raw in raw_rows:
        cells = [clean_cell(value) for value in raw]
        cells = [same.setdefault(c, c) if isinstance(c, str) else c for c in cells]
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
    """Rows of the chosen sheet, read by calamine (Rust): fast, and it expands no XML entities.

    The workbook is inspected first (``XlsxInspector``), so that the reader never meets a file
    that would make it use more memory than the file's size allows; formula cells without a
    stored result are then marked in the rows.
    """
    from python_calamine import CalamineWorkbook

    inspector = XlsxInspector(data)
    name = _pick_sheet(inspector.sheet_names(), sheet)
    formulas = inspector.inspect(name)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    worksheet = workbook.get_sheet_by_name(name)
    # Rows come from the sheet's first row; columns from its first used column.
    first_column = worksheet.start[1] if worksheet.start else 0

    def rows():
        for number, row in enumerate(worksheet.iter_rows(), start=1):
            for column in formulas.get(number, {}):
                index = column - first_column
                if index >= 0:
                    row = row + [None] * (index + 1 - len(row))
                    row[index] = FormulaWithoutValue(formulas[number][column])
            yield number, row

    return rows(), name


COLUMN_REFERENCE = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
SHARED_STRING_CELL = re.compile(rb'\bt="s"[^>]*>\s*<(?:\w+:)?v>([0-9]{1,9})<')
FORMULA_START = re.compile(rb"<(?:\w+:)?f[\s>/]")
FORMULA_TEXT = re.compile(rb"<(?:\w+:)?f\b[^>]*>(.*?)</(?:\w+:)?f>", re.S)
VALUE = re.compile(rb"<(?:\w+:)?v>\s*[^<\s]")
LONG_RUN = re.compile(rb"[^<]{%d,}" % MAX_CELL_CHARACTERS)
CELL_END = re.compile(rb"</(?:\w+:)?c>|<(?:\w+:)?c\b[^>]*/>")
CHUNK_BYTES = 4 * 1024 * 1024


class ZippedWorkbook:
    """A zipped workbook (.xlsx, .ods) whose parts may unpack to at most ``UNPACKED_RATIO`` times
    ``IMPORT_MAX_FILE_SIZE``, checked on the archive's directory and again while reading."""

    def __init__(self, data):
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as error:
            raise SpreadsheetError(_("This file is not a complete workbook.")) from error
        unpacked = sum(info.file_size for info in self.archive.infolist())
        if unpacked > UNPACKED_RATIO * max_bytes():
            raise SpreadsheetError(
                _(
                    "This workbook unpacks to %(size)s MB, more than can be imported. Save it "
                    "again from your spreadsheet program, or split it."
                )
                % {"size": unpacked // 1024 // 1024}
            )
        self.budget = UNPACKED_RATIO * max_bytes()

    def _read(self, name):
        """The part's bytes, a chunk at a time, never more than the unpacked budget in all."""
        with self.archive.open(name) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                self.budget -= len(chunk)
                if self.budget < 0:
                    raise SpreadsheetError(
                        _("This workbook unpacks to more data than can be imported.")
                    )
                yield chunk

    def _xml(self, name):
        return ElementTree.fromstring(b"".join(self._read(name)))


class XlsxInspector(ZippedWorkbook):
    """Refuses, before any reader sees it, a workbook whose cells would take too much memory:

    - its parts unpack to more than ``UNPACKED_RATIO`` times ``IMPORT_MAX_FILE_SIZE``;
    - a cell's text is longer than Excel's own limit of 32,767 characters;
    - its cells hold more than ``TEXT_RATIO`` times ``IMPORT_MAX_FILE_SIZE`` characters in all,
      counting each cell that repeats a shared string.

    The parts are read as streams, a few megabytes at a time. It also finds the cells whose
    formula has no stored result, which readers would otherwise report as empty.
    """

    def __init__(self, data):
        super().__init__(data)
        self.parts = self._sheet_parts()

    def _sheet_parts(self):
        """``{sheet name: part path}``, and the shared strings part, from the workbook's map."""
        names = set(self.archive.namelist())
        workbook = next((n for n in ("xl/workbook.xml", "xl/workbook.bin") if n in names), None)
        if workbook is None or workbook.endswith(".bin"):
            raise SpreadsheetError(_("This file is not an .xlsx workbook."))
        rels_name = "xl/_rels/workbook.xml.rels"
        targets, self.shared_strings = {}, None
        if rels_name in names:
            for rel in self._xml(rels_name):
                target = rel.get("Target", "")
                path = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join("xl", target))
                )
                targets[rel.get("Id")] = path
                if rel.get("Type", "").endswith("/sharedStrings"):
                    self.shared_strings = path
        parts = {}
        for element in self._xml(workbook).iter():
            if element.tag.rsplit("}", 1)[-1] == "sheet":
                rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
                parts[element.get("name", "")] = targets.get(rid, "")
        return parts

    def sheet_names(self):
        return list(self.parts) or [""]

    def inspect(self, sheet_name):
        """Check the shared strings and the sheet; ``{row: {column: formula}}`` to mark."""
        lengths = self._shared_string_lengths()
        part = self.parts.get(sheet_name, "")
        if part not in self.archive.namelist():
            return {}
        return self._scan_sheet(part, lengths)

    def _shared_string_lengths(self):
        """The length of each shared string, read with expat, without entities or a DTD."""
        if not self.shared_strings or self.shared_strings not in self.archive.namelist():
            return []
        lengths, state = [], {"depth": 0, "text": 0, "in_text": 0}
        parser = expat.ParserCreate()

        def refuse(*args):
            raise SpreadsheetError(_("This workbook contains XML that cannot be imported."))

        def start(tag, attrs):
            local = tag.rsplit(":", 1)[-1]
            if local == "si":
                state["text"] = 0
            elif local == "t":
                state["in_text"] += 1

        def end(tag):
            local = tag.rsplit(":", 1)[-1]
            if local == "si":
                lengths.append(state["text"])
            elif local == "t":
                state["in_text"] -= 1

        def text(data):
            if state["in_text"]:
                state["text"] += len(data)
                if state["text"] > MAX_CELL_CHARACTERS:
                    raise too_long()

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        for chunk in self._read(self.shared_strings):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
        return lengths

    def _scan_sheet(self, part, lengths):
        formulas = {}
        text_budget = TEXT_RATIO * max_bytes()
        carry = b""
        for chunk in self._read(part):
            buffer = carry + chunk
            cut = _last_cell_end(buffer)
            piece, carry = buffer[:cut], buffer[cut:]
            text_budget = self._scan_piece(piece, lengths, formulas, text_budget)
            self._check_runs(carry)
        self._scan_piece(carry, lengths, formulas, text_budget)
        return formulas

    def _check_runs(self, piece):
        for run in LONG_RUN.finditer(piece):
            if len(html.unescape(run.group().decode("utf-8", "replace"))) > MAX_CELL_CHARACTERS:
                raise too_long()

    def _scan_piece(self, piece, lengths, formulas, text_budget):
        self._check_runs(piece)
        for match in SHARED_STRING_CELL.finditer(piece):
            index = int(match.group(1))
            text_budget -= lengths[index] if index < len(lengths) else 0
        if text_budget < 0:
            raise too_much_text()
        for match in FORMULA_START.finditer(piece):
            start = max(
                piece.rfind(b"<c ", 0, match.start()), piece.rfind(b":c ", 0, match.start())
            )
            end = CELL_END.search(piece, match.start())
            if start < 0 or end is None:
                continue
            cell = piece[start : end.end()]
            if VALUE.search(cell):
                continue
            reference = COLUMN_REFERENCE.search(cell)
            if reference is None:
                continue
            column = _column_index(reference.group(1).decode())
            formula = FORMULA_TEXT.search(cell)
            text = html.unescape(formula.group(1).decode("utf-8", "replace")) if formula else ""
            formulas.setdefault(int(reference.group(2)), {})[column] = text
        return text_budget


def _last_cell_end(buffer):
    """Where the last complete cell of ``buffer`` ends, so that no cell is cut in two."""
    for window in (65536, len(buffer)):
        ends = [m.end() for m in CELL_END.finditer(buffer, max(0, len(buffer) - window))]
        if ends:
            return ends[-1]
    return 0


def too_long():
    return SpreadsheetError(
        _(
            "A cell of this workbook holds more than %(limit)s characters, more than Excel "
            "itself allows. Shorten it and import the file again."
        )
        % {"limit": f"{MAX_CELL_CHARACTERS:,}"}
    )


def too_much_text():
    return SpreadsheetError(
        _(
            "This workbook repeats its text in so many cells that it would take too much "
            "memory to import. Save it again from your spreadsheet program, or split it."
        )
    )


class XlsInspector:
    """The same limits for an old Excel workbook (BIFF8 records in an OLE2 file): no string
    over 32,767 characters, and no more text in all its cells than ``TEXT_RATIO`` times
    ``IMPORT_MAX_FILE_SIZE``, counting every cell that repeats a shared string.

    It reads the records' headers and the shared strings' lengths, not their text.
    """

    SST, CONTINUE, LABELSST, LABEL, RSTRING, STRING = 0x00FC, 0x003C, 0x00FD, 0x0204, 0x00D6, 0x0207

    def __init__(self, data):
        import olefile

        try:
            with olefile.OleFileIO(io.BytesIO(data)) as ole:
                stream = next((name for name in ("Workbook", "Book") if ole.exists(name)), None)
                if stream is None:
                    raise SpreadsheetError(_("This file is not an Excel workbook."))
                self.stream = ole.openstream(stream).read()
        except SpreadsheetError:
            raise
        except Exception as error:
            raise SpreadsheetError(_("This file is not a complete .xls workbook.")) from error

    def records(self):
        data, position = self.stream, 0
        while position + 4 <= len(data):
            kind, size = struct.unpack_from("<HH", data, position)
            yield kind, data[position + 4 : position + 4 + size]
            position += 4 + size

    def inspect(self):
        budget = TEXT_RATIO * max_bytes()
        lengths, pending = [], None
        for kind, payload in self.records():
            if pending is not None:
                if kind == self.CONTINUE:
                    pending.append(payload)
                    continue
                lengths = self.shared_string_lengths(pending)
                pending = None
            if kind == self.SST:
                pending = [payload]
            elif kind == self.LABELSST and len(payload) >= 10:
                index = struct.unpack_from("<I", payload, 6)[0]
                budget -= lengths[index] if index < len(lengths) else 0
            elif kind in (self.LABEL, self.RSTRING) and len(payload) >= 8:
                budget -= self.checked(struct.unpack_from("<H", payload, 6)[0])
            elif kind == self.STRING and len(payload) >= 2:
                budget -= self.checked(struct.unpack_from("<H", payload, 0)[0])
            if budget < 0:
                raise too_much_text()
        if pending is not None:
            self.shared_string_lengths(pending)

    @staticmethod
    def checked(length):
        if length > MAX_CELL_CHARACTERS:
            raise too_long()
        return length

    def shared_string_lengths(self, blocks):
        """Each shared string's length in characters, walking its headers across CONTINUE
        records (a string's characters may go on in the next one, after a new flags byte)."""
        lengths, block, position = [], 0, 8
        unique = struct.unpack_from("<I", blocks[0], 4)[0] if len(blocks[0]) >= 8 else 0

        def skip(count):
            nonlocal block, position
            while count:
                if block >= len(blocks):
                    raise SpreadsheetError(_("This file is not a complete .xls workbook."))
                step = min(count, len(blocks[block]) - position)
                position += step
                count -= step
                if count:
                    block, position = block + 1, 0

        for _number in range(unique):
            if block < len(blocks) and position >= len(blocks[block]):
                block, position = block + 1, 0
            if block >= len(blocks) or position + 3 > len(blocks[block]):
                break
            characters, flags = struct.unpack_from("<HB", blocks[block], position)
            position += 3
            lengths.append(self.checked(characters))
            runs = extra = 0
            if flags & 0x08:
                runs = struct.unpack_from("<H", blocks[block], position)[0]
                position += 2
            if flags & 0x04:
                extra = struct.unpack_from("<i", blocks[block], position)[0]
                position += 4
            wide, left = flags & 0x01, characters
            while left:
                width = 2 if wide else 1
                fit = min(left, (len(blocks[block]) - position) // width)
                position += fit * width
                left -= fit
                if left:
                    block += 1
                    if block >= len(blocks):
                        raise SpreadsheetError(_("This file is not a complete .xls workbook."))
                    wide, position = blocks[block][0] & 0x01, 1
            skip(runs * 4 + max(extra, 0))
        return lengths


class OdsInspector(ZippedWorkbook):
    """The same limits for an OpenDocument workbook: its parts may unpack to at most
    ``UNPACKED_RATIO`` times the largest file; no cell holds more than 32,767 characters; and
    its cells hold at most ``TEXT_RATIO`` times the largest file in text, counting the cells and
    rows a file repeats with ``number-columns-repeated`` and ``number-rows-repeated``.
    """

    def inspect(self):
        if "content.xml" not in self.archive.namelist():
            raise SpreadsheetError(_("This file is not a complete .ods workbook."))
        budget = TEXT_RATIO * max_bytes()
        state = {"rows": 1, "row": 0, "columns": 1, "cell": 0, "text": 0, "total": 0}
        parser = expat.ParserCreate()

        def refuse(*args):
            raise SpreadsheetError(_("This workbook contains XML that cannot be imported."))

        def repeat(attrs, name):
            value = attrs.get(f"table:number-{name}-repeated", "1")
            return int(value) if value.isdigit() else 1

        def start(tag, attrs):
            if tag == "table:table-row":
                state["rows"], state["row"] = repeat(attrs, "rows"), 0
            elif tag in ("table:table-cell", "table:covered-table-cell"):
                state["columns"], state["cell"] = repeat(attrs, "columns"), 0
            elif tag == "text:p" and state["cell"]:
                state["cell"] += 1  # a line break between paragraphs

        def end(tag):
            if tag in ("table:table-cell", "table:covered-table-cell"):
                if state["cell"] > MAX_CELL_CHARACTERS:
                    raise too_long()
                state["row"] += state["columns"] * state["cell"]
            elif tag == "table:table-row":
                state["total"] += state["rows"] * state["row"]
                if state["total"] > budget:
                    raise too_much_text()

        def text(data):
            state["cell"] += len(data)

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        for chunk in self._read("content.xml"):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _column_index(letters):
    """``A`` is 0, ``Z`` 25, ``AA`` 26."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def _xls_rows(data, sheet):
    """Old Excel (.xls, as Excel 97–2003, WPS and LibreOffice save it), read by calamine after
    ``XlsInspector`` has measured its text."""
    inspector = XlsInspector(data)
    inspector.inspect()
    return _calamine_rows(data, sheet)


def _ods_rows(data, sheet):
    """OpenDocument (.ods, LibreOffice's own format), read by calamine after ``OdsInspector``
    has measured its text, repeated cells and rows included."""
    OdsInspector(data).inspect()
    return _calamine_rows(data, sheet)


def _calamine_rows(data, sheet):
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    name = _pick_sheet(workbook.sheet_names, sheet)
    worksheet = workbook.get_sheet_by_name(name)
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
    """Bytes of a spreadsheet, written by django-import-export's own format classes; text cells
    are neutralised first (full-width formula starts too), so no formula runs on opening."""
    import tablib

    if file_format not in EXPORT_FORMATS:
        raise SpreadsheetError(_("Unknown format %(format)s.") % {"format": file_format})
    dataset = tablib.Dataset(headers=list(headers), title=str(sheet_title)[:31])
    for row in rows:
        dataset.append(["" if cell is None else neutralise(cell) for cell in row])
    data = export_format(file_format)().export_data(dataset)
    return data.encode("utf-8") if isinstance(data, str) else data


def export_format(file_format):
    """django-import-export's format class for ``file_format``; CSV with a byte-order mark."""
    from import_export.formats import base_formats

    class ExcelCSV(base_formats.CSV):
        """CSV with a byte-order mark, so that Excel opens UTF-8 Chinese text correctly."""

        def export_data(self, dataset, **kwargs):
            return "\ufeff" + super().export_data(dataset, **kwargs)

    return {
        "xlsx": base_formats.XLSX,
        "ods": base_formats.ODS,
        "csv": ExcelCSV,
        "json": base_formats.JSON,
    }[file_format]


# Tags that open a row in each zipped format's sheet parts.
ROW_TAGS = {"xlsx": (b"<row", "xl/worksheets/"), "ods": (b"<table:table-row", "content.xml")}
# Bytes of a row in the formats whose rows are not counted without reading the file.
BYTES_PER_ROW = {"xls": 100, "json": 100}
ESTIMATE_BYTES = 64 * 1024 * 1024


def estimate_rows(data, name="", file_format=None, enough=None):
    """About how many rows ``data`` holds, without reading its cells: a fraction of a second
    where ``read_table`` may take several. Lines of a csv file and row tags of a workbook are
    counted (blank rows too), xls and json are judged by their size. Counting stops past
    ``enough``. A file that cannot be read counts as 0: ``read_table`` will say why."""
    try:
        file_format = (file_format or guess_format(name, data)).lower()
    except SpreadsheetError:
        return 0
    if file_format == "csv":
        return data.count(b"\n")
    if file_format in BYTES_PER_ROW:
        return len(data) // BYTES_PER_ROW[file_format]
    tag, part = ROW_TAGS.get(file_format, (None, None))
    if tag is None:
        return 0
    count, unpacked = 0, 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not info.filename.startswith(part):
                    continue
                with archive.open(info) as stream:
                    tail = b""
                    while chunk := stream.read(CHUNK_BYTES):
                        unpacked += len(chunk)
                        piece = tail + chunk
                        count += piece.count(tag) - tail.count(tag)
                        tail = piece[-len(tag) :]
                        if (enough is not None and count > enough) or unpacked > ESTIMATE_BYTES:
                            return max(count, (enough or 0) + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError):
        return 0
    return count
