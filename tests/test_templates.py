"""Pages work under the Content-Security-Policy (score_mis/settings.py): no template or view writes an inline script,
an event-handler attribute or a style attribute; scripts and styles come from static files."""

import re

from django.conf import settings

APPS = ["partners", "enterprises", "trainings", "improvements", "reporting", "dataexchange", "demo", "score_mis"]
# The self-contained report documents (PDF and frozen report) carries its styles inline by design; it is served with
# its own policy (reporting.views.frozen_document) and has no script either.
SELF_CONTAINED_DOCUMENTS = {
    "templates/reporting/committee_document.html",
    "templates/reporting/results_document.html",
}

INLINE_SCRIPT = re.compile(r"<script\b[^>]*>\s*[^<\s]", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT_WITHOUT_NONCE = re.compile(r"<style(?![^>]*\snonce=)", re.IGNORECASE)


def offenders(paths, patterns):
    found = []
    for path in paths:
        name = str(path.relative_to(settings.BASE_DIR))
        source = path.read_text()
        found += [f"{name}: {pattern.pattern}" for pattern in patterns if pattern.search(source)]
    return found


def test_no_template_has_an_inline_script_event_handler_or_style():
    templates = sorted((settings.BASE_DIR / "templates").rglob("*.html"))
    assert len(templates) > 50
    pages = [path for path in templates if str(path.relative_to(settings.BASE_DIR)) not in SELF_CONTAINED_DOCUMENTS]

    assert offenders(templates, [INLINE_SCRIPT, EVENT_HANDLER]) == []
    assert offenders(pages, [STYLE_ATTRIBUTE, STYLE_ELEMENT_WITHOUT_NONCE]) == []


def test_no_python_code_writes_an_inline_script_event_handler_or_style():
    sources = sorted(
        path for app in APPS for path in (settings.BASE_DIR / app).rglob("*.py") if "migrations" not in path.parts
    )

    assert offenders(sources, [INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE]) == []
