from django import forms
from django.utils.translation import gettext_lazy as _

from dataexchange.reading import MAX_FILE_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file, at most 10 MB and 20,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; files up to %(limit)s MB can be imported. Split it into smaller files."),
                params={"size": round(upload.size / 1024 / 1024, 1), "limit": MAX_FILE_BYTES // 1024 // 1024},
            )
        return upload
