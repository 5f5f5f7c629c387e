"""Results targets through the importer: a kind for ILO staff, keyed by indicator, period, partner and city."""

import pytest
from django.urls import reverse

from dataexchange.kinds import KINDS
from reporting.framework import ResultTarget
from tests.dataexchange.conftest import csv_bytes, problems_of, run_import, xlsx_bytes, xlsx_rows
from tests.dataexchange.test_views import content_of, preview_token, upload

pytestmark = pytest.mark.django_db

HEADERS = ["indicator", "phase", "year", "half", "partner", "city", "baseline", "target", "note_en", "note_zh_hans"]


def test_ilo_staff_import_targets_that_the_results_page_then_shows(client, ilo_staff, partner, deyang, framework):
    data = xlsx_bytes(
        [
            [
                "指标（代码）",
                "项目阶段",
                "年份",
                "半年",
                "合作伙伴（代码）",
                "城市",
                "基线",
                "目标值",
                "备注（英文）",
                "备注（中文）",
            ],
            ["1a", "II", 2015, 2, "", "", 0, 25, "Taixing and Deyang", "泰兴和德阳"],
            ["1.1a", "II", "", "", "", "", "", 40, "", ""],
            ["1a", "II", 2015, 2, "CEC", "", "", 9, "", ""],
            ["1a", "II", 2015, 0, "", "德阳", "", 4, "", ""],
        ]
    )
    client.force_login(ilo_staff)

    uploaded = upload(client, "targets", data)
    client.post(reverse("dataexchange:import_confirm", args=["targets", preview_token(uploaded)]))

    programme = ResultTarget.objects.get(indicator=framework["trained"], partner=None, city=None)
    assert (programme.year, programme.half, programme.baseline, programme.target) == (2015, 2, 0, 25)
    assert (programme.note_en, programme.note_zh_hans, programme.created_by) == (
        "Taixing and Deyang",
        "泰兴和德阳",
        ilo_staff,
    )
    whole_phase = ResultTarget.objects.get(indicator=framework["cost"])
    assert (whole_phase.year, whole_phase.half, whole_phase.target) == (0, 0, 40)
    assert ResultTarget.objects.get(partner=partner).target == 9
    assert ResultTarget.objects.get(city=deyang).year == 2015
    response = client.get(reverse("reporting:results"), {"phase": framework["phase"].pk, "period": "2015-2"})
    assert response.context["logframe"].rows[0].target.target == 25


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["9z", "II", 2015, 2, "", "", "", 25], "A “indicator”", "No result indicator “9z” in phase II."),
        (["1a", "II", 2015, 2, "", "", "", -3], "", "Targets and baselines cannot be negative."),
        (["1.1a", "II", 2015, 2, "", "", "", 120], "H “target”", "A percentage is at most 100."),
        (["1a", "II", 2011, 0, "", "", "", 5], "C “year”", "This year is not part of Phase II"),
        (["1a", "II", 2015, 2, "CEC", "Deyang", "", 5], "", "not both"),
    ],
)
def test_a_bad_row_is_a_row_error_and_nothing_is_saved(ilo_staff, partner, deyang, framework, row, column, message):
    data = xlsx_bytes([HEADERS[:8], ["1a", "II", 2015, 1, "", "", "", 3], row])

    outcome = run_import(ilo_staff, "targets", data)

    assert not outcome.written
    [(problem_column, problem_message)] = problems_of(outcome)[3]
    assert problem_column == column and message in problem_message
    assert not ResultTarget.objects.exists()


def test_reimporting_a_row_updates_its_target(ilo_staff, partner, framework):
    ResultTarget.objects.create(indicator=framework["trained"], year=2015, half=2, partner=partner, target=5)
    ResultTarget.objects.create(indicator=framework["trained"], year=2015, half=2, target=20)

    outcome = run_import(
        ilo_staff, "targets", csv_bytes([HEADERS[:8], ["1a", "II", "2015", "2", "CEC", "", "", "7"]]), "targets.csv"
    )

    assert [row.status for row in outcome.rows] == ["update"]
    assert sorted(ResultTarget.objects.values_list("target", flat=True)) == [7, 20]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_then_import_is_all_unchanged(client, ilo_staff, partner, deyang, framework, file_format):
    ResultTarget.objects.create(indicator=framework["trained"], year=2015, half=2, target=25, baseline=3)
    ResultTarget.objects.create(indicator=framework["trained"], year=2015, half=2, partner=partner, target=9)
    ResultTarget.objects.create(indicator=framework["trained"], year=2015, city=deyang, target=4, note_en="=1+2")
    ResultTarget.objects.create(
        indicator=framework["cost"], target=40, target_female_share=60, note_en="Cost", note_zh_hans="费用"
    )
    client.force_login(ilo_staff)

    exported = content_of(client.get(reverse("dataexchange:export", args=["targets", file_format])))
    outcome = run_import(ilo_staff, "targets", exported, f"targets.{file_format}")

    assert outcome.is_valid, problems_of(outcome)
    assert [row.status for row in outcome.rows] == ["unchanged"] * 4


def test_the_template_example_names_a_phase_and_a_period(client, ilo_staff):
    client.force_login(ilo_staff)

    rows = xlsx_rows(client.get(reverse("dataexchange:template", args=["targets"])).content)

    assert rows[0][:4] == ["Indicator (code)", "Phase", "Year", "Half-year"]
    assert rows[1][:4] == ["1.1a", "II", 2015, 1]


@pytest.mark.parametrize(
    ("view", "args"),
    [("template", ["targets"]), ("export", ["targets", "csv"]), ("import_upload", ["targets"])],
)
def test_coordinators_never_see_the_targets_kind(client, coordinator, view, args):
    client.force_login(coordinator)

    assert "targets" not in [kind.slug for kind in client.get(reverse("dataexchange:index")).context["kinds"]]
    assert client.get(reverse(f"dataexchange:{view}", args=args)).status_code == 404
    assert not KINDS["targets"].is_offered_to(coordinator)
