import django_filters
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from improvements.models import Improvement, ImprovementCategory
from partners.access import scope_for
from partners.models import City, Partner
from score_mis.filters import ListFilter
from score_mis.forms import IsoDateInput
from trainings.models import Module


def _partners_seen_by(request):
    return Partner.objects.visible_to(request.user)


def may_see_unverified(user):
    """Writers and reviewers choose the status shown; everyone else sees verified improvements only."""
    scope = scope_for(user)
    return scope.may_write_anything or scope.reviews_improvements


TO_FINISH = "to_finish"


def default_status(user):
    """The list opens on what the user can act on: reviewers on what waits for review, coordinators on their drafts
    and returned improvements, everyone else on verified ones."""
    scope = scope_for(user)
    if scope.reviews_improvements:
        return Improvement.Status.SUBMITTED
    if scope.may_write_anything:
        return TO_FINISH
    return Improvement.Status.VERIFIED


class LabelledDateRangeWidget(django_filters.widgets.DateRangeWidget):
    """Two date inputs, from and until, each with its own accessible name: the filter's label names neither."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets = [IsoDateInput({"aria-label": _("From")}), IsoDateInput({"aria-label": _("Until")})]


class ImprovementFilter(ListFilter):
    """Filters of the improvement gallery. Without a status chosen it shows verified improvements."""

    module = django_filters.ModelChoiceFilter(
        label=_("Module"), queryset=Module.objects.all(), empty_label=_("All modules")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=ImprovementCategory.objects.all(),
        to_field_name="code",
        empty_label=_("All categories"),
    )
    city = django_filters.ModelChoiceFilter(
        label=_("City"), field_name="enterprise__city", queryset=City.objects.all(), empty_label=_("All cities")
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"), queryset=_partners_seen_by, method="filter_partner", empty_label=_("All partners")
    )
    implemented = django_filters.DateFromToRangeFilter(
        label=_("Implemented between"),
        field_name="implemented_on",
        widget=LabelledDateRangeWidget,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(TO_FINISH, _("Drafts and returned")), *Improvement.Status.choices],
        empty_label=_("Any status"),
        method="filter_status",
    )

    class Meta:
        model = Improvement
        fields = []

    def __init__(self, data=None, *args, request, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.setdefault("status", default_status(request.user))
        super().__init__(data, *args, request=request, **kwargs)
        if not may_see_unverified(request.user):
            del self.filters["status"]
            self.queryset = self.queryset.verified()

    def filter_status(self, queryset, name, value):
        if value == TO_FINISH:
            return queryset.filter(status__in=[Improvement.Status.DRAFT, Improvement.Status.RETURNED])
        return queryset.filter(status=value)

    def filter_partner(self, queryset, name, partner):
        """Improvements of enterprises the partner recruited or enrolled in one of its rounds."""
        return queryset.for_partners([partner.pk])
