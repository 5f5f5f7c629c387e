from django.urls import path
from django.utils.translation import gettext_lazy as _

from partners.reference import ReferenceKind, reference_urls
from trainings import views
from trainings.forms import ModuleForm
from trainings.models import Module

app_name = "trainings"

urlpatterns = [
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", views.round_update, name="round_update"),
    path("rounds/<int:pk>/delete/", views.round_delete, name="round_delete"),
    path("rounds/<int:pk>/workshops/new/", views.workshop_create, name="workshop_create"),
    path("rounds/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("rounds/<int:pk>/enrollments/new/", views.enrollment_create, name="enrollment_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_update, name="activity_update"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("enrollments/<int:pk>/edit/", views.enrollment_update, name="enrollment_update"),
    path("enrollments/<int:pk>/delete/", views.enrollment_delete, name="enrollment_delete"),
]

MODULES = ReferenceKind(
    "module",
    Module,
    ModuleForm,
    "modules",
    app_name,
    ((_("Number"), "number"), (_("Official title"), "display_title"), (_("Short label"), "display_label")),
)
urlpatterns += reference_urls(MODULES)
