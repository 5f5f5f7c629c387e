"""Text as people meant it (score_mis.text): control and invisible characters are dropped from what is typed,
one-line texts keep no line breaks, texts shown as a text area keep theirs."""

import pytest
from django import forms

from score_mis.forms import PlainTextFormMixin
from score_mis.text import plain_text


@pytest.mark.parametrize(
    "character",
    ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\u200b", "\u200d", "\u200e", "\u202e", "\u2066", "\ufeff"],
)
def test_control_and_invisible_characters_are_dropped(character):
    assert plain_text(f"{character}Taixing{character} Module 1", multiline=True) == "Taixing Module 1"


def test_an_unpaired_surrogate_from_json_is_dropped():
    assert plain_text("Taixing\ud800 Module 1", multiline=False) == "Taixing Module 1"


def test_a_one_line_text_turns_each_line_break_or_tab_with_its_spaces_into_one_space():
    assert plain_text("Taixing \r\n Module\t1\n", multiline=False) == "Taixing Module 1 "


def test_a_multi_line_text_keeps_its_line_breaks_and_tabs():
    assert plain_text("First line\r\n\tsecond\x0b line", multiline=True) == "First line\r\n\tsecond line"


def test_chinese_and_other_visible_text_is_kept():
    text = "泰兴 SCORE 培训 — “Module 1” ＝ 5S, 1½ days"

    assert plain_text(text, multiline=False) == text


class NoteForm(PlainTextFormMixin, forms.Form):
    title = forms.CharField(max_length=20)
    note = forms.CharField(widget=forms.Textarea, required=False)
    email = forms.EmailField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(required=False)


def test_a_form_stores_its_texts_without_control_characters_and_one_line_texts_on_one_line():
    form = NoteForm(
        {
            "title": "\x00\x07=HYPERLINK(1)\x1b\r\n",
            "note": "Line one\r\n\u202eline two",
            "email": "trainer@\u200bexample.org",
            "reason": "Late\nentry",
        }
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "title": "=HYPERLINK(1)",
        "note": "Line one\r\nline two",
        "email": "trainer@example.org",
        "reason": "Late entry",  # a field a subclass adds is cleaned too
    }


def test_a_text_is_measured_after_its_invisible_characters_are_dropped():
    form = NoteForm({"title": "\u200b" * 30 + "Taixing"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Taixing"


def test_a_text_of_only_control_characters_is_an_empty_text():
    form = NoteForm({"title": "\x07\x1b"})

    assert not form.is_valid()
    assert list(form.errors) == ["title"]
