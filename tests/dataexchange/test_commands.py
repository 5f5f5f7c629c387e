import pytest
from django.core.management import CommandError, call_command

from enterprises.models import Enterprise
from partners.models import Partner
from tests.dataexchange.conftest import xlsx_bytes
from tests.factories import EnterpriseFactory, PartnerFactory

pytestmark = pytest.mark.django_db

HEADERS = ["企业名称", "城市", "行业", "招募合作伙伴代码", "员工总数", "女性员工数"]


@pytest.fixture
def workbook(tmp_path, deyang):
    path = tmp_path / "enterprises.xlsx"
    path.write_bytes(xlsx_bytes([HEADERS, ["Deyang Cable Co", "德阳", "electrical", "CEC", "1,200", 300]]))
    return path


def test_import_records_writes_the_rows_of_the_partner(workbook, partner, capsys):
    call_command("import_records", "enterprises", str(workbook), "--partner", "cec")

    enterprise = Enterprise.objects.get()
    assert (enterprise.recruited_by, enterprise.workforce_total, enterprise.created_by) == (partner, 1200, None)
    assert (
        capsys.readouterr().out.strip()
        == "Imported: 1 new, 0 updated, 0 removed, 0 unchanged, 0 repeated, 0 with problems, 0 blank."
    )


def test_import_records_dry_run_writes_nothing(workbook, partner, capsys):
    call_command("import_records", "enterprises", str(workbook), "--partner", "CEC", "--dry-run")

    assert not Enterprise.objects.exists()
    assert capsys.readouterr().out.startswith("Checked, nothing written: 1 new")


def test_import_records_refuses_rows_of_another_partner(tmp_path, partner, other_partner, deyang, capsys):
    EnterpriseFactory(name="Deyang Cable Co", city=deyang, recruited_by=other_partner, workforce_total=200)
    path = tmp_path / "theirs.xlsx"
    path.write_bytes(xlsx_bytes([HEADERS, ["Deyang Cable Co", "Deyang", "electrical", "ETI", 999, 1]]))

    with pytest.raises(
        CommandError,
        match="Nothing was imported. 0 new, 0 updated, 0 removed, 0 unchanged, 0 repeated, 1 with problems",
    ):
        call_command("import_records", "enterprises", str(path), "--partner", "CEC")

    assert "Row 2, column D “招募合作伙伴代码”: No partner “ETI” that you may use." in capsys.readouterr().err
    assert Enterprise.objects.get().workforce_total == 200


def test_import_records_records_the_user_as_author_if_they_may_import_for_the_partner(
    workbook, partner, coordinator, outsider
):
    with pytest.raises(CommandError, match="may not import records of"):
        call_command("import_records", "enterprises", str(workbook), "--partner", "CEC", "--user", outsider.username)

    call_command("import_records", "enterprises", str(workbook), "--partner", "CEC", "--user", coordinator.username)

    assert Enterprise.objects.get().created_by == coordinator


def test_import_records_covers_the_partners_branches(tmp_path, partner, deyang):
    PartnerFactory(code="CQ-EC", parent=partner, parent_relation="branch")
    path = tmp_path / "branch.xlsx"
    path.write_bytes(xlsx_bytes([HEADERS, ["Chongqing Gears", "Deyang", "machinery", "CQ-EC", 80, 20]]))

    call_command("import_records", "enterprises", str(path), "--partner", "CEC")

    assert Enterprise.objects.get().recruited_by.code == "CQ-EC"


def test_import_records_names_an_unknown_partner(workbook):
    with pytest.raises(CommandError, match="No partner with the code NOPE."):
        call_command("import_records", "enterprises", str(workbook), "--partner", "NOPE")


def test_benchmark_import_times_the_import_and_a_plain_bulk_create_and_leaves_nothing(capsys):
    call_command("benchmark_import", "--rows", "30")

    output = capsys.readouterr().out
    assert "Import of 30 enterprises from XLSX" in output
    assert "peak memory" in output and "Plain bulk_create of the same rows" in output
    assert not Enterprise.objects.exists()


def test_import_records_leaves_partners_to_ilo_staff_on_the_spreadsheets_page(tmp_path, partner):
    path = tmp_path / "partners.csv"
    path.write_text("code,name,kind\nNEW,New partner,employers\n")

    with pytest.raises(CommandError, match="partners are imported by ILO staff on the Spreadsheets page."):
        call_command("import_records", "partners", str(path), "--partner", "CEC")

    assert not Partner.objects.filter(code="NEW").exists()


def test_django_import_exports_own_import_command_is_not_installed(workbook):
    """It would write rows without the import log and the importer's rules."""
    with pytest.raises(CommandError, match="Unknown command: 'import'"):
        call_command("import", "dataexchange.kinds.enterprises.EnterpriseResource", str(workbook))
