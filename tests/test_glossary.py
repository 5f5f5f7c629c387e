"""The Chinese catalogue keeps to the glossary of SCORE China's terms (locale/glossary.csv): a message whose English
holds a term says it with the glossary's Chinese term and none of its forbidden variants; a message that is only
the term (a label, such as a model's name) is exactly the glossary's term."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUE = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@dataclass(frozen=True)
class Term:
    english: str
    chinese: str
    forbidden: tuple
    match: str

    def applies_to(self, message):
        if self.match == "label":
            return message.context is None and self.english in message.sources
        pattern = re.compile(rf"\b{re.escape(self.english)}(s|es)?\b", re.IGNORECASE)
        return any(pattern.search(PLACEHOLDER.sub("", source)) for source in message.sources)


@dataclass(frozen=True)
class Message:
    context: str | None
    sources: tuple
    translations: tuple


def glossary():
    with (LOCALE / "glossary.csv").open(encoding="utf-8", newline="") as file:
        return [
            Term(row["english"], row["chinese"], tuple(filter(None, row["forbidden"].split("|"))), row["match"])
            for row in csv.DictReader(file)
        ]


def messages(po_file):
    with po_file.open("rb") as file:
        catalogue = read_po(file)
    for message in catalogue:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        translations = message.string if isinstance(message.string, tuple) else (message.string,)
        yield Message(message.context, tuple(sources), tuple(translations))


def glossary_problems(po_file, terms):
    problems = []
    for message in messages(po_file):
        for term in terms:
            if not term.applies_to(message):
                continue
            for translation in message.translations:
                wrong = [variant for variant in term.forbidden if variant in translation]
                if term.match == "label" and translation != term.chinese:
                    problems.append(f"{message.sources[0]!r}: {translation!r} should be {term.chinese!r}")
                elif term.chinese not in translation or wrong:
                    problems.append(
                        f"{message.sources[0]!r} → {translation!r}: {term.english!r} is {term.chinese!r}"
                        + (f", not {'/'.join(wrong)}" if wrong else "")
                    )
    return problems


def test_the_chinese_catalogue_keeps_to_the_glossary():
    assert glossary_problems(CATALOGUE, glossary()) == []


@pytest.mark.parametrize(
    ("source", "translation", "problem"),
    [
        ("Record factory visit", "记录企业走访", "'factory visit' is '现场辅导', not 企业走访"),
        ("Expert trainers", "专家讲师", "'expert trainer' is '专家培训师', not 专家讲师"),
        ("event", "活动", "'event': '活动' should be '项目活动'"),
    ],
)
def test_a_wrong_term_in_the_catalogue_fails_the_glossary_check(tmp_path, source, translation, problem):
    po_file = tmp_path / "django.po"
    po_file.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "{source}"\nmsgstr "{translation}"\n',
        encoding="utf-8",
    )

    problems = glossary_problems(po_file, glossary())

    assert any(problem in found for found in problems), problems
