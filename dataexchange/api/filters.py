"""Query-string filters of the API lists. They narrow a list that already holds only the rows the user may
see, and name related rows by id without checking that the id exists: another partner's id finds nothing,
exactly like an id that does not exist, so a filter can neither widen a list nor tell what exists.
Rounds and enterprises use the filters of their pages (trainings.filters, enterprises.filters with what the apps
above add to it), which offer only the partners and cities the user may see."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import filters
from rest_framework.exceptions import ValidationError

from enterprises.filters import EnterpriseFilter
from enterprises.models import Measurement
from improvements.models import Improvement, ImprovementCategory
from partners.models import Agreement, Partner
from trainings.enterprise_pages import ModuleFilter
from trainings.models import Activity, Certification, Enrollment, Event, Module, Trainer

LARGEST_ID = 2**63 - 1


class SearchFilter(filters.SearchFilter):
    """`?search=` over the list's own search fields; text with a NUL character is refused (databases reject it)."""

    def get_search_terms(self, request):
        if "\x00" in request.query_params.get(self.search_param, ""):
            raise ValidationError({self.search_param: [_("The search text contains a character that is not allowed.")]})
        return super().get_search_terms(request)


@extend_schema_field(OpenApiTypes.INT)
class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice among the rows the user may see, given by id."""


@extend_schema_field(OpenApiTypes.INT)
class ModuleIdFilter(ModuleFilter):
    """Enterprises in a round of the module, given by id."""


def visible_partners(request):
    return Partner.objects.visible_to(request.user)


class ApiEnterpriseFilter(EnterpriseFilter):
    """The enterprise list's filters, with their partner and module documented as ids."""

    partner = IdChoiceFilter(queryset=visible_partners, method="filter_partner")
    module = ModuleIdFilter(queryset=Module.objects.all())


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A record id: a whole number within the range of database ids, else the list answers 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=LARGEST_ID, **kwargs)


def _id(field_name, label):
    return IdFilter(field_name=field_name, label=label)


class PartnerFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Partner.Kind.choices)
    parent = _id("parent_id", _("Parent partner id"))
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Partner
        fields = []


class AgreementFilter(django_filters.FilterSet):
    partner = _id("partner_id", _("Partner id"))
    kind = django_filters.ChoiceFilter(choices=Agreement.Kind.choices)
    signed_after = django_filters.DateFilter(field_name="signed_on", lookup_expr="gte")
    signed_before = django_filters.DateFilter(field_name="signed_on", lookup_expr="lte")

    class Meta:
        model = Agreement
        fields = []


class TrainerFilter(django_filters.FilterSet):
    partner = _id("partner_id", _("Partner id"))
    level = django_filters.ChoiceFilter(choices=Trainer.Level.choices)

    class Meta:
        model = Trainer
        fields = []


class CertificationFilter(django_filters.FilterSet):
    trainer = _id("trainer_id", _("Trainer id"))
    module = _id("module_id", _("Module id"))
    status = django_filters.ChoiceFilter(choices=Certification.Status.choices)

    class Meta:
        model = Certification
        fields = []


class EnrollmentFilter(django_filters.FilterSet):
    round = _id("round_id", _("Round id"))
    enterprise = _id("enterprise_id", _("Enterprise id"))
    status = django_filters.ChoiceFilter(choices=Enrollment.Status.choices)

    class Meta:
        model = Enrollment
        fields = []


class ActivityFilter(django_filters.FilterSet):
    round = _id("round_id", _("Round id"))
    enterprise = _id("enterprise_id", _("Enterprise visited (id)"))
    kind = django_filters.ChoiceFilter(choices=Activity.Kind.choices)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_until = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Activity
        fields = []


class MeasurementFilter(django_filters.FilterSet):
    enterprise = _id("enterprise_id", _("Enterprise id"))
    indicator = django_filters.CharFilter(field_name="indicator__code", label=_("Indicator code"))
    stage = django_filters.ChoiceFilter(choices=Measurement.Stage.choices)
    period_from = django_filters.DateFilter(field_name="period_end", lookup_expr="gte")
    period_until = django_filters.DateFilter(field_name="period_start", lookup_expr="lte")

    class Meta:
        model = Measurement
        fields = []


class ImprovementFilter(django_filters.FilterSet):
    enterprise = _id("enterprise_id", _("Enterprise id"))
    module = _id("module_id", _("Module id"))
    category = django_filters.ModelChoiceFilter(
        queryset=ImprovementCategory.objects.all(), to_field_name="code", label=_("Category code")
    )
    status = django_filters.ChoiceFilter(choices=Improvement.Status.choices)
    implemented_from = django_filters.DateFilter(field_name="implemented_on", lookup_expr="gte")
    implemented_until = django_filters.DateFilter(field_name="implemented_on", lookup_expr="lte")

    class Meta:
        model = Improvement
        fields = []


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices)
    city = _id("city_id", _("City id"))
    starts_from = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_until = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")

    class Meta:
        model = Event
        fields = []
