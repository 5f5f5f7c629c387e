import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.scale_data import generate, vacuum_analyze
from demo.scale_data import multiply as multiply_data


class Command(BaseCommand):
    help = (
        "Add many generated enterprises (in rounds with attendance, teams and indicator values) and improvements, "
        "to measure pages at scale; --multiply copies them inside the database (PostgreSQL). Use a database of its "
        "own: the rows are not demo data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=10_000)
        parser.add_argument(
            "--improvements", type=int, help="How many improvements to add (default: ten per enterprise)."
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--multiply",
            type=int,
            default=1,
            metavar="N",
            help="Then copy every enterprise with its records so there are N times as many (PostgreSQL only).",
        )

    def handle(self, *, enterprises, improvements, seed, multiply: int, **options):
        if multiply > 1 and connection.vendor != "postgresql":
            raise CommandError("--multiply copies rows inside PostgreSQL; this database is not PostgreSQL.")
        if improvements is None:
            improvements = 10 * enterprises
        began = time.perf_counter()

        def progress(done):
            self.stdout.write(
                f"  {done.enterprises} enterprises, {done.improvements} improvements "
                f"({time.perf_counter() - began:.0f} s)"
            )

        generated = generate(enterprises=enterprises, improvements=improvements, seed=seed, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {generated.enterprises} enterprises in {generated.rounds} rounds "
                f"({generated.attendances} attendance records), {generated.improvements} improvements "
                f"and {generated.photos} photos in {time.perf_counter() - began:.1f} s."
            )
        )
        if multiply > 1:
            copying = time.perf_counter()
            multiply_data(multiply)
            self.stdout.write(self.style.SUCCESS(f"Multiplied by {multiply} in {time.perf_counter() - copying:.1f} s."))
        if connection.vendor == "postgresql":
            analysing = time.perf_counter()
            vacuum_analyze()
            self.stdout.write(f"VACUUM ANALYZE in {time.perf_counter() - analysing:.1f} s.")
