"""Text that a spreadsheet program would run as a formula, made inert: the one neutraliser of every file
SCORE MIS writes (exports and templates in dataexchange, the committee report's workbook in reporting).

A text cell runs as a formula when its first visible character is =, +, - or @, also in their
full-width, small and super/subscript forms (＝ ﹦ ⁼ ＋ － ＠ …) and the minus sign −, or when it is a
DDE call such as cmd|' /C calc'!A0. Spreadsheet programs skip spaces, tabs, line breaks and control or
invisible characters before a formula, so the check looks past them; a cell that starts with a tab or
a line break is treated as a formula too, as OWASP advises, since some programs split cells there.
Such a cell is written with a leading apostrophe, which keeps it text; the importer takes it off again
(dataexchange.reading.clean_cell). Text that is only a number (-5, +3.5) stays as it is.
"""

import re
import unicodedata

FORMULA_STARTS = frozenset("=+-@\u2212")
SPLITTING_STARTS = ("\t", "\r", "\n")
# Characters an XLSX file cannot hold (XML 1.0) and other control characters: dropped from every cell.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
DDE_CALL = re.compile(r"[^\s|!]+\|[^!]*!")
NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")


def _is_skipped(char):
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


def runs_as_formula(text):
    """Whether a spreadsheet program would run the text `text` as a formula."""
    start = next((position for position, char in enumerate(text) if not _is_skipped(char)), None)
    if start is None or NUMBER.fullmatch(text):
        return False
    if text.startswith(SPLITTING_STARTS):
        return True
    visible = text[start:]
    return unicodedata.normalize("NFKC", visible[0])[:1] in FORMULA_STARTS or bool(DDE_CALL.match(visible))


def neutralise(value):
    """`value` as a spreadsheet cell should hold it: text without control characters, with a leading
    apostrophe if it would run as a formula. Numbers, dates and other values are returned as they are."""
    if not isinstance(value, str):
        return value
    text = UNSTORABLE.sub("", value)
    return "'" + text if runs_as_formula(text) else text
