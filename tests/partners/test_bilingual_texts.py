"""Names and other texts of partners and enterprises kept in English and Chinese: shown in the reader's language,
else in the other marked as such; edited side by side; moved into both languages by the data migration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from score_mis.bilingual_migration import _split, move_into_languages
from tests.factories import AgreementFactory, EnterpriseFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_a_partner_named_only_in_chinese_shows_its_chinese_name_marked_to_english_readers(client, ilo_staff):
    partner = PartnerFactory(code="ZG", name_en="", name_zh_hans="自贡市企业联合会")
    client.force_login(ilo_staff)

    html = client.get(reverse("partners:partner_detail", args=[partner.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<span lang="zh-Hans" class="text-fallback">自贡市企业联合会' in html
    assert "Only in Chinese" in html


def test_an_agreement_titled_only_in_english_shows_its_english_title_marked_to_chinese_readers(client, ilo_staff):
    agreement = AgreementFactory(title_en="MoU on SCORE in Zigong", title_zh_hans="")
    client.force_login(ilo_staff)

    html = client.get(
        reverse("partners:agreement_detail", args=[agreement.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    assert '<span lang="en" class="text-fallback">MoU on SCORE in Zigong' in html


def test_a_coordinator_edits_the_enterprise_name_in_both_languages_their_own_first(client, coordinator, partner):
    enterprise = EnterpriseFactory(name_en="Zigong Lanterns", name_zh_hans="自贡彩灯厂", recruited_by=partner)
    client.force_login(coordinator)
    url = reverse("enterprises:enterprise_update", args=[enterprise.pk])

    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert chinese.index('name="name_zh_hans"') < chinese.index('name="name_en"')
    assert english.index('name="name_en"') < english.index('name="name_zh_hans"')
    assert 'value="自贡彩灯厂"' in english and 'value="Zigong Lanterns"' in english


@pytest.mark.parametrize(
    ("text", "chinese", "columns"),
    [
        ("Deyang", "德阳", ("Deyang", "德阳")),
        ("Deyang", "", ("Deyang", None)),
        ("德阳电缆厂", "", (None, "德阳电缆厂")),
        ("", "", (None, None)),
    ],
)
def test_the_data_migration_puts_each_text_in_its_language(text, chinese, columns):
    assert _split(text, chinese) == columns


def test_the_data_migration_moves_single_language_texts_and_back():
    english, chinese = AgreementFactory(), AgreementFactory()
    state = MigrationExecutor(connection).loader.project_state(("partners", "0010_texts_into_english_and_chinese"))
    stored = state.apps.get_model("partners", "agreement").objects  # the plain columns, as the migration sees them
    stored.filter(pk=english.pk).update(title="MoU", scope="Pilot areas", title_en=None, scope_en=None)
    stored.filter(pk=chinese.pk).update(title="谅解备忘录", scope="", title_en=None, title_zh_hans=None)
    operation = move_into_languages("partners", {"agreement": {"title": None, "scope": None}})

    operation.code(state.apps, None)
    moved = {row[0]: row[1:] for row in stored.values_list("pk", "title_en", "title_zh_hans", "scope_en")}
    stored.update(title="")
    operation.reverse_code(state.apps, None)

    assert moved == {english.pk: ("MoU", None, "Pilot areas"), chinese.pk: (None, "谅解备忘录", None)}
    assert dict(stored.values_list("pk", "title")) == {english.pk: "MoU", chinese.pk: "谅解备忘录"}
