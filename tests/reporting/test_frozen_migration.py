import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import UserFactory

BEFORE = [("reporting", "0005_record_versions")]
AFTER = [("reporting", "0006_frozen_report_in_both_languages")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_frozen_in_one_language_keeps_that_rendering_after_the_migration():
    user = UserFactory()
    old_apps = migrate(BEFORE)
    try:
        frozen = old_apps.get_model("reporting", "FrozenReport").objects.create(
            title="SCORE 项目报告",
            period_start="2015-06-01",
            period_end="2015-08-31",
            filters={"partner": "", "city": "德阳", "module": ""},
            language="zh-hans",
            frozen_by_id=user.pk,
            html="<html lang='zh-hans'>…</html>",
            figures={"tables": []},
            pdf=b"%PDF-1.7",
            xlsx=b"PK",
        )

        new_apps = migrate(AFTER)

        rendering = new_apps.get_model("reporting", "FrozenRendering").objects.get(frozen_id=frozen.pk)
        assert (rendering.language, rendering.title, rendering.filters["city"]) == ("zh-hans", "SCORE 项目报告", "德阳")
        assert (bytes(rendering.pdf), bytes(rendering.xlsx), rendering.html) == (b"%PDF-1.7", b"PK", frozen.html)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
