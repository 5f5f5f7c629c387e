import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import City, Partner
from score_mis.filters import ListFilter
from score_mis.forms import IsoDateInput
from trainings.models import Event, Module, Sex, Trainer, TrainingRound


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


class TrainerFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Name contains"), method="filter_search")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Trainer.Level.choices, empty_label=_("All levels"))
    module = django_filters.ModelChoiceFilter(
        label=_("Module"), queryset=Module.objects.all(), method="filter_module", empty_label=_("All modules")
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Employing partner"), queryset=visible_partners, empty_label=_("All partners")
    )
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices, empty_label=_("Women and men"))
    stage = django_filters.ChoiceFilter(
        label=_("Pipeline stage"), choices=Trainer.Stage.choices, method="filter_stage", empty_label=_("All stages")
    )

    class Meta:
        model = Trainer
        fields = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(name_zh__icontains=value)) if value else queryset

    def filter_module(self, queryset, name, module):
        """Trainers with a certification record of the module, at any step."""
        return queryset.filter(certifications__module=module).distinct()

    def filter_stage(self, queryset, name, stage):
        return queryset.at_stage(stage)


class EventFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Title contains"), method="filter_search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All kinds"))
    starts_from = django_filters.DateFilter(
        label=_("Starting from"), field_name="starts_on", lookup_expr="gte", widget=IsoDateInput
    )
    starts_until = django_filters.DateFilter(
        label=_("Starting until"), field_name="starts_on", lookup_expr="lte", widget=IsoDateInput
    )

    class Meta:
        model = Event
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value.strip()) if value.strip() else queryset
