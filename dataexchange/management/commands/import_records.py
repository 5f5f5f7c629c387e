from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from dataexchange.kinds import KINDS
from dataexchange.reading import MAX_FILE_BYTES
from dataexchange.services import acting_for_partner, spreadsheet_import
from partners.models import Partner


class Command(BaseCommand):
    help = (
        "Import an XLSX or CSV file of one kind of record for a partner, as the staff app does: every row is "
        "checked, then all rows are written or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), help="What the file holds.")
        parser.add_argument("file", type=Path, help="The .xlsx or .csv file.")
        parser.add_argument("--partner", required=True, help="Code of the partner whose records the rows are.")
        parser.add_argument(
            "--user", help="User name recorded as the author; must be allowed to import for the partner."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check every row and write nothing.")

    def handle(self, *args, kind, file, partner, user, dry_run, **options):
        try:
            partner = Partner.objects.get(code__iexact=partner)
        except Partner.DoesNotExist:
            raise CommandError(f"No partner with the code {partner}.") from None
        if user is not None:
            try:
                user = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user {user}.") from None
        try:
            actor = acting_for_partner(partner, user)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        if not file.is_file():
            raise CommandError(f"No file {file}.")
        if file.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(f"{file} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB.")
        try:
            outcome = spreadsheet_import(
                user=actor, kind=kind, data=file.read_bytes(), file_name=file.name, dry_run=dry_run
            )
        except PermissionDenied:
            raise CommandError(f"{kind} are imported by ILO staff on the Spreadsheets page.") from None
        for problem in outcome.file_problems:
            self.stderr.write(problem)
        for row in outcome.rows:
            for column, message in row.problems:
                self.stderr.write(f"Row {row.number}" + (f", column {column}" if column else "") + f": {message}")
        counts = outcome.counts
        summary = (
            f"{counts['new']} new, {counts['update']} updated, {counts['removed']} removed, "
            f"{counts['unchanged']} unchanged, {counts['repeat']} repeated, {counts['error']} with problems, "
            f"{outcome.blank_rows} blank."
        )
        if not outcome.is_valid:
            raise CommandError(f"Nothing was imported. {summary}")
        self.stdout.write(("Checked, nothing written: " if dry_run else "Imported: ") + summary)
