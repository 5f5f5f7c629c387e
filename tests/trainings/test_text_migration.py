"""The migration to text in two languages keeps every text: a Chinese version goes to `_zh_hans`, the old single
text to `_en`, or to `_zh_hans` when it is Chinese."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import CityFactory, EnterpriseFactory, PartnerFactory

BEFORE = [("trainings", "0009_text_in_english_and_chinese"), ("improvements", "0007_text_in_english_and_chinese")]
AFTER = [("trainings", "0010_text_moves_to_its_language"), ("improvements", "0008_text_moves_to_its_language")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_each_text_to_its_language():
    partner, city = PartnerFactory(), CityFactory()
    enterprise = EnterpriseFactory(city=city, recruited_by=partner)
    old_apps = migrate(BEFORE)
    try:
        trainings = old_apps.get_app_config("trainings")
        module = trainings.get_model("Module").objects.get(number=1)
        common = {"partner_id": partner.pk, "module_id": module.pk, "city_id": city.pk, "phase": "II"}
        english = trainings.get_model("TrainingRound").objects.create(
            title="Deyang Module 5 ToE", description="On OSH.", starts_on=datetime.date(2015, 9, 4), **common
        )
        chinese = trainings.get_model("TrainingRound").objects.create(
            title="德阳 模块5 企业培训 2015年9月", starts_on=datetime.date(2015, 9, 4), **common
        )
        event = trainings.get_model("Event").objects.create(
            kind="seminar", title="Green jobs seminar", title_zh="绿色就业研讨会", starts_on=datetime.date(2015, 9, 2)
        )
        improvements = old_apps.get_app_config("improvements")
        improvement = improvements.get_model("Improvement").objects.create(
            enterprise_id=enterprise.pk,
            module_id=module.pk,
            category="osh",
            title="Tool racks",
            title_zh="工具架",
            description="边角料堆在地上",
            implemented_on=datetime.date(2015, 8, 1),
        )

        new_apps = migrate(AFTER)

        rounds = new_apps.get_model("trainings", "TrainingRound").objects
        assert rounds.values_list("title_en", "title_zh_hans", "description_en").get(pk=english.pk) == (
            "Deyang Module 5 ToE",
            "",
            "On OSH.",
        )
        assert rounds.values_list("title_en", "title_zh_hans").get(pk=chinese.pk) == (
            "",
            "德阳 模块5 企业培训 2015年9月",
        )
        events = new_apps.get_model("trainings", "Event").objects
        assert events.values_list("title_en", "title_zh_hans").get(pk=event.pk) == (
            "Green jobs seminar",
            "绿色就业研讨会",
        )
        modules = new_apps.get_model("trainings", "Module").objects
        assert modules.values_list("short_label_en", "short_label_zh_hans").get(number=1) == (
            "Workplace cooperation",
            "工作场所合作",
        )
        moved = new_apps.get_model("improvements", "Improvement").objects.values_list(
            "title_en", "title_zh_hans", "description_en", "description_zh_hans"
        )
        assert moved.get(pk=improvement.pk) == ("Tool racks", "工具架", "", "边角料堆在地上")
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
