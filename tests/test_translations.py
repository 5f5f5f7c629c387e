"""The Chinese interface: the catalogue covers every marked string, and key pages come out in Chinese.

The completeness test extracts the strings as `make messages` does, from a copy of the project so the
committed catalogue is never touched, then asks GNU gettext's msgattrib for entries still untranslated
or fuzzy (a source string that changed). Needs the gettext tools (apt package gettext)."""

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partners import roles
from reporting.formats import date_range, long_date, month_year
from tests.factories import (
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    PartnerFactory,
    TrainingRoundFactory,
    module,
    user_with_role,
)

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
NOT_SOURCE = (".git", ".venv", "node_modules", "staticfiles", "media", "screenshots", "locale", "__pycache__")
NOT_SOURCE += (".pytest_cache", ".ruff_cache", "db.sqlite3*", "*.mo")
MAKEMESSAGES_IGNORE = ["--ignore=.venv", "--ignore=node_modules", "--ignore=staticfiles"]


def entries_of(po_text):
    """The entries of a .po text, header left out, each as its text block."""
    blocks = [block.strip() for block in po_text.split("\n\n") if block.strip()]
    return [block for block in blocks if 'msgid ""\nmsgstr ""\n"Project-Id-Version' not in block]


def msgattrib(po_file, option):
    result = subprocess.run(["msgattrib", option, str(po_file)], capture_output=True, text=True, check=True)
    return entries_of(result.stdout)


@pytest.fixture(scope="module")
def extracted_catalogue(tmp_path_factory):
    """The catalogue as `make messages` would leave it now: the committed translations merged with
    every string marked in the Python code and templates today."""
    project = tmp_path_factory.mktemp("project") / "score_mis"
    shutil.copytree(settings.BASE_DIR, project, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    shutil.copytree(CATALOGUE.parent.parent.parent, project / "locale", ignore=shutil.ignore_patterns("*.mo"))
    extraction = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", *MAKEMESSAGES_IGNORE],
        cwd=project,
        env={**os.environ, "DEBUG": "true"},
        capture_output=True,
        text=True,
    )
    assert extraction.returncode == 0, extraction.stderr
    return project / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_marked_string_has_a_chinese_translation(extracted_catalogue):
    untranslated = msgattrib(extracted_catalogue, "--untranslated")

    listed = "\n\n".join(untranslated)
    assert not untranslated, f"Run `make messages`, then translate these in {CATALOGUE}:\n\n{listed}"


def test_no_translation_is_fuzzy(extracted_catalogue):
    fuzzy = msgattrib(extracted_catalogue, "--only-fuzzy")

    listed = "\n\n".join(fuzzy)
    assert not fuzzy, f"Their English changed: check these translations, then drop the fuzzy flag:\n\n{listed}"


def test_translations_keep_the_placeholders_of_the_english():
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", os.devnull, str(CATALOGUE)], capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr


def test_compiled_catalogue_is_current():
    compiled = CATALOGUE.with_suffix(".mo")

    assert compiled.exists() and compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime, (
        "Compile the catalogue first: `make test` does it, or `manage.py compilemessages --ignore=.venv`."
    )


def test_report_dates_are_written_the_chinese_way():
    with translation.override("zh-hans"):
        assert long_date(datetime.date(2015, 8, 20)) == "2015年8月20日"
        assert date_range(datetime.date(2015, 9, 2), datetime.date(2015, 9, 3)) == "9月2日–9月3日"
        assert month_year(datetime.date(2015, 8, 1)) == "2015年8月"
    with translation.override("en"):
        assert date_range(datetime.date(2015, 9, 2), datetime.date(2015, 9, 3)) == "2–3 September"
        assert month_year(datetime.date(2015, 8, 1)) == "Aug 2015"


@pytest.fixture
def chinese_client(db):
    return Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")


@pytest.fixture
def deyang_round(db):
    cec = PartnerFactory(name="China Enterprise Confederation", name_zh_hans="中国企业联合会", code="CEC")
    deyang = CityFactory(name="Deyang", name_zh_hans="德阳", province="Sichuan", province_zh_hans="四川")
    training_round = TrainingRoundFactory(partner=cec, city=deyang, module=module(1), title="Deyang Module 1")
    enterprise = EnterpriseFactory(
        name="Deyang Cable Co.", name_zh_hans="德阳电缆有限公司", city=deyang, recruited_by=cec
    )
    EnrollmentFactory(round=training_round, enterprise=enterprise)
    return training_round


def test_round_page_is_in_chinese_with_chinese_names(chinese_client, deyang_round):
    coordinator = user_with_role(roles.PARTNER_COORDINATOR, deyang_round.partner)
    chinese_client.force_login(coordinator)

    html = chinese_client.get(reverse("trainings:round_detail", args=[deyang_round.pk])).content.decode()

    assert '<html lang="zh-hans">' in html
    assert "报名企业" in html  # "Enrolled enterprises"
    assert "中国企业联合会" in html and "德阳" in html and "德阳电缆有限公司" in html
    assert "工作场所合作" in html  # Module 1's Chinese label
    assert "China Enterprise Confederation" not in html


def test_enterprise_list_is_in_chinese_with_chinese_names(chinese_client, deyang_round):
    coordinator = user_with_role(roles.PARTNER_COORDINATOR, deyang_round.partner)
    chinese_client.force_login(coordinator)

    html = chinese_client.get(reverse("enterprises:enterprise_list")).content.decode()

    assert "搜索和筛选企业" in html  # "Search and filter enterprises"
    assert ">德阳电缆有限公司</a>" in html and "<td>德阳</td>" in html


def test_dashboard_is_in_chinese(chinese_client, deyang_round):
    staff = user_with_role(roles.ILO_STAFF)
    chinese_client.force_login(staff)

    html = chinese_client.get(reverse("reporting:dashboard")).content.decode()

    assert "仪表板" in html  # "Dashboard"
    assert "按模块统计的学员" in html  # "Participants by module"


MARKED_CHINESE = '{} <small class="text-fallback-marker">(Only in Chinese)</small>'
MARKED_ENGLISH = '{} <small class="text-fallback-marker">(仅有英文)</small>'


def test_names_written_in_one_language_show_marked_on_the_round_pages_of_the_other(
    client, chinese_client, deyang_round
):
    deyang_round.partner.__class__.objects.filter(pk=deyang_round.partner_id).update(name_en="")
    deyang_round.city.__class__.objects.filter(pk=deyang_round.city_id).update(name_zh_hans="")
    enterprise = deyang_round.enrollments.get().enterprise
    enterprise.__class__.objects.filter(pk=enterprise.pk).update(name_en="")
    coordinator = user_with_role(roles.PARTNER_COORDINATOR, deyang_round.partner)
    client.force_login(coordinator)
    chinese_client.force_login(coordinator)
    pages = [reverse("trainings:round_detail", args=[deyang_round.pk]), reverse("trainings:round_list")]

    for url in pages:
        english = client.get(url).content.decode()
        chinese = chinese_client.get(url).content.decode()
        assert MARKED_CHINESE.format("中国企业联合会") in english, url
        assert MARKED_ENGLISH.format("Deyang") in chinese, url
    english_round = client.get(pages[0]).content.decode()
    assert MARKED_CHINESE.format("德阳电缆有限公司") in english_round


def test_a_list_in_english_sorts_a_name_written_only_in_chinese_by_that_name(client, deyang_round):
    EnterpriseFactory(name_en="", name_zh_hans="阿坝纺织厂", city=deyang_round.city, recruited_by=deyang_round.partner)
    EnterpriseFactory(name="Anhui Cable Co.", city=deyang_round.city, recruited_by=deyang_round.partner)
    EnterpriseFactory(name="Zigong Lanterns", city=deyang_round.city, recruited_by=deyang_round.partner)
    client.force_login(user_with_role(roles.PARTNER_COORDINATOR, deyang_round.partner))

    html = client.get(reverse("enterprises:enterprise_list")).content.decode()

    positions = [html.index(name) for name in ("Anhui Cable Co.", "Deyang Cable Co.", "Zigong Lanterns", "阿坝纺织厂")]
    assert positions == sorted(positions)


def test_the_round_page_in_chinese_lists_its_enterprises_by_pinyin(chinese_client, deyang_round):
    for name in ("重庆机械厂", "阿坝纺织厂", "北京电缆厂"):
        enterprise = EnterpriseFactory(
            name=f"Factory {name}", name_zh_hans=name, city=deyang_round.city, recruited_by=deyang_round.partner
        )
        EnrollmentFactory(round=deyang_round, enterprise=enterprise)
    chinese_client.force_login(user_with_role(roles.PARTNER_COORDINATOR, deyang_round.partner))

    html = chinese_client.get(reverse("trainings:round_detail", args=[deyang_round.pk])).content.decode()

    positions = [html.index(f">{name}</a>") for name in ("阿坝纺织厂", "北京电缆厂", "重庆机械厂", "德阳电缆有限公司")]
    assert positions == sorted(positions)
