import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Enterprise, ImprovementTeam, Indicator, Measurement, Sector
from improvements.models import Improvement
from partners import roles
from partners.models import Partner
from tests.factories import (
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    ImprovementFactory,
    ImprovementTeamFactory,
    MeasurementFactory,
    PartnerFactory,
    TrainerFactory,
    TrainingRoundFactory,
    module,
    user_with_role,
)
from trainings.models import Activity, Enrollment

pytestmark = pytest.mark.django_db

LIST_URL = reverse("enterprises:enterprise_list")
CREATE_URL = reverse("enterprises:enterprise_create")


@pytest.fixture
def enterprise(partner):
    return EnterpriseFactory(name="Deyang Cable Co.", name_zh_hans="德阳电缆", recruited_by=partner)


@pytest.fixture
def measurement(enterprise):
    return MeasurementFactory(enterprise=enterprise)


def read_urls(enterprise):
    return [reverse("enterprises:enterprise_detail", args=[enterprise.pk])]


def write_urls(enterprise, measurement):
    return [
        reverse("enterprises:enterprise_update", args=[enterprise.pk]),
        reverse("enterprises:enterprise_delete", args=[enterprise.pk]),
        reverse("enterprises:improvement_team_update", args=[enterprise.pk]),
        reverse("enterprises:measurement_create", args=[enterprise.pk]),
        reverse("enterprises:measurement_update", args=[measurement.pk]),
        reverse("enterprises:measurement_delete", args=[measurement.pk]),
    ]


def enterprise_form_data(city, recruited_by, **changes):
    data = {
        "name_en": "Taixing Valve Works",
        "name_zh_hans": "泰兴阀门厂",
        "city": city.pk,
        "sector": Sector.MACHINERY,
        "recruited_by": recruited_by.pk if recruited_by else "",
        "workforce_total": 300,
        "workforce_female": 120,
    }
    data.update(changes)
    return data


def names_listed(response):
    return [enterprise.name for enterprise in response.context["page_obj"]]


# Access: anonymous, owner, viewer, outsider


def test_anonymous_user_is_sent_to_sign_in_from_every_page(client, enterprise, measurement):
    for url in [LIST_URL, CREATE_URL, *read_urls(enterprise), *write_urls(enterprise, measurement)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_coordinator_opens_every_page_of_own_enterprise(client, coordinator, enterprise, measurement):
    client.force_login(coordinator)
    for url in [LIST_URL, CREATE_URL, *read_urls(enterprise), *write_urls(enterprise, measurement)]:
        assert client.get(url).status_code == 200, url


def test_viewer_reads_enterprise_but_gets_403_on_every_change(client, viewer, enterprise, measurement):
    client.force_login(viewer)
    assert names_listed(client.get(LIST_URL)) == ["Deyang Cable Co."]
    for url in read_urls(enterprise):
        assert client.get(url).status_code == 200
    for url in [CREATE_URL, *write_urls(enterprise, measurement)]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "Changed"}).status_code == 403, url
    assert Enterprise.objects.get(pk=enterprise.pk).name == "Deyang Cable Co."
    assert Measurement.objects.filter(pk=measurement.pk).exists()


def test_viewer_sees_no_change_buttons(client, viewer, enterprise):
    client.force_login(viewer)
    detail = client.get(reverse("enterprises:enterprise_detail", args=[enterprise.pk]))
    listing = client.get(LIST_URL)

    assert reverse("enterprises:enterprise_update", args=[enterprise.pk]) not in detail.content.decode()
    assert CREATE_URL not in listing.content.decode()


def test_outsider_gets_404_on_every_object_page(client, outsider, enterprise, measurement):
    client.force_login(outsider)
    for url in [*read_urls(enterprise), *write_urls(enterprise, measurement)]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Changed"}).status_code == 404, url
    assert Enterprise.objects.get(pk=enterprise.pk).name == "Deyang Cable Co."
    assert Measurement.objects.filter(pk=measurement.pk).exists()


def test_coordinator_cannot_see_other_partners_enterprise_in_list(client, outsider, enterprise):
    client.force_login(outsider)

    response = client.get(LIST_URL)

    assert names_listed(response) == []
    assert "Deyang Cable Co." not in response.content.decode()


def test_committee_member_sees_no_enterprise_and_cannot_add_one(client, enterprise):
    client.force_login(user_with_role(roles.COMMITTEE_MEMBER))

    assert names_listed(client.get(LIST_URL)) == []
    assert client.get(reverse("enterprises:enterprise_detail", args=[enterprise.pk])).status_code == 404
    assert client.get(CREATE_URL).status_code == 403


def test_enterprise_enrolled_with_two_partners_is_visible_to_both_coordinators(client, partner, other_partner):
    shared = EnterpriseFactory(name="Shared Garments")
    for owner in (partner, other_partner):
        EnrollmentFactory(round=TrainingRoundFactory(partner=owner), enterprise=shared)
    detail_url = reverse("enterprises:enterprise_detail", args=[shared.pk])

    for owner in (partner, other_partner):
        client.force_login(user_with_role(roles.PARTNER_COORDINATOR, owner))
        assert names_listed(client.get(LIST_URL)) == ["Shared Garments"]
        assert client.get(detail_url).status_code == 200
        assert client.get(reverse("enterprises:enterprise_update", args=[shared.pk])).status_code == 200


def test_coordinator_of_parent_partner_sees_branch_enterprises(client):
    cec = PartnerFactory(name="CEC", code="CEC")
    chongqing = PartnerFactory(code="CQ-EC", parent=cec, parent_relation=Partner.ParentRelation.BRANCH_OF)
    branch_enterprise = EnterpriseFactory(name="Chongqing Motor Parts", recruited_by=chongqing)
    client.force_login(user_with_role(roles.PARTNER_COORDINATOR, cec))

    assert names_listed(client.get(LIST_URL)) == ["Chongqing Motor Parts"]
    assert client.get(reverse("enterprises:enterprise_detail", args=[branch_enterprise.pk])).status_code == 200


# Create and edit


def test_coordinator_creates_enterprise_recruited_by_own_partner(client, coordinator, partner):
    city = CityFactory(name="Taixing")
    brand = PartnerFactory(name="Gap", code="GAP", kind=Partner.Kind.BRAND)
    client.force_login(coordinator)

    response = client.post(
        CREATE_URL,
        enterprise_form_data(city, partner, supplies_brands=[brand.pk], consents_to_share_with_brands="on"),
    )

    enterprise = Enterprise.objects.get(name="Taixing Valve Works")
    assert response.status_code == 302
    assert response.url == reverse("enterprises:enterprise_detail", args=[enterprise.pk])
    assert enterprise.recruited_by == partner
    assert list(enterprise.supplies_brands.all()) == [brand]
    assert enterprise.created_by == coordinator


def test_new_enterprise_form_defaults_to_coordinators_only_partner(client, coordinator, partner):
    client.force_login(coordinator)

    form = client.get(CREATE_URL).context["form"]

    assert form["recruited_by"].value() == partner.pk
    assert list(form.fields["recruited_by"].queryset) == [partner]


def test_coordinator_must_name_the_recruiting_partner(client, coordinator):
    client.force_login(coordinator)

    response = client.post(CREATE_URL, enterprise_form_data(CityFactory(), None))

    assert response.status_code == 200
    assert response.context["form"].errors["recruited_by"] == ["This field is required."]
    assert not Enterprise.objects.exists()


def test_ilo_staff_may_create_enterprise_without_recruiting_partner(client, ilo_staff):
    client.force_login(ilo_staff)

    client.post(CREATE_URL, enterprise_form_data(CityFactory(), None))

    assert Enterprise.objects.get().recruited_by is None


def test_forged_recruiting_partner_is_a_form_error_and_nothing_is_written(client, coordinator, other_partner):
    client.force_login(coordinator)

    response = client.post(CREATE_URL, enterprise_form_data(CityFactory(), other_partner))

    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["recruited_by"][0]
    assert not Enterprise.objects.exists()


def test_invalid_enterprise_form_shows_errors_next_to_fields_and_keeps_typed_values(client, coordinator, partner):
    client.force_login(coordinator)

    response = client.post(
        CREATE_URL, enterprise_form_data(CityFactory(), partner, workforce_total=100, workforce_female=150)
    )

    form = response.context["form"]
    assert form.errors == {"workforce_female": ["Female workers cannot outnumber all workers."]}
    content = response.content.decode()
    assert 'value="Taixing Valve Works"' in content
    assert 'value="泰兴阀门厂"' in content
    assert 'value="150"' in content
    assert not Enterprise.objects.exists()


def test_duplicate_name_in_the_same_city_is_an_error_on_the_name(client, coordinator, partner, enterprise):
    client.force_login(coordinator)

    response = client.post(CREATE_URL, enterprise_form_data(enterprise.city, partner, name_en=enterprise.name))

    assert response.context["form"].errors == {
        "name_en": ["This name cannot be used in this city. Ask ILO staff to resolve it."]
    }
    assert Enterprise.objects.count() == 1


def test_name_of_another_partners_enterprise_cannot_be_used_and_the_message_names_no_enterprise(
    client, outsider, other_partner, enterprise
):
    client.force_login(outsider)

    response = client.post(CREATE_URL, enterprise_form_data(enterprise.city, other_partner, name_en=enterprise.name))

    assert response.context["form"].errors == {
        "name_en": ["This name and city cannot be used. Ask ILO staff to resolve it."]
    }
    content = response.content.decode()
    assert "already exists" not in content and "Deyang Enterprise Confederation" not in content
    assert Enterprise.objects.count() == 1


def test_coordinator_edits_own_enterprise(client, coordinator, partner, enterprise):
    client.force_login(coordinator)
    url = reverse("enterprises:enterprise_update", args=[enterprise.pk])

    response = client.post(
        url, enterprise_form_data(enterprise.city, partner, name_en="Deyang Cable Works", version=enterprise.version)
    )

    enterprise.refresh_from_db()
    assert response.status_code == 302
    assert enterprise.name_en == "Deyang Cable Works"
    assert enterprise.updated_by == coordinator


def test_recruiter_of_another_partner_is_kept_when_coordinator_edits_shared_enterprise(
    client, partner, other_partner, outsider
):
    shared = EnterpriseFactory(name="Shared Garments", recruited_by=partner)
    EnrollmentFactory(round=TrainingRoundFactory(partner=other_partner), enterprise=shared)
    client.force_login(outsider)
    url = reverse("enterprises:enterprise_update", args=[shared.pk])

    assert client.get(url).context["form"].fields["recruited_by"].disabled
    response = client.post(
        url, enterprise_form_data(shared.city, other_partner, name_en="Shared Garments Ltd", version=shared.version)
    )

    shared.refresh_from_db()
    assert response.status_code == 302
    assert shared.name == "Shared Garments Ltd"
    assert shared.recruited_by == partner


# Delete


def test_coordinator_deletes_enterprise_after_confirmation(client, coordinator, enterprise):
    client.force_login(coordinator)
    url = reverse("enterprises:enterprise_delete", args=[enterprise.pk])

    confirmation = client.get(url)
    response = client.post(url)

    assert "Delete “Deyang Cable Co.”?" in confirmation.content.decode()
    assert response.url == LIST_URL
    assert not Enterprise.objects.filter(pk=enterprise.pk).exists()


def test_deleting_an_enrolled_enterprise_is_refused_with_an_explanation(client, coordinator, partner, enterprise):
    EnrollmentFactory(round=TrainingRoundFactory(partner=partner), enterprise=enterprise)
    client.force_login(coordinator)

    response = client.post(reverse("enterprises:enterprise_delete", args=[enterprise.pk]), follow=True)

    assert response.status_code == 200
    assert "cannot be deleted because it takes part in training rounds" in response.content.decode()
    assert Enterprise.objects.filter(pk=enterprise.pk).exists()


# Improvement team


def test_improvement_team_form_defaults_to_today_for_a_new_team(client, coordinator, enterprise):
    client.force_login(coordinator)

    form = client.get(reverse("enterprises:improvement_team_update", args=[enterprise.pk])).context["form"]

    assert form["established_on"].value() == timezone.localdate()


def test_coordinator_creates_then_updates_the_improvement_team(client, coordinator, enterprise):
    client.force_login(coordinator)
    url = reverse("enterprises:improvement_team_update", args=[enterprise.pk])
    data = {
        "established_on": "2015-06-15",
        "female_managers": 1,
        "male_managers": 2,
        "female_workers": 4,
        "male_workers": 3,
        "meets": ImprovementTeam.MeetingFrequency.WEEKLY,
    }

    client.post(url, data)
    version = ImprovementTeam.objects.get().version
    response = client.post(url, {**data, "female_workers": 5, "version": version})

    team = ImprovementTeam.objects.get()
    assert response.url == reverse("enterprises:enterprise_detail", args=[enterprise.pk])
    assert (team.enterprise, team.female_members, team.members) == (enterprise, 6, 11)
    assert client.get(url).context["form"]["female_workers"].value() == 5


def test_negative_team_count_is_refused_with_typed_values_kept(client, coordinator, enterprise):
    client.force_login(coordinator)

    response = client.post(
        reverse("enterprises:improvement_team_update", args=[enterprise.pk]),
        {"established_on": "2015-06-15", "female_managers": -1, "male_managers": 7, "female_workers": 0,
         "male_workers": 0, "meets": "monthly"},
    )  # fmt: skip

    assert "female_managers" in response.context["form"].errors
    assert 'value="7"' in response.content.decode()
    assert not ImprovementTeam.objects.exists()


# Measurements


def measurement_data(indicator_code="defect-rate", **changes):
    data = {
        "indicator": Indicator.objects.get(code=indicator_code).pk,
        "stage": Measurement.Stage.FOLLOW_UP,
        "period_start": "2015-07-01",
        "period_end": "2015-09-30",
        "value": "2.5",
        "note": "After Module 1",
    }
    data.update(changes)
    return data


def test_coordinator_adds_a_measurement(client, coordinator, enterprise):
    client.force_login(coordinator)

    response = client.post(reverse("enterprises:measurement_create", args=[enterprise.pk]), measurement_data())

    measurement = Measurement.objects.get()
    assert response.url.endswith("#measurements")
    assert (measurement.enterprise, measurement.value, measurement.created_by) == (
        enterprise,
        Decimal("2.5"),
        coordinator,
    )


@pytest.mark.parametrize("typed, stored", [("yes", 1), ("No", 0), ("1", 1)])
def test_yes_no_indicator_accepts_yes_and_no(client, coordinator, enterprise, typed, stored):
    client.force_login(coordinator)

    client.post(
        reverse("enterprises:measurement_create", args=[enterprise.pk]),
        measurement_data("osh-committee", value=typed),
    )

    assert Measurement.objects.get().value == stored


def test_yes_no_indicator_refuses_other_numbers_with_a_clear_message(client, coordinator, enterprise):
    client.force_login(coordinator)

    response = client.post(
        reverse("enterprises:measurement_create", args=[enterprise.pk]), measurement_data("osh-committee", value="2")
    )

    assert response.context["form"].errors == {"value": ["A yes/no indicator takes 1 for yes or 0 for no."]}
    assert 'value="2"' in response.content.decode()
    assert not Measurement.objects.exists()


def test_measurement_period_ending_before_it_starts_is_an_error_on_the_end(client, coordinator, enterprise):
    client.force_login(coordinator)

    response = client.post(
        reverse("enterprises:measurement_create", args=[enterprise.pk]),
        measurement_data(period_start="2015-09-01", period_end="2015-08-01"),
    )

    assert response.context["form"].errors == {"period_end": ["The period cannot end before it starts."]}


def test_second_value_for_the_same_indicator_stage_and_period_is_refused(client, coordinator, enterprise):
    MeasurementFactory(
        enterprise=enterprise,
        stage=Measurement.Stage.FOLLOW_UP,
        period_start=datetime.date(2015, 7, 1),
        period_end=datetime.date(2015, 7, 31),
    )
    client.force_login(coordinator)

    response = client.post(reverse("enterprises:measurement_create", args=[enterprise.pk]), measurement_data())

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "period_start": ["This indicator already has a value for this stage and period."]
    }
    assert Measurement.objects.count() == 1


def test_coordinator_edits_and_deletes_a_measurement(client, coordinator, measurement):
    client.force_login(coordinator)

    client.post(
        reverse("enterprises:measurement_update", args=[measurement.pk]),
        measurement_data(stage=Measurement.Stage.BASELINE, value="3.75", version=measurement.version),
    )
    measurement.refresh_from_db()
    assert measurement.value == Decimal("3.75")
    assert measurement.updated_by == coordinator

    response = client.post(reverse("enterprises:measurement_delete", args=[measurement.pk]))
    assert response.url.endswith("#measurements")
    assert not Measurement.objects.exists()


# Detail content


def test_detail_shows_everything_related_to_the_enterprise(client, coordinator, partner, enterprise):
    brand = PartnerFactory(name="Pentland", code="PENTLAND", kind=Partner.Kind.BRAND)
    enterprise.supplies_brands.add(brand)
    enrollment = EnrollmentFactory(
        round=TrainingRoundFactory(title="Deyang Module 1", partner=partner), enterprise=enterprise
    )
    visit = Activity.objects.create(
        round=enrollment.round, kind=Activity.Kind.FACTORY_VISIT, date=datetime.date(2015, 7, 9), enterprise=enterprise
    )
    visit.trainers.add(TrainerFactory(name="Li Ming", partner=partner))
    ImprovementTeamFactory(enterprise=enterprise)
    MeasurementFactory(enterprise=enterprise, value=4)
    MeasurementFactory(
        enterprise=enterprise, stage=Measurement.Stage.FOLLOW_UP, period_start=datetime.date(2015, 10, 1),
        period_end=datetime.date(2015, 12, 31), value="2.5",
    )  # fmt: skip
    MeasurementFactory(enterprise=enterprise, indicator=Indicator.objects.get(code="osh-committee"), value=1)
    ImprovementFactory(enterprise=enterprise, title="Hoppers instead of bags", annual_saving_rmb=13000)
    client.force_login(coordinator)

    content = client.get(reverse("enterprises:enterprise_detail", args=[enterprise.pk])).content.decode()

    for expected in [
        "Deyang Cable Co.",
        "德阳电缆",
        "Pentland",
        "Deyang Module 1",
        "2015-07-09",
        "Li Ming",
        "Defect rate (%)",
        "2015-10-01 – 2015-12-31",
        "2.50 %",
        "OSH committee exists",
        "Hoppers instead of bags",
        "Draft",
        "13,000",
        "(40%)",
    ]:
        assert expected in content, expected


def test_detail_totals_only_verified_improvement_savings(client, ilo_staff, enterprise):
    verified = {"status": Improvement.Status.VERIFIED, "verified_by": ilo_staff, "verified_at": timezone.now()}
    ImprovementFactory(enterprise=enterprise, annual_saving_rmb=13000, **verified)
    ImprovementFactory(enterprise=enterprise, annual_saving_rmb=2500, **verified)
    ImprovementFactory(enterprise=enterprise, annual_saving_rmb=99000, status=Improvement.Status.SUBMITTED)
    client.force_login(ilo_staff)

    response = client.get(reverse("enterprises:enterprise_detail", args=[enterprise.pk]))

    assert response.context["enterprise"].verified_annual_saving == Decimal("15500")
    assert "15,500" in response.content.decode()


def test_detail_shows_only_the_rounds_the_coordinator_may_see(client, partner, other_partner, coordinator, ilo_staff):
    shared = EnterpriseFactory()
    EnrollmentFactory(round=TrainingRoundFactory(title="Own round", partner=partner), enterprise=shared)
    EnrollmentFactory(round=TrainingRoundFactory(title="BSCI round", partner=other_partner), enterprise=shared)
    url = reverse("enterprises:enterprise_detail", args=[shared.pk])

    client.force_login(coordinator)
    own_view = client.get(url).context["enterprise"].seen_enrollments
    client.force_login(ilo_staff)
    staff_view = client.get(url).context["enterprise"].seen_enrollments

    assert [e.round.title for e in own_view] == ["Own round"]
    assert sorted(e.round.title for e in staff_view) == ["BSCI round", "Own round"]


# List: filters, search, pagination


def test_search_finds_enterprises_by_english_or_chinese_name(client, coordinator, partner, enterprise):
    EnterpriseFactory(name="Ningbo Shoes", name_zh_hans="宁波鞋业", recruited_by=partner)
    client.force_login(coordinator)

    assert names_listed(client.get(LIST_URL, {"q": "cable"})) == ["Deyang Cable Co."]
    assert names_listed(client.get(LIST_URL, {"q": "鞋"})) == ["Ningbo Shoes"]


def test_list_filters_by_city_and_sector(client, coordinator, partner, enterprise):
    shanghai = CityFactory(name="Shanghai")
    EnterpriseFactory(name="Shanghai Garments", city=shanghai, sector=Sector.GARMENT, recruited_by=partner)
    EnterpriseFactory(name="Shanghai Machines", city=shanghai, sector=Sector.MACHINERY, recruited_by=partner)
    client.force_login(coordinator)

    assert names_listed(client.get(LIST_URL, {"city": shanghai.pk})) == ["Shanghai Garments", "Shanghai Machines"]
    assert names_listed(client.get(LIST_URL, {"city": shanghai.pk, "sector": Sector.GARMENT})) == ["Shanghai Garments"]


def test_partner_filter_covers_recruited_and_enrolled_enterprises(
    client, ilo_staff, partner, other_partner, enterprise
):
    enrolled = EnterpriseFactory(name="Enrolled with BSCI")
    EnrollmentFactory(round=TrainingRoundFactory(partner=other_partner), enterprise=enrolled)
    EnterpriseFactory(name="Recruited by BSCI", recruited_by=other_partner)
    client.force_login(ilo_staff)

    assert names_listed(client.get(LIST_URL, {"partner": other_partner.pk})) == [
        "Enrolled with BSCI",
        "Recruited by BSCI",
    ]
    assert names_listed(client.get(LIST_URL, {"partner": partner.pk})) == ["Deyang Cable Co."]


def test_partner_filter_offers_only_partners_the_user_may_see(client, coordinator, partner, other_partner):
    client.force_login(coordinator)

    response = client.get(LIST_URL, {"partner": other_partner.pk})

    assert list(response.context["filter"].form.fields["partner"].queryset) == [partner]
    assert "partner" in response.context["filter"].form.errors


def test_list_filters_by_module_and_by_period_of_the_round(client, coordinator, partner, enterprise):
    osh = EnterpriseFactory(name="OSH pilot", recruited_by=partner)
    EnrollmentFactory(
        round=TrainingRoundFactory(partner=partner, module=module(1), starts_on=datetime.date(2015, 6, 1),
                                   ends_on=datetime.date(2015, 9, 5)),
        enterprise=enterprise,
    )  # fmt: skip
    EnrollmentFactory(
        round=TrainingRoundFactory(partner=partner, module=module(5), starts_on=datetime.date(2015, 9, 10)),
        enterprise=osh,
    )
    client.force_login(coordinator)

    assert names_listed(client.get(LIST_URL, {"module": module(5).pk})) == ["OSH pilot"]
    in_summer = {"running_from": "2015-07-01", "running_until": "2015-08-31"}
    assert names_listed(client.get(LIST_URL, in_summer)) == ["Deyang Cable Co."]
    in_september = {"running_from": "2015-09-01", "running_until": "2015-09-30"}
    assert names_listed(client.get(LIST_URL, in_september)) == ["Deyang Cable Co.", "OSH pilot"]
    assert names_listed(client.get(LIST_URL, {"running_from": "2015-09-06"})) == ["OSH pilot"]


def test_list_shows_partners_and_counts_only_visible_rounds(client, coordinator, partner, other_partner, enterprise):
    EnrollmentFactory(round=TrainingRoundFactory(partner=partner), enterprise=enterprise)
    EnrollmentFactory(round=TrainingRoundFactory(partner=partner), enterprise=enterprise)
    EnrollmentFactory(round=TrainingRoundFactory(partner=other_partner), enterprise=enterprise)
    client.force_login(coordinator)

    listed = client.get(LIST_URL).context["page_obj"][0]

    assert len(listed.seen_rounds) == 2
    assert {r.partner for r in listed.seen_rounds} == {partner}


def test_empty_list_says_so_and_offers_to_add(client, coordinator):
    client.force_login(coordinator)

    content = client.get(LIST_URL).content.decode()

    assert "There are no enterprises you can see yet." in content
    assert CREATE_URL in content


def test_empty_filter_result_says_no_match(client, coordinator, enterprise):
    client.force_login(coordinator)

    assert "No enterprise matches these filters." in client.get(LIST_URL, {"q": "nothing like it"}).content.decode()


def test_list_shows_25_per_page_and_keeps_filters_in_page_links(client, coordinator, partner):
    city = CityFactory()
    Enterprise.objects.bulk_create(
        Enterprise(name=f"Factory {n:02}", city=city, sector=Sector.TEXTILE, recruited_by=partner,
                   workforce_total=100, workforce_female=50)
        for n in range(30)
    )  # fmt: skip
    client.force_login(coordinator)

    first = client.get(LIST_URL, {"sector": Sector.TEXTILE})
    second = client.get(LIST_URL, {"sector": Sector.TEXTILE, "page": 2})

    assert len(first.context["page_obj"]) == 25
    assert names_listed(second) == [f"Factory {n}" for n in range(25, 30)]
    assert "?sector=textile&amp;page=2" in first.content.decode()


# Query counts


def populate(partner, count):
    """`count` enterprises recruited by `partner`, each enrolled in one of its rounds."""
    city = CityFactory()
    round_ = TrainingRoundFactory(partner=partner, city=city)
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(name=f"Factory {n:03}", name_zh_hans=f"工厂{n}", city=city, sector=Sector.MACHINERY,
                   recruited_by=partner, workforce_total=100, workforce_female=40)
        for n in range(count)
    )  # fmt: skip
    Enrollment.objects.bulk_create(
        Enrollment(round=round_, enterprise=enterprise, enrolled_on=datetime.date(2015, 6, 1))
        for enterprise in enterprises
    )
    return round_, enterprises


@pytest.mark.parametrize("count", [10, 500])
def test_list_runs_a_constant_number_of_queries(client, coordinator, partner, count, django_assert_max_num_queries):
    populate(partner, count)
    filters = {"sector": Sector.MACHINERY, "module": module(1).pk}
    client.force_login(coordinator)

    with django_assert_max_num_queries(13):
        response = client.get(LIST_URL, filters)

    assert len(response.context["page_obj"]) == min(count, 25)


@pytest.mark.parametrize("count", [10, 500])
def test_detail_runs_a_constant_number_of_queries(client, coordinator, partner, count, django_assert_max_num_queries):
    round_, enterprises = populate(partner, count)
    enterprise = enterprises[0]
    trainer = TrainerFactory(partner=partner)
    ImprovementTeamFactory(enterprise=enterprise)
    enterprise.supplies_brands.add(PartnerFactory(kind=Partner.Kind.BRAND))
    visits = Activity.objects.bulk_create(
        Activity(
            round=round_,
            kind=Activity.Kind.FACTORY_VISIT,
            date=datetime.date(2015, 7, 1) + datetime.timedelta(days=n),
            enterprise=enterprise,
        )
        for n in range(count)
    )
    Activity.trainers.through.objects.bulk_create(
        Activity.trainers.through(activity=visit, trainer=trainer) for visit in visits
    )
    Measurement.objects.bulk_create(
        Measurement(enterprise=enterprise, indicator_id=Indicator.objects.get(code="waste").pk, stage="baseline",
                    period_start=datetime.date(2000, 1, 1) + datetime.timedelta(days=n),
                    period_end=datetime.date(2000, 1, 1) + datetime.timedelta(days=n), value=n)
        for n in range(count)
    )  # fmt: skip
    Improvement.objects.bulk_create(
        Improvement(enterprise=enterprise, module=module(1), category_id="osh", title=f"Improvement {n}",
                    implemented_on=datetime.date(2015, 8, 1), annual_saving_rmb=100)
        for n in range(count)
    )  # fmt: skip
    client.force_login(coordinator)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("enterprises:enterprise_detail", args=[enterprise.pk]))

    assert len(response.context["enterprise"].seen_visits) == count
