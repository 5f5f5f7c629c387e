import django_filters
from django.utils.translation import gettext_lazy as _

from enterprises.journey import Stage
from enterprises.models import Enterprise, Sector
from partners.models import City, Partner
from score_mis.filters import ListFilter
from score_mis.forms import IsoDateInput


def _partners_seen_by(request):
    return Partner.objects.visible_to(request.user)


def _modules(request):
    # Deliberate crossing (listed in README, like enterprises/querysets.py): the list filters by the module of
    # the rounds an enterprise is in. Imported when called, so enterprises load without trainings.
    from trainings.models import Module

    return Module.objects.all()


class EnterpriseFilter(ListFilter):
    """Search and filters of the enterprise list. Rounds count only when the user may see them."""

    q = django_filters.CharFilter(label=_("Name contains"), method="filter_search")
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"), queryset=_partners_seen_by, method="filter_partner", empty_label=_("All partners")
    )
    module = django_filters.ModelChoiceFilter(
        label=_("Module"), queryset=_modules, method="filter_module", empty_label=_("All modules")
    )
    city = django_filters.ModelChoiceFilter(label=_("City"), queryset=City.objects.all(), empty_label=_("All cities"))
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices, empty_label=_("All sectors"))
    stage = django_filters.ChoiceFilter(
        label=_("Stage of the journey"), choices=Stage.choices, method="filter_stage", empty_label=_("All stages")
    )
    running_from = django_filters.DateFilter(
        label=_("In a round running from"), method="filter_period", widget=IsoDateInput
    )
    running_until = django_filters.DateFilter(
        label=_("In a round running until"), method="filter_period", widget=IsoDateInput
    )

    class Meta:
        model = Enterprise
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value.strip())

    def filter_partner(self, queryset, name, partner):
        """Enterprises the partner recruited or enrolled in one of its rounds."""
        return queryset.for_partners([partner.pk])

    def filter_module(self, queryset, name, module):
        return queryset.with_enrollment_seen_by(self.request.user, round__module=module)

    def filter_stage(self, queryset, name, stage):
        return queryset.at_journey_stage(self.request.user, stage)

    def filter_period(self, queryset, name, value):
        """Both dates bound the same round, so they are applied together, by whichever is given first."""
        start, end = self.form.cleaned_data.get("running_from"), self.form.cleaned_data.get("running_until")
        if name == "running_until" and start:
            return queryset
        return queryset.enrolled_during(self.request.user, start=start, end=end)
