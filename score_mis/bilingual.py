"""Text kept in English and Chinese (django-modeltranslation adds `<field>_en` and `<field>_zh_hans`):
which language a reader gets, and the forms that edit both languages side by side."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from score_mis.forms import PlainTextFormMixin

LANGUAGE_CODES = ("en", "zh-hans")
LANGUAGE_LABELS = {"en": _("English"), "zh-hans": _("Chinese")}

OTHER_LANGUAGE = {"en": "zh-hans", "zh-hans": "en"}


def reader_language():
    return "zh-hans" if (get_language() or "").startswith("zh") else "en"


def in_language(record, name):
    """(text, language it is in, whether it is the reader's language) of the field `name` of `record`."""
    own = reader_language()
    for language in (own, OTHER_LANGUAGE[own]):
        text = getattr(record, build_localized_fieldname(name, language), "") or ""
        if text:
            return text, language, language == own
    return "", own, True


def text_in_language(name, language):
    """An expression for the text field `name` in `language`, else in the other language (an index over it serves
    the ordering by `text_in_reader_language` for readers of `language`)."""
    return Coalesce(
        NullIf(build_localized_fieldname(name, language), Value("")),
        NullIf(build_localized_fieldname(name, OTHER_LANGUAGE[language]), Value("")),
        Value(""),
        output_field=models.TextField(),
    )


def text_in_reader_language(name):
    """An expression for the text field `name` in the reader's language, else in the other language."""
    return text_in_language(name, reader_language())


def in_reader_order(queryset):
    """`queryset` in its model's default order, each text kept in two languages ordered as the reader sees it (in
    their language, else in the other), so that a record without the reader's language does not sort first."""
    ordering = []
    for entry in queryset.model._meta.ordering:
        path = entry.removeprefix("-")
        if not _is_translated(queryset.model, path):
            ordering.append(entry)
            continue
        expression = text_in_reader_language(path)
        ordering.append(expression.desc() if entry.startswith("-") else expression.asc())
    return queryset.order_by(*ordering, "pk")


def _is_translated(model, path):
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    try:
        return name in translator.get_options_for_model(model).fields
    except NotRegistered:
        return False


def either(english, chinese):
    """Of a text's English and Chinese values, the one in the reader's language, else the other."""
    english, chinese = english or "", chinese or ""
    return (chinese or english) if reader_language() == "zh-hans" else (english or chinese)


def has_text(name):
    """A condition that also holds in a CHECK constraint: the text field `name` has a value in at least one
    language (a translation field left out is NULL, and a CHECK passes on NULL)."""
    condition = Q()
    for language in LANGUAGE_CODES:
        field = build_localized_fieldname(name, language)
        condition |= Q(**{f"{field}__isnull": False, f"{field}__gt": ""})
    return condition


def filled(name):
    """A condition: the text field `name` has a value in at least one language."""
    condition = Q()
    for language in LANGUAGE_CODES:
        condition |= Q(**{f"{build_localized_fieldname(name, language)}__gt": ""})
    return condition


def unique_in_each_language(name, text, fields, message):
    """A unique constraint on `fields` and the text field `text` in each language, for the rows that have the text
    in that language: two records may share `fields` and a text in one language only if one of them lacks it."""
    return [
        models.UniqueConstraint(
            fields=[*fields, build_localized_fieldname(text, language)],
            condition=Q(**{f"{build_localized_fieldname(text, language)}__gt": ""}),
            name=f"{name}_{language.replace('-', '_')}",
            violation_error_message=message,
        )
        for language in LANGUAGE_CODES
    ]


def require_text(record, *names):
    """A ValidationError for each of `names` left empty in both languages."""
    errors = {}
    language = reader_language()
    for name in names:
        if not any(getattr(record, build_localized_fieldname(name, code)) for code in LANGUAGE_CODES):
            errors[build_localized_fieldname(name, language)] = _("Write this in English, in Chinese or in both.")
    if errors:
        raise ValidationError(errors)


def _language_label(label, language):
    return _("%(field)s (%(language)s)") % {"field": str(label).capitalize(), "language": LANGUAGE_LABELS[language]}


def language_field(label, language, *, widget=forms.TextInput, **kwargs):
    """The field of a plain form (not a model form) holding a text in one `language`, labelled with it; optional:
    either language may be left empty."""
    widget = widget() if isinstance(widget, type) else copy.deepcopy(widget)
    widget.attrs["lang"] = "zh-Hans" if language == "zh-hans" else "en"
    return forms.CharField(label=lazy(_language_label, str)(label, language), widget=widget, required=False, **kwargs)


class BilingualFieldsMixin:
    """A form whose text fields (`bilingual`) are edited in English and Chinese side by side, the reader's language
    first: `pairs()` for the pairs, `other_fields()` for the rest, and the fields in that order."""

    bilingual = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_language = reader_language()
        if self.first_language != "en":
            swapped = {}
            for name in self.bilingual:
                english, chinese = (build_localized_fieldname(name, language) for language in LANGUAGE_CODES)
                swapped.update({english: chinese, chinese: english})
            self.order_fields([swapped.get(field_name, field_name) for field_name in self.fields])

    @classmethod
    def translated_fields(cls, *names):
        return [build_localized_fieldname(name, language) for name in names for language in ("en", "zh-hans")]

    def pairs(self):
        """(first, second) bound fields of each text, the reader's language first."""
        first, second = self.first_language, OTHER_LANGUAGE[self.first_language]
        return [
            (self[build_localized_fieldname(name, first)], self[build_localized_fieldname(name, second)])
            for name in self.bilingual
        ]

    def other_fields(self):
        translated = set(self.translated_fields(*self.bilingual))
        return [field for field in self if field.name not in translated and not field.is_hidden]


class BilingualModelForm(BilingualFieldsMixin, PlainTextFormMixin, forms.ModelForm):
    """A staff form whose text fields (Meta.bilingual) are edited in English and Chinese side by side,
    the reader's language first. Each field needs at least one language; the model says which."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.bilingual:
            for language in ("en", "zh-hans"):
                field = self.fields[build_localized_fieldname(name, language)]
                field.label = _language_label(self._meta.model._meta.get_field(name).verbose_name, language)
                field.widget.attrs["lang"] = "zh-Hans" if language == "zh-hans" else "en"
