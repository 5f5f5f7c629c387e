import datetime
import itertools
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from django.http import HttpRequest
from PIL import Image

from enterprises import access as enterprise_access
from enterprises.models import Enterprise, EnterpriseAccess, Measurement, Sector
from improvements.models import Improvement, Photo, ReviewStep
from improvements.photos import SIMILAR_AHASH_MAX_DISTANCE, ahash_distance
from improvements.plausibility import improvement_warnings
from partners import roles
from partners.models import Agreement, Partner, PartnerMembership, Phase
from tests.factories import PartnerFactory
from trainings.models import Activity, Certification, Event, TrainingRound

pytestmark = pytest.mark.django_db

D = datetime.date
PASSWORD = "score-demo-2015"


def load_demo(*args):
    output = StringIO()
    call_command("load_demo", *args, stdout=output)
    return output.getvalue()


@pytest.fixture
def demo():
    return load_demo()


def record_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def photo_files():
    return set(Photo.objects.values_list("image", "display", "thumbnail"))


def test_guangzhou_bsci_module_5_round_completed_in_july(demo):
    guangzhou = TrainingRound.objects.get(city__name="Guangzhou")

    assert (guangzhou.partner.code, guangzhou.module.number) == ("BSCI", 5)
    assert guangzhou.status == TrainingRound.Status.COMPLETED
    assert guangzhou.starts_on.month == guangzhou.ends_on.month == 7
    assert guangzhou.enterprises.count() == 4
    assert "end of the pilot ILO-BSCI Supplier Training" in guangzhou.description


def test_taixing_launch_enrolls_five_local_enterprises_in_module_1(demo):
    taixing = TrainingRound.objects.get(city__name="Taixing")
    launch_workshop = taixing.activities.get(kind=Activity.Kind.WORKSHOP, date=D(2015, 8, 20))

    assert (taixing.partner.code, taixing.module.number, taixing.starts_on) == ("CEC", 1, D(2015, 8, 20))
    assert taixing.status == TrainingRound.Status.ONGOING
    assert set(taixing.enterprises.values_list("city__name", flat=True)) == {"Taixing"}
    assert taixing.enterprises.count() == 5
    assert launch_workshop.attendances.count() == 5
    for attendance in launch_workshop.attendances.all():
        assert attendance.female_managers + attendance.male_managers == 2
        assert attendance.female_workers + attendance.male_workers == 2


def test_shanghai_eti_pilot_trains_five_garment_and_footwear_factories_supplying_eti_brands(demo):
    pilot = TrainingRound.objects.get(city__name="Shanghai")
    factories = pilot.enterprises.prefetch_related("supplies_brands")

    assert (pilot.partner.code, pilot.starts_on) == ("ETI", D(2015, 8, 29))
    assert len(factories) == 5
    assert {factory.sector for factory in factories} == {Sector.GARMENT, Sector.FOOTWEAR}
    assert all(factory.supplies_brands.exists() for factory in factories)
    supplied = Partner.objects.filter(suppliers__in=factories).distinct()
    assert set(supplied.values_list("code", flat=True)) == {"GAP", "INDITEX", "PENTLAND"}
    assert {brand.parent.code for brand in supplied} == {"ETI"}


def test_deyang_has_four_manufacturers_visited_in_module_1_and_a_module_5_toe_planned(demo):
    module_1 = TrainingRound.objects.get(city__name="Deyang", module__number=1)
    module_5 = TrainingRound.objects.get(city__name="Deyang", module__number=5)
    visits = module_1.activities.filter(kind=Activity.Kind.FACTORY_VISIT)

    assert Enterprise.objects.filter(city__name="Deyang").count() == 4
    assert module_1.enterprises.count() == 4
    assert set(visits.values_list("enterprise__name", flat=True)) == set(
        module_1.enterprises.values_list("name", flat=True)
    )
    assert {visit.date.month for visit in visits} == {6, 7, 8}
    assert all(visit.trainers.exists() for visit in visits)
    assert (module_5.status, module_5.starts_on, module_5.ends_on) == (
        TrainingRound.Status.PLANNED,
        D(2015, 9, 4),
        D(2015, 9, 5),
    )


def test_cable_manufacturer_has_four_verified_improvements_each_with_a_before_and_an_after_photo(demo):
    improvements = Improvement.objects.filter(enterprise__name__icontains="cable")

    assert improvements.count() == 4
    assert set(improvements.values_list("status", flat=True)) == {Improvement.Status.VERIFIED}
    assert all(improvement.verified_by.username == "ilo.staff" for improvement in improvements)
    for improvement in improvements:
        assert sorted(improvement.photos.values_list("stage", flat=True)) == [Photo.Stage.AFTER, Photo.Stage.BEFORE]


def test_improvements_went_through_review_and_raise_no_plausibility_warnings(demo, django_user_model):
    reviewer = django_user_model.objects.get(username="ilo.staff")

    for improvement in Improvement.objects.filter(enterprise__name__icontains="cable"):
        steps = list(improvement.review_steps.values_list("action", "user__username"))
        assert steps == [(ReviewStep.Action.SUBMIT, "cec.coordinator"), (ReviewStep.Action.VERIFY, "ilo.staff")]
        assert improvement.verified_at == improvement.review_steps.get(action=ReviewStep.Action.VERIFY).at
        assert improvement_warnings(improvement, viewer=reviewer) == []


def test_photo_captions_and_review_comments_are_written_in_english_and_in_chinese(demo):
    photos = Photo.objects.filter(improvement__enterprise__name__icontains="cable")
    verifications = ReviewStep.objects.filter(action=ReviewStep.Action.VERIFY)

    assert photos.count() == 8 and verifications.count() == 4
    assert all(photo.caption_en and photo.caption_zh_hans for photo in photos)
    assert all(step.comment_en and step.comment_zh_hans for step in verifications)


def test_verified_savings_are_exactly_the_13000_rmb_of_the_hoppers(demo):
    verified = Improvement.objects.filter(status=Improvement.Status.VERIFIED)
    hopper = verified.get(annual_saving_rmb__isnull=False)

    assert verified.aggregate(total=Sum("annual_saving_rmb"))["total"] == Decimal("13000")
    assert hopper.category_id == "cleaner_production"
    assert "bags" in hopper.saving_calculation
    assert "unpacking" in hopper.saving_calculation


def test_chongqing_agreement_is_dated_28_july_2015_and_followed_by_tot_and_toe(demo):
    agreement = Agreement.objects.get(partner__code="CQEC")
    rounds = TrainingRound.objects.filter(city__name="Chongqing")

    assert (agreement.signed_on, agreement.kind, agreement.phase) == (
        D(2015, 7, 28),
        Agreement.Kind.IMPLEMENTATION,
        Phase.PHASE_II,
    )
    assert agreement.partner.parent.code == "CEC"
    assert Event.objects.get(kind=Event.Kind.AGREEMENT_SIGNING).starts_on == D(2015, 7, 28)
    assert set(rounds.values_list("kind", flat=True)) == {TrainingRound.Kind.TOT, TrainingRound.Kind.TOE}
    assert {round_.starts_on.month for round_ in rounds} == {7, 8}
    assert Agreement.objects.count() > 1


def test_upcoming_seminar_and_committee_meeting_have_the_newsletter_dates(demo):
    seminar = Event.objects.get(kind=Event.Kind.SEMINAR)
    committee = Event.objects.get(kind=Event.Kind.COMMITTEE_MEETING)

    assert (seminar.city.name, seminar.starts_on, seminar.ends_on) == ("Xining", D(2015, 9, 2), D(2015, 9, 3))
    assert list(seminar.partners.values_list("code", flat=True)) == ["ACFTU"]
    assert (committee.city.name, committee.starts_on) == ("Beijing", D(2015, 10, 31))
    assert "Michael Elkin" in committee.description


def test_the_chongqing_tot_records_its_trainees_by_sex_partner_and_day(demo):
    tot = TrainingRound.objects.get(title="Chongqing ToT Module 1, 2015")
    trainees = tot.trainees.for_round_page()

    assert {trainee.trainer.partner.code for trainee in trainees} == {"CQEC"}
    assert sorted(trainee.trainer.sex for trainee in trainees) == ["F", "F", "F", "M", "M", "M"]
    assert sorted(trainee.days_present for trainee in trainees) == [2, 2, 3, 3, 3, 3]


def test_the_chongqing_toe_is_supervised_and_leads_to_a_recommendation_and_a_certification(demo):
    toe = TrainingRound.objects.get(title="Chongqing ToE Module 1, 2015")
    team = {member.trainer.name: member.role for member in toe.team.select_related("trainer")}
    certifications = {c.trainer.name: c for c in toe.recommendations.select_related("trainer", "recommended_by")}

    assert team == {"Li Qiang": "lead", "Zhao Min": "co", "Chen Jing": "supervisor"}
    assert {c.recommended_by.name for c in certifications.values()} == {"Chen Jing"}
    assert certifications["Li Qiang"].status == Certification.Status.RECOMMENDED
    assert (certifications["Zhao Min"].status, certifications["Zhao Min"].certified_on) == (
        Certification.Status.CERTIFIED,
        D(2015, 8, 31),
    )
    assert certifications["Zhao Min"].recommendation_zh_hans


def test_the_xining_seminar_counts_its_participants_by_sex_and_partner(demo):
    seminar = Event.objects.get(kind=Event.Kind.SEMINAR)
    counts = {(p.partner.code if p.partner else None): (p.female, p.male) for p in seminar.participations.all()}

    assert counts == {"ACFTU": (23, 17), None: (6, 5)}


def test_not_every_enterprise_reports_indicator_measurements(demo):
    reporting = Measurement.objects.values("enterprise").distinct().count()

    assert 0 < reporting < Enterprise.objects.count()


def test_running_it_twice_changes_nothing(demo, media_root):
    counts = record_counts()
    photo_names = photo_files()
    files = sorted(media_root.rglob("*.jpg"))

    load_demo()

    assert record_counts() == counts
    assert photo_files() == photo_names
    assert sorted(media_root.rglob("*.jpg")) == files
    assert len(files) == 3 * 8


def test_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        load_demo()
    assert not Partner.objects.exists()

    load_demo("--force")
    assert Partner.objects.filter(code="CEC").exists()


def test_if_empty_skips_when_a_partner_exists_but_still_prints_the_logins():
    PartnerFactory()

    output = load_demo("--if-empty")

    assert Partner.objects.count() == 1
    assert "not loaded" in output
    assert "cec.coordinator" in output
    assert PASSWORD in output


def test_if_empty_loads_an_empty_database():
    load_demo("--if-empty")

    assert Partner.objects.filter(code="CQEC").exists()


def test_demo_users_can_log_in_with_the_demo_password(demo, client):
    for username in ["admin", "ilo.staff", "cec.coordinator", "eti.coordinator", "cec.viewer", "committee"]:
        assert username in demo
        # django-axes checks every sign-in against the request it came with.
        assert client.login(request=HttpRequest(), username=username, password=PASSWORD), username


def test_demo_users_have_their_roles(demo, django_user_model):
    users = {user.username: user for user in django_user_model.objects.prefetch_related("groups")}
    groups = {name: {group.name for group in user.groups.all()} for name, user in users.items()}
    memberships = set(PartnerMembership.objects.values_list("user__username", "partner__code", "role"))

    assert users["admin"].is_superuser and users["admin"].is_staff
    assert users["ilo.staff"].is_staff and not users["ilo.staff"].is_superuser
    assert groups == {
        "admin": set(),
        "ilo.staff": {roles.ILO_STAFF},
        "cec.coordinator": {roles.PARTNER_COORDINATOR},
        "eti.coordinator": {roles.PARTNER_COORDINATOR},
        "cec.viewer": {roles.PARTNER_VIEWER},
        "committee": {roles.COMMITTEE_MEMBER},
        "chen.jing@cqec.example.org": {roles.PARTNER_COORDINATOR},
        "zhao.lei@eti.example.org": {roles.PARTNER_VIEWER},
    }
    assert memberships == {
        ("cec.coordinator", "CEC", PartnerMembership.Role.COORDINATOR),
        ("eti.coordinator", "ETI", PartnerMembership.Role.COORDINATOR),
        ("cec.viewer", "CEC", PartnerMembership.Role.VIEWER),
        ("chen.jing@cqec.example.org", "CQEC", PartnerMembership.Role.COORDINATOR),
        ("zhao.lei@eti.example.org", "ETI", PartnerMembership.Role.VIEWER),
    }
    assert not users["chen.jing@cqec.example.org"].has_usable_password()


def test_cec_coordinator_sees_deyang_through_the_cec_training_center(demo, django_user_model):
    coordinator = django_user_model.objects.get(username="cec.coordinator")

    visible = Enterprise.objects.visible_to(coordinator)

    assert visible.filter(city__name="Deyang").count() == 4
    assert not visible.filter(city__name="Shanghai").exists()


def test_generated_photos_are_valid_jpegs_that_do_not_look_alike(demo):
    photos = list(Photo.objects.all())
    for photo in photos:
        with photo.file("original").open("rb") as file, Image.open(file) as image:
            assert (image.format, image.size) == ("JPEG", (800, 600))

    assert len(photos) == 8
    distances = [ahash_distance(first.ahash, second.ahash) for first, second in itertools.combinations(photos, 2)]
    assert min(distances) > SIMILAR_AHASH_MAX_DISTANCE


def test_the_demo_gives_a_few_realistic_data_quality_findings(demo, django_user_model):
    from reporting.quality import QualityReport

    report = QualityReport(django_user_model.objects.get(username="ilo.staff"))
    found = {check for _partner, check in report.check_findings()}

    assert {"round_overdue", "round_no_attendance", "follow_up_overdue"} <= found
    assert all(row.score < 100 for row in report.by_partner() if row.by_check)


def test_the_demo_coordinator_finds_reminders_and_a_verified_improvement_in_the_inbox(demo, django_user_model):
    from partners.models import Notification, NotificationKind

    kinds = set(Notification.objects.filter(recipient__username="cec.coordinator").values_list("kind", flat=True))

    assert {NotificationKind.ROUND_OVERDUE, NotificationKind.IMPROVEMENT_VERIFIED} <= kinds


def test_demo_leaves_the_partners_access_to_enterprises_exact(demo):
    assert EnterpriseAccess.objects.exists()
    assert enterprise_access.differences() == []
