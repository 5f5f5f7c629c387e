import pytest
from django.core.management import call_command

from enterprises.models import Enterprise
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


def test_generate_scale_data_can_run_again(capsys):
    call_command("generate_scale_data", enterprises=8, improvements=10)
    call_command("generate_scale_data", enterprises=8, improvements=10)

    assert Enterprise.objects.count() == 16


def test_benchmark_reports_tops_up_the_data_and_times_every_format(capsys):
    call_command("benchmark_reports", enterprises=12, improvements=30, repeat=1)

    captured = capsys.readouterr()
    assert "Data: 12 enterprises, 30 improvements" in captured.out
    for page in ("dashboard", "committee report (HTML)", "committee report (XLSX) task", "committee report (PDF) task"):
        assert page in captured.out
    assert "HTTP" not in captured.err
