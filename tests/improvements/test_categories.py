"""Improvement categories are reference data: improvements store a category's code, choose among the active ones
(keeping the one they have) and show its name in the reader's language."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from improvements.forms import ImprovementForm
from improvements.models import Improvement, ImprovementCategory
from tests.factories import ImprovementFactory, category
from tests.improvements.test_views import form_data

pytestmark = pytest.mark.django_db


def retire(code):
    retired = category(code)
    retired.save_validated(None, is_active=False)
    return retired


def test_the_six_categories_keep_their_codes_and_both_names():
    categories = ImprovementCategory.objects.values_list("code", "name_en", "name_zh_hans")

    assert list(categories) == [
        ("cooperation", "Workplace cooperation", "工作场所合作"),
        ("quality", "Quality", "质量"),
        ("cleaner_production", "Cleaner production", "清洁生产"),
        ("workforce", "Workforce management", "人力资源管理"),
        ("osh", "Occupational safety and health", "职业安全健康"),
        ("gender", "Gender", "性别"),
    ]


def test_an_improvement_stores_the_code_of_its_category(improvement):
    stored = Improvement.objects.filter(pk=improvement.pk).values_list("category", flat=True).get()

    assert stored == "osh"


def test_the_form_offers_active_categories_and_the_one_the_improvement_has(improvement, coordinator):
    retire("osh")
    retire("gender")

    new_choices = [value for value, _label in ImprovementForm(user=coordinator).fields["category"].choices]
    kept_choices = [
        value for value, _label in ImprovementForm(instance=improvement, user=coordinator).fields["category"].choices
    ]

    assert "osh" not in new_choices and "gender" not in new_choices and "quality" in new_choices
    assert "osh" in kept_choices and "gender" not in kept_choices


def test_the_form_names_categories_in_the_readers_language(coordinator):
    with translation.override("zh-hans"):
        labels = [str(label) for _value, label in ImprovementForm(user=coordinator).fields["category"].choices]

    assert "清洁生产" in labels


def test_an_inactive_category_is_refused_for_a_new_improvement(enterprise):
    retire("quality")
    improvement = ImprovementFactory.build(enterprise=enterprise, category=category("quality"))

    with pytest.raises(ValidationError) as error:
        improvement.save_validated(None)

    assert "no longer used" in str(error.value.message_dict["category"])


def test_an_improvement_keeps_its_inactive_category_when_changed(improvement):
    retire("osh")

    improvement.save_validated(None, title_en="Guards on the presses")

    assert Improvement.objects.get(pk=improvement.pk).category_id == "osh"


def test_an_improvement_cannot_move_to_an_inactive_category(improvement):
    retire("gender")

    with pytest.raises(ValidationError):
        improvement.save_validated(None, category=category("gender"))


def test_posting_an_inactive_category_for_a_new_improvement_is_a_form_error(client, coordinator, enterprise):
    retire("cleaner_production")
    client.force_login(coordinator)

    response = client.post(reverse("improvements:improvement_create"), form_data(enterprise))

    assert response.status_code == 200 and "category" in response.context["form"].errors
    assert not Improvement.objects.exists()


def test_pages_show_the_category_in_the_readers_language(client, ilo_staff, improvement, settings):
    client.force_login(ilo_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    detail = client.get(improvement.get_absolute_url()).content.decode()
    gallery = client.get(reverse("improvements:improvement_list"), {"status": ""}).content.decode()
    enterprise = client.get(improvement.enterprise.get_absolute_url()).content.decode()

    assert "职业安全健康" in detail and "职业安全健康" in gallery and "职业安全健康" in enterprise


def test_the_gallery_filter_lists_every_category_by_code(client, ilo_staff, improvement):
    retire("osh")
    client.force_login(ilo_staff)

    response = client.get(reverse("improvements:improvement_list"), {"status": "", "category": "osh"})

    assert list(response.context["page_obj"]) == [improvement]
    assert 'value="osh"' in response.content.decode()
