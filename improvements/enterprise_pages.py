"""What the enterprise list and page show of improvements (enterprises/pages.py): the stage of each enterprise's
journey (improvements/journey.py) and the list's filter by stage; on the page, the journey, the improvements and
the total annual saving of the verified ones. Added by the AppConfig."""

import django_filters
from django.db.models import Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from enterprises import pages
from improvements.journey import Stage, at_journey_stage, journey, with_journey
from improvements.models import Improvement


class StageFilter(django_filters.ChoiceFilter):
    """Enterprises whose journey has reached the stage and no further."""

    def filter(self, queryset, stage):
        if stage in EMPTY_VALUES:
            return queryset
        return at_journey_stage(queryset, self.parent.request.user, stage)


def improvements_and_journey(enterprises, user):
    """The page: the journey's annotations, the improvements, and `verified_annual_saving`, the sum of the annual
    savings of the verified improvements."""
    return (
        with_journey(enterprises, user)
        .prefetch_related(Prefetch("improvements", queryset=Improvement.objects.select_related("module", "category")))
        .annotate(
            verified_annual_saving=Sum(
                "improvements__annual_saving_rmb",
                filter=Q(improvements__status=Improvement.Status.VERIFIED),
                default=0,
            )
        )
    )


def journey_steps(enterprise):
    return {"journey": journey(enterprise, timezone.localdate())}


def connect():
    pages.add_to_list(with_journey)
    pages.add_to_page(improvements_and_journey, journey_steps)
    stage = StageFilter(label=_("Stage of the journey"), choices=Stage.choices, empty_label=_("All stages"))
    pages.add_filter("stage", stage, before="running_from")
