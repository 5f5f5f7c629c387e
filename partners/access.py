"""Who may see and change what: the one place where a user's partners are worked out.

Every queryset of partner-owned data derives from `ScopedQuerySet`, so list, detail, edit,
export, media, reports and admin all apply the same rule through `visible_to(user)` and
`editable_by(user)`. A coordinator of a partner also covers the partner's branches and members.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from partners import roles


@dataclass(frozen=True)
class Scope:
    sees_everything: bool = False
    changes_everything: bool = False
    reads_reports: bool = False
    readable_partner_ids: frozenset = frozenset()
    writable_partner_ids: frozenset = frozenset()

    @property
    def is_partner_user(self):
        return bool(self.readable_partner_ids)


def _with_descendants(partner_ids, parent_of):
    covered = set(partner_ids)
    changed = True
    while changed:
        changed = False
        for child, parent in parent_of.items():
            if parent in covered and child not in covered:
                covered.add(child)
                changed = True
    return frozenset(covered)


def _compute_scope(user):
    from partners.models import Partner, PartnerMembership

    if not user.is_authenticated or not user.is_active:
        return Scope()
    group_names = set(user.groups.values_list("name", flat=True))
    if user.is_superuser or roles.ILO_STAFF in group_names:
        return Scope(sees_everything=True, changes_everything=True, reads_reports=True)
    memberships = list(PartnerMembership.objects.filter(user=user).values_list("partner_id", "role"))
    readable, writable = frozenset(), frozenset()
    if memberships:
        parent_of = dict(Partner.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))
        readable = _with_descendants({pid for pid, _ in memberships}, parent_of)
        if roles.PARTNER_COORDINATOR in group_names:
            coordinated = {pid for pid, role in memberships if role == PartnerMembership.Role.COORDINATOR}
            writable = _with_descendants(coordinated, parent_of)
    return Scope(
        reads_reports=bool(readable) or roles.COMMITTEE_MEMBER in group_names,
        readable_partner_ids=readable,
        writable_partner_ids=writable,
    )


def scope_for(user):
    """The user's scope, worked out once per user object (so once per request)."""
    if not hasattr(user, "_score_scope"):
        user._score_scope = _compute_scope(user)
    return user._score_scope


class ScopedQuerySet(models.QuerySet):
    """A queryset of data that belongs to partners. Subclasses say how a row belongs."""

    def for_partners(self, partner_ids):
        raise NotImplementedError

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.sees_everything:
            return self.all()
        if not scope.readable_partner_ids:
            return self.none()
        return self.for_partners(scope.readable_partner_ids)

    def editable_by(self, user):
        scope = scope_for(user)
        if scope.changes_everything:
            return self.all()
        if not scope.writable_partner_ids:
            return self.none()
        return self.for_partners(scope.writable_partner_ids)


def get_visible_or_404(queryset, user, **lookup):
    """The object if `user` may see it; 404 otherwise, so outsiders learn nothing."""
    return get_object_or_404(queryset.visible_to(user), **lookup)


def get_editable_or_403(queryset, user, **lookup):
    """The object if `user` may change it; 404 if they may not see it, 403 if they may only read it."""
    obj = get_visible_or_404(queryset, user, **lookup)
    if not queryset.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def can_change(user, obj):
    return type(obj).objects.editable_by(user).filter(pk=obj.pk).exists()
