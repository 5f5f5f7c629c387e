"""The admin stays fast on large tables: no second full count, date drill-downs only on indexed dates, and no
select box listing every row of a large table."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test import RequestFactory
from django.utils import translation

from enterprises.models import Enterprise
from improvements.models import Improvement, Photo
from partners.models import Partner
from tests.factories import EnterpriseFactory, UserFactory
from trainings.models import Activity, Enrollment, Trainer, TrainingRound

SCORE_APPS = {"partners", "enterprises", "trainings", "improvements", "reporting", "dataexchange"}
LARGE_MODELS = {get_user_model(), Partner, Enterprise, TrainingRound, Enrollment, Activity, Trainer, Improvement, Photo}
# One row per import or per freeze: a few hundred at most.
SMALL_TABLES = {"dataexchange.spreadsheetimport", "reporting.frozenreport"}


def score_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in SCORE_APPS
    ]


def leading_indexed_columns(model):
    """The fields that lead an index of `model` (its own indexes, unique constraints and indexed fields)."""
    leading = {field.name for field in model._meta.fields if field.db_index or field.unique or field.primary_key}
    for index in model._meta.indexes:
        if index.fields:
            leading.add(index.fields[0].lstrip("-"))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            leading.add(constraint.fields[0])
    return leading


@pytest.mark.parametrize(("model", "model_admin"), score_admins(), ids=lambda value: getattr(value, "__name__", ""))
def test_changelists_count_their_filtered_rows_only(model, model_admin):
    if model._meta.label_lower not in SMALL_TABLES:
        assert model_admin.show_full_result_count is False


@pytest.mark.parametrize(("model", "model_admin"), score_admins(), ids=lambda value: getattr(value, "__name__", ""))
def test_date_drill_down_only_on_an_indexed_date(model, model_admin):
    if not model_admin.date_hierarchy or model._meta.label_lower in SMALL_TABLES:
        return
    assert "__" not in model_admin.date_hierarchy, "a drill-down through a join cannot use an index"
    assert model_admin.date_hierarchy in leading_indexed_columns(model)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), score_admins(), ids=lambda value: getattr(value, "__name__", ""))
def test_large_tables_are_picked_by_search_not_from_a_select_box(model, model_admin):
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    may_edit = model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
    for admin_view in (model_admin, *model_admin.get_inline_instances(request)) if may_edit else ():
        readonly = set(admin_view.get_readonly_fields(request))
        picked = set(admin_view.raw_id_fields) | set(admin_view.autocomplete_fields)
        for name in flatten(admin_view.get_fields(request)):
            if name in readonly:
                continue
            field = admin_view.model._meta.get_field(name)
            if field.is_relation and field.related_model in LARGE_MODELS:
                assert name in picked, f"{type(admin_view).__name__}.{name}: use raw_id_fields or autocomplete_fields"


@pytest.mark.django_db
def test_trigram_indexes_serve_name_searches_on_postgresql_only():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "enterprises_enterprise")
    trigram = {name for name in indexes if name.endswith("_trgm")}

    if connection.vendor == "postgresql":
        assert trigram == {"enterprise_name_en_trgm", "enterprise_name_zh_hans_trgm"}
        with connection.cursor() as cursor:
            # The test table is tiny: make the planner show its index (and not walk a b-tree index whole instead).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        assert "enterprise_name_en_trgm" in Enterprise.objects.filter(name_en__icontains="cable").explain()
    else:
        assert trigram == set()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_row_has_the_checkbox_django_renders_written_out_without_a_template(language):
    enterprise = EnterpriseFactory(name='Tom & Jerry "<b>" Ltd')
    enterprise_admin = admin.site._registry[Enterprise]

    with translation.override(language):
        written = enterprise_admin.action_checkbox(enterprise)
        rendered = admin.ModelAdmin.action_checkbox(enterprise_admin, enterprise)

    assert written == rendered
    assert "&lt;b&gt;" in written
