"""The kinds of records people exchange as spreadsheets, each with its resource and the list it is exported from.

An export holds the rows of its list as the user filtered it: `rows(request)` applies the list
page's own search and filters (rows of a round or an enterprise follow the round or enterprise list).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from enterprises.models import Measurement
from enterprises.resources import EnterpriseResource, MeasurementResource
from enterprises.views import enterprise_list_filter
from improvements.filters import ImprovementFilter
from improvements.models import Improvement
from improvements.resources import ImprovementResource
from trainings.models import Attendance, Enrollment
from trainings.resources import AttendanceResource, EnrollmentResource, TrainingRoundResource
from trainings.views import round_list_filter


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    description: str
    resource_class: type
    list_url_name: str
    rows: object

    def resource(self, user, **kwargs):
        return self.resource_class(user=user, **kwargs)


def _enterprises(request):
    return enterprise_list_filter(request).qs


def _measurements(request):
    return Measurement.objects.visible_to(request.user).filter(enterprise__in=_enterprises(request).values("pk"))


def _rounds(request):
    return round_list_filter(request).qs


def _enrollments(request):
    return Enrollment.objects.visible_to(request.user).filter(round__in=_rounds(request).values("pk"))


def _attendance(request):
    return Attendance.objects.visible_to(request.user).filter(activity__round__in=_rounds(request).values("pk"))


def _improvements(request):
    # As the improvement list filters (improvements.views.improvement_list).
    improvements = Improvement.objects.visible_to(request.user)
    return ImprovementFilter(request.GET, queryset=improvements, request=request).qs


KINDS = {
    kind.slug: kind
    for kind in (
        Kind(
            "enterprises",
            _("Enterprises"),
            _("Enterprises with their city, sector, recruiting partner and workforce."),
            EnterpriseResource,
            "enterprises:enterprise_list",
            _enterprises,
        ),
        Kind(
            "measurements",
            _("Indicator measurements"),
            _("Baseline and follow-up values of the enterprise indicators."),
            MeasurementResource,
            "enterprises:enterprise_list",
            _measurements,
        ),
        Kind(
            "rounds",
            _("Training rounds"),
            _("Rounds with their partner, module, city, dates and costs."),
            TrainingRoundResource,
            "trainings:round_list",
            _rounds,
        ),
        Kind(
            "enrollments",
            _("Enrollments"),
            _("Enterprises taking part in rounds."),
            EnrollmentResource,
            "trainings:round_list",
            _enrollments,
        ),
        Kind(
            "attendance",
            _("Workshop and visit attendance"),
            _("Workshop days and factory visits of rounds, with the people of each enterprise by sex and role."),
            AttendanceResource,
            "trainings:round_list",
            _attendance,
        ),
        Kind(
            "improvements",
            _("Improvements"),
            _("Enterprise improvements with their savings (photos are added in SCORE MIS)."),
            ImprovementResource,
            "improvements:improvement_list",
            _improvements,
        ),
    )
}
