"""Every form of the project's apps cleans its text (score_mis.forms.PlainTextFormMixin), and every form that
edits a versioned record carries its version (score_mis.versions); a form without it is named below, with
the reason. The admin's forms, inlines included, are checked the same way."""

import importlib
import pkgutil
import sys

import pytest
from django import forms
from django.contrib import admin

from score_mis.forms import PlainTextFormMixin
from score_mis.versions import VersionedFormMixin

APPS = ("partners", "enterprises", "trainings", "improvements", "reporting", "dataexchange")

UNVERSIONED = {
    "trainings.forms.RecommendationForm": "only ever creates a certification (the recommendation); "
    "ILO staff decide on it with DecisionForm, which carries the version",
}
READ_ONLY_ADMINS = {
    "partners.NotificationAdmin": "notifications come from the workflow, nobody edits them",
    "reporting.FrozenReportAdmin": "a frozen report is never changed",
    "reporting.JobAdmin": "jobs are made by the task worker",
    "dataexchange.SpreadsheetImportAdmin": "imports are made by the importer",
}


def project_forms():
    """Every form class defined at the top level of a module of the project's apps."""
    return project_classes(forms.BaseForm)


def project_classes(base):
    """Every subclass of `base` defined at the top level of a module of the project's apps."""
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    found, pending = set(), [base]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            module = sys.modules.get(subclass.__module__)
            if subclass.__module__.startswith(APPS) and getattr(module, subclass.__name__, None) is subclass:
                found.add(subclass)
    return sorted(found, key=name_of)


def name_of(form_class):
    return f"{form_class.__module__}.{form_class.__name__}"


def is_versioned_model(model):
    return hasattr(model, "_concurrencymeta")


def holds_text(form_class):
    return any(isinstance(field, forms.CharField) for field in form_class.base_fields.values())


def test_the_walk_finds_the_forms_of_every_app():
    apps = {form_class.__module__.split(".")[0] for form_class in project_forms()}

    assert apps == set(APPS)


def test_every_form_of_a_versioned_record_carries_its_version():
    unversioned = [
        name_of(form_class)
        for form_class in project_forms()
        if issubclass(form_class, forms.BaseModelForm)
        and getattr(form_class._meta, "model", None) is not None
        and is_versioned_model(form_class._meta.model)
        and not issubclass(form_class, VersionedFormMixin)
    ]

    assert unversioned == sorted(UNVERSIONED)


def test_every_form_with_text_cleans_it():
    uncleaned = [
        name_of(form_class)
        for form_class in project_forms()
        if holds_text(form_class) or issubclass(form_class, forms.BaseModelForm)
        if not issubclass(form_class, PlainTextFormMixin)
    ]

    assert uncleaned == []


@pytest.mark.parametrize(
    "model_admin",
    [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in (*APPS, "auth") and str(model_admin) not in READ_ONLY_ADMINS
    ],
    ids=lambda model_admin: str(model_admin),
)
def test_every_admin_form_and_inline_carries_the_version_and_cleans_text(model_admin):
    for admin_form, model in [
        (model_admin.form, model_admin.model),
        *[(inline.form, inline.model) for inline in model_admin.inlines],
    ]:
        assert issubclass(admin_form, PlainTextFormMixin)
        if is_versioned_model(model):
            assert issubclass(admin_form, VersionedFormMixin)
