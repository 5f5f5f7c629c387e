import django_filters
from django.utils.translation import gettext_lazy as _

from partners.models import City, Partner
from score_mis.filters import ListFilter
from score_mis.forms import IsoDateInput
from trainings.models import Module, TrainingRound


def visible_partners(request):
    return Partner.objects.visible_to(request.user)


def cities_with_visible_rounds(request):
    return City.objects.filter(pk__in=TrainingRound.objects.visible_to(request.user).values("city_id"))


class RoundFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    partner = django_filters.ModelChoiceFilter(label=_("Partner"), queryset=visible_partners)
    module = django_filters.ModelChoiceFilter(label=_("Module"), queryset=Module.objects.all())
    city = django_filters.ModelChoiceFilter(label=_("City"), queryset=cities_with_visible_rounds)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TrainingRound.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=TrainingRound.Kind.choices)
    overdue = django_filters.BooleanFilter(
        label=_("Overdue to close"),
        method="filter_overdue",
        widget=django_filters.widgets.BooleanWidget(),
    )
    running_from = django_filters.DateFilter(label=_("Running from"), method="filter_running_from", widget=IsoDateInput)
    running_until = django_filters.DateFilter(
        label=_("Running until"), method="filter_running_until", widget=IsoDateInput
    )

    class Meta:
        model = TrainingRound
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value.strip()) if value.strip() else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue_to_close() if value else queryset.exclude(pk__in=queryset.overdue_to_close())

    def filter_running_from(self, queryset, name, value):
        return queryset.overlapping(start=value)

    def filter_running_until(self, queryset, name, value):
        return queryset.overlapping(end=value)
