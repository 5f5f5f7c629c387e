"""No doubled record: what happens when a new record repeats one already stored.

A record's natural key (a round's partner and title, an improvement's enterprise and title, …) is a
unique constraint in the database. Saving a new record whose key is taken (a double tap on a create
form, a second tab, a repeated import) is answered in one place, `check_not_saved_twice`:

- the stored record is one the user may see and holds what they sent: `AlreadySaved`, which
  `AlreadySavedMiddleware` turns into a redirect to that record saying it was already saved;
- the user may see it, but it differs: a ValidationError naming it, so the user keeps their input;
- the user may not see it: a ValidationError that says nothing of it.

Two requests that pass this check at the same moment meet the database's constraint: `save_checked`
then checks again, and any other IntegrityError becomes a ValidationError, never a 500. What still
escapes (a path that saves on its own) `AlreadySavedMiddleware` answers with a 409 page.
"""

import logging

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files import File
from django.db import IntegrityError, models, transaction
from django.forms.models import construct_instance
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

UNCOMPARED = {"id", "version", "created_at", "created_by", "updated_at", "updated_by"}


class AlreadySaved(Exception):
    """The record the user is creating is already stored (`record`), as they sent it."""

    def __init__(self, record):
        super().__init__(record)
        self.record = record


def _natural_keys(model):
    """The field names of each unique constraint and unique field of `model`, with the constraint if any."""
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            yield constraint.fields, constraint
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key and not isinstance(field, models.OneToOneField):
            yield (field.name,), None


def namesake(record):
    """(a stored record other than `record` that holds one of its natural keys, the key's field names, its
    unique constraint if it is one), or (None, (), None)."""
    model = type(record)
    for names, constraint in _natural_keys(model):
        try:
            attnames = [model._meta.get_field(name).attname for name in names]
        except FieldDoesNotExist:
            continue
        values = {attname: getattr(record, attname) for attname in attnames}
        if any(value is None or value == "" for value in values.values()):
            continue
        if constraint is not None and constraint.condition is not None:
            try:
                constraint.validate(model, record)
            except ValidationError:
                pass
            else:
                continue  # the record is outside the constraint's condition, or nothing holds its key
        stored = model._base_manager.filter(**values).exclude(pk=record.pk)
        if constraint is not None and constraint.condition is not None:
            stored = stored.filter(constraint.condition)
        found = stored.first()
        if found is not None:
            return found, names, constraint
    return None, (), None


def _may_see(user, record):
    queryset = type(record)._default_manager.all()
    if user is None or not hasattr(queryset, "visible_to"):
        return True
    return queryset.visible_to(user).filter(pk=record.pk).exists()


def _holds_the_same(record, stored):
    fields = [
        field for field in type(record)._meta.concrete_fields if field.name not in UNCOMPARED and not field.primary_key
    ]
    # Files last: reading them is the dearest comparison.
    fields.sort(key=lambda field: isinstance(field, models.FileField))
    return all(
        _same_file(getattr(record, field.attname), getattr(stored, field.attname))
        if isinstance(field, models.FileField)
        else getattr(record, field.attname) == getattr(stored, field.attname)
        for field in fields
    )


def _same_file(sent, stored):
    """Whether a file just sent holds what a stored one does (its stored name differs: the storage made it unique);
    a stored file that is missing holds nothing the same."""
    if not sent or not stored:
        return not sent and not stored
    if getattr(sent, "_committed", False):
        return sent.name == stored.name
    try:
        if sent.size != stored.size:
            return False
        with stored.open("rb"):
            sent.seek(0)
            while True:
                mine, theirs = sent.read(File.DEFAULT_CHUNK_SIZE), stored.read(File.DEFAULT_CHUNK_SIZE)
                if mine != theirs:
                    return False
                if not mine:
                    return True
    except OSError:
        return False
    finally:
        sent.seek(0)


def _label(field):
    """A field's name as people read it: a text's English or Chinese column (modeltranslation) is the text."""
    return str(getattr(field, "translated_field", field).verbose_name)


def check_not_saved_twice(record, user):
    """Before saving the new `record` as `user`: refuse it if one of its natural keys is taken (see above)."""
    if not record._state.adding:
        return
    stored, names, constraint = namesake(record)
    if stored is None:
        return
    fields = get_text_list([_label(type(record)._meta.get_field(name)) for name in names], _("and"))
    if not _may_see(user, stored):
        message = _("This %(fields)s cannot be used. Ask ILO staff to resolve it.") % {"fields": fields}
    elif _holds_the_same(record, stored) and hasattr(stored, "get_absolute_url"):
        raise AlreadySaved(stored)
    elif constraint is not None and constraint.violation_error_message != constraint.default_violation_error_message:
        message = constraint.violation_error_message
    else:
        message = _("There is already “%(record)s” with this %(fields)s: change that one, or tell this one apart.") % {
            "record": stored,
            "fields": fields,
        }
    # On the field that tells records apart: the key's free text (a title, a name), else its last field (a date).
    texts = [
        name
        for name in names
        if isinstance(field := type(record)._meta.get_field(name), models.CharField) and not field.choices
    ]
    raise ValidationError({(texts or names)[-1 if not texts else 0]: ValidationError(message, code="taken")})


def save_checked(record, user):
    """Validate `record` fully and save it, atomically; a doubled record is refused as above and a save
    the database refuses (a record saved by someone else at the same moment) is a ValidationError."""
    with transaction.atomic():
        check_not_saved_twice(record, user)
        record.full_clean()
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError as error:
            logger.info("Save of %s refused by the database: %s", type(record).__name__, error)
            check_not_saved_twice(record, user)
            raise ValidationError(conflict_message(), code="conflict") from error
    return record


def conflict_message():
    return _("This was not saved: it conflicts with a record saved at the same moment. Check it and save again.")


class UniqueFormMixin:
    """For a model form of a new record: a doubled record is found before the model's own checks run, as
    the services find it (`check_not_saved_twice`), with the form's `user` if it has one."""

    def _post_clean(self):
        if self.instance._state.adding:
            construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
            try:
                check_not_saved_twice(self.instance, getattr(self, "user", None))
            except ValidationError as error:
                for name, errors in error.error_dict.items():
                    self.add_error(name if name in self.fields else None, errors)
                return
        super()._post_clean()


class AlreadySavedMiddleware:
    """Answers a request that would have doubled a record: with the record itself when it was already saved
    (see `AlreadySaved`), and with a 409 page (JSON for the API) when the database refused a save."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, AlreadySaved):
            record = exception.record
            message = _("“%(record)s” was already saved: here it is.") % {"record": record}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "url": record.get_absolute_url()}, status=409)
            messages.info(request, message)
            return redirect(record.get_absolute_url())
        if isinstance(exception, IntegrityError):
            logger.warning("A save refused by the database reached %s: %s", request.path, exception)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": conflict_message()}, status=409)
            return HttpResponse(render_to_string("409.html", {"message": conflict_message()}, request), status=409)
        return None
