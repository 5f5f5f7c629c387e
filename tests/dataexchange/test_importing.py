"""Importing spreadsheets (dataexchange.services and the resources): mess, errors, scoping, all or nothing."""

import dataclasses
import datetime
import json
import random
import string
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dataexchange import resources as scoped_resources
from dataexchange import staging
from dataexchange.models import SpreadsheetImport, StagedImport
from dataexchange.reading import EXCERPT_CHARACTERS, MAX_CELL_CHARACTERS
from enterprises.models import Enterprise, Indicator, Measurement
from improvements.models import Improvement, ImprovementCategory
from partners.models import Partner, PartnerMembership
from score_mis.versions import StaleRecordError
from tests.dataexchange.conftest import csv_bytes, problems_of, run_import, xlsx_bytes, xlsx_rows
from tests.factories import (
    AttendanceFactory,
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    ImprovementFactory,
    MeasurementFactory,
    MembershipFactory,
    PartnerFactory,
    TrainingRoundFactory,
    UserFactory,
    WorkshopFactory,
)
from trainings import services
from trainings.models import Activity, Attendance, Enrollment, TrainingRound
from trainings.querysets import PARTICIPANT_COUNTS

pytestmark = pytest.mark.django_db

ENTERPRISE_HEADERS = ["name", "city", "sector", "recruited_by", "workforce_total", "workforce_female"]


def enterprise_row(name="Deyang Cable Co", city="Deyang", total=320, female=150, partner="CEC"):
    return [name, city, "electrical", partner, total, female]


def test_a_messy_workbook_with_chinese_headers_imports_as_meant(coordinator, partner, deyang):
    data = xlsx_bytes(
        [
            ["企业名称", " 城市 ", "行业", "招募合作伙伴代码", "员工总数", "女性员工数", "同意与品牌分享结果"],
            ["  Deyang Cable Co ", "德阳", "Electrical equipment and cables", "cec", "１，２００", "300", "是"],
            [None, None, None, None, None, None, None],
            ["Deyang Pumps", "deyang", "machinery", "ＣＥＣ", 95.0, "40", "否"],
            [],
        ]
    )

    outcome = run_import(coordinator, "enterprises", data)

    assert outcome.is_valid and outcome.written
    assert outcome.blank_rows == 1
    assert [(row.number, row.status) for row in outcome.rows] == [(2, "new"), (4, "new")]
    cable, pumps = Enterprise.objects.order_by("name")
    assert (cable.name, cable.city, cable.sector, cable.workforce_total, cable.consents_to_share_with_brands) == (
        "Deyang Cable Co",
        deyang,
        "electrical",
        1200,
        True,
    )
    assert (pumps.recruited_by, pumps.workforce_total, pumps.consents_to_share_with_brands) == (partner, 95, False)


def test_dates_as_cells_and_as_text_and_numbers_with_separators_import(coordinator, partner, deyang):
    CityFactory(name="Taixing", name_zh_hans="泰兴")
    data = xlsx_bytes(
        [
            [
                "标题",
                "合作伙伴代码",
                "模块",
                "城市",
                "阶段",
                "开始日期",
                "结束日期",
                "总费用（元）",
                "非国际劳工组织资金支付的费用（元）",
            ],
            [
                "Taixing Module 1",
                "CEC",
                "Module 1",
                "泰兴",
                "II",
                datetime.datetime(2015, 8, 20),  # noqa: DTZ001 - Excel date cells carry no time zone
                "2015年12月15日",
                "48,000.50",
                "12,000",
            ],
            ["Deyang Module 5", "CEC", 5.0, "Deyang", "Phase II (2013–2017)", "2015/9/4", "04/10/2015", 0, 0],
        ]
    )

    outcome = run_import(coordinator, "rounds", data)

    assert outcome.written, problems_of(outcome)
    taixing, deyang_round = TrainingRound.objects.order_by("title").reverse()
    assert (taixing.starts_on, taixing.ends_on, taixing.cost_total, taixing.cost_non_ilo, taixing.module.number) == (
        datetime.date(2015, 8, 20),
        datetime.date(2015, 12, 15),
        Decimal("48000.50"),
        Decimal("12000"),
        1,
    )
    assert (deyang_round.starts_on, deyang_round.ends_on, deyang_round.module.number) == (
        datetime.date(2015, 9, 4),
        datetime.date(2015, 10, 4),
        5,
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_saved_by_excel_in_any_of_its_encodings_imports(coordinator, partner, deyang, encoding):
    data = csv_bytes(
        [["企业名称", "城市", "行业", "招募合作伙伴代码", "员工总数", "女性员工数"], enterprise_row(city="德阳")],
        encoding,
    )

    outcome = run_import(coordinator, "enterprises", data, file_name="企业.csv")

    assert outcome.written
    assert Enterprise.objects.get().city == deyang


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"city": "Dyang"}, "B “city”", "No city “Dyang” is recorded in SCORE MIS."),
        ({"workforce_total": "many"}, "E “workforce_total”", "“many” is not a number."),
        ({"workforce_total": "12.5"}, "E “workforce_total”", "“12.5” is not a whole number."),
        ({"sector": "toys"}, "C “sector”", "“toys” is not one of the allowed values: machinery, electrical"),
        ({"recruited_by": "ETI"}, "D “recruited_by”", "No partner “ETI” that you may use."),
        ({"recruited_by": ""}, "D “recruited_by”", "Give the code of one of your partners"),
        ({"name": ""}, "A “name”", "Write this in English, in Chinese or in both."),
        ({"workforce_female": 400}, "", "Female workers cannot outnumber all workers."),
    ],
)
def test_each_error_names_the_spreadsheet_row_the_column_and_what_is_wrong(
    coordinator, partner, other_partner, deyang, cells, column, message
):
    row = dict(zip(ENTERPRISE_HEADERS, enterprise_row(), strict=True)) | cells
    data = xlsx_bytes([ENTERPRISE_HEADERS, enterprise_row(name="Fine Co"), [None] * 6, list(row.values())])

    outcome = run_import(coordinator, "enterprises", data)

    [(number, problems)] = problems_of(outcome).items()
    assert number == 4
    assert any(found_column == column and found.startswith(message) for found_column, found in problems), problems
    assert not outcome.written
    assert not Enterprise.objects.exists()


def test_a_column_missing_from_the_file_is_named_in_the_users_language(coordinator, partner, deyang):
    data = xlsx_bytes(
        [["name", "city", "recruited_by", "workforce_total", "workforce_female"], ["A", "Deyang", "CEC", 3, 1]]
    )

    outcome = run_import(coordinator, "enterprises", data)

    assert problems_of(outcome) == {2: [("“Sector”", "This field cannot be blank.")]}


def test_a_file_without_the_columns_that_identify_rows_is_refused_whole(coordinator):
    outcome = run_import(coordinator, "enterprises", xlsx_bytes([["行业", "员工总数"], ["machinery", 3]]))

    assert outcome.file_problems == [
        "The file has no column “Enterprise name (English)” (or “企业名称（英语）”), which says which row is meant.",
        "The file has no column “City” (or “城市”), which says which row is meant.",
    ]
    assert outcome.rows == []


def test_a_column_given_twice_is_refused(coordinator):
    outcome = run_import(coordinator, "enterprises", xlsx_bytes([["name", "city", "Enterprise name"], ["A", "B", "C"]]))

    assert outcome.file_problems == ["Columns A and C both hold “Enterprise name (English)”: keep one."]


def test_a_failure_in_the_last_row_leaves_no_row_written(coordinator, partner, deyang):
    rows = [enterprise_row(name=f"Enterprise {n}") for n in range(1500)]
    rows.append(enterprise_row(name="Last Co", city="Atlantis"))

    outcome = run_import(coordinator, "enterprises", xlsx_bytes([ENTERPRISE_HEADERS, *rows]))

    assert problems_of(outcome) == {1502: [("B “city”", "No city “Atlantis” is recorded in SCORE MIS.")]}
    assert not outcome.written
    assert Enterprise.objects.count() == Enterprise.history.count() == 0


def test_a_database_failure_writing_the_last_rows_leaves_no_row_written(coordinator, partner, deyang, monkeypatch):
    write_in_bulk = scoped_resources.bulk_create_with_history

    def fail_on_the_last_row(objs, *args, **kwargs):
        if any(obj.name == "Last Co" for obj in objs):
            raise RuntimeError("disk full")
        return write_in_bulk(objs, *args, **kwargs)

    monkeypatch.setattr(scoped_resources, "bulk_create_with_history", fail_on_the_last_row)
    rows = [enterprise_row(name=f"Enterprise {n}") for n in range(1200)] + [enterprise_row(name="Last Co")]

    outcome = run_import(coordinator, "enterprises", xlsx_bytes([ENTERPRISE_HEADERS, *rows]))

    assert outcome.file_problems == ["Writing the rows failed, so none was written. Please try again."]
    assert not outcome.written
    assert Enterprise.objects.count() == Enterprise.history.count() == 0


def test_a_preview_writes_nothing(coordinator, partner, deyang):
    outcome = run_import(coordinator, "enterprises", xlsx_bytes([ENTERPRISE_HEADERS, enterprise_row()]), dry_run=True)

    assert [row.status for row in outcome.rows] == ["new"]
    assert not outcome.written
    assert not Enterprise.objects.exists()


ROUND_HEADERS = ["title", "partner", "module", "city", "phase", "starts_on", "description"]


@pytest.mark.parametrize("file_name", ["rounds.xlsx", "rounds.csv"])
def test_a_cell_longer_than_the_limit_is_an_error_of_its_row(coordinator, partner, deyang, file_name):
    rows = [
        ROUND_HEADERS,
        ["Deyang Module 1", "CEC", 1, "Deyang", "II", "2015-08-20", "Five enterprises."],
        ["Deyang Module 2", "CEC", 2, "Deyang", "II", "2015-09-20", "x" * (MAX_CELL_CHARACTERS + 1)],
    ]
    data = xlsx_bytes(rows) if file_name.endswith(".xlsx") else csv_bytes(rows)

    outcome = run_import(coordinator, "rounds", data, file_name=file_name)

    assert problems_of(outcome) == {
        3: [("G “description”", "This cell holds 5,001 characters; a cell may hold at most 5,000.")]
    }
    assert not TrainingRound.objects.exists()


def test_error_messages_quote_only_an_excerpt_of_what_was_typed(coordinator, partner, deyang):
    typed = "1,2" + "3" * 4_000
    data = xlsx_bytes([ENTERPRISE_HEADERS, enterprise_row(total=typed), enterprise_row(name="Ｎ" * 3_000)])

    outcome = run_import(coordinator, "enterprises", data)

    (column, message), *_others = problems_of(outcome)[2]
    assert message == f"“{typed[: EXCERPT_CHARACTERS - 1]}…” is not a number."
    assert [len(row.title) <= 2 * EXCERPT_CHARACTERS + 3 for row in outcome.rows] == [True, True]


def test_a_file_of_huge_cells_gives_a_small_preview(coordinator, partner, deyang):
    letters = random.Random(0)
    huge = ["".join(letters.choices(string.ascii_letters + "德阳电缆", k=8_000)) for _row in range(200)]
    data = xlsx_bytes([ENTERPRISE_HEADERS, *([text] * len(ENTERPRISE_HEADERS) for text in huge)])

    outcome = run_import(coordinator, "enterprises", data, dry_run=True)

    assert len(outcome.rows) == 200 and not outcome.is_valid
    assert len(json.dumps(dataclasses.asdict(outcome))) < 200 * 1024


def test_a_row_repeated_in_the_file_is_reported_and_imported_once(coordinator, partner, deyang):
    data = xlsx_bytes([ENTERPRISE_HEADERS, enterprise_row(), enterprise_row(city="德阳", partner="cec", total="320")])

    outcome = run_import(coordinator, "enterprises", data)

    assert [(row.number, row.status, row.repeat_of) for row in outcome.rows] == [(2, "new", None), (3, "unchanged", 2)]
    assert outcome.counts["repeat"] == 1
    assert Enterprise.objects.count() == 1


def test_a_row_repeating_a_record_with_other_values_is_an_error(coordinator, partner, deyang):
    data = xlsx_bytes([ENTERPRISE_HEADERS, enterprise_row(total=320), enterprise_row(total=330)])

    outcome = run_import(coordinator, "enterprises", data)

    assert problems_of(outcome) == {
        3: [("", "Row 2 describes the same enterprise with other values: keep only one of the two rows.")]
    }
    assert not Enterprise.objects.exists()


def test_a_row_naming_another_partners_enterprise_is_an_error_never_an_update(outsider, partner, deyang):
    theirs = EnterpriseFactory(name="Deyang Cable Co", city=deyang, recruited_by=partner, workforce_total=200)

    outcome = run_import(outsider, "enterprises", xlsx_bytes([ENTERPRISE_HEADERS, enterprise_row(partner="ETI")]))

    assert problems_of(outcome) == {
        2: [("", "This enterprise already exists in SCORE MIS under a partner whose records you cannot change.")]
    }
    theirs.refresh_from_db()
    assert theirs.workforce_total == 200


def test_rows_linking_to_another_partners_round_or_enterprise_are_refused(outsider, partner, deyang):
    enrollment = EnrollmentFactory(
        round__partner=partner, round__title="Deyang Module 1", enterprise__name="Cable Co", enterprise__city=deyang
    )
    enrollments = xlsx_bytes(
        [
            ["round", "round_partner", "enterprise", "enterprise_city", "enrolled_on"],
            ["Deyang Module 1", "CEC", "Cable Co", "Deyang", "2015-06-01"],
        ]
    )
    measurements = xlsx_bytes(
        [
            ["enterprise", "enterprise_city", "indicator", "stage", "period_start", "period_end", "value"],
            ["Cable Co", "Deyang", "defect-rate", "baseline", "2015-01-01", "2015-03-31", 4],
        ]
    )

    enrolling = run_import(outsider, "enrollments", enrollments)
    measuring = run_import(outsider, "measurements", measurements)

    assert problems_of(enrolling) == {
        2: [
            ("A “round”", "No training round “Deyang Module 1” of partner CEC that you may use."),
            ("C “enterprise”", "No enterprise “Cable Co” in Deyang that you may use."),
        ]
    }
    assert problems_of(measuring) == {2: [("A “enterprise”", "No enterprise “Cable Co” in Deyang that you may use.")]}
    assert list(Enrollment.objects.all()) == [enrollment]
    assert not Measurement.objects.exists()


def test_a_row_the_coordinator_only_reads_may_stay_unchanged_but_not_change(coordinator, other_partner, deyang):
    MembershipFactory(user=coordinator, partner=other_partner, role=PartnerMembership.Role.VIEWER)
    EnterpriseFactory(
        name="Deyang Cable Co",
        city=deyang,
        recruited_by=other_partner,
        sector="electrical",
        workforce_total=320,
        workforce_female=150,
    )

    unchanged = run_import(coordinator, "enterprises", xlsx_bytes([ENTERPRISE_HEADERS, enterprise_row(partner="ETI")]))
    changed = run_import(
        coordinator, "enterprises", xlsx_bytes([ENTERPRISE_HEADERS, enterprise_row(partner="ETI", total=999)])
    )

    assert [row.status for row in unchanged.rows] == ["unchanged"]
    assert problems_of(changed) == {2: [("", "You may read this row but not change it.")]}
    assert Enterprise.objects.get().workforce_total == 320


def test_updates_are_written_in_bulk_with_history_and_audit_stamps(coordinator, partner, deyang):
    enterprise = EnterpriseFactory(name="Deyang Cable Co", city=deyang, recruited_by=partner, sector="electrical")
    before = enterprise.updated_at

    outcome = run_import(
        coordinator,
        "enterprises",
        xlsx_bytes([ENTERPRISE_HEADERS, enterprise_row(total=500), enterprise_row(name="New Co")]),
    )

    assert [row.status for row in outcome.rows] == ["update", "new"]
    enterprise.refresh_from_db()
    created = Enterprise.objects.get(name="New Co")
    assert (enterprise.workforce_total, enterprise.updated_by, created.created_by, created.updated_by) == (
        500,
        coordinator,
        coordinator,
        coordinator,
    )
    assert enterprise.updated_at > before
    assert [(entry.history_type, entry.history_user) for entry in enterprise.history.order_by("history_id")][-1] == (
        "~",
        coordinator,
    )
    assert [(entry.history_type, entry.history_user) for entry in created.history.all()] == [("+", coordinator)]


def test_an_imported_update_is_one_more_version_so_a_form_opened_before_it_is_refused(coordinator, partner, deyang):
    enterprise = EnterpriseFactory(name="Deyang Cable Co", city=deyang, recruited_by=partner, sector="electrical")
    opened_version = enterprise.version

    run_import(coordinator, "enterprises", xlsx_bytes([ENTERPRISE_HEADERS, enterprise_row(total=500)]))

    enterprise.refresh_from_db()
    assert enterprise.version == opened_version + 1
    assert enterprise.history.order_by("-history_id").first().version == enterprise.version
    enterprise.version = opened_version
    enterprise.workforce_total = 350
    with pytest.raises(StaleRecordError, match="500"):
        enterprise.save()


def test_brands_are_linked_by_code_for_new_and_changed_enterprises(ilo_staff, deyang):
    gap = PartnerFactory(code="GAP", kind=Partner.Kind.BRAND)
    inditex = PartnerFactory(code="INDITEX", kind=Partner.Kind.BRAND)
    existing = EnterpriseFactory(name="Old Co", city=deyang)
    headers = ["name", "city", "sector", "workforce_total", "workforce_female", "supplies_brands"]
    data = xlsx_bytes(
        [
            headers,
            ["New Co", "Deyang", "garment", 300, 200, "GAP、inditex"],
            ["Old Co", "Deyang", "machinery", 200, 80, "GAP"],
        ]
    )

    outcome = run_import(ilo_staff, "enterprises", data)

    assert outcome.written
    assert set(Enterprise.objects.get(name="New Co").supplies_brands.all()) == {gap, inditex}
    assert list(existing.supplies_brands.all()) == [gap]


def test_partner_users_name_one_of_their_partners_as_recruiter(coordinator, partner, deyang):
    outcome = run_import(
        coordinator, "enterprises", xlsx_bytes([ENTERPRISE_HEADERS[:3], ["Deyang Cable Co", "Deyang", "electrical"]])
    )

    assert (
        "“Recruited by (partner code)”",
        "Give the code of one of your partners, or the enterprise would be hidden from you.",
    ) in problems_of(outcome)[2]


def test_coordinators_cannot_set_an_improvements_review_status(coordinator, partner, deyang):
    EnterpriseFactory(name="Deyang Cable Co", city=deyang, recruited_by=partner)
    data = xlsx_bytes(
        [
            ["enterprise", "enterprise_city", "title", "module", "category", "implemented_on", "status"],
            [
                "Deyang Cable Co",
                "德阳",
                "Hoppers instead of bags",
                "1",
                "cleaner production",
                "2015年7月15日",
                "verified",
            ],
        ]
    )

    outcome = run_import(coordinator, "improvements", data)

    assert outcome.written, problems_of(outcome)
    assert Improvement.objects.get().status == Improvement.Status.DRAFT


def test_an_improvements_category_is_its_code_or_its_english_or_chinese_name(coordinator, partner, deyang):
    EnterpriseFactory(name="Deyang Cable Co", city=deyang, recruited_by=partner)
    ImprovementCategory.objects.filter(code="gender").update(is_active=False)
    headers = ["enterprise", "enterprise_city", "title", "module", "category", "implemented_on"]

    def row(title, category):
        return ["Deyang Cable Co", "Deyang", title, "1", category, "2015-07-15"]

    written = run_import(
        coordinator,
        "improvements",
        xlsx_bytes(
            [
                headers,
                row("Hoppers", "quality"),
                row("Team notice board", "workplace cooperation"),
                row("Lids", "清洁生产"),
            ]
        ),
    )
    refused = run_import(
        coordinator,
        "improvements",
        xlsx_bytes([headers, row("Faster changeovers", "productivity"), row("Nursing room", "Gender")]),
    )

    assert written.written, problems_of(written)
    assert dict(Improvement.objects.values_list("title_en", "category")) == {
        "Hoppers": "quality",
        "Team notice board": "cooperation",
        "Lids": "cleaner_production",
    }
    problems = problems_of(refused)
    assert not refused.written
    assert "No improvement category “productivity” is recorded in SCORE MIS." in str(problems[2])
    assert "is no longer used" in str(problems[3])


def test_yes_no_indicators_take_yes_or_no(coordinator, partner, deyang):
    EnterpriseFactory(name="Deyang Cable Co", city=deyang, recruited_by=partner)
    headers = ["enterprise", "enterprise_city", "indicator", "stage", "period_start", "period_end", "value"]
    data = xlsx_bytes(
        [
            headers,
            ["Deyang Cable Co", "Deyang", "osh-committee", "follow_up", "2015-01-01", "2015-12-31", "是"],
            ["Deyang Cable Co", "Deyang", "次品率", "Baseline", "2015-01-01", "2015-03-31", "4.5"],
            ["Deyang Cable Co", "Deyang", "risk-assessment", "baseline", "2015-01-01", "2015-12-31", 7],
        ]
    )

    outcome = run_import(coordinator, "measurements", data)

    assert problems_of(outcome) == {4: [("G “value”", "A yes/no indicator takes 1 for yes or 0 for no.")]}
    fixed = run_import(coordinator, "measurements", xlsx_bytes([headers, *xlsx_rows(data)[1:3]]))
    assert fixed.written
    values = dict(Measurement.objects.values_list("indicator__code", "value"))
    assert values == {"osh-committee": Decimal("1"), "defect-rate": Decimal("4.5")}


ATTENDANCE_HEADERS = [
    "round",
    "round_partner",
    "activity_kind",
    "date",
    "enterprise",
    "enterprise_city",
    "female_managers",
    "male_managers",
    "female_workers",
    "male_workers",
]


def test_attendance_rows_record_the_workshop_once_and_each_enterprises_people(coordinator, partner, deyang):
    training_round = TrainingRoundFactory(title="Deyang Module 1", partner=partner, city=deyang)
    for name in ("Cable Co", "Pump Co"):
        EnrollmentFactory(round=training_round, enterprise__name=name, enterprise__city=deyang)
    data = xlsx_bytes(
        [
            ATTENDANCE_HEADERS,
            ["Deyang Module 1", "CEC", "workshop", "2015-06-10", "Cable Co", "Deyang", 1, 1, 2, 0],
            ["Deyang Module 1", "CEC", "Classroom workshop day", "2015/6/10", "Pump Co", "德阳", 0, 2, 1, 1],
            ["Deyang Module 1", "CEC", "visit", "2015-07-01", "Pump Co", "Deyang", 1, 0, 0, 3],
        ]
    )

    outcome = run_import(coordinator, "attendance", data)

    assert outcome.written, problems_of(outcome)
    workshop, visit = Activity.objects.order_by("date")
    assert (workshop.kind, workshop.enterprise, workshop.created_by) == (Activity.Kind.WORKSHOP, None, coordinator)
    assert (visit.kind, visit.enterprise.name) == (Activity.Kind.FACTORY_VISIT, "Pump Co")
    assert Attendance.objects.filter(activity=workshop).totals().total == 8
    assert Attendance.objects.get(activity=visit).male_workers == 3


def test_attendance_of_an_enterprise_not_in_the_round_is_refused(coordinator, partner, deyang):
    TrainingRoundFactory(title="Deyang Module 1", partner=partner, city=deyang)
    EnterpriseFactory(name="Cable Co", city=deyang, recruited_by=partner)
    data = xlsx_bytes(
        [
            ["round", "round_partner", "activity_kind", "date", "enterprise", "enterprise_city", "male_workers"],
            ["Deyang Module 1", "CEC", "visit", "2015-07-01", "Cable Co", "Deyang", 3],
        ]
    )

    outcome = run_import(coordinator, "attendance", data)

    assert problems_of(outcome) == {2: [("D “date”", "Only an enterprise enrolled in this round can be visited.")]}
    assert not Activity.objects.exists()


@pytest.fixture
def workshop_day(partner, deyang):
    """A recorded workshop day of a CEC round, with Deyang Cable Co enrolled and counted."""
    training_round = TrainingRoundFactory(title="Deyang Module 1", partner=partner, city=deyang)
    cable = EnrollmentFactory(round=training_round, enterprise__name="Cable Co", enterprise__city=deyang).enterprise
    workshop = WorkshopFactory(round=training_round, date=datetime.date(2015, 6, 10))
    AttendanceFactory(activity=workshop, enterprise=cable)
    return workshop


def attendance_file(*counts, date="2015-06-10"):
    return xlsx_bytes([ATTENDANCE_HEADERS, ["Deyang Module 1", "CEC", "workshop", date, "Cable Co", "Deyang", *counts]])


def test_an_attendance_row_counting_nobody_is_not_stored(coordinator, workshop_day):
    outcome = run_import(coordinator, "attendance", attendance_file(0, 0, 0, 0, date="2015-06-11"))

    assert outcome.written, problems_of(outcome)
    assert [row.status for row in outcome.rows] == ["unchanged"]
    assert not Attendance.objects.exclude(activity=workshop_day).exists()
    assert not Activity.objects.exclude(pk=workshop_day.pk).exists()


def test_an_attendance_row_set_to_nobody_removes_the_recorded_attendance_and_the_log_says_so(coordinator, workshop_day):
    outcome = run_import(coordinator, "attendance", attendance_file(0, "", 0, 0), file_name="june.xlsx")

    assert outcome.written, problems_of(outcome)
    assert [row.status for row in outcome.rows] == ["removed"]
    assert not Attendance.objects.exists()
    assert Attendance.history.get(history_type="-").history_user == coordinator
    logged = SpreadsheetImport.objects.get()
    assert (logged.created, logged.updated, logged.removed, logged.unchanged) == (0, 0, 1, 0)


def test_an_attendance_file_without_count_columns_removes_nothing(coordinator, workshop_day):
    data = xlsx_bytes(
        [ATTENDANCE_HEADERS[:6], ["Deyang Module 1", "CEC", "workshop", "2015-06-10", "Cable Co", "Deyang"]]
    )

    outcome = run_import(coordinator, "attendance", data)

    assert [row.status for row in outcome.rows] == ["unchanged"]
    assert Attendance.objects.get().total == 4


def test_a_viewer_cannot_remove_attendance_by_setting_it_to_nobody(viewer, workshop_day):
    outcome = run_import(viewer, "attendance", attendance_file(0, 0, 0, 0))

    assert not outcome.written
    assert ("A “round”", "No training round “Deyang Module 1” of partner CEC that you may use.") in problems_of(
        outcome
    )[2]
    assert Attendance.objects.get().total == 4


@pytest.mark.parametrize("people", [(0, 0, 0, 0), (0, 0, 0, 2)], ids=["nobody", "two-workers"])
def test_the_attendance_form_and_the_import_keep_the_same_attendance_for_the_same_counts(
    coordinator, workshop_day, people
):
    """The same rule (Attendance.counts_nobody) on both paths: the workshop form's service and the importer."""
    cable = workshop_day.attendances.get().enterprise
    counts = dict(zip(PARTICIPANT_COUNTS, people, strict=True))
    services.workshop_update(
        user=coordinator, workshop=workshop_day, date=workshop_day.date, trainers=[], attendance={cable: counts}
    )
    by_form = list(Attendance.objects.values(*PARTICIPANT_COUNTS))
    Attendance.objects.all().delete()
    AttendanceFactory(activity=workshop_day, enterprise=cable)  # both paths start from the same recorded counts

    outcome = run_import(coordinator, "attendance", attendance_file(*people))

    assert outcome.written, problems_of(outcome)
    assert list(Attendance.objects.values(*PARTICIPANT_COUNTS)) == by_form


@pytest.fixture
def programme(partner, deyang):
    """One record of every kind, linked as real data is."""
    gap = PartnerFactory(code="GAP", kind=Partner.Kind.BRAND)
    cable = EnterpriseFactory(
        name="Deyang Cable Co",
        name_zh_hans="德阳电缆",
        city=deyang,
        recruited_by=partner,
        sector="electrical",
        consents_to_share_with_brands=True,
    )
    cable.supplies_brands.set([gap])
    pumps = EnterpriseFactory(name="=Pumps+Co", city=deyang, recruited_by=partner)
    training_round = TrainingRoundFactory(
        title="Deyang Module 1", partner=partner, city=deyang, cost_total=Decimal("48000.50"), description="@risky"
    )
    for enterprise in (cable, pumps):
        EnrollmentFactory(round=training_round, enterprise=enterprise, baseline_done=True)
    workshop = WorkshopFactory(round=training_round)
    AttendanceFactory(activity=workshop, enterprise=cable)
    AttendanceFactory(activity=workshop, enterprise=pumps, male_workers=4)
    visit = WorkshopFactory(
        round=training_round, kind=Activity.Kind.FACTORY_VISIT, enterprise=pumps, date=datetime.date(2015, 7, 1)
    )
    AttendanceFactory(activity=visit, enterprise=pumps)
    MeasurementFactory(enterprise=cable, value=Decimal("4.50"), note="-2+3")
    MeasurementFactory(enterprise=cable, indicator=Indicator.objects.get(code="osh-committee"), value=1)
    ImprovementFactory(
        enterprise=cable,
        title="Hoppers instead of bags",
        annual_saving_rmb=None,
        status=Improvement.Status.VERIFIED,
        verified_by=UserFactory(username="reviewer"),
        verified_at=datetime.datetime(2015, 8, 20, 10, 30, tzinfo=datetime.UTC),
    )
    return cable


KINDS = ["enterprises", "measurements", "rounds", "enrollments", "attendance", "improvements"]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_exported_file_reimports_as_unchanged(client, coordinator, programme, kind, file_format):
    client.force_login(coordinator)
    response = client.get(reverse("dataexchange:export", args=[kind, file_format]))
    exported = b"".join(response.streaming_content) if response.streaming else response.getvalue()

    outcome = run_import(coordinator, kind, exported, file_name=f"export.{file_format}")

    assert outcome.is_valid, problems_of(outcome) or outcome.file_problems
    assert outcome.rows and {row.status for row in outcome.rows} == {"unchanged"}


def test_staged_files_are_removed_after_a_day(coordinator, partner, deyang):
    outcome = run_import(coordinator, "enterprises", xlsx_bytes([ENTERPRISE_HEADERS, enterprise_row()]), dry_run=True)
    old_token = staging.stage(coordinator, b"old", outcome)
    StagedImport.objects.filter(token=old_token).update(
        staged_at=timezone.now() - datetime.timedelta(days=1, seconds=1)
    )

    new_token = staging.stage(coordinator, b"new", outcome)

    assert staging.load(coordinator, old_token) is None
    kept = StagedImport.objects.get()
    assert (kept.token, bytes(kept.data)) == (new_token, b"new")


def test_columns_the_import_leaves_aside_are_named(coordinator, partner, deyang):
    data = xlsx_bytes([[*ENTERPRISE_HEADERS, "Remarks", "Status"], [*enterprise_row(), "call back", "x"]])

    outcome = run_import(coordinator, "enterprises", data, dry_run=True)

    assert outcome.ignored_columns == ["G “Remarks”", "H “Status”"]
    assert outcome.is_valid


def test_an_export_in_chinese_reimports_as_unchanged(client, coordinator, programme, settings):
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    exported = client.get(reverse("dataexchange:export", args=["enterprises", "xlsx"])).getvalue()

    outcome = run_import(coordinator, "enterprises", exported)

    assert xlsx_rows(exported)[0][:2] == ["企业名称（英语）", "城市"]
    assert {row.status for row in outcome.rows} == {"unchanged"}


def test_each_import_is_logged_with_its_author_and_counts(coordinator, partner, deyang):
    EnterpriseFactory(
        name="Old Co", city=deyang, recruited_by=partner, sector="electrical", workforce_total=320, workforce_female=150
    )
    data = xlsx_bytes([ENTERPRISE_HEADERS, enterprise_row(), enterprise_row(name="Old Co")])

    run_import(coordinator, "enterprises", data, dry_run=True)
    run_import(coordinator, "enterprises", data, file_name="june.xlsx")

    logged = SpreadsheetImport.objects.get()
    assert (logged.user, logged.kind, logged.file_name, logged.created, logged.updated, logged.unchanged) == (
        coordinator,
        "enterprises",
        "june.xlsx",
        1,
        0,
        1,
    )
