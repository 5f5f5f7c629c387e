from django.core.management.base import BaseCommand, CommandError

from reporting import summaries


class Command(BaseCommand):
    help = (
        "Rebuild the summary tables the reports read from the records they sum, in one transaction; with --verify, "
        "change nothing and list where they differ from a fresh recount (exit status 1 if they do)."
    )

    def add_arguments(self, parser):
        names = ", ".join(summary.name for summary in summaries.SUMMARIES)
        parser.add_argument("names", nargs="*", help=f"Only these summaries (default: all): {names}.")
        parser.add_argument("--verify", action="store_true", help="Compare with a recount instead of rebuilding.")

    def handle(self, *args, names, verify, **options):
        try:
            summaries.named(names)
        except KeyError as unknown:
            raise CommandError(f"No summary is called {unknown}.") from None
        if not verify:
            summaries.rebuild_all(names)
            self.stdout.write("Summaries rebuilt: " + ", ".join(summary.name for summary in summaries.named(names)))
            return
        found = summaries.differences(names)
        for line in found:
            self.stdout.write(line)
        if found:
            raise CommandError(f"{len(found)} summary rows differ from the records: run rebuild_summaries.")
        self.stdout.write("Summaries match the records.")
