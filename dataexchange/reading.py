"""Reading the spreadsheets people send: safely, within limits, and forgiving the usual mess.

`read_table` turns the bytes of an uploaded XLSX or CSV file into a header row and data rows. It
refuses files that are too big, too long or too wide, and XLSX files that are zip bombs, before
parsing them; openpyxl parses the XML with defusedxml. The `parse_*` functions read one cell the
way people type it in China: full-width digits and punctuation, dates such as 2024年8月20日,
numbers with thousands separators, 是/否 for yes and no. They raise ValueError with a message
for the person who typed the cell.
"""

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from score_mis.formulas import runs_as_formula
from score_mis.text import INVISIBLE

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 50
# An XLSX file is a zip archive: what it unpacks to is bounded in total and in proportion to its
# size (ordinary workbooks unpack to 5-30 times their size; zip bombs to thousands of times).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
MAX_ARCHIVE_MEMBERS = 500
# Styled but empty rows below the data are skipped, up to this many, so a sheet of a million
# formatted empty rows is refused rather than read to the end.
MAX_BLANK_ROWS = 5 * MAX_ROWS
# About two pages of text (Excel allows 32,767): a longer cell is an error of its row, kept only as an
# excerpt, so a file of huge cells never turns into huge previews or messages.
MAX_CELL_CHARACTERS = 5_000
# Messages quote what people typed up to this many characters.
EXCERPT_CHARACTERS = 40

XLSX_MAGIC = b"PK\x03\x04"


class UnreadableFile(ValueError):
    """The file cannot be imported; the message says why, for the person who sent it."""


def excerpt(value):
    """`value` as messages quote it: at most EXCERPT_CHARACTERS characters."""
    text = str(value)
    return text if len(text) <= EXCERPT_CHARACTERS else text[: EXCERPT_CHARACTERS - 1] + "…"


@dataclass(frozen=True)
class OverlongCell:
    """A text cell longer than MAX_CELL_CHARACTERS, as read: its length and its excerpt, not its text."""

    length: int
    start: str

    def __str__(self):
        return excerpt(self.start + "…")


def _bounded(cell):
    if isinstance(cell, str) and len(cell) > MAX_CELL_CHARACTERS:
        return OverlongCell(length=len(cell), start=cell[:EXCERPT_CHARACTERS])
    return cell


@dataclass
class Table:
    """A sheet as read: `rows[i]` is spreadsheet row i + 2 (row 1 holds the headers)."""

    headers: list
    rows: list = field(default_factory=list)


def file_format(file_name, data):
    """ "xlsx" or "csv", from the file's content first and its name second."""
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile(_("The file is called .xlsx but is not an Excel workbook."))
    if file_name.lower().endswith((".csv", ".txt")):
        return "csv"
    raise UnreadableFile(_("Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported."))


def read_table(data, file_name, stop_after=None):
    """The first sheet of an XLSX file, or a CSV file in UTF-8 (with or without BOM) or GB18030. With `stop_after`,
    the headers and no more than that many rows: a first look at a long file costs no more than those rows."""
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(
            _("The file is %(size)s MB; files up to %(limit)s MB can be imported. Split it into smaller files.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": MAX_FILE_BYTES // 1024 // 1024}
        )
    if not data.strip():
        raise UnreadableFile(_("The file is empty."))
    rows = _xlsx_rows(data) if file_format(file_name, data) == "xlsx" else _csv_rows(data)
    return _table(rows, stop_after)


def _table(rows, stop_after=None):
    """Headers and data rows, checking the limits as the rows come, so an oversized file is not read whole."""
    try:
        header_row = next(rows)
    except StopIteration:
        raise UnreadableFile(_("The file is empty.")) from None
    headers = [clean_cell(_bounded(cell)) for cell in header_row]
    while headers and headers[-1] == "":
        headers.pop()
    if not headers:
        raise UnreadableFile(_("The first row must hold the column headers, and it is empty."))
    if len(headers) > MAX_COLUMNS:
        raise UnreadableFile(
            _("The file has more than %(limit)s columns; at most %(limit)s can be imported.") % {"limit": MAX_COLUMNS}
        )
    table, blank_run = Table(headers=[str(header) for header in headers]), []
    for row in rows:
        cells = [_bounded(cell) for cell in row[: len(headers)]]
        cells += [None] * (len(headers) - len(cells))
        if all(clean_cell(cell) == "" for cell in cells):
            blank_run.append(cells)
            if len(blank_run) > MAX_BLANK_ROWS:
                break
            continue
        table.rows += blank_run
        blank_run = []
        table.rows.append(cells)
        if stop_after is not None and len(table.rows) >= stop_after:
            break
        if len(table.rows) > MAX_ROWS:
            raise UnreadableFile(
                _("The file has more than %(limit)s rows; split it into files of at most %(limit)s rows.")
                % {"limit": f"{MAX_ROWS:,}"}
            )
    return table


def _check_archive(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile(_("The file is not a valid Excel workbook.")) from None
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if (
        len(members) > MAX_ARCHIVE_MEMBERS
        or unpacked > MAX_UNCOMPRESSED_BYTES
        or (unpacked > 1024 * 1024 and unpacked / packed > MAX_COMPRESSION_RATIO)
    ):
        raise UnreadableFile(
            _(
                "The workbook unpacks to far more data than a spreadsheet holds, so it is refused. "
                "Save it again from Excel."
            )
        )


def _xlsx_rows(data):
    if not openpyxl.DEFUSEDXML:
        raise ImproperlyConfigured(
            "openpyxl must parse workbooks with defusedxml: install it, and do not set OPENPYXL_DEFUSEDXML=False."
        )
    _check_archive(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        # openpyxl raises many kinds of errors on damaged or hostile files; none of them is the user's to read.
        raise UnreadableFile(_("The file is not a valid Excel workbook.")) from None
    return _sheet_rows(workbook)


def _sheet_rows(workbook):
    try:
        sheet = workbook.worksheets[0]
        # Both bounds given, so openpyxl does not read the whole sheet first to measure it.
        yield from sheet.iter_rows(max_col=MAX_COLUMNS + 1, max_row=MAX_ROWS + MAX_BLANK_ROWS + 2, values_only=True)
    except UnreadableFile:
        raise
    except Exception:
        raise UnreadableFile(_("The file is not a valid Excel workbook.")) from None
    finally:
        workbook.close()


def _decode(data):
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_("The CSV file is neither UTF-8 nor GB18030 text. Save it again as “CSV UTF-8”."))


def _csv_rows(data):
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error:
        raise UnreadableFile(_("The CSV file is damaged: a quoted cell is not closed.")) from None


def clean_cell(value):
    """A cell as people meant it: text in NFKC form (full-width digits and punctuation made plain),
    without surrounding spaces, control or invisible characters; empty cells as ""; numbers, dates and
    booleans as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = INVISIBLE.sub("", unicodedata.normalize("NFKC", value))
        if text[:1] == "'" and runs_as_formula(text[1:]):
            text = text[1:]  # a formula neutralised by an export (score_mis.formulas)
        return text.strip()
    return value


def header_key(text):
    """A header or a word as compared: NFKC, case, spaces and underscores ignored
    (“Enterprise_Name” is “enterprise name”)."""
    return re.sub(r"[\s_]+", " ", str(clean_cell(text))).strip().casefold()


def is_blank(values):
    return all(clean_cell(value) == "" for value in values)


YES_WORDS = {"yes", "y", "true", "1", "是", "有"}
NO_WORDS = {"no", "n", "false", "0", "否", "无"}


def parse_yes_no(value):
    """True, False, or None for an empty cell."""
    value = clean_cell(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).casefold()
    if text == "":
        return None
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise ValueError(_("“%(value)s” is not yes or no: write yes or no (是 or 否).") % {"value": excerpt(value)})


_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
_PLAIN_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")


def parse_decimal(value):
    """A Decimal, or None for an empty cell. Commas are read as thousands separators only where
    they group digits by three (12,000.50), so 12,5 is an error, not 125."""
    value = clean_cell(value)
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": excerpt(value)})
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = re.sub(r"\s", "", str(value))
    if text == "":
        return None
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": excerpt(value)})
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": excerpt(value)}) from None


def parse_integer(value):
    """An int, or None for an empty cell; 12.0 is 12, 12.5 is an error."""
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": excerpt(clean_cell(value))})
    return int(number)


_YEAR_FIRST = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_MIDNIGHT = re.compile(r"[ T]0{1,2}:00(:00(\.0+)?)?$")


def parse_date(value):
    """A date, or None for an empty cell: an Excel date cell, or text such as 2024-08-20, 2024/8/20,
    20/08/2024 (day first) or 2024年8月20日."""
    value = clean_cell(value)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _MIDNIGHT.sub("", str(value))
    if text == "":
        return None
    if match := _YEAR_FIRST.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise ValueError(_("“%(value)s” is not a date: write dates like 2024-08-20.") % {"value": excerpt(value)})
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date in the calendar.") % {"value": excerpt(value)}) from None
