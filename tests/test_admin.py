import datetime
import itertools

import factory
import pytest
from concurrency.forms import get_signer
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from enterprises.models import Enterprise, Indicator
from improvements import admin as improvement_admin
from improvements.models import Improvement, ImprovementCategory, Photo
from partners.models import City, Delivery, Notification, NotificationKind, Partner, PeriodLock, QualitySettings
from score_mis import pagination
from tests.factories import (
    AgreementFactory,
    AttendanceFactory,
    CertificationFactory,
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    EventFactory,
    ImprovementFactory,
    ImprovementTeamFactory,
    MeasurementFactory,
    MembershipFactory,
    PartnerFactory,
    PhotoFactory,
    TrainerFactory,
    TrainingRoundFactory,
    UserFactory,
)
from trainings.models import Activity, Certification, Module, TrainingRound

SCORE_APPS = {"partners", "enterprises", "trainings", "improvements"}
numbers = itertools.count(100)


def score_admins():
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in SCORE_APPS
        ),
        key=lambda pair: pair[0]._meta.label,
    )


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def build_programme_rows(count):
    """`count` more rows of every SCORE model, linked as real data is."""
    national = Partner.objects.filter(code="NATIONAL").first() or PartnerFactory(code="NATIONAL")
    brand = Partner.objects.filter(code="BRAND").first() or PartnerFactory(code="BRAND", kind=Partner.Kind.BRAND)
    for _ in range(count):
        number = next(numbers)
        city = CityFactory()
        partner = PartnerFactory(city=city, parent=national, parent_relation=Partner.ParentRelation.BRANCH_OF)
        AgreementFactory(partner=partner)
        MembershipFactory(partner=partner)
        enterprise = EnterpriseFactory(city=city, recruited_by=partner)
        enterprise.supplies_brands.add(brand)
        ImprovementTeamFactory(enterprise=enterprise)
        indicator = Indicator.objects.create(code=f"indicator-{number}", name=f"Indicator {number}", better="higher")
        MeasurementFactory(enterprise=enterprise, indicator=indicator)
        module = Module.objects.create(number=number, title=f"Module {number}", short_label=f"M{number}")
        trainer = TrainerFactory(partner=partner)
        CertificationFactory(
            trainer=trainer,
            module=module,
            status=Certification.Status.CERTIFIED,
            certified_on=datetime.date(2015, 5, 1),
        )
        training_round = TrainingRoundFactory(partner=partner, city=city, module=module)
        EnrollmentFactory(round=training_round, enterprise=enterprise)
        visit = Activity.objects.create(
            round=training_round,
            kind=Activity.Kind.FACTORY_VISIT,
            enterprise=enterprise,
            date=datetime.date(2015, 6, 20),
        )
        visit.trainers.add(trainer)
        AttendanceFactory(activity=visit, enterprise=enterprise)
        EventFactory(city=city).partners.add(partner)
        category = ImprovementCategory.objects.create(code=f"category-{number}", name_en=f"Category {number}")
        improvement = ImprovementFactory(enterprise=enterprise, module=module, category=category)
        PhotoFactory(improvement=improvement, stage=Photo.Stage.BEFORE)
        PhotoFactory(improvement=improvement, stage=Photo.Stage.AFTER)
        PeriodLock.objects.create(
            starts_on=datetime.date(2100 + number, 1, 1), ends_on=datetime.date(2100 + number, 6, 30), reason="Met"
        )
        Notification.objects.create(
            recipient=improvement.enterprise.recruited_by.memberships.first().user,
            kind=NotificationKind.IMPROVEMENT_VERIFIED,
            params={"title": improvement.title},
            delivery=Delivery.IN_APP,
        )
    QualitySettings.objects.create()


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def changelist_query_counts(client):
    counts = {}
    for model, _model_admin in score_admins():
        url = admin_url(model, "changelist")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, model
        counts[model._meta.label] = (len(queries), response.context["cl"].result_count)
    return counts


def test_every_score_model_has_an_admin():
    registered = {model._meta.label for model, _model_admin in score_admins()}

    assert registered == {
        "partners.City",
        "partners.Partner",
        "partners.Agreement",
        "partners.PartnerMembership",
        "partners.QualitySettings",
        "partners.PeriodLock",
        "partners.Notification",
        "enterprises.Enterprise",
        "enterprises.ImprovementTeam",
        "enterprises.Indicator",
        "enterprises.Measurement",
        "trainings.Module",
        "trainings.Trainer",
        "trainings.Certification",
        "trainings.TrainingRound",
        "trainings.Enrollment",
        "trainings.Activity",
        "trainings.Attendance",
        "trainings.Event",
        "improvements.ImprovementCategory",
        "improvements.Improvement",
        "improvements.Photo",
    }


@pytest.mark.django_db
def test_changelist_query_counts_do_not_grow_with_rows(superuser_client):
    build_programme_rows(2)
    small = changelist_query_counts(superuser_client)
    build_programme_rows(10)
    large = changelist_query_counts(superuser_client)

    for label in set(small) - {"partners.QualitySettings"}:  # one row, whatever the size
        small_queries, small_rows = small[label]
        large_queries, large_rows = large[label]
        assert large_rows > small_rows, label
        assert large_queries == small_queries, (
            f"{label}: {small_queries} queries at {small_rows} rows, {large_queries} at {large_rows}"
        )


@pytest.mark.django_db
def test_every_add_form_and_change_form_renders(superuser_client):
    build_programme_rows(1)
    for model, _model_admin in score_admins():
        obj = model._default_manager.order_by("-pk").first()

        # Photos are uploaded in the staff app; notifications come from the workflow; the settings are one row.
        expected_add_status = 403 if model in (Photo, Notification, QualitySettings) else 200
        assert superuser_client.get(admin_url(model, "add")).status_code == expected_add_status, model
        assert superuser_client.get(admin_url(model, "change", obj.pk)).status_code == 200, model
        assert superuser_client.get(admin_url(model, "history", obj.pk)).status_code == 200, model


@pytest.mark.django_db
def test_improvement_list_and_form_show_before_and_after_photos(superuser_client):
    improvement = ImprovementFactory()
    before = PhotoFactory(improvement=improvement, stage=Photo.Stage.BEFORE, caption_en="Cups on the floor")
    after = PhotoFactory(improvement=improvement, stage=Photo.Stage.AFTER, caption_en="Shelf for cups")

    listing = superuser_client.get(admin_url(improvement, "changelist")).content.decode()
    form = superuser_client.get(admin_url(improvement, "change", improvement.pk)).content.decode()

    for page in (listing, form):
        assert f'<img src="{before.url_for("thumbnail")}" alt="Cups on the floor"' in page
        assert f'<img src="{after.url_for("thumbnail")}" alt="Shelf for cups"' in page


@pytest.mark.django_db
def test_admin_save_records_who_made_the_change(superuser_client):
    city = CityFactory(name="Deyang")

    response = superuser_client.post(
        admin_url(city, "change", city.pk),
        {
            "name_en": "Deyang",
            "name_zh_hans": "德阳",
            "province_en": "Sichuan",
            "province_zh_hans": "四川",
            "version": get_signer().sign(city.version),
        },
    )

    city.refresh_from_db()
    assert response.status_code == 302
    assert city.name_zh_hans == "德阳"
    assert city.updated_by.username == "admin"
    assert city.history.latest().history_user.username == "admin"


@pytest.mark.django_db
def test_admin_inline_save_records_who_added_the_row(superuser_client):
    training_round = TrainingRoundFactory()
    enterprise = EnterpriseFactory(city=training_round.city)
    form = {
        "title_en": training_round.title,
        "partner": training_round.partner.pk,
        "module": training_round.module.pk,
        "city": training_round.city.pk,
        "kind": training_round.kind,
        "status": TrainingRound.Status.ONGOING,
        "phase": training_round.phase,
        "starts_on": "2015-06-01",
        "cost_total": "0",
        "cost_non_ilo": "0",
        "enrollments-TOTAL_FORMS": "1",
        "enrollments-INITIAL_FORMS": "0",
        "enrollments-0-enterprise": enterprise.pk,
        "enrollments-0-status": "enrolled",
        "enrollments-0-enrolled_on": "2015-06-01",
        "activities-TOTAL_FORMS": "0",
        "activities-INITIAL_FORMS": "0",
        "version": get_signer().sign(training_round.version),
    }

    response = superuser_client.post(admin_url(training_round, "change", training_round.pk), form)

    assert response.status_code == 302
    enrollment = training_round.enrollments.get()
    assert enrollment.enterprise == enterprise
    assert enrollment.created_by.username == "admin"
    assert enrollment.updated_by.username == "admin"


@pytest.mark.django_db
def test_audit_fields_are_shown_read_only(superuser_client):
    city = City.objects.create(name="Xining")

    form = superuser_client.get(admin_url(city, "change", city.pk)).context["adminform"].form

    assert not {"created_by", "created_at", "updated_by", "updated_at"} & set(form.fields)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["partners_partner", "enterprises_enterprise", "trainings_traininground"])
def test_the_admin_has_no_spreadsheet_import_that_would_bypass_the_importer(superuser_client, model):
    with pytest.raises(NoReverseMatch):
        reverse(f"admin:{model}_import")

    page = superuser_client.get(reverse(f"admin:{model}_changelist")).content.decode()
    assert "/import/" not in page


@pytest.mark.django_db
def test_the_admin_index_leads_to_the_spreadsheets_page(superuser_client):
    assert reverse("dataexchange:index") in superuser_client.get(reverse("admin:index")).content.decode()


@pytest.fixture(params=["rare words", "common words"])
def search_words(request, monkeypatch):
    """Both ways the improvement search reads a word: trigram look-ups (rare), or a test on each row (common)."""
    if request.param == "common words":
        monkeypatch.setattr(improvement_admin, "COMMON_IN_TITLES", 0)
        monkeypatch.setattr(improvement_admin, "COMMON_IN_NAMES", 0)
    return request.param


@pytest.mark.django_db
def test_improvement_search_finds_every_word_in_a_title_or_the_enterprise_name(superuser_client, search_words):
    leak = ImprovementFactory(title="Fix the compressed-air leak", enterprise__name="Ningbo Valves")
    racks = ImprovementFactory(
        title="Label the tool racks", enterprise__name="Taixing Steel", title_zh_hans="工具架标识"
    )
    ImprovementFactory(title="Another improvement", enterprise__name="Ningbo Textiles")

    def found(term):
        response = superuser_client.get(admin_url(leak, "changelist"), {"q": term})
        return {row.pk for row in response.context["cl"].result_list}

    assert found("leak") == {leak.pk}
    assert found("taixing") == {racks.pk}
    assert found("工具架") == {racks.pk}
    assert found("ningbo air") == {leak.pk}
    assert found('"tool racks"') == {racks.pk}
    assert found("nothing-like-this") == set()
    assert found("工具") == {racks.pk}  # shorter than a trigram: tested on each row whatever its frequency


@pytest.mark.django_db
def test_improvement_search_reads_common_words_row_by_row_and_rare_ones_through_the_indexes(monkeypatch):
    monkeypatch.setattr(improvement_admin, "COMMON_IN_TITLES", 2)
    monkeypatch.setattr(improvement_admin, "COMMON_IN_NAMES", 1)
    for letter in "ABC":
        ImprovementFactory(title=f"Scrap bin {letter}")
    ImprovementFactory.create_batch(2, enterprise__name=factory.Sequence(lambda n: f"Wuxi Bearings {n}"))

    assert improvement_admin.is_common("scrap")
    assert improvement_admin.is_common("bearings")
    assert not improvement_admin.is_common("bin b")
    assert improvement_admin.is_common("bi")


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["improvement", "improvement 7"])
def test_improvement_search_stops_counting_and_says_more_than(superuser_client, monkeypatch, term):
    monkeypatch.setattr(pagination, "COUNTED_AHEAD", 1)
    monkeypatch.setattr(admin.site._registry[Improvement], "list_per_page", 2)
    ImprovementFactory.create_batch(5, title=factory.Sequence(lambda n: f"Improvement 7{n}"))

    response = superuser_client.get(admin_url(Improvement, "changelist"), {"q": term})
    chinese = superuser_client.get(
        admin_url(Improvement, "changelist"), {"q": term}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    assert len(response.context["cl"].result_list) == 2
    content = response.content.decode()
    assert "more than 3 results" in content
    assert "more than 3 improvements" in content
    assert "超过 3 条结果" in chinese


@pytest.mark.django_db
def test_enterprise_search_finds_every_word_in_the_name_or_the_city_and_says_more_than(superuser_client, monkeypatch):
    monkeypatch.setattr(pagination, "COUNTED_AHEAD", 1)
    monkeypatch.setattr(admin.site._registry[Enterprise], "list_per_page", 2)
    ningbo = CityFactory(name="Ningbo", name_zh_hans="宁波")
    valves = EnterpriseFactory(name="Valves Co", name_zh_hans="阀门公司", city=ningbo)
    EnterpriseFactory.create_batch(4, name=factory.Sequence(lambda n: f"Steel Works {n}"))

    def found(term):
        response = superuser_client.get(admin_url(Enterprise, "changelist"), {"q": term})
        return response, {row.pk for row in response.context["cl"].result_list}

    assert found("valves")[1] == found("阀门")[1] == found("宁波")[1] == found("ningbo co")[1] == {valves.pk}
    assert found('"valves co" steel')[1] == set()
    response, rows = found("steel")
    assert len(rows) == 2
    assert "more than 3 results" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["improvement", "improvement 7", "leak"])
def test_improvement_search_query_count_does_not_grow_with_rows(superuser_client, term):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            superuser_client.get(admin_url(Improvement, "changelist"), {"q": term})
        return len(captured)

    ImprovementFactory.create_batch(2, title=factory.Sequence(lambda n: f"Improvement 7{n} leak"))
    small = queries()
    ImprovementFactory.create_batch(30, title=factory.Sequence(lambda n: f"Improvement 7{n} leak"))

    assert queries() == small
