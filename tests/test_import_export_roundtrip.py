import datetime
from decimal import Decimal

import pytest
import tablib
from import_export.formats import base_formats

from enterprises.models import Enterprise
from enterprises.resources import EnterpriseResource
from improvements.models import Improvement
from improvements.resources import ImprovementResource
from partners.models import Partner, PartnerMembership
from partners.resources import PartnerResource
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
from trainings.resources import TrainingRoundResource

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(username="ilo-admin", is_staff=True, is_superuser=True)


@pytest.fixture
def cec():
    beijing = CityFactory(name="Beijing", name_zh="北京", province="", province_zh="")
    return PartnerFactory(code="CEC", name="China Enterprise Confederation", name_zh="中国企业联合会", city=beijing)


@pytest.fixture
def chongqing_ec(cec):
    return PartnerFactory(
        code="CQ-EC",
        name="Chongqing Enterprise Confederation",
        name_zh="重庆市企业联合会",
        parent=cec,
        parent_relation=Partner.ParentRelation.BRANCH_OF,
        city=CityFactory(name="Chongqing", name_zh="重庆"),
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
    deyang = CityFactory(name="Deyang", name_zh="德阳")
    cable = EnterpriseFactory(
        name="Deyang Cable Co",
        name_zh="德阳电缆有限公司",
        city=deyang,
        recruited_by=cec,
        consents_to_share_with_brands=True,
    )
    cable.supplies_brands.set(brands)
    EnterpriseFactory(name="Deyang Cable Co", city=CityFactory(name="Ningbo", name_zh="宁波"), recruited_by=None)
    return Enterprise.objects.all()


def build_rounds(cec, chongqing_ec, brands, superuser):
    TrainingRoundFactory(
        title="Taixing Module 1",
        partner=cec,
        module=module(1),
        city=CityFactory(name="Taixing", name_zh="泰兴"),
        status=TrainingRound.Status.ONGOING,
        ends_on=datetime.date(2015, 12, 15),
        cost_total=Decimal("48000.50"),
        cost_non_ilo=Decimal("12000.25"),
        description="五家本地企业参加第一模块培训。",
    )
    TrainingRoundFactory(title="Taixing Module 1", partner=chongqing_ec, module=module(5), kind=TrainingRound.Kind.TOT)
    return TrainingRound.objects.all()


def build_improvements(cec, chongqing_ec, brands, superuser):
    deyang_cable, ningbo_cable = build_enterprises(cec, chongqing_ec, brands, superuser)
    ImprovementFactory(
        enterprise=deyang_cable,
        title="Hoppers instead of bags",
        title_zh="用料斗代替袋子装电缆",
        description="节省袋子、拆包和运输的人工。",
        status=Improvement.Status.VERIFIED,
        verified_by=superuser,
        verified_at=datetime.datetime(2015, 8, 20, 10, 30, tzinfo=datetime.UTC),
        is_gender_responsive=True,
    )
    ImprovementFactory(enterprise=deyang_cable, title="Tool racks", module=module(5), annual_saving_rmb=None)
    ImprovementFactory(enterprise=ningbo_cable, title="Tool racks", module=module(2))
    return Improvement.objects.all()


def remove(queryset):
    if queryset.model is Partner:
        queryset.filter(parent__isnull=False).delete()
    queryset.delete()


CASES = {
    "partners": (PartnerResource, build_partners),
    "enterprises": (EnterpriseResource, build_enterprises),
    "training rounds": (TrainingRoundResource, build_rounds),
    "improvements": (ImprovementResource, build_improvements),
}


def through_file(dataset, file_format):
    """The dataset written to a file and read back, as a spreadsheet would."""
    return file_format().create_dataset(file_format().export_data(dataset))


@pytest.mark.parametrize("file_format", [base_formats.CSV, base_formats.XLSX], ids=["csv", "xlsx"])
@pytest.mark.parametrize("case", CASES)
def test_export_then_import_into_an_empty_table_restores_every_row(
    case, file_format, cec, chongqing_ec, brands, superuser
):
    resource_class, build = CASES[case]
    rows = build(cec, chongqing_ec, brands, superuser)
    exported = resource_class(user=superuser).export()
    remove(rows)

    result = resource_class(user=superuser).import_data(through_file(exported, file_format))

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == len(exported) == rows.model.objects.count()
    assert resource_class(user=superuser).export().dict == exported.dict
    assert rows.model.objects.filter(created_by=superuser).count() == len(exported)


@pytest.mark.parametrize("case", CASES)
def test_reimporting_an_export_reports_every_row_unchanged(case, cec, chongqing_ec, brands, superuser):
    resource_class, build = CASES[case]
    build(cec, chongqing_ec, brands, superuser)
    exported = resource_class(user=superuser).export()

    result = resource_class(user=superuser).import_data(through_file(exported, base_formats.CSV))

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == len(exported) > 0
    assert result.totals["new"] == result.totals["update"] == 0


def test_files_use_natural_keys_and_leave_out_ids_and_audit_fields(cec, chongqing_ec, brands, superuser):
    build_improvements(cec, chongqing_ec, brands, superuser)
    files = [
        resource(user=superuser).export() for resource in (PartnerResource, EnterpriseResource, ImprovementResource)
    ]
    partners, enterprises, improvements = (dataset.dict for dataset in files)

    for dataset in files:
        assert not {"id", "created_by", "created_at", "updated_by", "updated_at"} & set(dataset.headers)
    assert {"code": "CQ-EC", "parent": "CEC", "city": "Chongqing", "name_zh": "重庆市企业联合会"}.items() <= next(
        row for row in partners if row["code"] == "CQ-EC"
    ).items()
    assert enterprises[0]["supplies_brands"] == "GAP,INDITEX"
    assert improvements[0]["enterprise_city"] == "Deyang"
    assert improvements[0]["verified_by"] == "ilo-admin"


def test_a_branch_listed_before_its_parent_imports(superuser):
    CityFactory(name="Chongqing")
    dataset = tablib.Dataset(headers=["code", "name", "kind", "parent", "parent_relation", "city"])
    dataset.append(["CQ-EC", "Chongqing Enterprise Confederation", "employers", "CEC", "branch", "Chongqing"])
    dataset.append(["CEC", "China Enterprise Confederation", "employers", "", "", ""])

    result = PartnerResource(user=superuser).import_data(dataset)

    assert not result.has_errors() and not result.has_validation_errors()
    assert Partner.objects.get(code="CQ-EC").parent.code == "CEC"


def test_an_unknown_brand_code_is_an_error_and_nothing_is_imported(superuser, brands):
    CityFactory(name="Shanghai")
    dataset = tablib.Dataset(
        headers=["name", "city", "sector", "workforce_total", "workforce_female", "supplies_brands"]
    )
    dataset.append(["Shanghai Shoes", "Shanghai", "footwear", "300", "200", "GAP,PENTLAND"])

    result = EnterpriseResource(user=superuser).import_data(dataset)

    assert result.has_errors()
    assert "PENTLAND" in str(result.row_errors()[0][1][0].error)
    assert not Enterprise.objects.exists()


@pytest.fixture
def partner(cec):
    """The shared coordinator (tests/conftest.py) is CEC's."""
    return cec


def test_coordinator_imports_rounds_of_their_partner_as_the_author(coordinator, cec):
    CityFactory(name="Taixing")
    dataset = tablib.Dataset(headers=["title", "partner", "module", "city", "phase", "starts_on"])
    dataset.append(["Taixing Module 1", "CEC", "1", "Taixing", "II", "2015-08-20"])

    result = TrainingRoundResource(user=coordinator).import_data(dataset)

    assert not result.has_errors() and not result.has_validation_errors()
    created = TrainingRound.objects.get()
    assert (created.partner, created.created_by, created.history.get().history_user) == (cec, coordinator, coordinator)


def test_coordinator_cannot_import_rounds_for_another_partner(coordinator, cec):
    eti = PartnerFactory(code="ETI")
    theirs = TrainingRoundFactory(title="Shanghai pilot", partner=eti, city=CityFactory(name="Shanghai"))
    dataset = tablib.Dataset(headers=["title", "partner", "module", "city", "phase", "starts_on", "description"])
    dataset.append(["Shanghai pilot", "ETI", "1", "Shanghai", "II", "2015-08-29", "Taken over"])
    dataset.append(["New ETI round", "ETI", "1", "Shanghai", "II", "2015-09-01", ""])

    result = TrainingRoundResource(user=coordinator).import_data(dataset)

    assert result.has_errors()
    assert all("ETI" in str(error.error) for _row, errors in result.row_errors() for error in errors)
    theirs.refresh_from_db()
    assert theirs.description == ""
    assert list(TrainingRound.objects.all()) == [theirs]


def test_coordinator_cannot_change_by_import_a_row_they_only_read(coordinator, cec):
    eti = PartnerFactory(code="ETI")
    MembershipFactory(user=coordinator, partner=eti, role=PartnerMembership.Role.VIEWER)
    theirs = EnterpriseFactory(name="Shanghai Shoes", city=CityFactory(name="Shanghai"), recruited_by=eti)
    dataset = tablib.Dataset(headers=["name", "city", "sector", "workforce_total", "workforce_female"])
    dataset.append(["Shanghai Shoes", "Shanghai", "footwear", "999", "1"])

    result = EnterpriseResource(user=coordinator).import_data(dataset, rollback_on_validation_errors=True)

    assert result.has_validation_errors()
    assert "You may read this row but not change it." in str(result.invalid_rows[0].error)
    theirs.refresh_from_db()
    assert theirs.workforce_total == 200


def test_coordinator_export_holds_only_what_they_see(coordinator, cec, chongqing_ec, brands, superuser):
    build_rounds(cec, chongqing_ec, brands, superuser)
    TrainingRoundFactory(title="Shanghai pilot", partner=PartnerFactory(code="ETI"))

    exported = TrainingRoundResource(user=coordinator).export()

    assert sorted(zip(exported["title"], exported["partner"], strict=True)) == [
        ("Taixing Module 1", "CEC"),
        ("Taixing Module 1", "CQ-EC"),
    ]


def test_a_resource_without_a_user_reaches_nothing(cec):
    TrainingRoundFactory(partner=cec)

    assert len(TrainingRoundResource().export()) == 0
