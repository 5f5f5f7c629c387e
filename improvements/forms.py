from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from improvements.models import Improvement, ImprovementCategory, Photo
from improvements.photos import MAX_UPLOAD_BYTES, open_photo
from partners.forms import ScopedModelForm
from score_mis.bilingual import BilingualFieldsMixin, BilingualModelForm, language_field
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


class ImprovementForm(ScopedModelForm, BilingualModelForm):
    """The improvement itself; its enterprise is one the user may change."""

    bilingual = ("title", "description", "saving_calculation")

    class Meta:
        model = Improvement
        fields = [
            "enterprise",
            *BilingualModelForm.translated_fields("title"),
            "module",
            "category",
            "is_gender_responsive",
            "implemented_on",
            *BilingualModelForm.translated_fields("description"),
            "investment_rmb",
            "annual_saving_rmb",
            *BilingualModelForm.translated_fields("saving_calculation"),
        ]
        widgets = {
            "implemented_on": IsoDateInput,
            **dict.fromkeys(BilingualModelForm.translated_fields("description"), forms.Textarea(attrs={"rows": 4})),
            **dict.fromkeys(
                BilingualModelForm.translated_fields("saving_calculation"), forms.Textarea(attrs={"rows": 3})
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ImprovementCategory.objects.offered(self.instance.category_id)


class ImprovementCreateForm(ImprovementForm):
    """A new improvement with its first before and after photos (more can be added later), each with a caption in
    English and/or Chinese."""

    before_photo = PhotoField(label=_("Before photo"), required=False)
    before_caption_en = language_field(_("caption of the before photo"), "en", max_length=255)
    before_caption_zh_hans = language_field(_("caption of the before photo"), "zh-hans", max_length=255)
    after_photo = PhotoField(label=_("After photo"), required=False)
    after_caption_en = language_field(_("caption of the after photo"), "en", max_length=255)
    after_caption_zh_hans = language_field(_("caption of the after photo"), "zh-hans", max_length=255)

    def photo_fields(self):
        """(photo, first caption, second caption) bound fields of each stage, the reader's language first."""
        first, second = ("zh_hans", "en") if self.first_language == "zh-hans" else ("en", "zh_hans")
        return [
            (self[f"{stage}_photo"], self[f"{stage}_caption_{first}"], self[f"{stage}_caption_{second}"])
            for stage in (Photo.Stage.BEFORE, Photo.Stage.AFTER)
        ]

    def photos(self):
        """(stage, captions, uploaded file) for each photo given, the captions as {`caption_en`: …,
        `caption_zh_hans`: …}."""
        return [
            (
                stage,
                {f"caption_{code}": self.cleaned_data[f"{stage}_caption_{code}"] for code in ("en", "zh_hans")},
                self.cleaned_data[f"{stage}_photo"],
            )
            for stage in (Photo.Stage.BEFORE, Photo.Stage.AFTER)
            if self.cleaned_data[f"{stage}_photo"]
        ]


class ImprovementCategoryForm(ScopedModelForm, BilingualModelForm):
    """A category of improvements; its code is fixed once improvements may store it."""

    bilingual = ("name",)

    class Meta:
        model = ImprovementCategory
        fields = ["code", *BilingualModelForm.translated_fields("name"), "sort_order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["code"].disabled = True


class PhotoForm(BilingualFieldsMixin, PlainTextFormMixin, forms.Form):
    bilingual = ("caption",)

    stage = forms.ChoiceField(
        label=_("Before or after"), choices=Photo.Stage.choices, widget=forms.RadioSelect, initial=Photo.Stage.BEFORE
    )
    photo = PhotoField(label=_("Photo"))
    caption_en = language_field(_("caption"), "en", max_length=255)
    caption_zh_hans = language_field(_("caption"), "zh-hans", max_length=255)


class ReviewForm(BilingualFieldsMixin, PlainTextFormMixin, forms.Form):
    """Verify or return, with the version of the improvement the reviewer read (see improvements.versions) and a
    comment in English, Chinese or both."""

    bilingual = ("comment",)

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    comment_en = language_field(_("comment"), "en", widget=forms.Textarea(attrs={"rows": 3}))
    comment_zh_hans = language_field(_("comment"), "zh-hans", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first = f"comment_{self.first_language.replace('-', '_')}"
        self.fields[first].help_text = _("Needed when returning the improvement: say what must change.")
