import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from enterprises.models import Enterprise, Measurement
from improvements.models import Improvement, Photo
from trainings.models import Attendance, Enrollment, TrainingRound

pytestmark = pytest.mark.django_db


def test_generate_scale_data_adds_enterprises_in_rounds_with_attendance_and_improvements(capsys):
    call_command("generate_scale_data", enterprises=40, improvements=200)

    assert Enterprise.objects.count() == 40
    assert TrainingRound.objects.count() == 10
    assert Enrollment.objects.count() == 40
    assert Attendance.objects.count() == 40 * 2  # two workshop days per round
    assert Improvement.objects.count() == 200
    assert Improvement.objects.filter(status=Improvement.Status.VERIFIED).count() in range(100, 181)
    assert Photo.objects.exists()
    assert (
        Photo.objects.filter(stage=Photo.Stage.BEFORE).count() == Photo.objects.filter(stage=Photo.Stage.AFTER).count()
    )
    assert "Added 40 enterprises in 10 rounds" in capsys.readouterr().out


def test_generate_scale_data_gives_ten_improvements_per_enterprise_by_default():
    call_command("generate_scale_data", enterprises=12)

    assert Improvement.objects.count() == 120


def test_generate_scale_data_can_run_again(capsys):
    call_command("generate_scale_data", enterprises=8, improvements=10)
    call_command("generate_scale_data", enterprises=8, improvements=10)

    assert Enterprise.objects.count() == 16


def test_generate_scale_data_gives_the_same_rows_for_the_same_seed():
    call_command("generate_scale_data", enterprises=8, improvements=20, seed=3)
    call_command("generate_scale_data", enterprises=8, improvements=20, seed=3)

    rows = list(Improvement.objects.order_by("pk").values_list("implemented_on", "annual_saving_rmb", "status"))
    assert rows[:20] == rows[20:]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="multiplying copies rows inside PostgreSQL")
def test_generate_scale_data_multiplies_every_enterprise_with_its_records_inside_the_database():
    indexes_and_keys_before = _indexes_and_foreign_keys()

    call_command("generate_scale_data", enterprises=8, improvements=30, multiply=3)

    assert Enterprise.objects.count() == 24
    assert Improvement.objects.count() == 90
    assert Enrollment.objects.count() == 24
    assert Measurement.objects.count() % 3 == 0
    copy = Enterprise.objects.get(name="Scale enterprise 1 ×3")
    assert copy.improvements.count() == Enterprise.objects.get(name="Scale enterprise 1").improvements.count()
    assert set(copy.enrollments.values_list("round__enrollments__enterprise", flat=True)) <= set(
        Enterprise.objects.filter(name__endswith="×3").values_list("pk", flat=True)
    )
    assert _indexes_and_foreign_keys() == indexes_and_keys_before


def _indexes_and_foreign_keys():
    """Every index and foreign key of the improvements table, as PostgreSQL defines them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'improvements_improvement' UNION ALL "
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'improvements_improvement'::regclass"
        )
        return sorted(row[0] for row in cursor.fetchall())


def test_generate_scale_data_refuses_to_multiply_outside_postgresql(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")

    with pytest.raises(CommandError, match="not PostgreSQL"):
        call_command("generate_scale_data", enterprises=2, multiply=2)


def test_benchmark_reports_times_every_page_of_the_table_with_its_queries(capsys):
    call_command("generate_scale_data", enterprises=12, improvements=30)
    call_command("benchmark_reports", repeat=1)

    captured = capsys.readouterr()
    assert "Data: 12 enterprises, 30 improvements" in captured.out
    for page in (
        "dashboard, a year (staff)",
        "dashboard, a year (staff): counting the figures",
        "dashboard, a year (coordinator)",
        "committee report HTML",
        "committee report, a year (staff): counting the figures",
        "committee report XLSX task work",
        "committee report PDF task work",
        "improvements list (coordinator)",
        "home page (coordinator)",
        "admin improvements search",
        "enterprises export CSV (staff)",
    ):
        assert f"| {page}" in captured.out
    assert "HTTP" not in captured.err


def test_benchmark_reports_scale_prints_each_goal_beside_the_time_and_the_limit_of_the_reports(capsys):
    call_command("generate_scale_data", enterprises=12, improvements=30)
    call_command("benchmark_reports", repeat=1, scale=True, only="dashboard, a year (staff),committee report,list")

    captured = capsys.readouterr()
    assert "| page | median s | goal s | limit s | page ÷ limit |" in captured.out
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ") for line in captured.out.splitlines() if "|" in line}
    assert rows["improvements list (coordinator)"][2].startswith("0.3 ")
    assert rows["dashboard, a year (staff)"][2].startswith("1 ")
    assert rows["dashboard, a year (staff): counting the figures"][2] == "task"
    if connection.vendor == "postgresql":
        # The same figures by hand-written SQL over the summary tables: a time, and the count's multiple of it.
        assert float(rows["dashboard, a year (staff): counting the figures"][3]) > 0
        assert rows["committee report, a year (staff): counting the figures"][4].endswith("×")
    assert "HTTP" not in captured.err
