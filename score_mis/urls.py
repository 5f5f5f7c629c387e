from django.contrib import admin
from django.urls import include, path

from partners import views as partners_views
from reporting import home

urlpatterns = [
    path("", home.home, name="home"),
    path("", include("reporting.urls")),
    path("accounts/login/", partners_views.SignInView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", partners_views.language_set, name="language_set"),
    path("", include("partners.urls")),
    path("notifications/", partners_views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/open/", partners_views.notification_open, name="notification_open"),
    path("notifications/read/", partners_views.notification_read_all, name="notification_read_all"),
    path("notifications/settings/", partners_views.notification_settings, name="notification_settings"),
    path("enterprises/", include("enterprises.urls")),
    path("trainings/", include("trainings.urls")),
    path("improvements/", include("improvements.urls")),
    path("data/", include("dataexchange.urls")),
    path("api/", include("dataexchange.api.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "score_mis.views.server_error"
