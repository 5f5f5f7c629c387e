"""The four roles of SCORE MIS, held as Django groups (created by a data migration)."""

ILO_STAFF = "ILO staff"
PARTNER_COORDINATOR = "Partner coordinator"
PARTNER_VIEWER = "Partner viewer"
COMMITTEE_MEMBER = "Committee member"
