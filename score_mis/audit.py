from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from score_mis.saving import save_checked


class Stamped(models.Model):
    """Who created and last changed a record and when, and its version. Models with text in two languages take
    this and register their history after their translation fields exist (see reporting/translation.py); all
    others take `Audited`."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Bumped by every save; a save based on an older version is refused (score_mis.versions).
    version = AutoIncVersionField(_("version"))

    class Meta:
        abstract = True

    def stamp(self, user):
        """Record `user` as the author of the change about to be saved."""
        if user is not None and not user.is_authenticated:
            user = None
        if self._state.adding and self.created_by_id is None:
            self.created_by = user
        self.updated_by = user

    def save_validated(self, user, **fields):
        """Set `fields`, check every rule of the model (`full_clean`) and save, as a change by `user` (in the
        history too). What services call; a name that is not one of the model's own fields is an error. A new
        record that repeats a stored one is refused, or lands on it (score_mis.saving)."""
        if unknown := set(fields) - {field.name for field in self._meta.concrete_fields}:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        for name, value in fields.items():
            setattr(self, name, value)
        self.stamp(user)
        self._history_user = self.updated_by
        return save_checked(self, user)


class Audited(Stamped):
    """Who created and last changed a record and when, plus its full change history."""

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
