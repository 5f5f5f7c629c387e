import csv
import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dataexchange.services import spreadsheet_import
from tests.factories import CityFactory
from tests.reporting.results_helpers import framework  # noqa: F401 (a fixture of the targets tests)


def xlsx_bytes(rows):
    """An XLSX file made with openpyxl: the first row holds the headers."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(rows, encoding="utf-8"):
    output = io.StringIO()
    csv.writer(output).writerows(rows)
    return output.getvalue().encode(encoding)


def xlsx_rows(data, sheet=0):
    return [list(row) for row in load_workbook(io.BytesIO(data)).worksheets[sheet].iter_rows(values_only=True)]


def run_import(user, kind, data, file_name="rows.xlsx", dry_run=False):
    return spreadsheet_import(user=user, kind=kind, data=data, file_name=file_name, dry_run=dry_run)


def problems_of(outcome):
    """{row number: [(column, message)]} for the rows with problems."""
    return {row.number: row.problems for row in outcome.rows if row.problems}


@pytest.fixture(autouse=True)
def english_by_default():
    """A request in Chinese leaves Chinese active in its thread: each test here starts in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def deyang():
    return CityFactory(name="Deyang", name_zh_hans="德阳")
