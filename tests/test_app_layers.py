"""The apps depend one way: each app below may be used by the apps after it, never the other way round. A lower
app names no higher one: no import (at module level or inside a function), no "label.Model" or "label:url_name"
string, no `apps.get_model("label", …)`, no migration dependency, and no reverse relation into a higher app's
models (`partner.training_rounds`, `filter(enrollments__…)`). The apps above plug into the extension points of
the lower ones at AppConfig.ready() instead (enterprises/access.py, enterprises/pages.py, partners/pages.py).

The project package is at both ends: its shared helpers (audit stamps, bilingual text, forms, pagination…) sit
below every app and import none, its settings, URLs and menu sit above them all.

Migrations are read like the rest: none of a lower app reads or depends on a higher one. (Trainings' data
migration that fills the enterprise access table reads enterprises, which is below it.)"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

LAYERS = ["partners", "enterprises", "trainings", "improvements", "reporting", "dataexchange", "demo"]
PROJECT_TOP = ["score_mis.settings", "score_mis.urls", "score_mis.menu", "score_mis.wsgi", "score_mis.asgi"]
MIGRATION_NAME = re.compile(r"\d{4}_\w+")
# Calls whose string arguments are lookups through relations: Prefetch("enrollments"), Sum("improvements__…").
LOOKUP_CALLS = {"Prefetch", "prefetch_related", "select_related", "values", "values_list", "order_by", "F", "Count"}
LOOKUP_CALLS |= {"Sum", "Min", "Max", "Avg"}


def python_files(package):
    return sorted((Path(settings.BASE_DIR) / package).rglob("*.py"))


def where(path, node):
    return f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}"


def call_name(node):
    return getattr(node.func, "attr", getattr(node.func, "id", None))


def names_in(node):
    """The dotted names a node refers to: imported modules, strings ("trainings.Module", "trainings:round_list"),
    `get_model("trainings", …)` and migration dependencies ("trainings", "0001_initial") as "trainings.…"."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        return [node.module] if node.level == 0 else []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Call) and call_name(node) == "get_model" and node.args:
        label = node.args[0]
        return [f"{label.value}.model"] if isinstance(label, ast.Constant) else []
    if isinstance(node, ast.Tuple) and len(node.elts) == 2:
        label, migration = (getattr(element, "value", None) for element in node.elts)
        if isinstance(label, str) and isinstance(migration, str) and MIGRATION_NAME.fullmatch(migration):
            return [f"{label}.{migration}"]
    return []


def names_a_package(name, packages, *, imported):
    """Whether `name` is in one of `packages`; a string must go on with "." or ":" (so the word "reporting"
    alone is no reference), a module may be the package itself."""
    return any(
        (imported and name == package) or name.startswith((f"{package}.", f"{package}:")) for package in packages
    )


def references(package, forbidden):
    found = []
    for path in python_files(package):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            imported = isinstance(node, (ast.Import, ast.ImportFrom))
            for name in names_in(node):
                if names_a_package(name, forbidden, imported=imported):
                    found.append(f"{where(path, node)} names {name}")
    return found


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_no_app_imports_or_names_a_higher_app(app):
    higher = LAYERS[LAYERS.index(app) + 1 :] + PROJECT_TOP

    assert references(app, higher) == []


def test_the_project_packages_shared_helpers_import_no_app():
    found = [
        line
        for line in references("score_mis", LAYERS)
        if not any(line.startswith(module.replace(".", "/") + ".py:") for module in PROJECT_TOP)
    ]

    assert found == []


def reverse_accessors_into_higher_apps(app):
    """The names by which code of `app` could reach a higher app's rows from a model it may read: the accessor
    (`partner.training_rounds`) and query name (`enrollments__…`) of every relation that a model of a higher app
    has to a model of `app` or below, each with the field that makes it."""
    level = LAYERS.index(app)
    names = {}
    for model in apps.get_models():
        owner = model._meta.app_label
        if owner not in LAYERS or LAYERS.index(owner) <= level:
            continue
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model is None or field.remote_field.hidden:
                continue
            target = field.related_model._meta.app_label
            if target in LAYERS and LAYERS.index(target) <= level:
                for name in (field.remote_field.get_accessor_name(), field.related_query_name()):
                    names[name] = f"{owner}.{model.__name__}.{field.name}"
    return names


def reverse_relation_in(node, accessors):
    """The accessor a node uses: `x.training_rounds`, `filter(enrollments__…=…)`, "improvements__…",
    Prefetch("visits")."""
    if isinstance(node, ast.Attribute):
        return node.attr if node.attr in accessors else None
    lookups = []
    if isinstance(node, ast.keyword) and node.arg:
        lookups.append(node.arg)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        lookups.append(node.value)
    if isinstance(node, ast.Call) and call_name(node) in LOOKUP_CALLS:
        lookups += [f"{arg.value}__" for arg in node.args if isinstance(getattr(arg, "value", None), str)]
    heads = [lookup.split("__")[0] for lookup in lookups if "__" in lookup]
    return next((head for head in heads if head in accessors), None)


def test_the_reverse_accessors_are_derived_from_the_models():
    assert {"training_rounds", "recruited_enterprises"} <= reverse_accessors_into_higher_apps("partners").keys()
    assert {"enrollments", "visits", "improvements"} <= reverse_accessors_into_higher_apps("enterprises").keys()


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_no_app_reaches_a_higher_apps_rows_through_a_reverse_relation(app):
    accessors = reverse_accessors_into_higher_apps(app)
    found = []
    for path in python_files(app):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            name = reverse_relation_in(node, accessors)
            if name:
                found.append(f"{where(path, node)} uses {name} ({accessors[name]})")

    assert found == []
