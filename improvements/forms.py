from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from improvements.models import Improvement, Photo
from improvements.photos import MAX_UPLOAD_BYTES, open_photo
from partners.forms import ScopedModelForm
from score_mis.forms import IsoDateInput, PlainTextFormMixin


def _photo_help_text():
    return gettext("A JPEG, PNG or WebP photo of at most %(limit)s MB.") % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}


class PhotoField(forms.FileField):
    """A photo straight from a phone camera, checked by decoding it (see improvements.photos)."""

    widget = forms.FileInput(attrs={"accept": "image/*", "capture": "environment"})
    default_error_messages = {"empty": _("The chosen file is empty. Choose the photo again.")}

    def __init__(self, **kwargs):
        # Forms declare their fields when imported: the help text is worked out in each request's language.
        kwargs.setdefault("help_text", lazy(_photo_help_text, str)())
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            open_photo(value)
            value.seek(0)


class ImprovementForm(ScopedModelForm):
    """The improvement itself; its enterprise is one the user may change."""

    class Meta:
        model = Improvement
        fields = [
            "enterprise",
            "title",
            "title_zh",
            "module",
            "category",
            "is_gender_responsive",
            "implemented_on",
            "description",
            "investment_rmb",
            "annual_saving_rmb",
            "saving_calculation",
        ]
        widgets = {
            "implemented_on": IsoDateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "saving_calculation": forms.Textarea(attrs={"rows": 3}),
        }


class ImprovementCreateForm(ImprovementForm):
    """A new improvement with its first before and after photos (more can be added later)."""

    before_photo = PhotoField(label=_("Before photo"), required=False)
    before_caption = forms.CharField(label=_("Caption of the before photo"), max_length=255, required=False)
    after_photo = PhotoField(label=_("After photo"), required=False)
    after_caption = forms.CharField(label=_("Caption of the after photo"), max_length=255, required=False)

    def photos(self):
        """(stage, caption, uploaded file) for each photo given."""
        return [
            (stage, self.cleaned_data[f"{stage}_caption"], self.cleaned_data[f"{stage}_photo"])
            for stage in (Photo.Stage.BEFORE, Photo.Stage.AFTER)
            if self.cleaned_data[f"{stage}_photo"]
        ]


class PhotoForm(PlainTextFormMixin, forms.Form):
    stage = forms.ChoiceField(
        label=_("Before or after"), choices=Photo.Stage.choices, widget=forms.RadioSelect, initial=Photo.Stage.BEFORE
    )
    photo = PhotoField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)


class ReviewForm(PlainTextFormMixin, forms.Form):
    """Verify or return, with the version of the improvement the reviewer read (see improvements.versions)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when returning the improvement: say what must change."),
    )
