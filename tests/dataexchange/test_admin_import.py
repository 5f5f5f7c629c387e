"""The admin's import goes through the same resources, file reading and permission as the staff app."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from enterprises.models import Enterprise
from partners import roles
from tests.dataexchange.conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

ENTERPRISE_PERMISSIONS = ["view_enterprise", "add_enterprise", "change_enterprise", "view_city", "view_partner"]


@pytest.fixture
def staff_coordinator(coordinator):
    coordinator.is_staff = True
    coordinator.save()
    coordinator.user_permissions.set(Permission.objects.filter(codename__in=ENTERPRISE_PERMISSIONS))
    return coordinator


def admin_upload(client, data, name, file_format):
    url = reverse("admin:enterprises_enterprise_import")
    formats = {label: value for value, label in client.get(url).context["form"].fields["format"].choices}
    file = io.BytesIO(data)
    file.name = name
    return client.post(url, {"import_file": file, "format": formats[file_format], "resource": "0"})


def test_admin_imports_a_gb18030_csv_after_its_preview(client, staff_coordinator, partner, deyang):
    client.force_login(staff_coordinator)
    data = csv_bytes(
        [
            ["企业名称", "城市", "行业", "招募合作伙伴代码", "员工总数", "女性员工数"],
            ["德阳电缆", "德阳", "electrical", "CEC", "1,200", 300],
        ],
        "gb18030",
    )

    preview = admin_upload(client, data, "企业.csv", "csv")
    confirm = preview.context["confirm_form"]
    client.post(reverse("admin:enterprises_enterprise_process_import"), {**confirm.initial})

    enterprise = Enterprise.objects.get()
    assert (enterprise.name, enterprise.workforce_total, enterprise.created_by) == ("德阳电缆", 1200, staff_coordinator)


def test_admin_preview_lists_problems_by_spreadsheet_row(client, staff_coordinator, partner, deyang):
    client.force_login(staff_coordinator)
    data = xlsx_bytes(
        [
            ["name", "city", "sector", "recruited_by", "workforce_total", "workforce_female"],
            ["A", "Dyang", "machinery", "CEC", 3, 1],
        ]
    )

    response = admin_upload(client, data, "rows.xlsx", "xlsx")

    assert "Line number: 2 - B “city”: No city “Dyang” is recorded in SCORE MIS." in response.content.decode()
    assert "confirm_form" not in response.context


def test_admin_refuses_files_beyond_the_limits_with_the_reason(client, staff_coordinator):
    client.force_login(staff_coordinator)

    response = admin_upload(client, xlsx_bytes([[f"c{n}" for n in range(60)]]), "wide.xlsx", "xlsx")

    assert response.context["form"].errors["import_file"] == [
        "The file has more than 50 columns; at most 50 can be imported."
    ]


def test_admin_import_needs_the_import_permission(client, staff_coordinator):
    Group.objects.get(name=roles.PARTNER_COORDINATOR).permissions.remove(
        Permission.objects.get(codename="import_records")
    )
    client.force_login(staff_coordinator)

    assert client.get(reverse("admin:enterprises_enterprise_import")).status_code == 403
