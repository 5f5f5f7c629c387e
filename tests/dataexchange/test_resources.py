"""Every kind of record survives a round trip through its own export and the importer, keyed by natural keys."""

import datetime
from decimal import Decimal

import pytest

from dataexchange import spreadsheets
from dataexchange.kinds import KINDS
from dataexchange.kinds.enterprises import EnterpriseResource
from dataexchange.kinds.improvements import ImprovementResource
from dataexchange.kinds.partners import PartnerResource
from dataexchange.kinds.trainings import TrainingRoundResource
from enterprises.models import Enterprise
from improvements.models import Improvement
from partners.models import Partner, PartnerMembership
from tests.dataexchange.conftest import csv_bytes, problems_of, run_import
from tests.factories import (
    CityFactory,
    EnterpriseFactory,
    ImprovementFactory,
    MembershipFactory,
    PartnerFactory,
    TrainingRoundFactory,
    UserFactory,
    module,
)
from trainings.models import TrainingRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(username="ilo-admin", is_staff=True, is_superuser=True)


@pytest.fixture
def cec():
    beijing = CityFactory(name="Beijing", name_zh_hans="北京", province="", province_zh_hans="")
    return PartnerFactory(
        code="CEC", name="China Enterprise Confederation", name_zh_hans="中国企业联合会", city=beijing
    )


@pytest.fixture
def chongqing_ec(cec):
    return PartnerFactory(
        code="CQ-EC",
        name="Chongqing Enterprise Confederation",
        name_zh_hans="重庆市企业联合会",
        parent=cec,
        parent_relation=Partner.ParentRelation.BRANCH_OF,
        city=CityFactory(name="Chongqing", name_zh_hans="重庆"),
    )


@pytest.fixture
def brands():
    return [
        PartnerFactory(code="GAP", name="Gap", kind=Partner.Kind.BRAND),
        PartnerFactory(code="INDITEX", name="Inditex", kind=Partner.Kind.BRAND, is_active=False),
    ]


def build_partners(cec, chongqing_ec, brands, superuser):
    return Partner.objects.all()


def build_enterprises(cec, chongqing_ec, brands, superuser):
    deyang = CityFactory(name="Deyang", name_zh_hans="德阳")
    cable = EnterpriseFactory(
        name="Deyang Cable Co",
        name_zh_hans="德阳电缆有限公司",
        city=deyang,
        recruited_by=cec,
        consents_to_share_with_brands=True,
    )
    cable.supplies_brands.set(brands)
    EnterpriseFactory(name="Deyang Cable Co", city=CityFactory(name="Ningbo", name_zh_hans="宁波"), recruited_by=None)
    EnterpriseFactory(name_en="", name_zh_hans="德阳彩灯厂", city=deyang, recruited_by=cec)  # named only in Chinese
    return Enterprise.objects.all()


def build_rounds(cec, chongqing_ec, brands, superuser):
    TrainingRoundFactory(
        title="Taixing Module 1",
        partner=cec,
        module=module(1),
        city=CityFactory(name="Taixing", name_zh_hans="泰兴"),
        status=TrainingRound.Status.ONGOING,
        ends_on=datetime.date(2015, 12, 15),
        cost_total=Decimal("48000.50"),
        cost_non_ilo=Decimal("12000.25"),
        description="五家本地企业参加第一模块培训。",
    )
    TrainingRoundFactory(title="Taixing Module 1", partner=chongqing_ec, module=module(5), kind=TrainingRound.Kind.TOT)
    TrainingRoundFactory(title_en="", title_zh_hans="泰兴第二模块", partner=cec, module=module(2))
    return TrainingRound.objects.all()


def build_improvements(cec, chongqing_ec, brands, superuser):
    enterprises = build_enterprises(cec, chongqing_ec, brands, superuser)
    deyang_cable, ningbo_cable = enterprises.filter(name_en="Deyang Cable Co").order_by("city__name_en")
    lanterns = enterprises.get(name_zh_hans="德阳彩灯厂")
    ImprovementFactory(
        enterprise=deyang_cable,
        title="Hoppers instead of bags",
        title_zh_hans="用料斗代替袋子装电缆",
        description_zh_hans="节省袋子、拆包和运输的人工。",
        status=Improvement.Status.VERIFIED,
        verified_by=superuser,
        verified_at=datetime.datetime(2015, 8, 20, 10, 30, tzinfo=datetime.UTC),
        is_gender_responsive=True,
    )
    ImprovementFactory(enterprise=deyang_cable, title="Tool racks", module=module(5), annual_saving_rmb=None)
    ImprovementFactory(enterprise=ningbo_cable, title="Tool racks", module=module(2))
    ImprovementFactory(enterprise=lanterns, title_en="", title_zh_hans="工具架", module=module(2))
    return Improvement.objects.all()


def remove(queryset):
    if queryset.model is Partner:
        queryset.filter(parent__isnull=False).delete()
    queryset.delete()


CASES = {
    "partners": (PartnerResource, build_partners),
    "enterprises": (EnterpriseResource, build_enterprises),
    "rounds": (TrainingRoundResource, build_rounds),
    "improvements": (ImprovementResource, build_improvements),
}


def exported_file(kind, user, file_format):
    """What the Spreadsheets page's export of `kind` gives `user`, as bytes."""
    resource = KINDS[kind].resource(user)
    queryset = resource.filter_export(resource.get_queryset())
    if file_format == "csv":
        return "".join(spreadsheets.csv_lines(resource, queryset)).encode()
    with spreadsheets.xlsx_file(resource, queryset) as file:
        return file.read()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", CASES)
def test_export_then_import_into_an_empty_table_restores_every_row(
    kind, file_format, cec, chongqing_ec, brands, superuser
):
    resource_class, build = CASES[kind]
    rows = build(cec, chongqing_ec, brands, superuser)
    before = resource_class(user=superuser).export().dict
    data = exported_file(kind, superuser, file_format)
    remove(rows)

    outcome = run_import(superuser, kind, data, f"{kind}.{file_format}")

    assert outcome.written, problems_of(outcome)
    assert outcome.counts["new"] == len(before) == rows.model.objects.count()
    assert resource_class(user=superuser).export().dict == before
    assert rows.model.objects.filter(created_by=superuser).count() == len(before)


def test_an_export_carries_both_languages_and_its_import_restores_them(cec, chongqing_ec, brands, superuser):
    rows = build_improvements(cec, chongqing_ec, brands, superuser)
    exported = ImprovementResource(user=superuser).export().dict
    data = exported_file("improvements", superuser, "xlsx")
    remove(rows)

    outcome = run_import(superuser, "improvements", data, "improvements.xlsx")

    assert outcome.written, problems_of(outcome)
    assert "用料斗代替袋子装电缆" in [
        row["title_zh_hans"] for row in exported if row["title_en"] == "Hoppers instead of bags"
    ]
    restored = Improvement.objects.get(title_en="Hoppers instead of bags")
    assert (restored.title_zh_hans, restored.description_en, restored.description_zh_hans) == (
        "用料斗代替袋子装电缆",
        None,  # an empty cell is no text, as an empty form field
        "节省袋子、拆包和运输的人工。",
    )


@pytest.mark.parametrize("kind", CASES)
def test_reimporting_an_export_reports_every_row_unchanged(kind, cec, chongqing_ec, brands, superuser):
    _resource_class, build = CASES[kind]
    build(cec, chongqing_ec, brands, superuser)

    outcome = run_import(superuser, kind, exported_file(kind, superuser, "csv"), f"{kind}.csv")

    assert outcome.written, problems_of(outcome)
    assert outcome.counts["unchanged"] == len(outcome.rows) > 0
    assert outcome.counts["new"] == outcome.counts["update"] == 0


def test_files_use_natural_keys_and_leave_out_ids_and_audit_fields(cec, chongqing_ec, brands, superuser):
    build_improvements(cec, chongqing_ec, brands, superuser)
    files = [
        resource(user=superuser).export() for resource in (PartnerResource, EnterpriseResource, ImprovementResource)
    ]
    partners, enterprises, improvements = (dataset.dict for dataset in files)

    for dataset in files:
        assert not {"id", "created_by", "created_at", "updated_by", "updated_at"} & set(dataset.headers)
    assert {"code": "CQ-EC", "parent": "CEC", "city": "Chongqing", "name_zh_hans": "重庆市企业联合会"}.items() <= next(
        row for row in partners if row["code"] == "CQ-EC"
    ).items()
    assert next(row for row in enterprises if row["city"] == "Deyang" and row["name_en"])["supplies_brands"] == (
        "GAP,INDITEX"
    )
    hoppers = next(row for row in improvements if row["title_en"] == "Hoppers instead of bags")
    assert (hoppers["enterprise_city"], hoppers["verified_by"]) == ("Deyang", "ilo-admin")


def test_a_branch_listed_before_its_parent_imports(superuser):
    CityFactory(name="Chongqing")
    data = csv_bytes(
        [
            ["code", "name_en", "kind", "parent", "parent_relation", "city"],
            ["CQ-EC", "Chongqing Enterprise Confederation", "employers", "CEC", "branch", "Chongqing"],
            ["CEC", "China Enterprise Confederation", "employers", "", "", ""],
        ]
    )

    outcome = run_import(superuser, "partners", data, "partners.csv")

    assert outcome.written, problems_of(outcome)
    assert Partner.objects.get(code="CQ-EC").parent.code == "CEC"


def test_an_unknown_brand_code_is_an_error_and_nothing_is_imported(superuser, brands):
    CityFactory(name="Shanghai")
    data = csv_bytes(
        [
            ["name", "city", "sector", "workforce_total", "workforce_female", "supplies_brands"],
            ["Shanghai Shoes", "Shanghai", "footwear", "300", "200", "GAP,PENTLAND"],
        ]
    )

    outcome = run_import(superuser, "enterprises", data, "enterprises.csv")

    assert not outcome.written
    assert "PENTLAND" in str(problems_of(outcome)[2])
    assert not Enterprise.objects.exists()


@pytest.fixture
def partner(cec):
    """The shared coordinator (tests/conftest.py) is CEC's."""
    return cec


def test_coordinator_imports_rounds_of_their_partner_as_the_author(coordinator, cec):
    CityFactory(name="Taixing")
    data = csv_bytes(
        [
            ["title", "partner", "module", "city", "phase", "starts_on"],
            ["Taixing Module 1", "CEC", "1", "Taixing", "II", "2015-08-20"],
        ]
    )

    outcome = run_import(coordinator, "rounds", data, "rounds.csv")

    assert outcome.written, problems_of(outcome)
    created = TrainingRound.objects.get()
    assert (created.partner, created.created_by, created.history.get().history_user) == (cec, coordinator, coordinator)


def test_coordinator_cannot_import_rounds_for_another_partner(coordinator, cec):
    eti = PartnerFactory(code="ETI")
    theirs = TrainingRoundFactory(title="Shanghai pilot", partner=eti, city=CityFactory(name="Shanghai"))
    data = csv_bytes(
        [
            ["title", "partner", "module", "city", "phase", "starts_on", "description"],
            ["Shanghai pilot", "ETI", "1", "Shanghai", "II", "2015-08-29", "Taken over"],
            ["New ETI round", "ETI", "1", "Shanghai", "II", "2015-09-01", ""],
        ]
    )

    outcome = run_import(coordinator, "rounds", data, "rounds.csv")

    problems = problems_of(outcome)
    assert sorted(problems) == [2, 3]
    assert all("ETI" in message for row in problems.values() for _column, message in row)
    theirs.refresh_from_db()
    assert theirs.description == ""
    assert list(TrainingRound.objects.all()) == [theirs]


def test_coordinator_cannot_change_by_import_a_row_they_only_read(coordinator, cec):
    eti = PartnerFactory(code="ETI")
    MembershipFactory(user=coordinator, partner=eti, role=PartnerMembership.Role.VIEWER)
    theirs = EnterpriseFactory(name="Shanghai Shoes", city=CityFactory(name="Shanghai"), recruited_by=eti)
    data = csv_bytes(
        [
            ["name", "city", "sector", "workforce_total", "workforce_female"],
            ["Shanghai Shoes", "Shanghai", "footwear", "999", "1"],
        ]
    )

    outcome = run_import(coordinator, "enterprises", data, "enterprises.csv")

    assert ("", "You may read this row but not change it.") in problems_of(outcome)[2]
    theirs.refresh_from_db()
    assert theirs.workforce_total == 200


def test_coordinator_export_holds_only_what_they_see(coordinator, cec, chongqing_ec, brands, superuser):
    build_rounds(cec, chongqing_ec, brands, superuser)
    TrainingRoundFactory(title="Shanghai pilot", partner=PartnerFactory(code="ETI"))

    exported = TrainingRoundResource(user=coordinator).export()

    assert sorted(zip(exported["title_en"], exported["partner"], strict=True)) == [
        ("", "CEC"),
        ("Taixing Module 1", "CEC"),
        ("Taixing Module 1", "CQ-EC"),
    ]


def test_a_resource_without_a_user_reaches_nothing(cec):
    TrainingRoundFactory(partner=cec)

    assert len(TrainingRoundResource().export()) == 0


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_names_in_english_and_chinese_round_trip_through_export_and_import(superuser, file_format):
    chinese_only = CityFactory(name_en="", name_zh_hans="自贡", province_en="", province_zh_hans="四川")
    PartnerFactory(code="ZG-EC", name_en="Zigong Enterprise Confederation", name_zh_hans="自贡市企业联合会")
    EnterpriseFactory(name_en="Zigong Lanterns", name_zh_hans="自贡彩灯厂", city=chinese_only, recruited_by=None)
    partners_file = exported_file("partners", superuser, file_format)
    enterprises_file = exported_file("enterprises", superuser, file_format)
    Partner.objects.update(name_en="Renamed", name_zh_hans="")
    Enterprise.objects.update(name_zh_hans="")

    partners = run_import(superuser, "partners", partners_file, f"partners.{file_format}")
    enterprises = run_import(superuser, "enterprises", enterprises_file, f"enterprises.{file_format}")

    assert partners.written and enterprises.written, (problems_of(partners), problems_of(enterprises))
    assert Partner.objects.values_list("name_en", "name_zh_hans").get(code="ZG-EC") == (
        "Zigong Enterprise Confederation",
        "自贡市企业联合会",
    )
    assert Enterprise.objects.values_list("name_en", "name_zh_hans", "city").get() == (
        "Zigong Lanterns",
        "自贡彩灯厂",
        chinese_only.pk,
    )


def test_the_name_columns_are_headed_by_the_label_and_the_language(superuser):
    headers = PartnerResource(user=superuser).export().headers
    labels = [PartnerResource(user=superuser).label(header) for header in headers]

    assert {"Name (English)", "Name (Chinese)"} <= set(labels)


def test_a_row_giving_the_english_name_of_a_record_named_only_in_chinese_adds_it(superuser, cec):
    deyang = CityFactory(name="Deyang", name_zh_hans="德阳")
    lanterns = EnterpriseFactory(name_en="", name_zh_hans="德阳彩灯厂", city=deyang, recruited_by=cec)
    headers = ["name_en", "name_zh_hans", "city", "recruited_by"]

    outcome = run_import(
        superuser, "enterprises", csv_bytes([headers, ["Deyang Lanterns", "德阳彩灯厂", "Deyang", "CEC"]]), "e.csv"
    )

    assert outcome.written, problems_of(outcome)
    assert (outcome.counts["update"], outcome.counts["new"]) == (1, 0)
    lanterns.refresh_from_db()
    assert (lanterns.name_en, lanterns.name_zh_hans) == ("Deyang Lanterns", "德阳彩灯厂")


def test_a_file_naming_rows_only_by_their_chinese_column_matches_them(superuser, cec):
    TrainingRoundFactory(title_en="", title_zh_hans="泰兴第二模块", partner=cec, module=module(2))
    headers = ["title_zh_hans", "partner", "module", "city", "kind", "starts_on"]
    round_ = TrainingRound.objects.get()
    row = ["泰兴第二模块", "CEC", "2", round_.city.name_en, round_.kind, round_.starts_on.isoformat()]

    outcome = run_import(superuser, "rounds", csv_bytes([headers, row]), "rounds.csv")

    assert outcome.written, problems_of(outcome)
    assert outcome.counts["new"] == 0
    assert TrainingRound.objects.count() == 1
