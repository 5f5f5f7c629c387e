"""Spreadsheet import and export of partners, and what every SCORE resource shares.

Files name rows by natural keys (a partner's code, a city's name, a module's number, an enterprise's
name and city), never by database ids, and leave out the audit fields. A header may be the column's
key, its English label or its Chinese label. Cells are read as people type them (see
`partners.imports`). A resource works for one user: it finds existing rows among those the user
sees, changes only those the user may change, and links only to rows the user may pick. Without
a user it reaches nothing.

A file is imported whole or not at all: any problem in any row is an error that rolls the import
back, and rows are numbered as in the spreadsheet (the header is row 1). A row repeating an earlier
one is imported once. Rows are written in bulk, with their history and audit stamps.
"""

import operator
import string
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Error, Result, RowResult
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from partners.access import ScopedQuerySet, scope_for
from partners.imports import clean_cell, header_key, is_blank, parse_date, parse_decimal, parse_integer, parse_yes_no
from partners.models import City, Partner

HEADER_ROW = 1
LOAD_CHUNK = 500
# before_import adds this column: each row's number in the spreadsheet, kept when rows are reordered.
ROW_NUMBER = "_spreadsheet_row"


@dataclass(frozen=True)
class Column:
    """What people see of a resource field: its header in English (translated by gettext) and in
    Chinese (accepted on import whatever the interface language), what it means, and an example."""

    label: str
    label_zh: str
    notes: str = ""
    example: object = ""


class CellError(ValueError):
    """A cell that cannot be read. `column` names the resource field to blame when it is not the one being read."""

    def __init__(self, message, column=None):
        super().__init__(message)
        self.column = column


@dataclass(frozen=True)
class Problem:
    """What is wrong with one row, named as the person sees it: spreadsheet row, column header, reason."""

    row: int
    column: str
    message: str

    def __str__(self):
        return f"{self.column}: {self.message}" if self.column else self.message


class SpreadsheetRowResult(RowResult):
    def __init__(self):
        super().__init__()
        self.number = None
        self.problems = []
        self.repeat_of = None

    @property
    def is_blank(self):
        return self.import_type is None


class SpreadsheetResult(Result):
    """Every problem in a row counts as an error (the import is all or nothing), numbered as in the spreadsheet."""

    def row_errors(self):
        return [(row.number, [Error(problem) for problem in row.problems]) for row in self.rows if row.problems]

    def problems(self):
        return [problem for row in self.rows for problem in row.problems]


def _editable(queryset, user):
    return queryset.editable_by(user) if isinstance(queryset, ScopedQuerySet) else queryset


def _text(value):
    """A cell as text: whole numbers typed into a text column lose Excel's “.0”."""
    value = clean_cell(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return force_str(value)


def _key_part(value):
    """A hashable stand-in for a value in a natural key; unsaved rows are told apart by identity."""
    if isinstance(value, models.Model):
        return value.pk if value.pk is not None else ("unsaved", id(value))
    return value


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return _text(value)

    def describe(self):
        return ""


class ChoiceWidget(widgets.Widget):
    """One of a field's choices, by its code or its label (in English or the interface language)."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = list(choices)
        self._words_by_language = {}

    def _codes_by_word(self):
        language = translation.get_language()
        if language not in self._words_by_language:
            words = {}
            for code, label in self.choices:
                with translation.override("en"):
                    words[header_key(str(label))] = code
                words[header_key(str(label))] = code
                words[header_key(code)] = code
            self._words_by_language[language] = words
        return self._words_by_language[language]

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if text == "":
            return ""
        code = self._codes_by_word().get(header_key(text))
        if code is None:
            raise ValueError(
                _("“%(value)s” is not one of the allowed values: %(allowed)s.")
                % {"value": text, "allowed": ", ".join(code for code, _label in self.choices)}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""

    def describe(self):
        allowed = "; ".join(f"{code} ({label})" for code, label in self.choices)
        return _("One of: %(allowed)s.") % {"allowed": allowed}


class YesNoWidget(widgets.BooleanWidget):
    def clean(self, value, row=None, **kwargs):
        return parse_yes_no(value)

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type") or value is None:
            return value if value is not None else ""
        return "yes" if value else "no"

    def describe(self):
        return _("yes or no (是/否, true/false, y/n and 1/0 also work).")


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return value.isoformat() if value else ""

    def describe(self):
        return _("A date such as 2024-08-20 (2024/8/20, 20/08/2024 and 2024年8月20日 also work).")


class DateTimeWidget(widgets.DateTimeWidget):
    def clean(self, value, row=None, **kwargs):
        value = clean_cell(value)
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date and time: write it like 2024-08-20 10:30:00.") % {"value": value}
            ) from None

    def describe(self):
        return _("A date and time such as 2024-08-20 10:30:00.")


class DecimalWidget(widgets.NumberWidget):
    def clean(self, value, row=None, **kwargs):
        return parse_decimal(value)

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return "" if value is None else str(value)

    def describe(self):
        return _("A number such as 13000 or 13,000.50.")


class IntegerWidget(DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        return parse_integer(value)

    def describe(self):
        return _("A whole number such as 120.")


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key written as a natural key, such as a partner's code or a city's name (English or
    Chinese: `also` names more fields that identify a row). Exact matches win; otherwise case does not
    matter. The rows are read once per import, among those the user may link to (`editable`) or all."""

    def __init__(self, model, field="pk", *, also=(), editable=True, limit_choices_to=None, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.also = also
        self.editable = editable
        self.limit_choices_to = limit_choices_to or {}
        self.bind(None)

    def bind(self, resource):
        self.resource = resource
        self._exact = self._folded = None

    @property
    def user(self):
        return self.resource.user if self.resource else AnonymousUser()

    def candidates(self):
        queryset = self.model.objects.filter(**self.limit_choices_to)
        return _editable(queryset, self.user) if self.editable else queryset

    def keys_of(self, obj):
        return [getattr(obj, name) for name in (self.field, *self.also) if getattr(obj, name) not in (None, "")]

    def normalise(self, text):
        return text

    def _lookup(self, key):
        if self._exact is None:
            self._exact, self._folded = defaultdict(list), defaultdict(list)
            for obj in self.candidates():
                for obj_key in {self._key(part) for part in self.keys_of(obj)}:
                    self._exact[obj_key].append(obj)
                    self._folded[tuple(map(header_key, obj_key))].append(obj)
        found = self._exact.get(key) or self._folded.get(tuple(map(header_key, key)), [])
        unique = list(dict.fromkeys(found))
        return unique[0] if len(unique) == 1 else None

    def _key(self, part):
        return (self.normalise(_text(part)),)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if text == "":
            return None
        obj = self._lookup((self.normalise(text),))
        if obj is None:
            raise ValueError(self.unknown(text))
        return obj

    def unknown(self, text):
        if self.editable and issubclass(type(self.model.objects.none()), ScopedQuerySet):
            message = _("No %(model)s “%(value)s” that you may use.")
        else:
            message = _("No %(model)s “%(value)s” is recorded in SCORE MIS.")
        return message % {"model": self.model._meta.verbose_name, "value": text}

    def describe(self):
        return _("The %(key)s of a %(model)s.") % {
            "key": self.model._meta.get_field(self.field).verbose_name,
            "model": self.model._meta.verbose_name,
        }


class ModuleWidget(LookupWidget):
    """A module by its number: 1, 1.0 (as Excel stores it) and “Module 1” all mean Module 1."""

    def __init__(self, **kwargs):
        from trainings.models import Module

        super().__init__(Module, field="number", editable=False, **kwargs)

    def normalise(self, text):
        digits = "".join(char for char in text.split(".")[0] if char in string.digits)
        return digits or text

    def describe(self):
        return _("The number of a SCORE module, 1 to 5.")


class LookupInColumnWidget(LookupWidget):
    """A row named by two columns: its name in this column and a second key (a city, a partner) in `other_column`."""

    other_column = None
    other_fields = ()

    def __init__(self, model, field="name", *, other_column, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.other_column = other_column

    @property
    def reads_columns(self):
        return (self.other_column,)

    def keys_of(self, obj):
        names = super().keys_of(obj)
        others = [getattr(obj, path) for path in self.other_fields]
        return [(name, other) for name in names for other in others if other]

    def _key(self, part):
        name, other = part
        return (_text(name), _text(other))

    def not_found(self, name, other):
        raise NotImplementedError

    def clean(self, value, row=None, **kwargs):
        name = _text(value)
        if name == "":
            return None
        other = _text((row or {}).get(self.other_column, ""))
        if other == "":
            raise CellError(self.missing_other(name), column=self.other_column)
        obj = self._lookup((name, other))
        if obj is None:
            raise ValueError(self.not_found(name, other))
        return obj


class EnterpriseWidget(LookupInColumnWidget):
    """An enterprise by its name (English or Chinese) and, in another column, its city."""

    def __init__(self, *, other_column="enterprise_city", **kwargs):
        from enterprises.models import Enterprise

        super().__init__(Enterprise, field="name", also=("name_zh",), other_column=other_column, **kwargs)

    other_fields = ("city_name", "city_name_zh")

    def candidates(self):
        return super().candidates().annotate(city_name=models.F("city__name"), city_name_zh=models.F("city__name_zh"))

    def missing_other(self, name):
        return _("Give the city of enterprise “%(name)s”.") % {"name": name}

    def not_found(self, name, other):
        return _("No enterprise “%(name)s” in %(city)s that you may use.") % {"name": name, "city": other}

    def describe(self):
        return _(
            "The name of an enterprise you work with, as recorded in SCORE MIS (with its city in the next column)."
        )


class RoundWidget(LookupInColumnWidget):
    """A training round by its title and, in another column, the code of its partner."""

    def __init__(self, *, other_column="round_partner", **kwargs):
        from trainings.models import TrainingRound

        super().__init__(TrainingRound, field="title", other_column=other_column, **kwargs)

    other_fields = ("partner_code",)

    def candidates(self):
        return super().candidates().annotate(partner_code=models.F("partner__code"))

    def missing_other(self, name):
        return _("Give the partner code of round “%(title)s”.") % {"title": name}

    def not_found(self, name, other):
        return _("No training round “%(title)s” of partner %(partner)s that you may use.") % {
            "title": name,
            "partner": other,
        }

    def describe(self):
        return _("The title of a training round of your partner (with the partner's code in the next column).")


class LookupManyWidget(widgets.ManyToManyWidget):
    """Many related rows as natural keys separated by commas (or 、 and ;); an unknown key is an error."""

    def __init__(self, model, *, editable=True, limit_choices_to=None, **kwargs):
        super().__init__(model, **kwargs)
        self.lookup = LookupWidget(model, field=self.field, editable=editable, limit_choices_to=limit_choices_to)

    def bind(self, resource):
        self.lookup.bind(resource)

    def clean(self, value, row=None, **kwargs):
        text = _text(value).replace("、", self.separator).replace(";", self.separator)
        keys = [key.strip() for key in text.split(self.separator) if key.strip()]
        found, missing = [], []
        for key in keys:
            try:
                found.append(self.lookup.clean(key))
            except ValueError:
                missing.append(key)
        if missing:
            raise ValueError(self.lookup.unknown(", ".join(missing)))
        return list(dict.fromkeys(found))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(sorted(str(getattr(related, self.field)) for related in value.all()))

    def describe(self):
        return _("Codes of %(models)s separated by commas, or empty.") % {
            "models": self.model._meta.verbose_name_plural
        }


class NaturalKeyLoader(BaseInstanceLoader):
    """Finds the record each row describes by its natural key. The candidates for the whole file are
    read in a few queries: the rows the user sees (`instances`), which of them the user may change
    (`editable_pks`), and the keys of rows the user does not see (`hidden_keys`)."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.instances = None

    def get_instance(self, row):
        if self.instances is None:
            self._load()
        key = self.resource.natural_key(row)
        found = self.instances.get(key, [])
        if len(found) > 1:
            raise ValueError(
                _("%(count)s %(models)s match this row: change them in SCORE MIS before importing.")
                % {"count": len(found), "models": self.resource._meta.model._meta.verbose_name_plural}
            )
        return found[0] if found else None

    def _load(self):
        resource = self.resource
        keys = {resource.natural_key(row) for row in self.dataset.dict} - {None}
        first_values = list({key[0] for key in keys if not isinstance(key[0], tuple)})
        first_attribute = resource.key_lookups()[0]
        self.instances = defaultdict(list)
        visible = resource.filter_export(resource.get_queryset())
        sees_everything = scope_for(resource.user).sees_everything
        hidden_keys = set()
        for start in range(0, len(first_values), LOAD_CHUNK):
            chunk = {f"{first_attribute}__in": first_values[start : start + LOAD_CHUNK]}
            for instance in visible.filter(**chunk):
                self.instances[resource.instance_key(instance)].append(instance)
            if not sees_everything:
                others = resource._meta.model._default_manager.filter(**chunk).exclude(pk__in=visible.values("pk"))
                hidden_keys.update(resource.instance_key(instance) for instance in others)
        resource.hidden_keys = hidden_keys & keys
        loaded = [instance.pk for instances in self.instances.values() for instance in instances]
        resource.editable_pks = resource.editable_among(loaded)


class ScopedModelResource(resources.ModelResource):
    """The base of every SCORE resource: pass `user=` the person importing or exporting.
    `columns` gives each field its headers, notes and example (see `Column`)."""

    columns = {}

    def __init__(self, *, user=None, html_diff=False, **kwargs):
        super().__init__(**kwargs)
        self.user = user or AnonymousUser()
        self.hidden_keys = set()
        self.editable_pks = set()
        self._rows_by_key = {}
        self._pending_m2m = []
        self._last_keyed_row = self._last_key = None
        self.headers_in_file = {}
        if html_diff:
            self._meta = type(self._meta)()
            self._meta.__dict__.update(type(self)._meta.__dict__)
            self._meta.skip_diff = False
        for field in self.fields.values():
            if hasattr(field.widget, "bind"):
                field.widget.bind(self)

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        # Unchanged rows are found by comparing snapshots (see skip_row); the admin asks for HTML diffs.
        skip_diff = True
        use_bulk = True
        batch_size = 1000
        chunk_size = 2000
        store_row_values = True
        instance_loader_class = NaturalKeyLoader

    @classmethod
    def get_result_class(cls):
        return SpreadsheetResult

    @classmethod
    def get_row_result_class(cls):
        return SpreadsheetRowResult

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "CharField": TextWidget,
        "TextField": TextWidget,
        "SlugField": TextWidget,
        "EmailField": TextWidget,
        "DecimalField": DecimalWidget,
        "DateTimeField": DateTimeWidget,
        "DateField": DateWidget,
        "IntegerField": IntegerWidget,
        "PositiveIntegerField": IntegerWidget,
        "PositiveSmallIntegerField": IntegerWidget,
        "SmallIntegerField": IntegerWidget,
        "BooleanField": YesNoWidget,
    }

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if f.choices:
            return ChoiceWidget
        return super().widget_from_django_field(f, default)

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        if django_field.choices:
            return {"choices": django_field.choices}
        return {}

    # Headers

    def label(self, name):
        """The header of field `name` in the interface language."""
        column = self.columns.get(name)
        if column is None:
            return name
        return column.label_zh if (translation.get_language() or "").startswith("zh") else str(column.label)

    def title_columns(self):
        """The columns that say which record a row is about, to name it in a preview."""
        return [self.fields[name].column_name for name in self.get_import_id_fields()]

    def template_fields(self):
        """The fields a file of this user holds: those imported, and those a lookup reads (an enterprise's city)."""
        read_by_lookups = {
            column for field in self.fields.values() for column in getattr(field.widget, "reads_columns", ())
        }
        return [
            field for field in self.get_export_fields() if not field.readonly or field.column_name in read_by_lookups
        ]

    def header_aliases(self):
        """{header as compared: column key}: keys, English and translated labels, and Chinese labels."""
        aliases = {}
        for name, field in self.fields.items():
            column = self.columns.get(name)
            names = [name, field.column_name]
            if column:
                with translation.override("en"):
                    names.append(str(column.label))
                names += [str(column.label), column.label_zh]
            aliases.update({header_key(alias): field.column_name for alias in names})
        return aliases

    def check_headers(self, headers):
        """What is wrong with a file's header row, in plain words (an empty list when it can be imported)."""
        aliases, seen, problems = self.header_aliases(), {}, []
        for position, header in enumerate(headers):
            column = aliases.get(header_key(_text(header)))
            if column is None:
                continue
            if column in seen:
                problems.append(
                    _("Columns %(first)s and %(second)s both hold “%(label)s”: keep one.")
                    % {"first": seen[column], "second": column_letter(position), "label": self.label(column)}
                )
            seen[column] = column_letter(position)
        for name in self.get_import_id_fields():
            if self.fields[name].column_name not in seen:
                problems.append(
                    _("The file has no column “%(label)s” (or “%(label_zh)s”), which says which row is meant.")
                    % {"label": self.columns[name].label, "label_zh": self.columns[name].label_zh}
                )
        return problems

    def before_import(self, dataset, **kwargs):
        """Headers to column keys, every cell as people meant it (see `clean_cell`)."""
        aliases = self.header_aliases()
        headers = []
        self.headers_in_file = {}
        for position, header in enumerate(dataset.headers or []):
            column = aliases.get(header_key(_text(header)))
            if column is None or column in headers:
                headers.append(_text(header))
                continue
            headers.append(column)
            self.headers_in_file[column] = (column_letter(position), _text(header))
        rows = [[clean_cell(cell) for cell in row] for row in dataset]
        dataset.wipe()
        dataset.headers = [*headers, ROW_NUMBER]
        for number, row in enumerate(rows, start=HEADER_ROW + 1):
            dataset.append([*row, number])

    # Finding the record a row describes

    def key_lookups(self):
        """The lookup of each natural-key field in a queryset filter (e.g. "city" for the city)."""
        return [self.fields[name].attribute for name in self.get_import_id_fields()]

    def natural_key(self, row):
        """The natural key of the record a row describes, or None when a key cell cannot be read."""
        if row is not self._last_keyed_row:
            self._last_keyed_row, self._last_key = row, self._natural_key(row)
        return self._last_key

    def _natural_key(self, row):
        key = []
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name not in row:
                return None
            try:
                value = field.clean(row)
            except ValueError:
                return None
            if value in (None, ""):
                return None
            key.append(_key_part(value))
        return tuple(key)

    def instance_key(self, instance):
        key = []
        for lookup in self.key_lookups():
            try:
                model_field = self._meta.model._meta.get_field(lookup)
            except FieldDoesNotExist:
                model_field = None
            if isinstance(model_field, models.ForeignKey):
                key.append(getattr(instance, model_field.attname))
            else:
                key.append(getattr(instance, lookup))
        return tuple(key)

    def editable_among(self, pks):
        if scope_for(self.user).changes_everything:
            return set(pks)
        editable = set()
        for start in range(0, len(pks), LOAD_CHUNK):
            chunk = pks[start : start + LOAD_CHUNK]
            editable.update(
                self._meta.model.objects.editable_by(self.user).filter(pk__in=chunk).values_list("pk", flat=True)
            )
        return editable

    def get_queryset(self):
        return super().get_queryset().visible_to(self.user)

    # Importing a row

    def import_data(self, dataset, *args, rollback_on_validation_errors=True, **kwargs):
        return super().import_data(
            dataset, *args, rollback_on_validation_errors=rollback_on_validation_errors, **kwargs
        )

    def import_row(self, row, instance_loader, **kwargs):
        number = row.pop(ROW_NUMBER, None) or kwargs["row_number"] + HEADER_ROW
        kwargs["row_number"] = number
        row_result = self.get_row_result_class()()
        row_result.number = number
        row_result.row_values = row
        if is_blank(row.values()):
            return row_result
        key = self.natural_key(row)
        if key is not None and key in self._rows_by_key:
            return self._repeated(row_result, row, *self._rows_by_key[key])
        if key is not None:
            self._rows_by_key[key] = (number, dict(row))
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.number = number
        row_result.problems = self._problems(row_result)
        return row_result

    def _meaning(self, row):
        """The row's cells as read (so 德阳 and Deyang, 是 and yes are the same); None when a cell cannot be read."""
        meaning = {}
        for name, field in self.fields.items():
            if field.readonly or field.column_name not in row:
                continue
            try:
                value = field.clean(row)
            except ValueError:
                return None
            meaning[name] = tuple(map(_key_part, value)) if isinstance(value, list) else _key_part(value)
        return meaning

    def _repeated(self, row_result, row, first_number, first_row):
        row_result.repeat_of = first_number
        meaning = self._meaning(row)
        if meaning is not None and meaning == self._meaning(first_row):
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            return row_result
        row_result.import_type = RowResult.IMPORT_TYPE_INVALID
        row_result.validation_error = ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "Row %(row)s describes the same %(model)s with other values: keep only one of the two rows."
                )
                % {"row": first_number, "model": self._meta.model._meta.verbose_name}
            }
        )
        row_result.problems = self._problems(row_result)
        return row_result

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            instance._values_before_import = self._values(instance)

    def _values(self, instance, row=None):
        """What the file may change in `instance`; many-to-many links as read from `row` when given."""
        values = {}
        for name, field in self.fields.items():
            if field.readonly or not field.attribute:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                if row is not None and field.column_name in row:
                    related = field.clean(row)
                else:
                    related = field.get_value(instance).all()
                values[name] = sorted(obj.pk for obj in related)
            else:
                values[name] = _key_part(field.get_value(instance))
        return values

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not self._meta.skip_diff:
            return super().skip_row(instance, original, row, import_validation_errors)
        before = getattr(instance, "_values_before_import", None)
        return before is not None and not import_validation_errors and self._values(instance, row) == before

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """Import a cell; a link the record already has is kept even if the user could not choose it
        (as in ScopedModelForm), so an exported row re-imports unchanged."""
        if (
            isinstance(field.widget, LookupWidget)
            and instance.pk is not None
            and field.column_name in row
            and header_key(_text(row[field.column_name])) == header_key(_text(field.export(instance)))
        ):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        if instance.pk is None and self.natural_key(row) in self.hidden_keys:
            errors[NON_FIELD_ERRORS] = [
                _("This %(model)s already exists in SCORE MIS under a partner whose records you cannot change.")
                % {"model": self._meta.model._meta.verbose_name}
            ]
        for name, field in self.fields.items():
            if field.readonly or field.column_name not in row or not field.attribute:
                continue
            try:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    field.clean(row)
                else:
                    self.import_field(field, instance, row, **kwargs)
            except CellError as error:
                errors.setdefault(error.column or name, []).append(str(error))
            except ValueError as error:
                errors.setdefault(name, []).append(str(error))
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Full validation, less what the import already checked: looked-up links exist, and natural
        keys are unique (see NaturalKeyLoader). Check constraints are still asked of the database."""
        errors = dict(import_validation_errors or {})
        if instance.pk is not None and instance.pk not in self.editable_pks:
            errors.setdefault(NON_FIELD_ERRORS, []).append(_("You may read this row but not change it."))
        model_fields = {field.name for field in instance._meta.concrete_fields}
        looked_up = {
            field.attribute
            for field in self.fields.values()
            if isinstance(field.widget, LookupWidget) and field.attribute in model_fields
        }
        failed = {self._model_field_name(key) for key in errors}
        try:
            instance.full_clean(exclude=failed | looked_up, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        failed = {self._model_field_name(key) for key in errors}
        for constraint in instance._meta.constraints:
            if isinstance(constraint, models.CheckConstraint) and not _check_holds(constraint, instance, failed):
                errors.setdefault(NON_FIELD_ERRORS, []).append(constraint.get_violation_error_message())
        if errors:
            raise ValidationError(errors)

    def _model_field_name(self, key):
        field = self.fields.get(key)
        return field.attribute if field is not None and field.attribute else key

    def _problems(self, row_result):
        problems = []
        if row_result.validation_error is not None:
            for key, errors in row_result.validation_error.update_error_dict({}).items():
                column = self._column_title(key)
                problems += [
                    Problem(row_result.number, column, message) for message in ValidationError(errors).messages
                ]
        problems += [Problem(row_result.number, "", str(error.error)) for error in row_result.errors]
        return problems

    def _column_title(self, key):
        """The column an error key (a resource field or model field name) stands for, as the file names it."""
        if key == NON_FIELD_ERRORS:
            return ""
        name = next(
            (name for name, field in self.fields.items() if key in (name, field.attribute, f"{field.attribute}_id")),
            key,
        )
        column = self.fields[name].column_name if name in self.fields else name
        if column in self.headers_in_file:
            letter, header = self.headers_in_file[column]
            return f"{letter} “{header}”"
        return f"“{self.label(name)}”"

    # Saving

    def before_save_instance(self, instance, row, **kwargs):
        instance.stamp(self.user)
        if not instance._state.adding:
            instance.updated_at = timezone.now()
        if self.user.is_authenticated:
            instance._history_user = self.user

    def _history_user(self):
        return self.user if self.user.is_authenticated else None

    def save_m2m(self, instance, row, **kwargs):
        if not self._meta.use_bulk:
            return super().save_m2m(instance, row, **kwargs)
        if not kwargs.get("using_transactions") and kwargs.get("dry_run"):
            return
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row and not field.readonly:
                self._pending_m2m.append((instance, field.attribute, field.clean(row), instance._state.adding))
        if instance.pk is not None:
            self._write_pending_m2m()

    def _write_pending_m2m(self):
        waiting = []
        for instance, attribute, related, is_new in self._pending_m2m:
            if instance.pk is None:
                waiting.append((instance, attribute, related, is_new))
            elif related or not is_new:
                getattr(instance, attribute).set(related)
        self._pending_m2m = waiting

    def get_bulk_update_fields(self):
        model_fields = {field.name for field in self._meta.model._meta.concrete_fields}
        imported = {
            field.attribute
            for field in self.get_import_fields()
            if not field.readonly and field.attribute in model_fields
        }
        return sorted(imported - set(self.key_lookups())) + ["updated_by", "updated_at"]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(
                    self.create_instances, self._meta.model, batch_size=batch_size, default_user=self._history_user()
                )
                self._write_pending_m2m()
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                bulk_update_with_history(
                    self.update_instances,
                    self._meta.model,
                    self.get_bulk_update_fields(),
                    batch_size=batch_size,
                    default_user=self._history_user(),
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()


COMPARISONS = {
    "exact": operator.eq,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


def _field_value(instance, name):
    if name == "pk":
        return instance.pk
    return getattr(instance, instance._meta.get_field(name).attname)


def _leaves(condition):
    """The (lookup, value) pairs of a Q, however nested."""
    for child in condition.children:
        yield from _leaves(child) if isinstance(child, models.Q) else [child]


def _evaluate(condition, instance):
    """A check constraint's condition worked out in Python as the database would, None standing for SQL's
    NULL. Only comparisons of a field with a value or with F() of another field are understood."""
    if isinstance(condition, models.Q):
        results = [_evaluate(child, instance) for child in condition.children]
        if condition.connector == models.Q.AND:
            result = False if False in results else None if None in results else True
        else:
            result = True if True in results else None if None in results else False
        return result if result is None or not condition.negated else not result
    lookup, expected = condition
    name, _separator, comparison = lookup.partition("__")
    value = _field_value(instance, name)
    if comparison == "isnull":
        return (value is None) == expected
    if isinstance(expected, models.F):
        expected = _field_value(instance, expected.name)
    if value is None or expected is None:
        return None
    return COMPARISONS[comparison or "exact"](value, expected)


def _is_simple(condition):
    for lookup, expected in _leaves(condition):
        name, _separator, comparison = lookup.partition("__")
        if comparison not in ("", "isnull", *COMPARISONS) or "__" in comparison:
            return False
        if hasattr(expected, "resolve_expression") and not (
            isinstance(expected, models.F) and "__" not in expected.name
        ):
            return False
    return True


def _check_holds(constraint, instance, exclude):
    """Whether `instance` keeps a check constraint. Like CheckConstraint.validate(), which asks the
    database (a query per row and constraint), but worked out in Python when the condition is simple.
    A constraint on an excluded field is not checked, and NULL passes, as in the database."""
    condition = models.Q(constraint.condition)
    if not _is_simple(condition):
        try:
            constraint.validate(type(instance), instance, exclude=exclude)
        except ValidationError:
            return False
        return True
    names = {lookup.partition("__")[0] for lookup, _value in _leaves(condition)}
    names |= {value.name for _lookup, value in _leaves(condition) if isinstance(value, models.F)}
    if names & exclude:
        return True
    return _evaluate(condition, instance) is not False


def column_letter(position):
    """The spreadsheet letter of a 0-based column position: 0 → A, 26 → AA."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return letters


def _generation(code, parent_of):
    """How many ancestors of partner `code` the file itself lists."""
    depth, seen = 0, {code}
    while (code := parent_of.get(code)) in parent_of and code not in seen:
        seen.add(code)
        depth += 1
    return depth


class PartnerResource(ScopedModelResource):
    parent = fields.Field(attribute="parent", column_name="parent", widget=LookupWidget(Partner, field="code"))
    city = fields.Field(
        attribute="city", column_name="city", widget=LookupWidget(City, field="name", also=("name_zh",))
    )

    columns = {
        "code": Column(gettext_lazy("Partner code"), "合作伙伴代码"),
        "name": Column(gettext_lazy("Name"), "名称"),
        "name_zh": Column(gettext_lazy("Chinese name"), "中文名称"),
        "kind": Column(gettext_lazy("Kind"), "类型"),
        "parent": Column(gettext_lazy("Parent partner code"), "上级合作伙伴代码"),
        "parent_relation": Column(gettext_lazy("Relation to parent"), "与上级的关系"),
        "city": Column(gettext_lazy("City"), "城市"),
        "is_active": Column(gettext_lazy("Active"), "是否有效"),
    }

    class Meta:
        model = Partner
        fields = ("code", "name", "name_zh", "kind", "parent", "parent_relation", "city", "is_active")
        import_id_fields = ("code",)
        # A branch may name a parent listed earlier in the same file: rows are saved one by one.
        use_bulk = False

    def before_import(self, dataset, **kwargs):
        """Parents before their branches, so a file may list partners in any order."""
        super().before_import(dataset, **kwargs)
        if dataset.headers and {"code", "parent"} <= set(dataset.headers):
            parent_of = dict(zip(dataset["code"], dataset["parent"], strict=True))
            dataset.dict = sorted(dataset.dict, key=lambda row: _generation(row["code"], parent_of))

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("parent", "city")
