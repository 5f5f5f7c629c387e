"""The migration to improvement categories as reference data keeps each improvement's stored category, forward
and backward."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import EnterpriseFactory

BEFORE = [("improvements", "0009_old_chinese_columns_go")]
AFTER = [("improvements", "0010_improvement_categories_are_reference_data")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def stored_categories():
    with connection.cursor() as cursor:
        cursor.execute("SELECT title_en, category FROM improvements_improvement ORDER BY title_en")
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_keeps_each_stored_category_forward_and_backward():
    enterprise = EnterpriseFactory()
    old_apps = migrate(BEFORE)
    try:
        module = old_apps.get_model("trainings", "Module").objects.get(number=1)
        improvements = old_apps.get_model("improvements", "Improvement").objects
        for title, code in (("Guards", "osh"), ("Notice board", "cooperation"), ("Nursing room", "gender")):
            improvements.create(
                enterprise_id=enterprise.pk,
                module_id=module.pk,
                category=code,
                title_en=title,
                implemented_on=datetime.date(2015, 8, 1),
            )

        new_apps = migrate(AFTER)

        moved = new_apps.get_model("improvements", "Improvement").objects.order_by("title_en")
        assert [(row.title_en, row.category.code, row.category.name_zh_hans) for row in moved] == [
            ("Guards", "osh", "职业安全健康"),
            ("Notice board", "cooperation", "工作场所合作"),
            ("Nursing room", "gender", "性别"),
        ]
        assert new_apps.get_model("improvements", "ImprovementCategory").objects.filter(is_active=True).count() == 6

        migrate(BEFORE)

        assert stored_categories() == [("Guards", "osh"), ("Notice board", "cooperation"), ("Nursing room", "gender")]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
