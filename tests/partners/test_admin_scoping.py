import pytest
from concurrency.forms import get_signer
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from enterprises.models import Enterprise, Indicator
from improvements.models import Improvement
from partners import roles
from partners.models import City, Partner, PartnerMembership
from tests.factories import (
    CityFactory,
    EnrollmentFactory,
    ImprovementFactory,
    MembershipFactory,
    PartnerFactory,
    TrainerFactory,
    UserFactory,
    module,
    user_with_role,
)
from trainings.models import Module, Trainer, TrainingRound

pytestmark = pytest.mark.django_db

COORDINATOR_PERMISSIONS = [
    f"{action}_{model}"
    for action in ("view", "add", "change", "delete")
    for model in ("traininground", "enrollment", "activity", "enterprise", "improvement", "photo", "partnermembership")
] + ["view_partner", "view_city", "view_module"]


def with_admin_access(user, codenames):
    """`user` may open the admin, with these model permissions."""
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


# The shared users (tests/conftest.py), each given the admin permissions of their role.
@pytest.fixture
def coordinator(coordinator):
    return with_admin_access(coordinator, COORDINATOR_PERMISSIONS)


@pytest.fixture
def viewer(viewer):
    return with_admin_access(viewer, [codename for codename in COORDINATOR_PERMISSIONS if codename.startswith("view_")])


@pytest.fixture
def outsider(outsider):
    return with_admin_access(outsider, COORDINATOR_PERMISSIONS)


@pytest.fixture
def ilo_staff(ilo_staff):
    return with_admin_access(ilo_staff, [])


@pytest.fixture
def own_round(partner):
    enrollment = EnrollmentFactory(round__partner=partner, round__title="Deyang Module 1", enterprise__name="Cable Co")
    ImprovementFactory(enterprise=enrollment.enterprise, title="Hoppers instead of bags")
    return enrollment.round


@pytest.fixture
def other_round(other_partner):
    enrollment = EnrollmentFactory(
        round__partner=other_partner, round__title="Shanghai ETI pilot", enterprise__name="Garment Co"
    )
    ImprovementFactory(enterprise=enrollment.enterprise, title="Guard on the cutting table")
    return enrollment.round


def changelist_rows(client, model):
    response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    assert response.status_code == 200
    return {str(obj) for obj in response.context["cl"].result_list}


def round_form(partner, city, **changes):
    return {
        "title_en": "New round",
        "partner": partner.pk,
        "module": module(1).pk,
        "city": city.pk,
        "kind": TrainingRound.Kind.TOE,
        "status": TrainingRound.Status.PLANNED,
        "phase": "II",
        "starts_on": "2015-06-01",
        "cost_total": "0",
        "cost_non_ilo": "0",
        "enrollments-TOTAL_FORMS": "0",
        "enrollments-INITIAL_FORMS": "0",
        "activities-TOTAL_FORMS": "0",
        "activities-INITIAL_FORMS": "0",
        **changes,
    }


def test_coordinator_changelists_show_only_their_partners_rows(client, coordinator, own_round, other_round):
    client.force_login(coordinator)

    assert changelist_rows(client, TrainingRound) == {"Deyang Module 1"}
    assert changelist_rows(client, Enterprise) == {"Cable Co"}
    assert changelist_rows(client, Improvement) == {"Hoppers instead of bags"}


def test_ilo_staff_without_model_permissions_sees_every_partners_rows(client, ilo_staff, own_round, other_round):
    client.force_login(ilo_staff)

    assert changelist_rows(client, TrainingRound) == {"Deyang Module 1", "Shanghai ETI pilot"}
    assert changelist_rows(client, PartnerMembership) == set()


def test_outsider_opening_another_partners_round_is_sent_away_without_seeing_it(client, outsider, own_round):
    client.force_login(outsider)
    url = reverse("admin:trainings_traininground_change", args=[own_round.pk])

    response = client.get(url, follow=True)

    assert response.redirect_chain[0] == (reverse("admin:index"), 302)
    assert "Deyang Module 1" not in response.content.decode()


def test_outsider_cannot_change_or_delete_another_partners_round(client, outsider, other_partner, own_round):
    client.force_login(outsider)

    change = client.post(
        reverse("admin:trainings_traininground_change", args=[own_round.pk]),
        round_form(other_partner, own_round.city, title_en="Hijacked"),
    )
    delete = client.post(reverse("admin:trainings_traininground_delete", args=[own_round.pk]), {"post": "yes"})

    assert change.status_code == delete.status_code == 302
    assert change.url == delete.url == reverse("admin:index")
    own_round.refresh_from_db()
    assert own_round.title == "Deyang Module 1"
    assert own_round.partner.code == "CEC"


def test_outsider_gets_404_on_history_of_another_partners_round(client, outsider, own_round):
    client.force_login(outsider)

    response = client.get(reverse("admin:trainings_traininground_history", args=[own_round.pk]))

    assert response.status_code == 404


def test_viewer_sees_their_round_read_only_and_cannot_save_it(client, viewer, partner, own_round):
    client.force_login(viewer)
    url = reverse("admin:trainings_traininground_change", args=[own_round.pk])

    page = client.get(url)
    post = client.post(url, round_form(partner, own_round.city, title_en="Renamed"))

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert post.status_code == 403
    own_round.refresh_from_db()
    assert own_round.title == "Deyang Module 1"


def test_coordinator_only_reads_the_rounds_of_a_partner_they_view(client, coordinator, other_partner, other_round):
    MembershipFactory(user=coordinator, partner=other_partner, role=PartnerMembership.Role.VIEWER)
    client.force_login(coordinator)
    url = reverse("admin:trainings_traininground_change", args=[other_round.pk])

    page = client.get(url)
    change = client.post(url, round_form(other_partner, other_round.city, title_en="Renamed"))
    delete = client.post(reverse("admin:trainings_traininground_delete", args=[other_round.pk]), {"post": "yes"})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert change.status_code == delete.status_code == 403
    other_round.refresh_from_db()
    assert other_round.title == "Shanghai ETI pilot"


def test_coordinator_can_change_their_round_and_is_recorded_as_author(client, coordinator, partner, own_round):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:trainings_traininground_change", args=[own_round.pk]),
        round_form(
            partner, own_round.city, title_en="Deyang Module 1 (autumn)", version=get_signer().sign(own_round.version)
        ),
    )

    own_round.refresh_from_db()
    assert response.status_code == 302
    assert own_round.title == "Deyang Module 1 (autumn)"
    assert own_round.updated_by == coordinator


def test_round_add_form_offers_only_partners_the_coordinator_coordinates(client, coordinator, partner, other_partner):
    branch = PartnerFactory(code="DY-BRANCH", parent=partner, parent_relation=Partner.ParentRelation.BRANCH_OF)
    client.force_login(coordinator)

    form = client.get(reverse("admin:trainings_traininground_add")).context["adminform"].form

    assert set(form.fields["partner"].queryset) == {partner, branch}


def test_forged_partner_id_in_round_add_is_a_form_error(client, coordinator, other_partner, own_round):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:trainings_traininground_add"), round_form(other_partner, own_round.city, title_en="Forged")
    )

    assert response.status_code == 200
    assert "partner" in response.context["adminform"].form.errors
    assert not TrainingRound.objects.filter(title_en="Forged").exists()


def test_partner_autocomplete_offers_only_partners_the_coordinator_may_pick(
    client, coordinator, partner, other_partner
):
    client.force_login(coordinator)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "trainings", "model_name": "traininground", "field_name": "partner", "term": ""},
    )

    assert [result["id"] for result in response.json()["results"]] == [str(partner.pk)]


def test_partner_memberships_are_managed_by_programme_staff_only(client, coordinator, ilo_staff):
    url = reverse("admin:partners_partnermembership_changelist")

    client.force_login(coordinator)
    coordinator_response = client.get(url)
    client.force_login(ilo_staff)
    staff_response = client.get(url)

    assert coordinator_response.status_code == 403
    assert staff_response.status_code == 200


def test_partner_form_hides_memberships_from_coordinators(client, partner):
    coordinator = with_admin_access(
        user_with_role(roles.PARTNER_COORDINATOR, partner),
        ["view_partner", "change_partner", "view_partnermembership", "change_partnermembership"],
    )
    client.force_login(coordinator)

    response = client.get(reverse("admin:partners_partner_change", args=[partner.pk]))

    assert response.status_code == 200
    inline_models = {formset.formset.model for formset in response.context["inline_admin_formsets"]}
    assert PartnerMembership not in inline_models


def city_form(city, **changes):
    return {
        "name_en": city.name_en,
        "name_zh_hans": city.name_zh_hans or "",
        "province_en": city.province_en or "",
        "province_zh_hans": "",
        "version": get_signer().sign(city.version),
        **changes,
    }


def test_staff_viewer_cannot_rename_shanghai_or_change_any_reference_data(client, partner, ilo_staff):
    reference_permissions = [
        f"{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in ("city", "module", "indicator")
    ]
    staff_viewer = with_admin_access(
        user_with_role(roles.PARTNER_VIEWER, partner, PartnerMembership.Role.VIEWER), reference_permissions
    )
    shanghai = CityFactory(name="Shanghai", province="Shanghai")
    first_module = module(1)
    client.force_login(staff_viewer)

    rename = client.post(
        reverse("admin:partners_city_change", args=[shanghai.pk]), city_form(shanghai, name_en="Renamed")
    )
    add = client.post(reverse("admin:partners_city_add"), city_form(shanghai, name_en="Atlantis"))
    module_page = client.get(reverse("admin:trainings_module_change", args=[first_module.pk]))
    delete = client.post(reverse("admin:trainings_module_delete", args=[first_module.pk]), {"post": "yes"})
    indicator = Indicator.objects.first()
    indicator_delete = client.post(reverse("admin:enterprises_indicator_delete", args=[indicator.pk]), {"post": "yes"})

    assert rename.status_code == add.status_code == delete.status_code == indicator_delete.status_code == 403
    assert module_page.status_code == 200 and module_page.context["has_change_permission"] is False
    shanghai.refresh_from_db()
    assert shanghai.name_en == "Shanghai"
    assert not City.objects.filter(name_en="Atlantis").exists()
    assert Module.objects.filter(pk=first_module.pk).exists() and Indicator.objects.filter(pk=indicator.pk).exists()

    client.force_login(ilo_staff)
    client.post(reverse("admin:partners_city_change", args=[shanghai.pk]), city_form(shanghai, name_zh_hans="上海"))
    shanghai.refresh_from_db()
    assert shanghai.name_zh_hans == "上海"


def test_user_lookups_in_the_admin_show_coordinators_no_usernames(client, partner):
    coordinator = with_admin_access(
        user_with_role(roles.PARTNER_COORDINATOR, partner, PartnerMembership.Role.COORDINATOR),
        ["view_trainer", "change_trainer", "view_user"],
    )
    elsewhere = UserFactory(username="eti.coordinator")
    trainer = TrainerFactory(partner=partner, user=elsewhere)
    client.force_login(coordinator)

    trainer_page = client.get(reverse("admin:trainings_trainer_change", args=[trainer.pk]))
    user_autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "trainings", "model_name": "trainer", "field_name": "user", "term": "eti"},
    )
    raw_id_lookup = client.get(reverse("admin:auth_user_changelist"), {"_to_field": "id", "_popup": "1"})

    assert trainer_page.status_code == 200
    assert "eti.coordinator" not in trainer_page.content.decode()
    assert user_autocomplete.status_code == raw_id_lookup.status_code == 403


def trainer_form(trainer, **changes):
    return {
        "name_en": trainer.name,
        "name_zh_hans": "",
        "sex": trainer.sex,
        "partner": trainer.partner_id,
        "level": trainer.level,
        "email": "",
        "phone": "",
        "certifications-TOTAL_FORMS": "0",
        "certifications-INITIAL_FORMS": "0",
        "version": get_signer().sign(trainer.version),
        **changes,
    }


def test_linking_a_user_to_a_trainer_is_for_ilo_staff_only_and_kept_in_history(client, partner, ilo_staff):
    coordinator = with_admin_access(
        user_with_role(roles.PARTNER_COORDINATOR, partner, PartnerMembership.Role.COORDINATOR),
        ["view_trainer", "change_trainer"],
    )
    trainer = TrainerFactory(partner=partner, level=Trainer.Level.EXPERT)
    url = reverse("admin:trainings_trainer_change", args=[trainer.pk])

    client.force_login(coordinator)
    client.post(url, trainer_form(trainer, user=coordinator.pk, phone="023 1234"))
    trainer.refresh_from_db()
    assert (trainer.user, trainer.phone) == (None, "023 1234")

    client.force_login(ilo_staff)
    client.post(url, trainer_form(trainer, user=coordinator.pk))
    trainer.refresh_from_db()
    assert trainer.user == coordinator
    latest = trainer.history.latest()
    assert (latest.user_id, latest.history_user) == (coordinator.pk, ilo_staff)


def test_changing_who_may_review_is_for_ilo_staff_only_and_kept_in_history(client, partner, ilo_staff):
    coordinator = with_admin_access(
        user_with_role(roles.PARTNER_COORDINATOR, partner, PartnerMembership.Role.COORDINATOR),
        ["view_user", "change_user"],
    )
    user_url = reverse("admin:auth_user_change", args=[coordinator.pk])
    staff_group = Group.objects.get(name=roles.ILO_STAFF)

    client.force_login(coordinator)
    page = client.get(user_url)
    group_page = client.get(reverse("admin:auth_group_change", args=[staff_group.pk]))
    assert page.status_code == group_page.status_code == 403

    reviewer_group = Group.objects.get(name=roles.REVIEWER)
    client.force_login(ilo_staff)
    form = client.get(user_url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data |= {"groups": [reviewer_group.pk], "date_joined_0": "2015-01-05", "date_joined_1": "09:00:00"}
    data["user_permissions"] = []
    response = client.post(user_url, data)

    assert response.status_code == 302
    assert list(coordinator.groups.all()) == [reviewer_group]
    latest = coordinator.history.latest()
    assert latest.history_user == ilo_staff
    assert list(latest.groups.values_list("group_id", flat=True)) == [reviewer_group.pk]
