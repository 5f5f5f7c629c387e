from django.urls import path
from django.utils.translation import gettext_lazy as _

from partners import people_views, views
from partners.forms import CityForm
from partners.models import City
from partners.reference import ReferenceKind, reference_urls

app_name = "partners"

urlpatterns = [
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", views.partner_update, name="partner_update"),
    path("partners/<int:pk>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_update, name="agreement_update"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("people/", people_views.person_list, name="person_list"),
    path("people/invite/", people_views.person_invite, name="person_invite"),
    path("people/<int:pk>/", people_views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people_views.person_update, name="person_update"),
    path("people/<int:pk>/active/", people_views.person_set_active, name="person_set_active"),
]

CITIES = ReferenceKind("city", City, CityForm, "reference/cities", app_name, ((_("Province"), "display_province"),))
urlpatterns += reference_urls(CITIES)
