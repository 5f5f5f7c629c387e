from django.utils import translation

from improvements.forms import ImprovementCreateForm


def test_the_photo_help_text_is_in_the_language_of_each_request():
    field = ImprovementCreateForm.base_fields["before_photo"]

    with translation.override("zh-hans"):
        chinese = str(field.help_text)
    with translation.override("en"):
        english = str(field.help_text)

    assert english == "A JPEG, PNG or WebP photo of at most 10 MB."
    assert "10" in chinese and "photo" not in chinese
