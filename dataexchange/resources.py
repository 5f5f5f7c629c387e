"""What every SCORE resource (one per kind of record, in `dataexchange.kinds`) shares.

Files name rows by natural keys (a partner's code, a city's name, a module's number, an enterprise's
name and city), never by database ids, and leave out the audit fields. A header may be the column's
key, its English label or its Chinese label. Cells are read as people type them (see
`dataexchange.cells`). A resource works for one user: it finds existing rows among those the user
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
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Error, Result, RowResult
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from dataexchange.cells import (
    CellError,
    ChoiceWidget,
    DateTimeWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    LineWidget,
    LookupWidget,
    TextWidget,
    YesNoWidget,
    cell_text,
    key_part,
    overlong_message,
)
from dataexchange.reading import OverlongCell, clean_cell, excerpt, header_key, is_blank
from partners.access import scope_for
from reporting.summaries import bulk_written
from score_mis.bilingual import LANGUAGE_CODES, LANGUAGE_LABELS, in_reader_order
from score_mis.wording import aside

HEADER_ROW = 1
LOAD_CHUNK = 500
# before_import adds this column: each row's number in the spreadsheet, kept when rows are reordered.
ROW_NUMBER = "_spreadsheet_row"


@dataclass(frozen=True)
class Column:
    """What people see of a resource field: its header, what it means, and an example. The header is a label
    translated by gettext like the interface's own, so the pages, the templates, the notes sheet and the importer
    speak one vocabulary; both languages' headers are accepted on import whatever the interface language, and so are
    `former_label_zh`, the Chinese header that templates made before this had, and `former_headers`, the keys and
    English headers of a column before it was split into two languages."""

    label: str
    former_label_zh: str = ""
    notes: str = ""
    example: object = ""
    former_headers: tuple = ()

    @property
    def label_zh(self):
        with translation.override("zh-hans"):
            return str(self.label)


def bilingual_columns(name, label, notes="", examples=("", ""), former_labels_zh=("", ""), former_headers=((), ())):
    """The columns of the text field `name`, kept in English and Chinese (`<name>_en`, `<name>_zh_hans`): headed by
    `label` and the language, as the forms label them."""
    return {
        f"{name}_{suffix}": Column(
            lazy(aside, str)(LANGUAGE_LABELS[language], label), former, notes, example, tuple(headers)
        )
        for suffix, language, former, example, headers in zip(
            ("en", "zh_hans"), LANGUAGE_CODES, former_labels_zh, examples, former_headers, strict=True
        )
    }


@dataclass(frozen=True)
class Problem:
    """What is wrong in a row, named as the person sees it: the column (letter and header) and the reason."""

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
        resource = self.resource
        found = self.instances.get(resource.natural_key(row), [])
        if not found:
            # A row giving the English text of a record written only in Chinese so far names it by its Chinese text.
            found = [
                instance
                for instance in self.instances.get(resource.natural_key(row, in_chinese=True), [])
                if not resource.english_key_text(instance)
            ]
        if len(found) > 1:
            raise ValueError(
                _("%(count)s %(models)s match this row: change them in SCORE MIS before importing.")
                % {"count": len(found), "models": self.resource._meta.model._meta.verbose_name_plural}
            )
        return found[0] if found else None

    def _load(self):
        resource = self.resource
        rows = list(self.dataset.dict)
        keys = {resource.natural_key(row) for row in rows} | {
            resource.natural_key(row, in_chinese=True) for row in rows
        }
        keys.discard(None)
        self.instances = defaultdict(list)
        visible = resource.filter_export(resource.get_queryset())
        sees_everything = scope_for(resource.user).sees_everything
        hidden_keys = set()
        loaded = set()
        for chunk in resource.key_filters(keys):
            for instance in visible.filter(chunk):
                if instance.pk in loaded:  # read again by its other language's text
                    continue
                loaded.add(instance.pk)
                for key in resource.instance_keys(instance):
                    self.instances[key].append(instance)
            if not sees_everything:
                others = resource._meta.model._default_manager.filter(chunk).exclude(pk__in=visible.values("pk"))
                hidden_keys.update(key for instance in others for key in resource.instance_keys(instance))
        resource.hidden_keys = hidden_keys & keys
        resource.editable_pks = resource.editable_among(sorted(loaded))


class ScopedModelResource(resources.ModelResource):
    """The base of every SCORE resource: pass `user=` the person importing or exporting.
    `columns` gives each field its headers, notes and example (see `Column`). A natural-key field named in
    `optional_key_fields` may be left empty (or its column left out): "none" is then part of the key."""

    columns = {}
    optional_key_fields = ()

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user or AnonymousUser()
        self.hidden_keys = set()
        self.editable_pks = set()
        self._rows_by_key = {}
        self._pending_m2m = []
        self._last_keyed_row = self._last_key = None
        self.headers_in_file = {}
        self.columns_read = set()
        for field in self.fields.values():
            if hasattr(field.widget, "bind"):
                field.widget.bind(self)

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        # Unchanged rows are found by comparing snapshots (see skip_row), not with the library's diffs.
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
        "CharField": LineWidget,
        "TextField": TextWidget,
        "SlugField": LineWidget,
        "EmailField": LineWidget,
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
        if isinstance(django_field, models.CharField | models.TextField) and django_field.null:
            return {"null": True}
        return {}

    # Headers

    def label(self, name):
        """The header of field `name` in the interface language."""
        column = self.columns.get(name)
        if column is None:
            return name
        return str(column.label)

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
            if name.endswith("_en"):
                names.append(name.removesuffix("_en"))  # the header of files made before texts had two languages
            if column:
                with translation.override("en"):
                    names.append(str(column.label))
                names += [str(column.label), column.label_zh, column.former_label_zh, *column.former_headers]
            aliases.update({header_key(alias): field.column_name for alias in names})
        return aliases

    def check_headers(self, headers):
        """What is wrong with a file's header row, in plain words (an empty list when it can be imported)."""
        aliases, seen, problems = self.header_aliases(), {}, []
        for position, header in enumerate(headers):
            column = aliases.get(header_key(cell_text(header)))
            if column is None:
                continue
            if column in seen:
                problems.append(
                    _("Columns %(first)s and %(second)s both hold “%(label)s”: keep one.")
                    % {
                        "first": seen[column],
                        "second": column_letter(position),
                        "label": self.label(self._name_of(column)),
                    }
                )
            seen[column] = column_letter(position)
        for name in self.get_import_id_fields():
            chinese = self.chinese_key(name)
            if chinese and self.fields[chinese].column_name in seen:
                continue
            if self.fields[name].column_name not in seen and name not in self.optional_key_fields:
                problems.append(
                    _("The file has no column “%(label)s” (or “%(label_zh)s”), which says which row is meant.")
                    % {"label": self.columns[name].label, "label_zh": self.columns[name].label_zh}
                )
        return problems

    def ignored_columns(self, headers):
        """The columns of a file that the import leaves aside (unknown, or not the user's to change), as
        “letter “header”” strings."""
        aliases = self.header_aliases()
        used = {field.column_name for field in self.template_fields()}
        return [
            f"{column_letter(position)} “{excerpt(cell_text(header))}”"
            for position, header in enumerate(headers)
            if cell_text(header) and aliases.get(header_key(cell_text(header))) not in used
        ]

    def _name_of(self, column):
        return next((name for name, field in self.fields.items() if field.column_name == column), column)

    def before_import(self, dataset, **kwargs):
        """Headers to column keys, every cell as people meant it (see `clean_cell`)."""
        aliases = self.header_aliases()
        headers = []
        self.headers_in_file = {}
        self.columns_read = {field.column_name for field in self.template_fields()}
        for position, header in enumerate(dataset.headers or []):
            column = aliases.get(header_key(cell_text(header)))
            if column is None or column in headers:
                headers.append(cell_text(header))
                continue
            headers.append(column)
            self.headers_in_file[column] = (column_letter(position), cell_text(header))
        rows = [[clean_cell(cell) for cell in row] for row in dataset]
        dataset.wipe()
        dataset.headers = [*headers, ROW_NUMBER]
        for number, row in enumerate(rows, start=HEADER_ROW + 1):
            dataset.append([*row, number])

    # Finding the record a row describes

    def key_lookups(self):
        """The lookup of each natural-key field in a queryset filter (e.g. "city" for the city)."""
        return [self.fields[name].attribute for name in self.get_import_id_fields()]

    def chinese_key(self, name):
        """The Chinese field of natural-key field `name` when `name` is a text's English field (`title_en`): a row
        is then named by its English text, or by its Chinese text when it has no English one."""
        chinese = f"{name.removesuffix('_en')}_zh_hans"
        return chinese if name.endswith("_en") and chinese in self.fields else None

    def english_key_text(self, instance):
        return next((getattr(instance, name) for name in self.get_import_id_fields() if self.chinese_key(name)), None)

    def natural_key(self, row, *, in_chinese=False):
        """The natural key of the record a row describes, or None when a key cell cannot be read. A text in the
        key is (its field, the text): English if the row gives it, else Chinese; `in_chinese`: the Chinese text
        whatever the row gives (None if it has none)."""
        if in_chinese:
            return self._natural_key(row, in_chinese=True)
        if row is not self._last_keyed_row:
            self._last_keyed_row, self._last_key = row, self._natural_key(row)
        return self._last_key

    def _natural_key(self, row, in_chinese=False):
        key = []
        bilingual = False
        for name in self.get_import_id_fields():
            chinese = self.chinese_key(name)
            if chinese and (in_chinese or self._key_cell(row, name) in (None, "")):
                name = chinese
            field = self.fields[name]
            optional = name in self.optional_key_fields
            if field.column_name not in row and not optional:
                return None
            try:
                value = field.clean(row) if field.column_name in row else None
            except ValueError:
                return None
            if value in (None, ""):
                if not optional:
                    return None
                value = None
            key.append((name, value) if chinese else key_part(value))
            bilingual = bilingual or bool(chinese)
        return tuple(key) if bilingual or not in_chinese else None

    def _key_cell(self, row, name):
        field = self.fields[name]
        try:
            return field.clean(row) if field.column_name in row else None
        except ValueError:
            return None

    def get_instance(self, instance_loader, row):
        """The record the row names (see NaturalKeyLoader), also when a key text is given only in Chinese."""
        return instance_loader.get_instance(row)

    def _check_import_id_fields(self, headers):
        """The library's check that the file has the key columns: a key text's Chinese column stands in for its
        English one."""
        headers = list(headers or [])
        headers += [
            self.fields[name].column_name
            for name in self.get_import_id_fields()
            if self.chinese_key(name) and self.fields[self.chinese_key(name)].column_name in headers
        ]
        super()._check_import_id_fields(headers)

    def instance_keys(self, instance):
        """The natural keys a row may name `instance` by: with its English text, with its Chinese text."""
        keys = [[]]
        for name, lookup in zip(self.get_import_id_fields(), self.key_lookups(), strict=True):
            chinese = self.chinese_key(name)
            if chinese:
                texts = [(text_name, getattr(instance, text_name)) for text_name in (name, chinese)]
                keys = [[*key, text] for key in keys for text in texts if text[1]]
                continue
            try:
                model_field = self._meta.model._meta.get_field(lookup)
            except FieldDoesNotExist:
                model_field = None
            if isinstance(model_field, models.ForeignKey):
                part = getattr(instance, model_field.attname)
            else:
                part = getattr(instance, lookup)
            keys = [[*key, part] for key in keys]
        return [tuple(key) for key in keys]

    def key_filters(self, keys):
        """Filters (Q objects) reading, a chunk at a time, the records that may have one of `keys`: by the first
        field of the key."""
        first = self.get_import_id_fields()[0]
        if self.chinese_key(first):
            values = defaultdict(set)
            for key in keys:
                values[key[0][0]].add(key[0][1])
            by_field = [(self.fields[name].attribute, sorted(texts)) for name, texts in values.items()]
        else:
            by_field = [(self.key_lookups()[0], list({key[0] for key in keys if not isinstance(key[0], tuple)}))]
        for attribute, values in by_field:
            for start in range(0, len(values), LOAD_CHUNK):
                yield models.Q(**{f"{attribute}__in": values[start : start + LOAD_CHUNK]})

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
        return in_reader_order(super().get_queryset().visible_to(self.user))

    # Importing a row

    def import_row(self, row, instance_loader, **kwargs):
        number = row.pop(ROW_NUMBER, None) or kwargs["row_number"] + HEADER_ROW
        kwargs["row_number"] = number
        row_result = self.get_row_result_class()()
        row_result.number = number
        row_result.row_values = row
        if is_blank(row.values()):
            return row_result
        overlong = {
            self._name_of(column): [overlong_message(cell)]
            for column, cell in row.items()
            if isinstance(cell, OverlongCell) and column in self.columns_read
        }
        if overlong:
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = ValidationError(overlong)
            row_result.problems = self._problems(row_result)
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
            meaning[name] = tuple(map(key_part, value)) if isinstance(value, list) else key_part(value)
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
                value = field.get_value(instance)
                # An empty translated text is stored as NULL and read from a cell as "": the same text.
                values[name] = "" if value is None and isinstance(field.widget, TextWidget) else key_part(value)
        return values

    def skip_row(self, instance, original, row, import_validation_errors=None):
        before = getattr(instance, "_values_before_import", None)
        return before is not None and not import_validation_errors and self._values(instance, row) == before

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """Import a cell; a link the record already has is kept even if the user could not choose it
        (as in ScopedModelForm), so an exported row re-imports unchanged."""
        if (
            isinstance(field.widget, LookupWidget)
            and instance.pk is not None
            and field.column_name in row
            and header_key(cell_text(row[field.column_name])) == header_key(cell_text(field.export(instance)))
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
        if hasattr(instance, "stamp"):
            instance.stamp(self.user)  # the rules of locked periods ask who changes the record
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
                problems += [Problem(column, message) for message in ValidationError(errors).messages]
        problems += [Problem("", str(error.error)) for error in row_result.errors]
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
            return f"{letter} “{excerpt(header)}”"
        return f"“{self.label(name)}”"

    # Saving

    def before_save_instance(self, instance, row, **kwargs):
        instance.stamp(self.user)
        if not instance._state.adding:
            instance.updated_at = timezone.now()
        if self.user.is_authenticated:
            instance._history_user = self.user

    def delete_instance(self, instance, row, **kwargs):
        """Rows a file removes are deleted one by one, so their history says who removed them."""
        if kwargs.get("dry_run") and not kwargs.get("using_transactions"):
            return
        instance._history_user = self._history_user()
        instance.delete()

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
        # A key's English text may be added to a record so far written only in Chinese.
        keys = {
            lookup
            for name, lookup in zip(self.get_import_id_fields(), self.key_lookups(), strict=True)
            if not self.chinese_key(name)
        }
        return sorted(imported - keys) + ["updated_by", "updated_at", "version"]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                with bulk_written(self._meta.model, self.create_instances):
                    bulk_create_with_history(
                        self.create_instances,
                        self._meta.model,
                        batch_size=batch_size,
                        default_user=self._history_user(),
                    )
                self._write_pending_m2m()
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            # An import takes each row as it is at import time and counts as one more version of it,
            # so a form opened before the import is refused when saved after it.
            for instance in self.update_instances:
                instance.version += 1
            try:
                with bulk_written(self._meta.model, self.update_instances):
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
