import datetime

from django import forms
from django.utils import timezone

from dataexchange.models import ApiToken
from score_mis.forms import PlainTextFormMixin

DEFAULT_TOKEN_LIFE = datetime.timedelta(days=90)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ApiTokenForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "kind", "expires_on"]
        widgets = {"kind": forms.RadioSelect, "expires_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + DEFAULT_TOKEN_LIFE
