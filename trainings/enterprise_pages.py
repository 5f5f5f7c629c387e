"""What the enterprise list and page show of trainings (enterprises/pages.py): the rounds an enterprise is in,
its factory visits, and the list's filters by module and by the period of a round. Added by the AppConfig;
only the rounds the user may see count."""

import django_filters
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from enterprises import pages
from score_mis.bilingual import text_in_reader_language
from score_mis.forms import IsoDateInput
from trainings.models import Activity, Enrollment, Module, TrainingRound


def enrolled(enterprises, user, *conditions, **lookups):
    """The enterprises with an enrollment `user` may see that matches the conditions (e.g. round__module=...)."""
    enrollments = Enrollment.objects.visible_to(user).filter(*conditions, **lookups)
    return enterprises.filter(pk__in=enrollments.values("enterprise_id"))


def enrolled_during(enterprises, user, start=None, end=None):
    """The enterprises in a round (seen by `user`) running at some time between `start` and `end`; either may be
    left open. A round without an end date counts as running on its start date."""
    conditions = []
    if start is not None:
        conditions.append(Q(round_last_day__gte=start))
    if end is not None:
        conditions.append(Q(round__starts_on__lte=end))
    enrollments = (
        Enrollment.objects.visible_to(user)
        .alias(round_last_day=Coalesce("round__ends_on", "round__starts_on"))
        .filter(*conditions)
    )
    return enterprises.filter(pk__in=enrollments.values("enterprise_id"))


class ModuleFilter(django_filters.ModelChoiceFilter):
    """Enterprises in a round of the module."""

    def filter(self, queryset, module):
        if module in EMPTY_VALUES:
            return queryset
        return enrolled(queryset, self.parent.request.user, round__module=module)


class PeriodFilter(django_filters.DateFilter):
    """Enterprises in a round running from or until the date. Both dates bound the same round, so they are applied
    together, by whichever is given first."""

    def filter(self, queryset, value):
        if value in EMPTY_VALUES:
            return queryset
        start, end = (self.parent.form.cleaned_data.get(name) for name in ("running_from", "running_until"))
        if self.field_name == "running_until" and start:
            return queryset
        return enrolled_during(queryset, self.parent.request.user, start=start, end=end)


def rounds(enterprises, user):
    """The list: the rounds `user` may see of each enterprise, ordered by partner, as `seen_rounds`."""
    seen = TrainingRound.objects.visible_to(user).select_related("partner")
    return enterprises.prefetch_related(
        Prefetch(
            "training_rounds",
            queryset=seen.order_by(text_in_reader_language("partner__name"), "-starts_on"),
            to_attr="seen_rounds",
        )
    )


def enrollments_and_visits(enterprises, user):
    """The page: the enrollments and factory visits `user` may see, as `seen_enrollments` and `seen_visits`."""
    return enterprises.prefetch_related(
        Prefetch(
            "enrollments",
            queryset=Enrollment.objects.visible_to(user)
            .select_related("round__module", "round__partner", "round__city")
            .order_by("-round__starts_on"),
            to_attr="seen_enrollments",
        ),
        Prefetch(
            "visits",
            queryset=Activity.objects.visible_to(user)
            .select_related("round")
            .prefetch_related("trainers")
            .order_by("-date"),
            to_attr="seen_visits",
        ),
    )


def connect():
    pages.add_to_list(rounds)
    pages.add_to_page(enrollments_and_visits)
    module = ModuleFilter(label=_("Module"), queryset=Module.objects.all(), empty_label=_("All modules"))
    pages.add_filter("module", module, before="city")
    pages.add_filter("running_from", PeriodFilter(label=_("In a round running from"), widget=IsoDateInput))
    pages.add_filter("running_until", PeriodFilter(label=_("In a round running until"), widget=IsoDateInput))
