import pytest
from django.urls import reverse

from enterprises.models import Indicator
from improvements.models import ImprovementCategory
from partners.models import City
from tests.factories import CityFactory, EnterpriseFactory, ImprovementFactory, MeasurementFactory, category
from tests.pages import submit_as_rendered
from trainings.models import Module

pytestmark = pytest.mark.django_db

LISTS = ["partners:city_list", "trainings:module_list", "enterprises:indicator_list", "improvements:category_list"]


@pytest.mark.parametrize("name", LISTS)
def test_only_ilo_staff_open_reference_data(client, ilo_staff, coordinator, committee_member, name):
    for user, status in ((ilo_staff, 200), (coordinator, 403), (committee_member, 403)):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == status


def test_ilo_staff_add_a_city(client, ilo_staff):
    client.force_login(ilo_staff)

    response = submit_as_rendered(
        client,
        reverse("partners:city_create"),
        name_en="Xining",
        name_zh_hans="西宁",
        province_en="Qinghai",
        province_zh_hans="青海",
    )

    assert response.status_code == 302 and response.url == reverse("partners:city_list")
    assert City.objects.get(name_en="Xining", name_zh_hans="西宁", province_zh_hans="青海").created_by == ilo_staff


def test_a_stale_module_edit_is_refused(client, ilo_staff):
    module = Module.objects.get(number=5)
    client.force_login(ilo_staff)
    url = reverse("trainings:module_update", args=[module.pk])
    page = client.get(url)
    module.save_validated(None, short_label="Safety and health")

    response = client.post(
        url,
        {
            **page.context["form"].initial,
            "short_label": "OSH at work",
            "version": page.context["form"]["version"].value(),
        },
    )

    assert response.status_code == 200 and "Someone else changed this record" in response.content.decode()
    assert Module.objects.get(pk=module.pk).short_label == "Safety and health"


def test_a_duplicate_indicator_code_is_a_form_error(client, ilo_staff):
    client.force_login(ilo_staff)

    response = submit_as_rendered(
        client, reverse("enterprises:indicator_create"), code="defect-rate", name="Defects", better="lower"
    )

    assert response.status_code == 200 and "code" in response.context["form"].errors


def test_a_city_in_use_is_not_deleted(client, ilo_staff):
    city = CityFactory(name="Deyang")
    EnterpriseFactory(city=city)
    client.force_login(ilo_staff)

    confirm = client.get(reverse("partners:city_delete", args=[city.pk]))
    response = client.post(reverse("partners:city_delete", args=[city.pk]), follow=True)

    assert "This cannot be undone." in confirm.content.decode()
    assert City.objects.filter(pk=city.pk).exists()
    assert "cannot be deleted: records use it" in response.content.decode()


def test_an_unused_indicator_is_deleted_after_confirmation(client, ilo_staff):
    unused = Indicator.objects.create(code="noise", name="Noise", better="lower")
    in_use = MeasurementFactory().indicator
    client.force_login(ilo_staff)

    client.post(reverse("enterprises:indicator_delete", args=[unused.pk]))
    client.post(reverse("enterprises:indicator_delete", args=[in_use.pk]))

    assert not Indicator.objects.filter(pk=unused.pk).exists()
    assert Indicator.objects.filter(pk=in_use.pk).exists()


def test_ilo_staff_add_an_improvement_category_in_both_languages(client, ilo_staff):
    client.force_login(ilo_staff)

    response = submit_as_rendered(
        client,
        reverse("improvements:category_create"),
        code="productivity",
        name_en="Productivity",
        name_zh_hans="生产率",
        sort_order="70",
    )

    assert response.status_code == 302 and response.url == reverse("improvements:category_list")
    added = ImprovementCategory.objects.get(code="productivity")
    assert (added.name_zh_hans, added.sort_order, added.is_active, added.created_by) == ("生产率", 70, True, ilo_staff)


def test_a_categorys_code_stays_when_its_names_change(client, ilo_staff):
    quality = category("quality")
    client.force_login(ilo_staff)

    submit_as_rendered(
        client, reverse("improvements:category_update", args=[quality.pk]), code="q", name_zh_hans="质量管理"
    )

    quality.refresh_from_db()
    assert (quality.code, quality.name_zh_hans, quality.version > 1) == ("quality", "质量管理", True)


def test_an_improvement_category_in_use_is_deactivated_instead_of_deleted(client, ilo_staff):
    osh = ImprovementFactory().category
    unused = ImprovementCategory.objects.create(code="energy", name_en="Energy")
    client.force_login(ilo_staff)

    confirm = client.get(reverse("improvements:category_delete", args=[osh.pk]))
    response = client.post(reverse("improvements:category_delete", args=[osh.pk]), follow=True)
    client.post(reverse("improvements:category_delete", args=[unused.pk]))

    assert "it is deactivated instead" in confirm.content.decode()
    assert "is in use, so it was deactivated instead" in response.content.decode()
    assert ImprovementCategory.objects.get(pk=osh.pk).is_active is False
    assert "Inactive" in response.content.decode()
    assert not ImprovementCategory.objects.filter(pk=unused.pk).exists()


def test_others_cannot_change_or_delete_improvement_categories(client, coordinator, outsider):
    quality = category("quality")
    for user in (coordinator, outsider):
        client.force_login(user)
        update = client.post(reverse("improvements:category_update", args=[quality.pk]), {"name_en": "Q"})
        delete = client.post(reverse("improvements:category_delete", args=[quality.pk]))

        assert (update.status_code, delete.status_code) == (403, 403)
    assert ImprovementCategory.objects.get(pk=quality.pk).name_en == "Quality"


def test_reference_data_of_another_id_is_404(client, ilo_staff):
    client.force_login(ilo_staff)

    assert client.get(reverse("partners:city_update", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("size", [2, 60])
def test_reference_lists_run_a_fixed_number_of_queries(client, ilo_staff, name, size, django_assert_max_num_queries):
    CityFactory.create_batch(size)
    Indicator.objects.bulk_create(Indicator(code=f"i{n}", name=f"I {n}", better="higher") for n in range(size))
    Module.objects.bulk_create(Module(number=10 + n, title=f"M {n}", short_label=f"M{n}") for n in range(size))
    ImprovementCategory.objects.bulk_create(
        ImprovementCategory(code=f"c{n}", name_en=f"C {n}", name_zh_hans=f"类 {n}") for n in range(size)
    )
    client.force_login(ilo_staff)

    with django_assert_max_num_queries(6):
        assert client.get(reverse(name)).status_code == 200
