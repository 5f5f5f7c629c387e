"""The files people download: an XLSX template per kind of record, and exports of a list as XLSX or CSV.

Exports are written row by row from the database in chunks: CSV is streamed as it is written, XLSX
goes through openpyxl's write-only mode into a temporary file. Every cell of every file, headers and
notes included, goes through `score_mis.formulas.neutralise`; numbers and dates keep their types in XLSX.
"""

import csv
import datetime
import tempfile

from django.core.exceptions import FieldDoesNotExist
from django.db.models import NOT_PROVIDED
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from dataexchange.cells import DateWidget, DecimalWidget, YesNoWidget
from score_mis.formulas import neutralise

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(italic=True, color="666666")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def _headers(resource, fields):
    return [neutralise(resource.label(resource.get_field_name(field))) for field in fields]


def _neutralised(values):
    return [neutralise(value) for value in values]


def _other_language_header(resource, name):
    column = resource.columns.get(name)
    if column is None:
        return ""
    if resource.label(name) != column.label_zh:
        return column.label_zh
    with translation.override("en"):
        return str(column.label)


def _is_required(resource, name, field):
    if name in resource.optional_key_fields:
        return ""
    if name in resource.get_import_id_fields():
        return _("Yes")
    if field.readonly:
        return _("With the column before it")
    try:
        model_field = resource._meta.model._meta.get_field(field.attribute)
    except FieldDoesNotExist:
        return ""
    if not model_field.blank and model_field.default is NOT_PROVIDED:
        return _("For new rows")
    return ""


def _example(field, value):
    if isinstance(field.widget, DateWidget) and isinstance(value, str) and value:
        return datetime.date.fromisoformat(value)
    if isinstance(field.widget, DecimalWidget) and isinstance(value, str) and value:
        return float(value.replace(",", ""))
    return value


def template_workbook(resource, title, output):
    """Write to `output` the template for `resource`'s user: a sheet with the headers in the interface
    language and one example row, and a sheet of notes on every column."""
    workbook = Workbook()
    rows = workbook.active
    rows.title = _("Rows")[:31]
    fields = resource.template_fields()
    names = [resource.get_field_name(field) for field in fields]
    rows.append(_headers(resource, fields))
    examples = [_example(field, resource.columns[name].example) for name, field in zip(names, fields, strict=True)]
    rows.append(_neutralised(examples))
    for cell in rows[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for cell, field in zip(rows[2], fields, strict=True):
        cell.font = EXAMPLE_FONT
        if isinstance(field.widget, DateWidget):
            cell.number_format = DATE_FORMAT
    for cell in rows[1]:
        rows.column_dimensions[cell.column_letter].width = max(14, min(40, len(str(cell.value)) + 4))
    rows.freeze_panes = "A2"

    notes = workbook.create_sheet(_("Notes")[:31])
    notes.append(_neutralised([title]))
    notes["A1"].font = Font(bold=True, size=14)
    for line in (
        _("Row 1 holds the column headers; English or Chinese headers both work, in any order."),
        _("Row 2 is an example: replace it with your own rows, one row per record."),
        _("A row naming a record already in SCORE MIS updates it; other rows add new records."),
        _("Rows refer to partners by their code, to modules by their number, and to enterprises by name and city."),
        _("The file is imported whole or not at all: you see every row's result before confirming."),
        _("At most 20,000 rows, 50 columns and 10 MB per file. Save as .xlsx, or as CSV (UTF-8 or GB18030)."),
    ):
        notes.append(_neutralised([line]))
    notes.append([])
    notes.append(
        _neutralised(
            [_("Column"), _("Also accepted"), _("Required"), _("What it holds"), _("Allowed values"), _("Example")]
        )
    )
    header_row = notes.max_row
    for cell in notes[header_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for name, field, example in zip(names, fields, examples, strict=True):
        describe = getattr(field.widget, "describe", lambda: "")
        notes.append(
            _neutralised(
                [
                    resource.label(name),
                    _other_language_header(resource, name),
                    _is_required(resource, name, field),
                    str(resource.columns[name].notes),
                    describe(),
                    example,
                ]
            )
        )
    for letter, width in zip("ABCDEF", (30, 30, 18, 60, 60, 24), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(output)


def _export_rows(resource, queryset):
    for obj in resource.iter_queryset(queryset):
        yield _neutralised(resource.export_resource(obj, force_native_type=True))


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return YesNoWidget().render(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class _Line:
    """A file-like object that hands back what the csv writer writes, for streaming."""

    def write(self, text):
        return text


def csv_lines(resource, queryset):
    """The export as CSV lines in UTF-8 with a byte order mark (so Excel reads the Chinese correctly)."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(_headers(resource, resource.get_export_fields()))
    for row in _export_rows(resource, queryset):
        yield writer.writerow([_csv_text(value) for value in row])


def _xlsx_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def xlsx_file(resource, queryset):
    """The export as an XLSX workbook in a temporary file (deleted once closed), positioned at its start."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Rows")[:31])
    header = []
    for text in _headers(resource, resource.get_export_fields()):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = HEADER_FONT
        header.append(cell)
    sheet.append(header)
    for row in _export_rows(resource, queryset):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes (and so deletes) it
    workbook.save(output)
    output.seek(0)
    return output
