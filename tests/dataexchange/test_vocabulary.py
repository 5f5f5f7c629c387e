"""One vocabulary: the spreadsheets' headers, notes and accepted values are the interface's own translated labels."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from dataexchange.kinds import KINDS
from dataexchange.spreadsheets import template_workbook
from tests.dataexchange.conftest import problems_of, run_import, xlsx_bytes
from tests.factories import EnrollmentFactory, TrainingRoundFactory
from trainings.models import Activity, Attendance

pytestmark = pytest.mark.django_db


def chinese_template(kind, user):
    output = io.BytesIO()
    with translation.override("zh-hans"):
        template_workbook(KINDS[kind].resource(user), str(KINDS[kind].label), output)
    return load_workbook(io.BytesIO(output.getvalue()))


def test_the_chinese_template_headers_are_the_interfaces_own_labels(coordinator):
    workbook = chinese_template("attendance", coordinator)
    headers = [cell.value for cell in workbook.worksheets[0][1]]

    assert "课堂培训或现场辅导" in headers and "课堂培训或企业走访" not in headers
    assert "女性工人" in headers and "女性员工" not in headers
    notes = [
        row for row in workbook.worksheets[1].iter_rows(values_only=True) if row and row[0] == "课堂培训或现场辅导"
    ]
    assert "workshop（课堂培训日）；visit（现场辅导）" in notes[0][4]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_importer_accepts_the_interfaces_own_chinese_labels_in_either_language(
    coordinator, partner, deyang, language
):
    training_round = TrainingRoundFactory(title="Deyang Module 1", partner=partner, city=deyang)
    EnrollmentFactory(round=training_round, enterprise__name="Cable Co", enterprise__city=deyang)
    data = xlsx_bytes(
        [
            [
                "round",
                "round_partner",
                "课堂培训或现场辅导",
                "日期",
                "enterprise",
                "enterprise_city",
                "女性工人",
                "男性员工",
            ],
            ["Deyang Module 1", "CEC", "课堂培训日", "2015-06-10", "Cable Co", "德阳", 2, 1],
            ["Deyang Module 1", "CEC", "现场辅导", "2015-07-01", "Cable Co", "德阳", 1, 0],
        ]
    )

    with translation.override(language):
        outcome = run_import(coordinator, "attendance", data)

    assert outcome.written, problems_of(outcome)
    assert set(Activity.objects.values_list("kind", flat=True)) == {Activity.Kind.WORKSHOP, Activity.Kind.FACTORY_VISIT}
    assert Attendance.objects.totals().female_workers == 3
