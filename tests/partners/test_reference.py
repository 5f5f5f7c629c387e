import pytest
from django.urls import reverse

from enterprises.models import Indicator
from partners.models import City
from tests.factories import CityFactory, EnterpriseFactory, MeasurementFactory
from tests.pages import submit_as_rendered
from trainings.models import Module

pytestmark = pytest.mark.django_db

LISTS = ["partners:city_list", "trainings:module_list", "enterprises:indicator_list"]


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


def test_reference_data_of_another_id_is_404(client, ilo_staff):
    client.force_login(ilo_staff)

    assert client.get(reverse("partners:city_update", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("size", [2, 60])
def test_reference_lists_run_a_fixed_number_of_queries(client, ilo_staff, name, size, django_assert_max_num_queries):
    CityFactory.create_batch(size)
    Indicator.objects.bulk_create(Indicator(code=f"i{n}", name=f"I {n}", better="higher") for n in range(size))
    Module.objects.bulk_create(Module(number=10 + n, title=f"M {n}", short_label=f"M{n}") for n in range(size))
    client.force_login(ilo_staff)

    with django_assert_max_num_queries(6):
        assert client.get(reverse(name)).status_code == 200
