from django.contrib import admin
from django.urls import include, path

from partners import views as partners_views

urlpatterns = [
    path("", partners_views.home, name="home"),
    path("", include("reporting.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("partners/", include("partners.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("trainings/", include("trainings.urls")),
    path("improvements/", include("improvements.urls")),
    path("data/", include("dataexchange.urls")),
    path("admin/", admin.site.urls),
]
