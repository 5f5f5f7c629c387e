"""The admin's share of partner scoping: every admin page applies `visible_to`/`editable_by`.

Superusers and ILO staff (`Scope.changes_everything`) may use every SCORE admin page without
per-model permissions. Other staff users need Django model permissions, and even then they see
only their partners' rows and may pick, change and delete only rows of partners they coordinate.
Reference data (tables no partner owns: cities, modules, indicators, improvement categories) only ILO staff change.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models
from django.http import Http404
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from partners.access import ScopedQuerySet, scope_for
from partners.forms import ChangeReasonFormMixin
from score_mis.audit import Audited
from score_mis.forms import ISO_DATE, PlainTextFormMixin
from score_mis.pagination import BoundedPaginator
from score_mis.saving import UniqueFormMixin
from score_mis.versions import VersionedFormMixin, is_versioned

AUDIT_FIELDS = ("created_by", "created_at", "updated_by", "updated_at")


def is_programme_staff(user):
    """Superusers and ILO staff: they see and change everything."""
    return scope_for(user).changes_everything


# pg_trgm indexes cut texts in three-character pieces: a shorter search word has none to look up.
TRIGRAM = 3


def search_words(search_term):
    """The words of an admin search, a quoted phrase as one word, as Django's own search splits them."""
    for word in smart_split(search_term):
        if word[0] in "\"'" and word[0] == word[-1]:
            word = unescape_string_literal(word)
        yield word


class BoundedCountMixin:
    """For tables of hundreds of thousands of rows: the changelist counts up to a few thousand rows past the page and
    says "more than" (templates/admin/pagination.html and search_form.html)."""

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return BoundedPaginator(
            queryset,
            per_page,
            page_number=request.GET.get(PAGE_VAR),
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
        )


def limit_to_editable(formfield, user):
    queryset = getattr(formfield, "queryset", None)
    if isinstance(queryset, ScopedQuerySet):
        formfield.queryset = queryset.editable_by(user)
    return formfield


class ScopedAdminMixin:
    """What model admins and inlines share: scoped rows and choices, and permissions by role."""

    # Dates read 2015-08-20 in every language, as on the staff pages (score_mis.forms.IsoDateInput).
    formfield_overrides = {models.DateField: {"widget": AdminDateWidget(format=ISO_DATE)}}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if isinstance(queryset, ScopedQuerySet):
            queryset = queryset.visible_to(request.user)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return limit_to_editable(super().formfield_for_foreignkey(db_field, request, **kwargs), request.user)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return limit_to_editable(super().formfield_for_manytomany(db_field, request, **kwargs), request.user)

    def has_view_permission(self, request, obj=None):
        return is_programme_staff(request.user) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_programme_staff(request.user) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_programme_staff(request.user) or super().has_delete_permission(request, obj)


class VersionedAdminForm(
    ChangeReasonFormMixin, UniqueFormMixin, VersionedFormMixin, PlainTextFormMixin, forms.ModelForm
):
    """A change form that is refused, with the other person's changes listed, when stale; a new record that
    repeats one the user cannot see is refused without naming it (score_mis.saving); validated as the change
    of the signed-in user (`acting_user`, set by `ScopedAdmin.get_form`)."""


def for_user(form, user):
    """`form` validated as the change of `user`."""
    return type(form.__name__, (form,), {"user": user, "acting_user": user})


def with_version(fields):
    """The admin's `fields` and the record's version (a signed hidden field, see score_mis.versions)."""
    return fields if "version" in flatten_fieldsets([(None, {"fields": fields})]) else [*fields, "version"]


class ScopedAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The base of every SCORE model admin."""

    form = VersionedAdminForm
    readonly_fields = AUDIT_FIELDS
    # A changelist counts the rows its filters select, never the whole table a second time.
    show_full_result_count = False

    @property
    def holds_reference_data(self):
        """A programme-wide table (no partner owns its rows): ILO staff change it, others may only read it."""
        return not isinstance(self.model._default_manager.all(), ScopedQuerySet)

    def action_checkbox(self, obj):
        """Django's checkbox of each changelist row, written out instead of rendering a form widget's template per row
        (two fifths of the time a changelist of 100 rows took to render)."""
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        return for_user(super().get_form(request, obj, change=change, **kwargs), request.user)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return with_version(fields) if is_versioned(obj) else fields

    def _in_scope(self, request, pk, *, for_change):
        scope = scope_for(request.user)
        if scope.changes_everything if for_change else scope.sees_everything:
            return True
        queryset = self.model._default_manager.all()
        if not isinstance(queryset, ScopedQuerySet):
            return True
        scoped = queryset.editable_by(request.user) if for_change else queryset.visible_to(request.user)
        return scoped.filter(pk=pk).exists()

    def has_module_permission(self, request):
        return is_programme_staff(request.user) or super().has_module_permission(request)

    def has_add_permission(self, request):
        if self.holds_reference_data:
            return is_programme_staff(request.user)
        return is_programme_staff(request.user) or super().has_add_permission(request)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self._in_scope(request, obj.pk, for_change=False))

    def has_change_permission(self, request, obj=None):
        if self.holds_reference_data:
            return is_programme_staff(request.user)
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._in_scope(request, obj.pk, for_change=True))

    def has_delete_permission(self, request, obj=None):
        if self.holds_reference_data:
            return is_programme_staff(request.user)
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._in_scope(request, obj.pk, for_change=True))

    def get_search_results(self, request, queryset, search_term):
        """Autocomplete widgets offer what the user may pick, like every other choice."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.resolver_match.url_name == "autocomplete" and isinstance(queryset, ScopedQuerySet):
            queryset = queryset.editable_by(request.user)
        return queryset, may_have_duplicates

    def history_view(self, request, object_id, extra_context=None):
        if not self._in_scope(request, unquote(object_id), for_change=False):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self._in_scope(request, unquote(object_id), for_change=False):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        obj.stamp(request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for instance in instances:
            if isinstance(instance, Audited):
                instance.stamp(request.user)
            instance.save()
        formset.save_m2m()


class ScopedInlineMixin(ScopedAdminMixin):
    """Each row is a change form of its own: refused when stale, validated as the signed-in user's change."""

    form = VersionedAdminForm

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = for_user(formset.form, request.user)
        return formset

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return with_version(fields) if hasattr(self.model, "_concurrencymeta") else fields

    def has_add_permission(self, request, obj):
        return is_programme_staff(request.user) or super().has_add_permission(request, obj)


class ScopedTabularInline(ScopedInlineMixin, admin.TabularInline):
    extra = 0


class ScopedStackedInline(ScopedInlineMixin, admin.StackedInline):
    extra = 0


class ProgrammeStaffOnlyMixin:
    """For admin pages that only superusers and ILO staff may use, whatever their model permissions."""

    def has_module_permission(self, request):
        return is_programme_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_programme_staff(request.user)

    def has_add_permission(self, request, *args):
        return is_programme_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return is_programme_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_programme_staff(request.user)
