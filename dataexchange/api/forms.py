import datetime

from django import forms
from django.utils import timezone

from dataexchange.models import ApiToken
from score_mis.forms import IsoDateInput, PlainTextFormMixin

DEFAULT_TOKEN_LIFE = datetime.timedelta(days=90)


class ApiTokenForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "kind", "expires_on"]
        widgets = {"kind": forms.RadioSelect, "expires_on": IsoDateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + DEFAULT_TOKEN_LIFE
