import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.access import scope_for

IMPORT_PERMISSION = "dataexchange.import_records"
LONGEST_TOKEN_LIFE = datetime.timedelta(days=366)
USE_RECORDED_EVERY = datetime.timedelta(minutes=1)
# How long an uploaded file waits for its confirmation.
STAGED_FOR = datetime.timedelta(days=1)


class SpreadsheetImport(models.Model):
    """A spreadsheet imported into SCORE MIS: who imported which file of what, and what it changed
    (rows removed: attendance rows a file sets to nobody). The model also carries the permission to import."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind of records"), max_length=30)
    file_name = models.CharField(_("file name"), max_length=255)
    created = models.PositiveIntegerField(_("rows added"))
    updated = models.PositiveIntegerField(_("rows updated"))
    removed = models.PositiveIntegerField(_("rows removed"), default=0)
    unchanged = models.PositiveIntegerField(_("rows unchanged"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-imported_at"]
        default_permissions = ("view",)
        permissions = [("import_records", _("Can import records from spreadsheets"))]

    def __str__(self):
        return f"{self.file_name} ({self.kind}, {self.imported_at:%Y-%m-%d %H:%M})"


class StagedImportQuerySet(models.QuerySet):
    def waiting(self):
        """Files not imported yet, staged less than STAGED_FOR ago."""
        return self.filter(imported_at__isnull=True, staged_at__gte=timezone.now() - STAGED_FOR)

    def checked(self):
        """Waiting files whose check is done (a large file's is done by a background task)."""
        return self.waiting().filter(outcome__isnull=False)


class StagedImport(models.Model):
    """A file uploaded for import, kept between its check and its confirmation (for a day at most): the
    bytes, the check shown in the preview (none yet while a background task checks a large file), and
    when it was imported. Only its token leaves the server, and it is looked up with its user only.
    Confirming claims it once (services.staged_import_confirm)."""

    token = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    outcome = models.JSONField(null=True)
    # Checked and imported by background tasks: more rows than dataexchange.tasks.IMPORT_IN_REQUEST_ROWS.
    in_background = models.BooleanField(default=False)
    staged_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    objects = StagedImportQuerySet.as_manager()

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.file_name} ({self.kind}, {self.token})"


def may_import(user):
    """Whether `user` may import at all: the permission, and partners to write for. Which rows they may
    create or change is still decided row by row."""
    return scope_for(user).may_write_anything and user.has_perm(IMPORT_PERMISSION)


class ApiTokenQuerySet(models.QuerySet):
    def for_page(self, user):
        """A user's tokens for their token page, newest first."""
        return self.filter(user=user).order_by("-created_at", "-pk")


class ApiToken(models.Model):
    """A personal token with which a program reads the API as its user. Only a SHA-256 digest of the token
    is stored: the token itself is shown once, when it is made (see dataexchange.api.tokens)."""

    class Kind(models.TextChoices):
        API = "api", _("API token (sent by programs in the Authorization header)")
        FEED = "feed", _("Feed token (part of live feed URLs for Excel and Power BI)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the program using it."))
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices, default=Kind.API)
    prefix = models.CharField(_("first characters"), max_length=20, editable=False)
    digest = models.CharField(_("SHA-256 digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_on = models.DateField(_("expires on"), help_text=_("The token works until the end of this day."))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expires_on < timezone.localdate()

    @property
    def is_usable(self):
        return not (self.is_revoked or self.is_expired)

    def clean(self):
        if self._state.adding and self.expires_on is not None:
            today = timezone.localdate()
            if self.expires_on < today:
                raise ValidationError({"expires_on": _("Choose a day from today on.")})
            if self.expires_on > today + LONGEST_TOKEN_LIFE:
                raise ValidationError({"expires_on": _("A token can last one year at most.")})

    def record_use(self):
        """Note that the token was used, at most once a minute (not a database write on every request)."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > USE_RECORDED_EVERY:
            self.last_used_at = now
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
