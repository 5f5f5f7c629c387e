"""Who may see and change what: the one place where a user's partners and powers are worked out.

`scope_for(user)` answers every question a view, form, admin page or report asks about a user
(`may_write_anything`, `reads_programme_wide`, `may_freeze_reports`, `may_open_photos`,
`reviews_improvements`, …). Every queryset of partner-owned data derives from `ScopedQuerySet`, so
list, detail, edit, export, media, reports and admin all apply the same rule through
`visible_to(user)`, `editable_by(user)` and `reportable_by(user)`. A partner's access covers its
branches and members (`with_branches`).
"""

import copy
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
    reviews_improvements: bool = False
    readable_partner_ids: frozenset = frozenset()
    writable_partner_ids: frozenset = frozenset()

    @property
    def is_partner_user(self):
        return bool(self.readable_partner_ids)

    @property
    def may_write_anything(self):
        """Writes for some partner (ILO staff for all): offered the add, import and edit links."""
        return self.changes_everything or bool(self.writable_partner_ids)

    def may_write_for(self, partner_id):
        return self.changes_everything or partner_id in self.writable_partner_ids

    @property
    def reads_programme_wide(self):
        """ILO staff and committee members: their reports count every partner's rows."""
        return self.sees_everything or (self.reads_reports and not self.is_partner_user)

    @property
    def may_freeze_reports(self):
        return self.sees_everything

    @property
    def may_open_photos(self):
        """Loads photos from the scoped photo view; other report readers get them embedded in the report."""
        return self.sees_everything or self.is_partner_user

    def narrowed_to(self, partner_ids):
        """A new scope: this one limited to `partner_ids` (all of them for ILO staff), reports included."""
        partner_ids = frozenset(partner_ids)
        return Scope(
            reads_reports=self.reads_reports,
            readable_partner_ids=partner_ids if self.sees_everything else self.readable_partner_ids & partner_ids,
            writable_partner_ids=partner_ids if self.changes_everything else self.writable_partner_ids & partner_ids,
        )


EVERYTHING = Scope(sees_everything=True, changes_everything=True, reads_reports=True, reviews_improvements=True)


def _parent_map():
    from partners.models import Partner

    return dict(Partner.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))


def _walk_branches(partner_ids, parent_of):
    covered = set(partner_ids)
    while grown := {child for child, parent in parent_of.items() if parent in covered} - covered:
        covered |= grown
    return frozenset(covered)


def with_branches(partner_ids):
    """`partner_ids` with their branches and members at any depth: what access to a partner covers."""
    return _walk_branches(partner_ids, _parent_map())


def partners_of(user):
    """The partners `user` belongs to in any role, with their branches and members, whatever else they may do:
    the partners whose work they may not review."""
    from partners.models import PartnerMembership

    member_of = set(PartnerMembership.objects.filter(user=user).values_list("partner_id", flat=True))
    return with_branches(member_of) if member_of else frozenset()


def _compute_scope(user):
    from partners.models import PartnerMembership

    if not user.is_authenticated or not user.is_active:
        return Scope()
    group_names = set(user.groups.values_list("name", flat=True))
    if user.is_superuser or roles.ILO_STAFF in group_names:
        return EVERYTHING
    memberships = list(PartnerMembership.objects.filter(user=user).values_list("partner_id", "role"))
    readable, writable = frozenset(), frozenset()
    if memberships:
        parent_of = _parent_map()
        readable = _walk_branches({pid for pid, _ in memberships}, parent_of)
        if roles.PARTNER_COORDINATOR in group_names:
            coordinated = {pid for pid, role in memberships if role == PartnerMembership.Role.COORDINATOR}
            writable = _walk_branches(coordinated, parent_of)
    return Scope(
        reads_reports=bool(readable) or roles.COMMITTEE_MEMBER in group_names,
        reviews_improvements=roles.REVIEWER in group_names,
        readable_partner_ids=readable,
        writable_partner_ids=writable,
    )


def scope_for(user):
    """The user's scope, worked out once per user object (so once per request)."""
    if not hasattr(user, "_score_scope"):
        user._score_scope = _compute_scope(user)
    return user._score_scope


def acting_with(user, scope):
    """A copy of `user` that acts within `scope` (e.g. `scope_for(user).narrowed_to(...)`); `user` keeps its own."""
    acting = copy.copy(user)
    acting._score_scope = scope
    return acting


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

    def reportable_by(self, user):
        """The rows the reports of `user` count: every row for ILO staff and committee members, else `visible_to`."""
        if scope_for(user).reads_programme_wide:
            return self.all()
        return self.visible_to(user)


def require_report_reader(user):
    """Refuse (403) a user who reads no reports: neither staff, committee nor a partner user."""
    if not scope_for(user).reads_reports:
        raise PermissionDenied


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


def require_programme_staff(user):
    """Refuse (403) anyone but ILO staff: partners, agreements, people and reference data are theirs to change."""
    if not scope_for(user).changes_everything:
        raise PermissionDenied


def people_visible_to(user):
    """The user accounts `user` may see: every account for ILO staff, the people of their partners (branches
    included) for a partner's coordinators and viewers, nobody for anyone else."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.all()
    scope = scope_for(user)
    if scope.sees_everything:
        return people
    if not scope.readable_partner_ids:
        return people.none()
    return people.filter(partner_memberships__partner_id__in=scope.readable_partner_ids).distinct()


def people_editable_by(user):
    """The accounts `user` may invite, change and deactivate: ILO staff change every account but a superuser's
    (only a superuser changes those)."""
    people = people_visible_to(user)
    if not scope_for(user).changes_everything:
        return people.none()
    return people if user.is_superuser else people.filter(is_superuser=False)


def get_person_or_404(user, pk):
    return get_object_or_404(people_visible_to(user), pk=pk)


def get_editable_person_or_403(user, pk):
    """The account if `user` may change it; 404 if they may not see it, 403 if they may only read it."""
    person = get_person_or_404(user, pk)
    if not people_editable_by(user).filter(pk=person.pk).exists():
        raise PermissionDenied
    return person
