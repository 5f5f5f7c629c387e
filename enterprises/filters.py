from collections import OrderedDict

import django_filters
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise, Sector
from partners.models import City, Partner
from score_mis.filters import ListFilter


def _partners_seen_by(request):
    return Partner.objects.visible_to(request.user)


class EnterpriseFilter(ListFilter):
    """Search and filters of the enterprise list. The apps above add theirs (rounds, journey) through
    enterprises/pages.py."""

    q = django_filters.CharFilter(label=_("Name contains"), method="filter_search")
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"), queryset=_partners_seen_by, method="filter_partner", empty_label=_("All partners")
    )
    city = django_filters.ModelChoiceFilter(label=_("City"), queryset=City.objects.all(), empty_label=_("All cities"))
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices, empty_label=_("All sectors"))

    class Meta:
        model = Enterprise
        fields = []

    @classmethod
    def add_filter(cls, name, list_filter, *, before=None):
        """Declare one more filter, as if written in the class body (called by `pages.add_filter`)."""
        if cls.__subclasses__():
            raise ImproperlyConfigured("Enterprise list filters are added from AppConfig.ready(), before subclassing.")
        list_filter.field_name = list_filter.field_name or name
        filters = [(key, value) for key, value in cls.declared_filters.items() if key != name]
        position = next((index for index, (key, _value) in enumerate(filters) if key == before), len(filters))
        filters.insert(position, (name, list_filter))
        cls.declared_filters = OrderedDict(filters)
        cls.base_filters = cls.get_filters()

    def filter_search(self, queryset, name, value):
        return queryset.search(value.strip())

    def filter_partner(self, queryset, name, partner):
        """Enterprises the partner recruited or enrolled in one of its rounds."""
        return queryset.for_partners([partner.pk])
