"""The roles of SCORE MIS, held as Django groups (created by data migrations)."""

from django.utils.translation import gettext_lazy as _

ILO_STAFF = "ILO staff"
PARTNER_COORDINATOR = "Partner coordinator"
PARTNER_VIEWER = "Partner viewer"
COMMITTEE_MEMBER = "Committee member"
REVIEWER = "Reviewer"

# The roles ILO staff give on the People pages, in the order they are offered, with their names to show.
LABELS = {
    ILO_STAFF: _("ILO staff"),
    PARTNER_COORDINATOR: _("Partner coordinator"),
    PARTNER_VIEWER: _("Partner viewer"),
    COMMITTEE_MEMBER: _("Committee member"),
    REVIEWER: _("Reviewer"),
}
