"""Every date field shows its value as 2015-08-20 whatever the interface language (score_mis.forms): an
<input type="date"> given any other form, such as the Chinese 2015/08/20, shows an empty field that cannot
be submitted."""

import datetime
import re

import django_filters
import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.views.i18n import get_formats

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
from tests.test_every_form import name_of, project_classes, project_forms
from trainings.models import Enrollment

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
INPUT = re.compile(r"<input[^>]*>")
DAY = datetime.date(2015, 8, 20)
# The API's filters are query parameters of a JSON API (score_mis.settings REST_FRAMEWORK): never shown as a form.
NEVER_SHOWN = ("dataexchange.api.filters.",)
# A date as a form shows it: the record's own date, or what was sent when the form is shown again with its errors
# (as the browser sends it, or typed the Chinese way into a query string).
SHOWN_VALUES = [DAY, "2015-08-20", "2015/08/20", "2015年8月20日"]


def date_fields(form_class):
    return {name: field for name, field in form_class.base_fields.items() if is_date_field(field)}


def is_date_field(field):
    return isinstance(field, forms.DateField) or (
        isinstance(field, forms.MultiValueField) and all(isinstance(part, forms.DateField) for part in field.fields)
    )


def every_date_field():
    """{"module.Class.field": form field} of every form and list filter of the apps."""
    fields = {
        f"{name_of(form_class)}.{field_name}": field
        for form_class in project_forms()
        for field_name, field in date_fields(form_class).items()
    }
    for filterset in project_classes(django_filters.FilterSet):
        for filter_name, list_filter in filterset.base_filters.items():
            if issubclass(list_filter.field_class, (forms.DateField, django_filters.fields.DateRangeField)):
                fields[f"{name_of(filterset)}.{filter_name}"] = list_filter.field
    return {name: field for name, field in fields.items() if not name.startswith(NEVER_SHOWN)}


def rendered_inputs(field, value):
    value = [value, value] if isinstance(field, forms.MultiValueField) else value
    return INPUT.findall(str(field.widget.render("day", value)))


def test_the_walk_finds_the_date_fields_of_forms_and_filters_of_every_app():
    apps = {name.split(".")[0] for name in every_date_field()}

    assert apps == {"partners", "enterprises", "trainings", "improvements", "reporting", "dataexchange"}


@pytest.mark.parametrize("shown", SHOWN_VALUES, ids=str)
def test_every_date_field_of_every_form_and_filter_shows_an_iso_date_input_in_chinese(shown):
    with translation.override("zh-hans"):
        rendered = {name: rendered_inputs(field, shown) for name, field in every_date_field().items()}

    assert len(rendered) >= 25
    assert {
        name: inputs
        for name, inputs in rendered.items()
        if not inputs or not all('type="date"' in tag and 'value="2015-08-20"' in tag for tag in inputs)
    } == {}


def test_text_that_is_no_date_is_shown_again_as_it_came():
    with translation.override("zh-hans"):
        [tag] = INPUT.findall(IsoDateInput().render("day", "20 Augst"))

    assert 'value="20 Augst"' in tag


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


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_admins_calendar_reads_and_writes_iso_dates_in_every_language(language):
    """The admin's calendar (DateTimeShortcuts.js) parses its field and writes the date picked in the first date
    input format of the page's language."""
    with translation.override(language):
        first = get_formats()["DATE_INPUT_FORMATS"][0]
        typed_the_chinese_way = forms.DateField().clean("2015/08/20") if language == "zh-hans" else DAY

    assert (first, typed_the_chinese_way) == (ISO_DATE, DAY)


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


@pytest.mark.django_db
def test_a_form_shown_again_with_its_errors_in_chinese_shows_the_dates_sent_as_iso_dates(client, ilo_staff, partner):
    dates = {"signed_on": "2015/08/20", "starts_on": "2015-08-21", "ends_on": "2015年12月31日"}

    response = chinese(client, ilo_staff).post(
        reverse("partners:agreement_create", args=[partner.pk]), {"kind": "mou", "phase": "III", **dates}
    )

    assert response.status_code == 200 and response.context["form"].errors  # it has no title
    assert date_values(response) == {"signed_on": "2015-08-20", "starts_on": "2015-08-21", "ends_on": "2015-12-31"}
