"""Turning a committee report into a standalone HTML document, a PDF or an XLSX workbook."""

import io
import re

from django.template.loader import render_to_string
from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from score_mis.formulas import neutralise

SHEET_TITLE_LENGTH = 31
FORBIDDEN_IN_SHEET_TITLES = re.compile(r"[\[\]:*?/\\]")


def render_document(report):
    """The report as one self-contained HTML page: styles inline and photos embedded, so that it reads
    the same offline, in a PDF and years later in a frozen report."""
    return render_to_string(
        "reporting/committee_document.html", {"report": report, "embed_photos": True, "language": get_language()}
    )


def render_pdf(document):
    """The document as a PDF. It may load nothing from outside: its photos are embedded as data URIs."""
    # WeasyPrint loads Pango when imported: only PDF downloads pay for it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=document, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


def _sheet_title(title, taken):
    base = FORBIDDEN_IN_SHEET_TITLES.sub(" ", title)[:SHEET_TITLE_LENGTH].strip() or "Sheet"
    candidate, number = base, 2
    while candidate in taken:
        suffix = f" ({number})"
        candidate = base[: SHEET_TITLE_LENGTH - len(suffix)] + suffix
        number += 1
    return candidate


def render_xlsx(tables):
    """One sheet per table: a bold header row, then the values as numbers, dates and text. Every cell goes
    through the neutraliser of all SCORE spreadsheets: a title typed as a formula stays text."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, taken))
        taken.add(sheet.title)
        sheet.append([neutralise(column) for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([neutralise(value) for value in row])
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(len(column), 10) + 2, 50)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
