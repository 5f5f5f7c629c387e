"""How a spreadsheet cell becomes a field value and back: the import-export widgets of SCORE resources.

Each widget reads a cell the way people type it (see `dataexchange.reading`), says in `describe()` what
the cell may hold (for the template's notes), and raises ValueError with a message for the person
who typed it. Lookups find linked rows by natural keys, read once per import among the rows the
resource's user may link to.
"""

import string
from collections import defaultdict

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from import_export import widgets

from dataexchange.reading import (
    MAX_CELL_CHARACTERS,
    OverlongCell,
    clean_cell,
    excerpt,
    header_key,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_yes_no,
)
from enterprises.models import Enterprise
from improvements.models import ImprovementCategory
from partners.access import ScopedQuerySet
from score_mis import wording
from score_mis.text import plain_text
from trainings.models import Module, TrainingRound


class CellError(ValueError):
    """A cell that cannot be read. `column` names the resource field to blame when it is not the one being read."""

    def __init__(self, message, column=None):
        super().__init__(message)
        self.column = column


def editable(queryset, user):
    return queryset.editable_by(user) if isinstance(queryset, ScopedQuerySet) else queryset


def cell_text(value):
    """A cell as text: whole numbers typed into a text column lose Excel's “.0”. A cell too long to read
    is an error (see `ScopedModelResource.import_row`)."""
    if isinstance(value, OverlongCell):
        raise ValueError(overlong_message(value))
    value = clean_cell(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return force_str(value)


def key_part(value):
    """A hashable stand-in for a value in a natural key; unsaved rows are told apart by identity."""
    if isinstance(value, models.Model):
        return value.pk if value.pk is not None else ("unsaved", id(value))
    return value


def overlong_message(cell):
    return _("This cell holds %(length)s characters; a cell may hold at most %(limit)s.") % {
        "length": f"{cell.length:,}",
        "limit": f"{MAX_CELL_CHARACTERS:,}",
    }


class TextWidget(widgets.CharWidget):
    """Text that may run over several lines (notes, descriptions); an empty cell of a field that may be NULL (a text
    in one language only) is NULL, as forms save it."""

    multiline = True

    def __init__(self, *args, null=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.null = null

    def clean(self, value, row=None, **kwargs):
        return plain_text(cell_text(value), multiline=self.multiline) or (None if self.null else "")

    def describe(self):
        return ""


class LineWidget(TextWidget):
    """Text of one line (a title, a name): line breaks and tabs in the cell become spaces."""

    multiline = False


class ChoiceWidget(widgets.Widget):
    """One of a field's choices, by its code or its label as the interface shows it, in English or Chinese
    whatever the language the file is imported in."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = list(choices)
        self._words = None

    def _codes_by_word(self):
        if self._words is None:
            words = {}
            for code, label in self.choices:
                for language, _name in settings.LANGUAGES:
                    with translation.override(language):
                        words[header_key(str(label))] = code
                words[header_key(code)] = code
            self._words = words
        return self._words

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "":
            return ""
        code = self._codes_by_word().get(header_key(text))
        if code is None:
            raise ValueError(
                _("“%(value)s” is not one of the allowed values: %(allowed)s.")
                % {"value": excerpt(text), "allowed": ", ".join(code for code, _label in self.choices)}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""

    def describe(self):
        allowed = wording.semicolon().join(wording.aside(label, code) for code, label in self.choices)
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
                _("“%(value)s” is not a date and time: write it like 2024-08-20 10:30:00.") % {"value": excerpt(value)}
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
        return editable(queryset, self.user) if self.editable else queryset

    def render(self, value, obj=None, **kwargs):
        """The first key the row has (a city written only in Chinese by its Chinese name)."""
        if value is None:
            return ""
        return next(iter(LookupWidget.keys_of(self, value)), "")

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
        return (self.normalise(cell_text(part)),)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
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
        return message % {"model": self.model._meta.verbose_name, "value": excerpt(text)}

    def describe(self):
        return _("The %(key)s of a %(model)s.") % {
            "key": self.model._meta.get_field(self.field).verbose_name,
            "model": self.model._meta.verbose_name,
        }


class ModuleWidget(LookupWidget):
    """A module by its number: 1, 1.0 (as Excel stores it) and “Module 1” all mean Module 1."""

    def __init__(self, **kwargs):
        super().__init__(Module, field="number", editable=False, **kwargs)

    def normalise(self, text):
        digits = "".join(char for char in text.split(".")[0] if char in string.digits)
        return digits or text

    def describe(self):
        return _("The number of a SCORE module, 1 to 5.")


class CategoryWidget(LookupWidget):
    """An improvement category by its code or its English or Chinese name."""

    def __init__(self, **kwargs):
        super().__init__(ImprovementCategory, field="code", also=("name_en", "name_zh_hans"), editable=False, **kwargs)

    def describe(self):
        offered = ImprovementCategory.objects.offered()
        allowed = wording.semicolon().join(wording.aside(category.display_name, category.code) for category in offered)
        return _("One of: %(allowed)s.") % {"allowed": allowed}


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
        return (cell_text(name), cell_text(other))

    def missing_other(self, name):
        """What to say when the second column is empty."""
        raise NotImplementedError

    def not_found(self, name, other):
        raise NotImplementedError

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        if name == "":
            return None
        other = cell_text((row or {}).get(self.other_column, ""))
        if other == "":
            raise CellError(self.missing_other(name), column=self.other_column)
        obj = self._lookup((name, other))
        if obj is None:
            raise ValueError(self.not_found(name, other))
        return obj


class EnterpriseWidget(LookupInColumnWidget):
    """An enterprise by its name (English or Chinese) and, in another column, its city."""

    def __init__(self, *, other_column="enterprise_city", **kwargs):
        super().__init__(Enterprise, field="name_en", also=("name_zh_hans",), other_column=other_column, **kwargs)

    other_fields = ("city_english", "city_chinese")

    def candidates(self):
        return (
            super()
            .candidates()
            .annotate(city_english=models.F("city__name_en"), city_chinese=models.F("city__name_zh_hans"))
        )

    def missing_other(self, name):
        return _("Give the city of enterprise “%(name)s”.") % {"name": excerpt(name)}

    def not_found(self, name, other):
        return _("No enterprise “%(name)s” in %(city)s that you may use.") % {
            "name": excerpt(name),
            "city": excerpt(other),
        }

    def describe(self):
        return _(
            "The name of an enterprise you work with, as recorded in SCORE MIS (with its city in the next column)."
        )


class RoundWidget(LookupInColumnWidget):
    """A training round by its title and, in another column, the code of its partner."""

    def __init__(self, *, other_column="round_partner", **kwargs):
        super().__init__(TrainingRound, field="title_en", also=("title_zh_hans",), other_column=other_column, **kwargs)

    other_fields = ("partner_code",)

    def render(self, value, obj=None, **kwargs):
        return (value.title_en or value.title_zh_hans) if value is not None else ""

    def candidates(self):
        return super().candidates().annotate(partner_code=models.F("partner__code"))

    def missing_other(self, name):
        return _("Give the partner code of round “%(title)s”.") % {"title": excerpt(name)}

    def not_found(self, name, other):
        return _("No training round “%(title)s” of partner %(partner)s that you may use.") % {
            "title": excerpt(name),
            "partner": excerpt(other),
        }

    def describe(self):
        return _(
            "The English or Chinese title of a training round of your partner (with the partner's code in the next "
            "column)."
        )


class LookupManyWidget(widgets.ManyToManyWidget):
    """Many related rows as natural keys separated by commas (or 、 and ;); an unknown key is an error."""

    def __init__(self, model, *, editable=True, limit_choices_to=None, **kwargs):
        super().__init__(model, **kwargs)
        self.lookup = LookupWidget(model, field=self.field, editable=editable, limit_choices_to=limit_choices_to)

    def bind(self, resource):
        self.lookup.bind(resource)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace("、", self.separator).replace(";", self.separator)
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
