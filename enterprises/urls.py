from django.urls import path
from django.utils.translation import gettext_lazy as _

from enterprises import views
from enterprises.forms import IndicatorForm
from enterprises.models import Indicator
from partners.reference import ReferenceKind, reference_urls

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("new/", views.enterprise_create, name="enterprise_create"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("<int:pk>/edit/", views.enterprise_update, name="enterprise_update"),
    path("<int:pk>/delete/", views.enterprise_delete, name="enterprise_delete"),
    path("<int:pk>/improvement-team/", views.improvement_team_update, name="improvement_team_update"),
    path("<int:pk>/measurements/new/", views.measurement_create, name="measurement_create"),
    path("measurements/<int:pk>/edit/", views.measurement_update, name="measurement_update"),
    path("measurements/<int:pk>/delete/", views.measurement_delete, name="measurement_delete"),
]

INDICATORS = ReferenceKind(
    "indicator",
    Indicator,
    IndicatorForm,
    "indicators",
    app_name,
    ((_("Code"), "code"), (_("Unit"), "unit"), (_("Kind"), "get_kind_display")),
)
urlpatterns += reference_urls(INDICATORS)
