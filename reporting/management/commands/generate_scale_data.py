import time

from django.core.management.base import BaseCommand

from reporting.scale_data import generate


class Command(BaseCommand):
    help = (
        "Add many generated enterprises (in rounds with attendance, teams and indicator values) and improvements, "
        "to measure reports at scale. Use a database of its own: the rows are not demo data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=10_000)
        parser.add_argument("--improvements", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *, enterprises, improvements, seed, **options):
        began = time.perf_counter()
        generated = generate(enterprises=enterprises, improvements=improvements, seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {generated.enterprises} enterprises in {generated.rounds} rounds "
                f"({generated.attendances} attendance records), {generated.improvements} improvements "
                f"and {generated.photos} photos in {time.perf_counter() - began:.1f} s."
            )
        )
