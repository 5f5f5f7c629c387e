"""Form pieces every app's forms share."""

from django import forms

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    """The browser's date picker. Its value is always written as 2015-08-20, whatever the interface
    language: an <input type="date"> rejects any other form (the Chinese format would be 2015/08/20),
    and would then show an empty, unsubmittable field."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)
