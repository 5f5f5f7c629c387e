"""Form pieces every app's forms share."""

import functools

from django import forms
from django.core.exceptions import ValidationError

from score_mis.text import plain_text

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    """The browser's date picker. Its value is always written as 2015-08-20, whatever the interface
    language: an <input type="date"> rejects any other form (the Chinese format would be 2015/08/20),
    and would then show an empty, unsubmittable field."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)

    def format_value(self, value):
        """A form shown again shows what was sent: text that reads as a date in the interface language
        (2015/08/20) is written the ISO way too, any other text is left as it came."""
        if isinstance(value, str) and value.strip():
            try:
                value = forms.DateField().to_python(value)
            except ValidationError:
                return value
        return super().format_value(value)


class PlainTextFormMixin:
    """Every text field of the form is cleaned of control and invisible characters before it is validated
    (score_mis.text): a field shown as a text area keeps its line breaks, a one-line field does not. Applied
    when the form is cleaned, so text fields that subclasses add in their `__init__` are covered too."""

    def full_clean(self):
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.to_python = functools.partial(_plain_text_to_python, field)
        super().full_clean()


def _plain_text_to_python(field, value):
    if isinstance(value, str):
        value = plain_text(value, multiline=isinstance(field.widget, forms.Textarea))
    return type(field).to_python(field, value)
