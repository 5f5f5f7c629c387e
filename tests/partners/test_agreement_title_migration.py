"""The migration that makes an agreement's title unique per partner numbers the titles already repeated, in the
language they repeat in, and leaves every other title as it was."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import PartnerFactory

BEFORE = [("partners", "0011_remove_separate_chinese_names")]
AFTER = [("partners", "0013_agreement_title_unique_per_partner")]
DAY = datetime.date(2015, 7, 28)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_repeated_titles_of_a_partner_are_numbered_in_their_language():
    cec, eti = PartnerFactory(code="CEC"), PartnerFactory(code="ETI")
    old_apps = migrate(BEFORE)
    try:
        agreements = old_apps.get_model("partners", "Agreement").objects
        for partner, title_en, title_zh in [
            (cec, "MoU", "谅解备忘录"),
            (cec, "MoU", "谅解备忘录"),
            (cec, "MoU", ""),
            (cec, "MoU (2)", ""),
            (eti, "MoU", "谅解备忘录"),
        ]:
            agreements.create(
                partner_id=partner.pk,
                kind="mou",
                phase="II",
                title_en=title_en,
                title_zh_hans=title_zh,
                signed_on=DAY,
                starts_on=DAY,
            )

        new_apps = migrate(AFTER)

        titles = new_apps.get_model("partners", "Agreement").objects.order_by("pk")
        assert [(row.partner_id, row.title_en, row.title_zh_hans) for row in titles] == [
            (cec.pk, "MoU", "谅解备忘录"),
            (cec.pk, "MoU (3)", "谅解备忘录 (2)"),
            (cec.pk, "MoU (4)", ""),
            (cec.pk, "MoU (2)", ""),
            (eti.pk, "MoU", "谅解备忘录"),
        ]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
