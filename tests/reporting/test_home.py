import datetime

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from improvements import services as improvement_services
from improvements.models import Improvement, Photo
from improvements.versions import review_version
from partners import roles
from partners.models import PartnerMembership
from reporting import data_version, home, quality
from reporting.models import DataVersion, FrozenRendering, FrozenReport, QualityCounts
from tests.factories import (
    AgreementFactory,
    CertificationFactory,
    EnrollmentFactory,
    ImprovementFactory,
    PartnerFactory,
    TrainingRoundFactory,
    UserFactory,
    add_photo,
    user_with_role,
)
from trainings.models import Certification, TrainingRound

pytestmark = pytest.mark.django_db

HOME_URL = reverse("home")
ONGOING = TrainingRound.Status.ONGOING
TODAY = timezone.localdate()
# The staff home page: its queues, the stored data-quality counts and the data version they are compared with, and on
# the first visit the recount it queues.
STAFF_HOME_QUERIES = 18


@pytest.fixture
def partner():
    return PartnerFactory(name="Deyang Enterprise Confederation", code="DY-EC")


@pytest.fixture
def rounds(partner):
    """An ongoing and a planned round of the partner, a completed one, and an ongoing round of another partner."""
    return {
        "own_ongoing": TrainingRoundFactory(title="Deyang Module 1", partner=partner, status=ONGOING),
        "own_planned": TrainingRoundFactory(title="Deyang Module 5", partner=partner),
        "own_completed": TrainingRoundFactory(
            title="Deyang Module 2",
            partner=partner,
            status=TrainingRound.Status.COMPLETED,
            ends_on=datetime.date(2015, 7, 1),
        ),
        "other_ongoing": TrainingRoundFactory(title="Shanghai ETI pilot", status=ONGOING),
    }


def queue(response, key):
    return next(q for q in response.context["queues"] if q.key == key)


def test_home_sends_anonymous_user_to_sign_in(client):
    response = client.get(HOME_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_ilo_staff_see_what_waits_for_them(client, ilo_staff, partner):
    ImprovementFactory.create_batch(2, status=Improvement.Status.SUBMITTED)
    ImprovementFactory(status=Improvement.Status.DRAFT)
    TrainingRoundFactory(title="Overdue round", status=ONGOING, ends_on=TODAY - datetime.timedelta(days=3))
    TrainingRoundFactory(title="Running round", status=ONGOING, ends_on=TODAY + datetime.timedelta(days=3))
    TrainingRoundFactory(
        title="Closed round", status=TrainingRound.Status.COMPLETED, ends_on=TODAY - datetime.timedelta(days=3)
    )
    AgreementFactory(
        title="Chongqing agreement",
        partner=partner,
        starts_on=TODAY - datetime.timedelta(days=300),
        ends_on=TODAY + datetime.timedelta(days=60),
    )
    AgreementFactory(title="Long agreement", starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=400))
    AgreementFactory(title="Old agreement", starts_on=datetime.date(2010, 1, 1), ends_on=datetime.date(2011, 1, 1))
    CertificationFactory(status=Certification.Status.RECOMMENDED, trainer__name="Li Wei")
    CertificationFactory(status=Certification.Status.CERTIFIED, certified_on=datetime.date(2015, 8, 1))
    client.force_login(ilo_staff)

    response = client.get(HOME_URL)

    assert queue(response, "improvements-to-verify").count == 2
    assert [label for label, _url, _detail in queue(response, "rounds-past-end").items] == ["Overdue round"]
    assert [label for label, _url, _detail in queue(response, "agreements-expiring").items] == ["Chongqing agreement"]
    assert [label for label, _url, _detail in queue(response, "certification-recommendations").items] == ["Li Wei"]
    content = response.content.decode()
    assert 'data-queue="improvements-to-verify"' in content
    assert "Deyang Enterprise Confederation, until" in content


def test_ilo_staff_are_told_when_nothing_waits(client, ilo_staff):
    client.force_login(ilo_staff)

    content = client.get(HOME_URL).content.decode()

    assert "No improvement is waiting for review." in content
    assert "No agreement expires in the next 90 days." in content


def test_coordinator_sees_returned_improvements_first_then_open_rounds(client, partner, rounds, ilo_staff):
    coordinator = user_with_role(roles.PARTNER_COORDINATOR, partner)
    enrollment = EnrollmentFactory(round=rounds["own_ongoing"])
    improvement = ImprovementFactory(enterprise=enrollment.enterprise, title="Tool racks")
    add_photo(improvement, stage=Photo.Stage.BEFORE)
    add_photo(improvement, stage=Photo.Stage.AFTER, seed=1)
    improvement_services.improvement_submit(user=coordinator, improvement=improvement)
    improvement_services.improvement_return(
        user=ilo_staff, improvement=improvement, version=review_version(improvement), comment_en="Add the calculation."
    )
    client.force_login(coordinator)

    response = client.get(HOME_URL)

    assert [r.title for r in response.context["open_rounds"]] == ["Deyang Module 1", "Deyang Module 5"]
    content = response.content.decode()
    assert content.index("Tool racks") < content.index("Your open rounds") < content.index("Deyang Module 1")
    assert "Add the calculation." in content
    assert "Shanghai ETI pilot" not in content and "Deyang Module 2" not in content
    assert reverse("trainings:workshop_create", args=[rounds["own_ongoing"].pk]) in content
    assert reverse("enterprises:enterprise_create") in content


def test_viewer_sees_open_rounds_without_quick_actions(client, partner, rounds):
    client.force_login(user_with_role(roles.PARTNER_VIEWER, partner, role=PartnerMembership.Role.VIEWER))

    response = client.get(HOME_URL)

    assert response.context["open_round_count"] == 2
    content = response.content.decode()
    assert "You can read your partners' records" in content
    assert reverse("trainings:enrollment_create", args=[rounds["own_ongoing"].pk]) not in content
    assert reverse("enterprises:enterprise_create") not in content


def test_committee_member_sees_the_latest_frozen_report_and_the_dashboard(client, committee_member, ilo_staff, rounds):
    for title, day in (("Spring report", datetime.date(2015, 5, 1)), ("Summer report", datetime.date(2015, 9, 1))):
        frozen = FrozenReport.objects.create(
            period_start=day,
            period_end=day,
            frozen_by=ilo_staff,
            frozen_at=datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC),
        )
        FrozenRendering.objects.create(frozen=frozen, language="en", title=title, html="", figures={})
    client.force_login(committee_member)

    response = client.get(HOME_URL)

    content = response.content.decode()
    assert response.context["latest_frozen"].rendering.title == "Summer report"
    assert "Spring report" not in content
    assert f'href="{reverse("reporting:dashboard")}"' in content
    assert "Deyang Module 1" not in content


def test_committee_member_is_told_when_no_report_is_frozen(client, committee_member):
    client.force_login(committee_member)

    assert "No report has been frozen yet." in client.get(HOME_URL).content.decode()


def test_user_without_a_role_is_told_to_ask_for_one(client):
    client.force_login(UserFactory())

    assert "Your account has no role in SCORE MIS yet." in client.get(HOME_URL).content.decode()


def test_reviewer_is_led_to_the_improvements_awaiting_verification(client):
    ImprovementFactory.create_batch(2, status=Improvement.Status.SUBMITTED)
    ImprovementFactory(status=Improvement.Status.DRAFT)
    client.force_login(user_with_role(roles.REVIEWER))

    response = client.get(HOME_URL)

    assert [q.count for q in response.context["queues"]] == [2]
    assert f'href="{reverse("improvements:improvement_list")}?status=submitted"' in response.content.decode()


def test_improvements_to_verify_list_the_longest_waiting_first(client, ilo_staff):
    waiting = ImprovementFactory.create_batch(7, status=Improvement.Status.SUBMITTED)
    base = timezone.now() - datetime.timedelta(days=30)
    for days, improvement in enumerate(reversed(waiting)):
        Improvement.objects.filter(pk=improvement.pk).update(updated_at=base + datetime.timedelta(days=days))
    client.force_login(ilo_staff)

    to_verify = queue(client.get(HOME_URL), "improvements-to-verify")

    assert (to_verify.count, to_verify.count_is_bounded) == (7, False)
    assert [label for label, _url, _detail in to_verify.items] == [i.display_title for i in waiting[::-1][:5]]


def test_a_queue_longer_than_it_counts_says_more_than(client, ilo_staff, monkeypatch):
    monkeypatch.setattr(home, "COUNTED_AT_MOST", 3)
    ImprovementFactory.create_batch(4, status=Improvement.Status.SUBMITTED)
    TrainingRoundFactory.create_batch(3, status=ONGOING, ends_on=TODAY - datetime.timedelta(days=1))
    client.force_login(ilo_staff)

    response = client.get(HOME_URL)
    chinese = client.get(HOME_URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    to_verify, overdue = queue(response, "improvements-to-verify"), queue(response, "rounds-past-end")
    assert (to_verify.count, to_verify.count_is_bounded, len(to_verify.items)) == (3, True, 4)
    assert (overdue.count, overdue.count_is_bounded) == (3, False)
    content = response.content.decode()
    assert 'data-count="improvements-to-verify">3+</span>' in content
    assert "See more than 3" in content
    assert 'data-count="rounds-past-end">3</span>' in content
    assert "查看全部（超过 3 项）" in chinese


def recounts_queued():
    return DBTaskResult.objects.filter(task_path="reporting.tasks.quality_counts_recount").count()


def test_staff_home_queues_one_count_of_the_data_quality_findings_and_says_it_is_counting(client, ilo_staff):
    client.force_login(ilo_staff)

    first = client.get(HOME_URL)
    second = client.get(HOME_URL)

    assert recounts_queued() == 1
    for response in (first, second):
        assert queue(response, "data-quality").count is None
        assert "Not counted yet: counting…" in response.content.decode()


def test_staff_home_shows_the_data_quality_findings_the_task_counted_by_check(client, ilo_staff, run_queued_tasks):
    EnrollmentFactory.create_batch(2)  # enrolled enterprises without a baseline
    client.force_login(ilo_staff)
    client.get(HOME_URL)

    run_queued_tasks()
    response = client.get(HOME_URL)

    findings = queue(response, "data-quality")
    page = reverse("reporting:data_quality")
    assert findings.count >= 2
    assert ("Enterprises without a baseline", page, 2) in findings.items
    assert findings.all_url == page
    counted_at = QualityCounts.objects.get(scope=QualityCounts.PROGRAMME).counted_at
    assert f"counted at {timezone.localtime(counted_at):%H:%M}" in response.content.decode()
    assert recounts_queued() == 1


def test_staff_home_says_when_the_data_has_no_quality_finding(client, ilo_staff, run_queued_tasks):
    client.force_login(ilo_staff)
    client.get(HOME_URL)
    run_queued_tasks()

    response = client.get(HOME_URL)

    assert queue(response, "data-quality").count == 0
    assert "No data-quality finding." in response.content.decode()


def test_stale_data_quality_counts_are_shown_while_one_recount_is_queued(client, ilo_staff):
    counted_at = timezone.now()  # of no data version: out of date
    QualityCounts.objects.create(scope=QualityCounts.PROGRAMME, counts={"no_baseline": 3}, counted_at=counted_at)
    client.force_login(ilo_staff)

    client.get(HOME_URL)
    response = client.get(HOME_URL)

    assert recounts_queued() == 1
    assert queue(response, "data-quality").count == 3
    assert f"counted at {timezone.localtime(counted_at):%H:%M}, counting again…" in response.content.decode()


def counted_now():
    return QualityCounts.objects.create(
        scope=QualityCounts.PROGRAMME,
        counts={"no_baseline": 3},
        counted_at=timezone.now(),
        data_version=data_version.current(),
    )


def test_fresh_data_quality_counts_are_not_recounted(client, ilo_staff):
    counted_now()
    client.force_login(ilo_staff)

    client.get(HOME_URL)

    assert recounts_queued() == 0


def test_data_quality_counts_are_recounted_after_an_hour_as_findings_age_with_the_date(client, ilo_staff):
    counted_now()
    QualityCounts.objects.update(counted_at=timezone.now() - QualityCounts.FRESH_FOR - datetime.timedelta(minutes=1))
    client.force_login(ilo_staff)

    client.get(HOME_URL)

    assert recounts_queued() == 1


def test_data_quality_counts_are_recounted_once_the_records_change(client, ilo_staff):
    counted_now()
    client.force_login(ilo_staff)
    DataVersion.objects.update(number=F("number") + 1)  # a write committed

    response = client.get(HOME_URL)

    assert recounts_queued() == 1
    assert queue(response, "data-quality").count == 3


def test_the_recount_keeps_the_data_version_it_counted(client, ilo_staff, run_queued_tasks):
    client.force_login(ilo_staff)
    client.get(HOME_URL)

    run_queued_tasks()

    assert QualityCounts.objects.get(scope=QualityCounts.PROGRAMME).data_version == data_version.current()
    client.get(HOME_URL)
    assert recounts_queued() == 1  # the first one only


def test_a_recount_asked_for_long_ago_is_taken_for_lost_and_asked_for_again(client, ilo_staff):
    long_ago = timezone.now() - QualityCounts.RECOUNT_GIVE_UP - datetime.timedelta(minutes=1)
    QualityCounts.objects.create(scope=QualityCounts.PROGRAMME, requested_at=long_ago)
    client.force_login(ilo_staff)

    client.get(HOME_URL)

    assert recounts_queued() == 1


def test_a_recount_asked_for_by_someone_no_longer_staff_stores_nothing_and_lets_the_next_ask(
    client, ilo_staff, run_queued_tasks
):
    client.force_login(ilo_staff)
    client.get(HOME_URL)
    ilo_staff.groups.clear()

    run_queued_tasks()

    stored = QualityCounts.objects.get(scope=QualityCounts.PROGRAMME)
    assert stored.counted_at is None and stored.requested_at is None


def test_staff_home_shows_the_data_quality_count_notes_in_chinese(client, ilo_staff):
    counted_at = timezone.now()  # of no data version: out of date
    QualityCounts.objects.create(scope=QualityCounts.PROGRAMME, counts={"no_baseline": 3}, counted_at=counted_at)
    client.force_login(ilo_staff)

    html = client.get(HOME_URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert f"统计于 {timezone.localtime(counted_at):%H:%M}，正在重新统计…" in html
    QualityCounts.objects.all().delete()
    assert "尚未统计：正在统计…" in client.get(HOME_URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


@pytest.mark.parametrize("size", [2, 30])
def test_staff_home_runs_a_fixed_number_of_queries(client, ilo_staff, size, django_assert_max_num_queries, monkeypatch):
    ImprovementFactory.create_batch(size, status=Improvement.Status.SUBMITTED)
    TrainingRoundFactory.create_batch(size, status=ONGOING, ends_on=TODAY - datetime.timedelta(days=1))
    AgreementFactory.create_batch(size, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=10))
    CertificationFactory.create_batch(size, status=Certification.Status.RECOMMENDED)
    client.force_login(ilo_staff)
    monkeypatch.setattr(quality, "QualityReport", None)  # the home page reads stored counts, it never counts them

    with django_assert_max_num_queries(STAFF_HOME_QUERIES):
        response = client.get(HOME_URL)
    with django_assert_max_num_queries(STAFF_HOME_QUERIES):
        client.get(HOME_URL)

    assert queue(response, "improvements-to-verify").count == size


@pytest.mark.parametrize("size", [2, 30])
def test_coordinator_home_runs_a_fixed_number_of_queries(client, partner, size, django_assert_max_num_queries):
    TrainingRoundFactory.create_batch(size, partner=partner, status=ONGOING)
    client.force_login(user_with_role(roles.PARTNER_COORDINATOR, partner))

    with django_assert_max_num_queries(12):
        response = client.get(HOME_URL)

    assert response.context["open_round_count"] == size
