from django.core.management.base import BaseCommand, CommandError

from enterprises import access


class Command(BaseCommand):
    help = (
        "Recount which partners have which enterprise (recruited or enrolled: the table partners' scoping joins) "
        "from the raw rows; with --verify, only compare and fail if they differ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--verify", action="store_true", help="Compare only; exit with an error on a difference.")

    def handle(self, *, verify, **options):
        if verify:
            differences = access.differences()
            for line in differences[:20]:
                self.stdout.write(line)
            if differences:
                raise CommandError(f"The enterprise access table differs from a recount in {len(differences)} rows.")
            self.stdout.write("The enterprise access table equals a recount.")
            return
        added, deleted = access.rebuild()
        self.stdout.write(f"Enterprise access rebuilt: {added} rows added, {deleted} deleted.")
