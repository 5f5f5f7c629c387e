"""Uploaded files kept between the preview and the confirmation, per user, under a random token.

The file and its preview stay on the server (default storage under imports/<user id>/, which is never
served); the browser holds only the token, and a token is looked up in its user's folder only. The
confirmation imports the file again from scratch: the preview is shown to people, never trusted.
"""

import dataclasses
import json
import re
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from dataexchange.services import ImportOutcome, RowOutcome

TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
KEPT_FOR = timezone.timedelta(days=1)
# The check of a file as kept for its preview: 20,000 rows without problems take about 3 MB.
MAX_PREVIEW_BYTES = 10 * 1024 * 1024


class PreviewTooLarge(ValueError):
    """The check of a file lists too much to keep; the message says what to do."""


@dataclass
class StagedFile:
    token: str
    data: bytes
    outcome: ImportOutcome


def _folder(user):
    return f"imports/{user.pk}"


def _names(user, token):
    return f"{_folder(user)}/{token}.upload", f"{_folder(user)}/{token}.json"


def _remove_expired(user):
    try:
        _folders, files = default_storage.listdir(_folder(user))
    except FileNotFoundError:
        return
    for name in files:
        path = f"{_folder(user)}/{name}"
        if default_storage.get_modified_time(path) < timezone.now() - KEPT_FOR:
            default_storage.delete(path)


def stage(user, data, outcome):
    """Keep the uploaded bytes and their preview for `user`; returns the token that finds them again.
    Raises PreviewTooLarge, keeping nothing, if the preview lists too much."""
    _remove_expired(user)
    preview = _preview(outcome)
    token = secrets.token_urlsafe(24)
    upload_name, preview_name = _names(user, token)
    default_storage.save(upload_name, ContentFile(data))
    default_storage.save(preview_name, ContentFile(preview))
    return token


def _preview(outcome):
    preview = json.dumps(dataclasses.asdict(outcome), ensure_ascii=False).encode()
    if len(preview) > MAX_PREVIEW_BYTES:
        raise PreviewTooLarge(
            _(
                "The check of this file lists too much to show (%(size)s MB, at most %(limit)s MB): split the "
                "file into smaller files, or correct the problems of its first rows and upload it again."
            )
            % {"size": round(len(preview) / 1024 / 1024, 1), "limit": MAX_PREVIEW_BYTES // 1024 // 1024}
        )
    return preview


def save_outcome(user, token, outcome):
    """Keep the check of the file staged under `token`; raises PreviewTooLarge if it lists too much."""
    preview = _preview(outcome)
    _upload_name, preview_name = _names(user, token)
    default_storage.delete(preview_name)
    default_storage.save(preview_name, ContentFile(preview))


def load(user, token):
    """The file `user` staged under `token`, or None if there is none (or the token is not theirs)."""
    if not TOKEN.fullmatch(token or ""):
        return None
    upload_name, preview_name = _names(user, token)
    if not default_storage.exists(upload_name) or not default_storage.exists(preview_name):
        return None
    with default_storage.open(upload_name, "rb") as upload:
        data = upload.read()
    with default_storage.open(preview_name, "rb") as preview:
        saved = json.loads(preview.read())
    saved["rows"] = [RowOutcome(**row) for row in saved["rows"]]
    return StagedFile(token=token, data=data, outcome=ImportOutcome(**saved))


def discard(user, token):
    for name in _names(user, token):
        default_storage.delete(name)
