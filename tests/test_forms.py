"""Every date field shows its value as 2015-08-20 whatever the interface language (score_mis.forms): an
<input type="date"> given any other form, such as the Chinese 2015/08/20, shows an empty field that cannot
be submitted."""

import datetime
import inspect
import re

import django_filters
import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.contrib.messages import get_messages
from django.urls import reverse

import dataexchange.forms
import enterprises.filters
import enterprises.forms
import improvements.filters
import improvements.forms
import partners.forms
import reporting.forms
import reporting.results_forms
import trainings.filters
import trainings.forms
from enterprises.models import ImprovementTeam
from score_mis.forms import ISO_DATE, IsoDateInput
from tests.factories import (
    EnrollmentFactory,
    ImprovementFactory,
    MeasurementFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.pages import forms_of, submit_as_rendered
from trainings.models import Enrollment

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
FORM_MODULES = [
    partners.forms,
    enterprises.forms,
    trainings.forms,
    improvements.forms,
    reporting.forms,
    reporting.results_forms,
    dataexchange.forms,
]
FILTER_MODULES = [enterprises.filters, trainings.filters, improvements.filters]


def date_fields(form_class):
    return {name: field for name, field in form_class.base_fields.items() if is_date_field(field)}


def is_date_field(field):
    return isinstance(field, forms.DateField) or (
        isinstance(field, forms.MultiValueField) and all(isinstance(part, forms.DateField) for part in field.fields)
    )


def widgets_of(field):
    return getattr(field.widget, "widgets", [field.widget])


def project_classes(modules, base):
    return sorted(
        {
            (f"{module.__name__}.{name}", cls)
            for module in modules
            for name, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, base) and cls.__module__ == module.__name__
        }
    )


def test_every_date_field_of_every_staff_form_and_filter_uses_the_iso_date_input():
    fields = {
        f"{name}.{field_name}": field
        for name, form_class in project_classes(FORM_MODULES, forms.BaseForm)
        for field_name, field in date_fields(form_class).items()
    } | {
        f"{name}.{filter_name}": list_filter.field
        for name, filterset in project_classes(FILTER_MODULES, django_filters.FilterSet)
        for filter_name, list_filter in filterset.base_filters.items()
        if issubclass(list_filter.field_class, (forms.DateField, django_filters.fields.DateRangeField))
    }

    assert len(fields) >= 15
    assert {
        name: [type(widget).__name__ for widget in widgets_of(field)]
        for name, field in fields.items()
        if not all(isinstance(widget, IsoDateInput) for widget in widgets_of(field))
    } == {}


@pytest.mark.django_db
def test_every_date_field_of_the_admin_is_written_the_iso_way(rf):
    request = rf.get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    fields = {}
    for model_admin in admin.site._registry.values():
        form_classes = [model_admin.get_form(request)] + [
            inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)
        ]
        for form_class in form_classes:
            for name, field in date_fields(form_class).items():
                fields[f"{form_class._meta.model.__name__}.{name}"] = field.widget

    assert len(fields) >= 10
    assert {
        name: getattr(widget, "format", None)
        for name, widget in fields.items()
        if not (isinstance(widget, AdminDateWidget) and widget.format == ISO_DATE)
    } == {}


@pytest.fixture
def records(partner):
    enrollment = EnrollmentFactory(
        round__partner=partner,
        round__starts_on=datetime.date(2015, 8, 20),
        round__ends_on=datetime.date(2015, 11, 30),
        enterprise__recruited_by=partner,
        enrolled_on=datetime.date(2015, 8, 20),
        status=Enrollment.Status.COMPLETED,
        completed_on=datetime.date(2015, 11, 30),
    )
    ImprovementTeam.objects.create(
        enterprise=enrollment.enterprise,
        established_on=datetime.date(2015, 9, 1),
        female_managers=1,
        male_managers=1,
        female_workers=2,
        male_workers=2,
    )
    return {
        "round": enrollment.round,
        "enrollment": enrollment,
        "enterprise": enrollment.enterprise,
        "workshop": WorkshopFactory(round=enrollment.round, date=datetime.date(2015, 9, 10)),
        "measurement": MeasurementFactory(enterprise=enrollment.enterprise),
        "improvement": ImprovementFactory(enterprise=enrollment.enterprise),
    }


def chinese(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


# Pages with a date input, each with the inputs that show a value: (URL name, object, query string, inputs).
DATED_PAGES = [
    ("reporting:dashboard", None, {}, ["start", "end"]),
    ("reporting:committee_report", None, {}, ["start", "end"]),
    ("enterprises:enterprise_list", None, {"running_from": "2015-06-01"}, ["running_from"]),
    ("trainings:round_list", None, {"running_until": "2015-12-31"}, ["running_until"]),
    ("improvements:improvement_list", None, {"implemented_after": "2015-01-01"}, ["implemented_after"]),
    ("trainings:round_update", "round", {}, ["starts_on", "ends_on"]),
    ("trainings:enrollment_create", "round", {}, ["enrolled_on"]),
    ("trainings:enrollment_update", "enrollment", {}, ["enrolled_on", "completed_on"]),
    ("trainings:workshop_create", "round", {}, ["date"]),
    ("trainings:visit_create", "round", {}, ["date"]),
    ("trainings:activity_update", "workshop", {}, ["date"]),
    ("improvements:improvement_update", "improvement", {}, ["implemented_on"]),
    ("enterprises:improvement_team_update", "enterprise", {}, ["established_on"]),
    ("enterprises:measurement_update", "measurement", {}, ["period_start", "period_end"]),
]


def date_values(response):
    return {field.name: field.attrs.get("value", "") for form in forms_of(response) for field in form.date_inputs()}


def page_url(name, target, records):
    return reverse(name, args=[records[target].pk]) if target else reverse(name)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "target", "query", "dated"), DATED_PAGES, ids=[page[0] for page in DATED_PAGES])
def test_date_inputs_show_iso_dates_in_chinese(client, coordinator, records, name, target, query, dated):
    response = chinese(client, coordinator).get(page_url(name, target, records), query)

    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
    values = date_values(response)
    assert set(dated) <= set(values)
    assert {name: value for name, value in values.items() if value and not ISO.fullmatch(value)} == {}
    assert all(ISO.fullmatch(values[name]) for name in dated), values


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["reporting:dashboard", "reporting:committee_report"])
def test_report_period_submitted_as_rendered_in_chinese_is_the_period_shown(client, coordinator, records, name):
    shown = date_values(chinese(client, coordinator).get(reverse(name)))

    response = submit_as_rendered(client, reverse(name), method="get")

    assert response.context["form"].errors == {}
    filters = response.context["form"].filters()
    assert {"start": filters.start.isoformat(), "end": filters.end.isoformat()} == shown


EDIT_PAGES = [page for page in DATED_PAGES if page[0].endswith("_update")]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "target", "query", "dated"), EDIT_PAGES, ids=[page[0] for page in EDIT_PAGES])
def test_edit_form_submitted_as_rendered_in_chinese_saves_and_keeps_its_dates(
    client, coordinator, records, name, target, query, dated
):
    url = page_url(name, target, records)
    before = date_values(chinese(client, coordinator).get(url))

    response = submit_as_rendered(client, url)

    assert response.status_code == 302
    assert [message.level_tag for message in get_messages(response.wsgi_request)] == ["success"]
    assert date_values(client.get(url)) == before
