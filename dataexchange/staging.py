"""Uploaded files kept between the preview and the confirmation, per user, under a random token.

The file and its check stay on the server (a StagedImport row); the browser holds only the token, and
a token is looked up with its user only. The confirmation imports the file again from scratch (the
preview is shown to people, never trusted) and claims the token once (services.staged_import_confirm).
A large file is staged before its check, which a background task does and keeps (dataexchange.tasks).
"""

import dataclasses
import json
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from dataexchange.models import STAGED_FOR, StagedImport
from dataexchange.services import ImportOutcome, RowOutcome

# The check of a file as kept for its preview: 20,000 rows without problems take about 3 MB.
MAX_PREVIEW_BYTES = 10 * 1024 * 1024


class PreviewTooLarge(ValueError):
    """The check of a file lists too much to keep; the message says what to do."""


def _checked(outcome):
    """The outcome as kept: JSON-ready, within MAX_PREVIEW_BYTES."""
    preview = dataclasses.asdict(outcome)
    size = len(json.dumps(preview, ensure_ascii=False).encode())
    if size > MAX_PREVIEW_BYTES:
        raise PreviewTooLarge(
            _(
                "The check of this file lists too much to show (%(size)s MB, at most %(limit)s MB): split the "
                "file into smaller files, or correct the problems of its first rows and upload it again."
            )
            % {"size": round(size / 1024 / 1024, 1), "limit": MAX_PREVIEW_BYTES // 1024 // 1024}
        )
    return preview


def stage(user, data, outcome):
    """Keep the uploaded bytes and their check for `user`; returns the token that finds them again.
    Raises PreviewTooLarge, keeping nothing, if the check lists too much."""
    return _create(user, outcome.kind, outcome.file_name, data, outcome=_checked(outcome))


def stage_unchecked(user, kind, file_name, data):
    """Keep the uploaded bytes of a large file for `user` until a background task checks them (save_outcome);
    returns the token that finds them again."""
    return _create(user, kind, file_name, data, outcome=None, in_background=True)


def _create(user, kind, file_name, data, **fields):
    StagedImport.objects.filter(staged_at__lt=timezone.now() - STAGED_FOR).delete()
    staged = StagedImport.objects.create(
        token=secrets.token_urlsafe(24), user=user, kind=kind, file_name=file_name[:255], data=data, **fields
    )
    return staged.token


def unchecked(user, token):
    """The large file `user` staged under `token` that waits for its check (a StagedImport), or None."""
    return StagedImport.objects.waiting().filter(user=user, token=token, outcome__isnull=True).first()


def in_background(user, kind, token):
    """Whether the checked file `user` staged under `token` is imported by a background task."""
    return StagedImport.objects.checked().filter(user=user, kind=kind, token=token, in_background=True).exists()


def save_outcome(user, token, outcome):
    """Keep a new check of the file staged under `token`; raises PreviewTooLarge if it lists too much."""
    StagedImport.objects.filter(user=user, token=token).update(outcome=_checked(outcome))


def load(user, token):
    """The check of the file `user` staged under `token` (ImportOutcome), or None if there is none waiting:
    unknown, not theirs, imported already or staged too long ago. The file's bytes stay in the database."""
    staged = StagedImport.objects.checked().filter(user=user, token=token).defer("data").first()
    if staged is None:
        return None
    saved = dict(staged.outcome)
    saved["rows"] = [RowOutcome(**row) for row in saved["rows"]]
    return ImportOutcome(**saved)


def discard(user, token):
    StagedImport.objects.filter(user=user, token=token).delete()
