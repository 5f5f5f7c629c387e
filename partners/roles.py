"""The four roles of SCORE MIS, held as Django groups (created by a data migration)."""

from django.utils.translation import gettext_lazy as _

ILO_STAFF = "ILO staff"
PARTNER_COORDINATOR = "Partner coordinator"
PARTNER_VIEWER = "Partner viewer"
COMMITTEE_MEMBER = "Committee member"

ROLE_LABELS = {
    ILO_STAFF: _("ILO staff"),
    PARTNER_COORDINATOR: _("Partner coordinator"),
    PARTNER_VIEWER: _("Partner viewer"),
    COMMITTEE_MEMBER: _("Committee member"),
}
