"""Whose rows a report may count.

ILO staff and committee members read programme-wide figures; a partner user reads the figures of
the partners they belong to (the same rows `visible_to` gives them); nobody else reads reports.
"""

from django.core.exceptions import PermissionDenied

from partners.access import scope_for


def reads_programme_wide(user):
    """Staff and committee members: their reports count every partner's rows."""
    scope = scope_for(user)
    return scope.sees_everything or (scope.reads_reports and not scope.is_partner_user)


def reportable(queryset, user):
    """The rows of `queryset` that the reports of `user` may count."""
    if reads_programme_wide(user):
        return queryset.all()
    return queryset.visible_to(user)


def opens_photos(user):
    """Whether `user` may load photos from the improvements' scoped photo view (else reports embed them)."""
    scope = scope_for(user)
    return scope.sees_everything or scope.is_partner_user


def require_report_reader(user):
    if not scope_for(user).reads_reports:
        raise PermissionDenied


def can_freeze_reports(user):
    return scope_for(user).sees_everything
