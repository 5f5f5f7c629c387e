import gc
import io
import time
import tracemalloc

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from openpyxl import Workbook

from dataexchange.services import spreadsheet_import
from enterprises.models import Enterprise, Sector
from partners import roles
from partners.models import City, Partner, PartnerMembership

HEADERS = ["企业名称", "城市", "行业", "招募合作伙伴代码", "员工总数", "女性员工数", "同意与品牌分享结果"]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Time importing enterprises from an XLSX file as a partner coordinator (and its peak memory with "
        "tracemalloc) next to a plain bulk_create of the same rows. Everything is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000, help="How many enterprises (default 10,000).")

    def handle(self, *args, rows, **options):
        with transaction.atomic():
            coordinator, cities = self._setup()
            workbook = self._workbook(rows, cities)
            seconds, _peak = self._in_savepoint(lambda: self._import(coordinator, workbook, rows))
            _seconds, peak = self._in_savepoint(lambda: self._import(coordinator, workbook, rows), trace=True)
            plain, _peak = self._in_savepoint(lambda: self._bulk_create(rows, cities, coordinator))
            transaction.set_rollback(True)
        self.stdout.write(f"Import of {rows:,} enterprises from XLSX ({len(workbook) / 1024 / 1024:.1f} MB):")
        self.stdout.write(
            f"  time {seconds:.2f} s, peak memory {peak / 1024 / 1024:.1f} MB (tracemalloc, separate run)"
        )
        self.stdout.write(f"Plain bulk_create of the same rows: {plain:.2f} s")
        self.stdout.write(f"Ratio: {seconds / plain:.1f}×")

    def _setup(self):
        partner = Partner.objects.create(
            code="BENCHMARK", name_en="Benchmark partner", kind=Partner.Kind.EMPLOYERS_ORGANISATION
        )
        cities = [
            City.objects.get_or_create(name_en=f"Benchmark City {n}", defaults={"name_zh_hans": f"基准城市{n}"})[0]
            for n in range(8)
        ]
        coordinator = get_user_model().objects.create(username="benchmark-coordinator")
        coordinator.groups.add(Group.objects.get(name=roles.PARTNER_COORDINATOR))
        PartnerMembership.objects.create(user=coordinator, partner=partner, role=PartnerMembership.Role.COORDINATOR)
        return coordinator, cities

    def _values(self, number, cities):
        return (
            f"Benchmark Enterprise {number}",
            cities[number % len(cities)],
            Sector.MACHINERY,
            100 + number % 400,
            number % 100,
        )

    def _workbook(self, rows, cities):
        workbook = Workbook()  # not write-only: like Excel, this writes the sheet's dimension first
        sheet = workbook.active
        sheet.append(HEADERS)
        for number in range(rows):
            name, city, sector, total, female = self._values(number, cities)
            sheet.append([name, city.name_zh_hans, sector, "BENCHMARK", total, female, "否"])
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()

    def _in_savepoint(self, work, trace=False):
        gc.collect()
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        try:
            with transaction.atomic():
                work()
                raise Rollback
        except Rollback:
            pass
        seconds = time.perf_counter() - started
        peak = 0
        if trace:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        return seconds, peak

    def _import(self, coordinator, workbook, rows):
        outcome = spreadsheet_import(user=coordinator, kind="enterprises", data=workbook, file_name="benchmark.xlsx")
        if not outcome.written or outcome.counts["new"] != rows:
            raise RuntimeError(f"The benchmark import failed: {outcome.file_problems or outcome.rows[:3]}")

    def _bulk_create(self, rows, cities, coordinator):
        enterprises = []
        for number in range(rows):
            name, city, sector, total, female = self._values(number, cities)
            enterprises.append(
                Enterprise(
                    name=name,
                    city=city,
                    sector=sector,
                    workforce_total=total,
                    workforce_female=female,
                    created_by=coordinator,
                    updated_by=coordinator,
                )
            )
        Enterprise.objects.bulk_create(enterprises, batch_size=1000)
