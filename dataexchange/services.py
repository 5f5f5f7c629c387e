"""Importing a spreadsheet of one kind of record: every row validated, then all written or none.

Every import goes through `spreadsheet_import` and is logged in SpreadsheetImport: the staff app's
Spreadsheets pages (through background tasks for a large file, dataexchange.tasks) and the
`import_records` command (the admin has no import of its own).
"""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field

import tablib
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dataexchange.kinds import KINDS
from dataexchange.models import SpreadsheetImport, StagedImport, may_import
from dataexchange.reading import UnreadableFile, excerpt, read_table
from partners.access import EVERYTHING, acting_with, scope_for, with_branches

logger = logging.getLogger(__name__)

STATUSES = {
    "new": "new",
    "update": "update",
    "delete": "removed",
    "skip": "unchanged",
    "invalid": "error",
    "error": "error",
}


@dataclass
class RowOutcome:
    """One row of the file: its spreadsheet row number, what the import does with it and what is wrong."""

    number: int
    status: str
    title: str
    problems: list = field(default_factory=list)
    repeat_of: int | None = None


@dataclass
class ImportOutcome:
    kind: str
    file_name: str
    file_problems: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    blank_rows: int = 0
    written: bool = False

    @property
    def counts(self):
        counts = Counter(row.status for row in self.rows)
        counts["repeat"] = sum(1 for row in self.rows if row.repeat_of is not None and row.status == "unchanged")
        counts["unchanged"] -= counts["repeat"]
        return counts

    @property
    def is_valid(self):
        return not self.file_problems and not any(row.problems for row in self.rows)

    @property
    def summary(self):
        """What a written import did, in a sentence."""
        counts = self.counts
        summary = _("%(file)s imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
            "file": self.file_name,
            "new": counts["new"],
            "updated": counts["update"],
            "unchanged": counts["unchanged"] + counts["repeat"],
        }
        if counts["removed"]:
            summary += " " + _("%(removed)s removed: they count nobody.") % {"removed": counts["removed"]}
        return summary


@dataclass
class FirstLook:
    """A file as seen before its rows are checked: how many rows it has (counted up to a limit) and the problems of
    the file as a whole (unreadable, headers)."""

    rows: int
    file_problems: list


def _display(value):
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def spreadsheet_import(*, user, kind, data, file_name, dry_run=False):
    """Import the bytes of an XLSX or CSV file of `kind` ("enterprises", …) as `user`. With `dry_run`,
    or when any row has a problem, nothing is written. Returns what happened to each row. A kind not
    offered to `user` (partners, for ILO staff only) raises PermissionDenied."""
    if not KINDS[kind].is_offered_to(user):
        raise PermissionDenied
    outcome = ImportOutcome(kind=kind, file_name=file_name)
    resource = KINDS[kind].resource(user)
    try:
        table = read_table(data, file_name)
    except UnreadableFile as error:
        outcome.file_problems.append(str(error))
        return outcome
    outcome.file_problems = resource.check_headers(table.headers)
    if outcome.file_problems:
        return outcome
    outcome.ignored_columns = resource.ignored_columns(table.headers)
    with transaction.atomic():
        result = resource.import_data(tablib.Dataset(*table.rows, headers=table.headers), dry_run=dry_run)
        _describe_rows(outcome, result, resource)
        outcome.written = not dry_run and outcome.is_valid
        if outcome.written:
            counts = outcome.counts
            SpreadsheetImport.objects.create(
                user=user if user.is_authenticated else None,
                kind=kind,
                file_name=file_name[:255],
                created=counts["new"],
                updated=counts["update"],
                removed=counts["removed"],
                unchanged=counts["unchanged"] + counts["repeat"],
            )
    return outcome


def spreadsheet_first_look(*, user, kind, data, file_name, up_to):
    """Read the headers and no more than `up_to` rows of a file of `kind` for `user`, checking no row: enough to tell
    a file's own problems and whether it is too long to check within a request."""
    if not KINDS[kind].is_offered_to(user):
        raise PermissionDenied
    try:
        table = read_table(data, file_name, stop_after=up_to)
    except UnreadableFile as error:
        return FirstLook(rows=0, file_problems=[str(error)])
    return FirstLook(rows=len(table.rows), file_problems=KINDS[kind].resource(user).check_headers(table.headers))


class AlreadyImported(Exception):
    """The staged file was imported by an earlier confirmation."""


def staged_import_confirm(*, user, kind, token):
    """Import the file `user` staged under `token`, once. The token is claimed by a conditional UPDATE
    inside the import's transaction: a second confirmation at the same time (a double click, a second
    tab) waits for the first and then finds the file imported (AlreadyImported); a failed import
    releases it with everything else. Raises StagedImport.DoesNotExist if no such file is waiting."""
    mine = StagedImport.objects.filter(user=user, kind=kind, token=token)
    with transaction.atomic():
        if not mine.checked().update(imported_at=timezone.now()):
            if mine.filter(imported_at__isnull=False).exists():
                raise AlreadyImported
            raise StagedImport.DoesNotExist
        staged = mine.get()
        outcome = spreadsheet_import(user=user, kind=kind, data=bytes(staged.data), file_name=staged.file_name)
        if outcome.written:
            mine.update(data=b"")
        else:
            transaction.set_rollback(True)
    return outcome


def _describe_rows(outcome, result, resource):
    for error in result.base_errors:
        logger.error("Import of %s failed: %r", outcome.kind, error.error)
        outcome.file_problems.append(_("Writing the rows failed, so none was written. Please try again."))
    titles = resource.title_columns()
    for row in result.rows:
        if row.is_blank:
            outcome.blank_rows += 1
            continue
        title = " · ".join(excerpt(_display(row.row_values[column])) for column in titles if row.row_values.get(column))
        outcome.rows.append(
            RowOutcome(
                number=row.number,
                status=STATUSES[row.import_type],
                title=title,
                problems=[(problem.column, problem.message) for problem in row.problems],
                repeat_of=row.repeat_of,
            )
        )


def acting_for_partner(partner, user=None):
    """Who the `import_records` command imports as: someone who reads and writes the records of `partner`
    (with its branches and members) and nothing else. `user`, if given, is recorded as the author and
    must be allowed to import for the partner; otherwise rows have no author."""
    if user is None:
        return acting_with(AnonymousUser(), EVERYTHING.narrowed_to(with_branches({partner.pk})))
    if not may_import(user) or not scope_for(user).may_write_for(partner.pk):
        raise PermissionDenied(
            _("%(user)s may not import records of %(partner)s.") % {"user": user, "partner": partner}
        )
    return acting_with(user, scope_for(user).narrowed_to(with_branches({partner.pk})))
