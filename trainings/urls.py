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
    path("rounds/<int:pk>/trainees/new/", views.trainee_create, name="trainee_create"),
    path("trainees/<int:pk>/delete/", views.trainee_delete, name="trainee_delete"),
    path("rounds/<int:pk>/team/new/", views.round_trainer_create, name="round_trainer_create"),
    path("team/<int:pk>/delete/", views.round_trainer_delete, name="round_trainer_delete"),
    path("rounds/<int:pk>/recommend/", views.recommendation_create, name="recommendation_create"),
    path("trainers/", views.trainer_list, name="trainer_list"),
    path("trainers/<int:pk>/", views.trainer_detail, name="trainer_detail"),
    path("certifications/<int:pk>/decide/", views.certification_decide, name="certification_decide"),
    path("certifications/<int:pk>/lapse/", views.certification_lapse, name="certification_lapse"),
    path("certifications/<int:pk>/renew/", views.certification_renew, name="certification_renew"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_update, name="event_update"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("events/<int:pk>/participants/new/", views.participation_create, name="participation_create"),
    path("participants/<int:pk>/delete/", views.participation_delete, name="participation_delete"),
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
