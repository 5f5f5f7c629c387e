"""Reading uploaded files (dataexchange.reading): limits, hostile files, encodings and the usual mess in cells."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from dataexchange import reading
from dataexchange.reading import (
    UnreadableFile,
    clean_cell,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_yes_no,
    read_table,
)
from enterprises.models import Enterprise
from tests.dataexchange.conftest import csv_bytes, run_import, xlsx_bytes

ROWS = [["企业名称", "城市"], ["德阳电缆", "德阳"], ["Ningbo Shoes", "Ningbo"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_files_in_utf8_with_or_without_bom_and_in_gb18030_read_the_same(encoding):
    table = read_table(csv_bytes(ROWS, encoding), "rows.csv")

    assert table.headers == ["企业名称", "城市"]
    assert table.rows == [["德阳电缆", "德阳"], ["Ningbo Shoes", "Ningbo"]]


def test_xlsx_keeps_blank_rows_between_data_so_row_numbers_match_the_sheet_and_drops_them_at_the_end():
    table = read_table(xlsx_bytes([["name"], ["A"], [None], ["B"], [None], [None]]), "rows.xlsx")

    assert table.rows == [["A"], [None], ["B"]]


def test_a_semicolon_separated_csv_is_read_by_its_separator():
    table = read_table(b"name;city\nA;Deyang\n", "rows.csv")

    assert table.rows == [["A", "Deyang"]]


def test_files_over_10_mb_are_refused_before_they_are_parsed(monkeypatch):
    monkeypatch.setattr(openpyxl, "load_workbook", pytest.fail)

    with pytest.raises(UnreadableFile, match="files up to 10 MB can be imported"):
        read_table(b"PK\x03\x04" + b"0" * (10 * 1024 * 1024), "big.xlsx")


def test_more_than_20000_rows_are_refused_with_a_clear_message():
    data = csv_bytes([["name"]] + [[f"Enterprise {n}"] for n in range(20_001)])

    with pytest.raises(UnreadableFile, match="more than 20,000 rows"):
        read_table(data, "long.csv")


def test_20000_rows_are_read():
    assert len(read_table(csv_bytes([["name"]] + [["x"]] * 20_000), "long.csv").rows) == 20_000


@pytest.mark.parametrize("name", ["long.csv", "long.xlsx"])
def test_a_first_look_reads_the_headers_and_no_more_rows_than_asked(name):
    rows = [["name"]] + [[f"Enterprise {n}"] for n in range(30)]
    data = csv_bytes(rows) if name.endswith(".csv") else xlsx_bytes(rows)

    table = read_table(data, name, stop_after=3)

    assert (table.headers, table.rows) == (["name"], [["Enterprise 0"], ["Enterprise 1"], ["Enterprise 2"]])


def test_a_first_look_at_more_than_20000_rows_stops_before_the_limit():
    data = csv_bytes([["name"]] + [[f"Enterprise {n}"] for n in range(20_001)])

    assert len(read_table(data, "long.csv", stop_after=2001).rows) == 2001


def test_more_than_50_columns_are_refused_with_a_clear_message():
    data = xlsx_bytes([[f"column {n}" for n in range(51)], ["x"] * 51])

    with pytest.raises(UnreadableFile, match="more than 50 columns; at most 50 can be imported"):
        read_table(data, "wide.xlsx")


def zip_with(members):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return output.getvalue()


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(monkeypatch):
    monkeypatch.setattr(openpyxl, "load_workbook", pytest.fail)
    bomb = zip_with({"xl/worksheets/sheet1.xml": b"0" * (20 * 1024 * 1024)})

    with pytest.raises(UnreadableFile, match="unpacks to far more data than a spreadsheet holds"):
        read_table(bomb, "bomb.xlsx")


def test_a_workbook_unpacking_to_more_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNCOMPRESSED_BYTES", 1024)

    with pytest.raises(UnreadableFile, match="unpacks to far more data"):
        read_table(xlsx_bytes(ROWS), "rows.xlsx")


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_workbook_with_xml_entities_is_refused():
    workbook = zipfile.ZipFile(io.BytesIO(xlsx_bytes(ROWS)))
    members = {info.filename: workbook.read(info) for info in workbook.infolist()}
    members["xl/worksheets/sheet1.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )

    with pytest.raises(UnreadableFile, match="not a valid Excel workbook"):
        read_table(zip_with(members), "entities.xlsx")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "The file is empty."),
        (b"PK\x03\x04 not really a zip", "broken.xlsx", "not a valid Excel workbook"),
        (b"name\n", "rows.pdf", "Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported."),
        (b"name,city\n", "rows.xlsx", "is called .xlsx but is not an Excel workbook"),
        ("名称\n".encode("utf-16"), "rows.csv", "neither UTF-8 nor GB18030"),
    ],
)
def test_files_that_cannot_be_read_say_why(data, name, message):
    with pytest.raises(UnreadableFile, match=re.escape(message)):
        read_table(data, name)


@pytest.mark.parametrize(
    ("cell", "cleaned"),
    [
        ("  Deyang Cable Co\u3000", "Deyang Cable Co"),
        ("\ufeffCEC\u200b", "CEC"),
        ("ＣＥＣ－１", "CEC-1"),
        ("'=1+2", "=1+2"),
        ("\0Deyang\x07", "Deyang"),
        (None, ""),
        (12, 12),
    ],
)
def test_cells_are_cleaned_to_what_people_meant(cell, cleaned):
    assert clean_cell(cell) == cleaned


@pytest.mark.parametrize(
    "cell",
    [
        "2024-08-20",
        "2024/8/20",
        "20/08/2024",
        "2024年8月20日",
        "２０２４年８月２０日",
        "2024.8.20",
        "2024-08-20 00:00:00",
        datetime.datetime(2024, 8, 20),  # noqa: DTZ001 - Excel date cells carry no time zone
        datetime.date(2024, 8, 20),
    ],
)
def test_dates_are_read_from_date_cells_and_the_usual_ways_of_writing_them(cell):
    assert parse_date(cell) == datetime.date(2024, 8, 20)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2024-13-01", "“2024-13-01” is not a date in the calendar."),
        ("next week", "“next week” is not a date: write dates like 2024-08-20."),
        ("20240820", "“20240820” is not a date"),
    ],
)
def test_a_cell_that_is_not_a_date_says_so(cell, message):
    with pytest.raises(ValueError, match=message):
        parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("12,000", Decimal("12000")),
        ("１２，０００.５０", Decimal("12000.50")),
        (" 1 234 ", Decimal("1234")),
        (13000.5, Decimal("13000.5")),
        (42, Decimal("42")),
        ("-3.5", Decimal("-3.5")),
        ("", None),
    ],
)
def test_numbers_are_read_with_thousands_separators_and_full_width_digits(cell, number):
    assert parse_decimal(cell) == number


@pytest.mark.parametrize(("cell", "message"), [("12,5", "“12,5” is not a number."), ("abc", "“abc” is not a number.")])
def test_a_comma_that_does_not_group_thousands_is_not_guessed_at(cell, message):
    with pytest.raises(ValueError, match=message):
        parse_decimal(cell)


def test_whole_numbers_accept_excel_floats_but_not_fractions():
    assert parse_integer(320.0) == 320
    with pytest.raises(ValueError, match="“12.5” is not a whole number."):
        parse_integer("12.5")


@pytest.mark.parametrize("cell", ["是", "yes", "YES", "Y", "true", "TRUE", "1", 1, True, "ｙｅｓ", "有"])
def test_yes_is_understood_in_english_chinese_and_as_true_or_1(cell):
    assert parse_yes_no(cell) is True


@pytest.mark.parametrize("cell", ["否", "no", "No", "n", "false", "0", 0, False, "无"])
def test_no_is_understood_in_english_chinese_and_as_false_or_0(cell):
    assert parse_yes_no(cell) is False


def test_an_answer_that_is_not_yes_or_no_says_what_to_write():
    with pytest.raises(ValueError, match=r"“maybe” is not yes or no: write yes or no \(是 or 否\)."):
        parse_yes_no("maybe")


@pytest.mark.parametrize(
    "cell",
    ["Deyang\x7fCable", "Deyang\x85Cable", "Deyang\u200eCable", "Deyang\u202eCable", "Deyang\u2066Cable\u2069"],
)
def test_control_and_direction_characters_are_stripped_from_imported_cells(cell):
    assert clean_cell(cell) == "DeyangCable"


@pytest.mark.django_db
def test_imported_control_characters_never_reach_the_database(coordinator, partner, deyang):
    data = csv_bytes(
        [
            ["name", "city", "sector", "recruited_by", "workforce_total", "workforce_female"],
            ["\x01Deyang\x85 Cable\u202e Co\x1b\x7f", "Deyang", "electrical", "CEC", 10, 1],
        ]
    )

    assert run_import(coordinator, "enterprises", data, "rows.csv").written
    assert Enterprise.objects.get().name == "Deyang Cable Co"
