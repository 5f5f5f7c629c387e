import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners import roles
from partners.models import Partner
from score_mis.filters import ListFilter


def visible_partners(request):
    return Partner.objects.visible_to(request.user)


class PartnerFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Partner.Kind.choices)

    class Meta:
        model = Partner
        fields = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name_en__icontains=value) | Q(name_zh_hans__icontains=value) | Q(code__icontains=value)
        )


class PersonFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    role = django_filters.ModelChoiceFilter(
        label=_("Role"), field_name="groups", queryset=Group.objects.filter(name__in=roles.LABELS)
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"), field_name="partner_memberships__partner", queryset=visible_partners, distinct=True
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = get_user_model()
        fields = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(username__icontains=value)
            | Q(email__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
        )
