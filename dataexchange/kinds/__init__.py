"""The kinds of records people exchange as spreadsheets, registered here: each with its resource (in
`dataexchange.kinds.<app>`), the rows it exports and the list it belongs to.

An export holds the rows of its list as the user filtered it: `rows(request)` applies the list
page's own search and filters (rows of a round or an enterprise follow the round or enterprise list).
Kinds for programme staff only (partners, targets) are offered to ILO staff alone.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from dataexchange.kinds import enterprises, improvements, partners, results, trainings
from partners.access import scope_for


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    description: str
    resource_class: type
    list_url_name: str
    rows: object
    programme_staff_only: bool = False

    def resource(self, user, **kwargs):
        return self.resource_class(user=user, **kwargs)

    def is_offered_to(self, user):
        return not self.programme_staff_only or scope_for(user).changes_everything


KINDS = {
    kind.slug: kind
    for kind in (
        Kind(
            "partners",
            _("Partners"),
            _("Partners with their code, kind, parent partner and city. For ILO staff."),
            partners.PartnerResource,
            "dataexchange:index",
            partners.partner_rows,
            programme_staff_only=True,
        ),
        Kind(
            "enterprises",
            _("Enterprises"),
            _("Enterprises with their city, sector, recruiting partner and workforce."),
            enterprises.EnterpriseResource,
            "enterprises:enterprise_list",
            enterprises.enterprise_rows,
        ),
        Kind(
            "measurements",
            _("Indicator measurements"),
            _("Baseline and follow-up values of the enterprise indicators."),
            enterprises.MeasurementResource,
            "enterprises:enterprise_list",
            enterprises.measurement_rows,
        ),
        Kind(
            "rounds",
            _("Training rounds"),
            _("Rounds with their partner, module, city, dates and costs."),
            trainings.TrainingRoundResource,
            "trainings:round_list",
            trainings.round_rows,
        ),
        Kind(
            "enrollments",
            _("Enrollments"),
            _("Enterprises taking part in rounds."),
            trainings.EnrollmentResource,
            "trainings:round_list",
            trainings.enrollment_rows,
        ),
        Kind(
            "attendance",
            _("Workshop and visit attendance"),
            _("Workshop days and factory visits of rounds, with the people of each enterprise by sex and role."),
            trainings.AttendanceResource,
            "trainings:round_list",
            trainings.attendance_rows,
        ),
        Kind(
            "improvements",
            _("Improvements"),
            _("Enterprise improvements with their savings (photos are added in SCORE MIS)."),
            improvements.ImprovementResource,
            "improvements:improvement_list",
            improvements.improvement_rows,
        ),
        Kind(
            "targets",
            _("Results targets"),
            _(
                "Baselines and targets of the result indicators by period, for the programme, a partner or a city. "
                "For ILO staff."
            ),
            results.TargetResource,
            "reporting:target_list",
            results.target_rows,
            programme_staff_only=True,
        ),
    )
}


def offered_kinds(user):
    """The kinds `user` may download and, with the import permission, import."""
    return [kind for kind in KINDS.values() if kind.is_offered_to(user)]
