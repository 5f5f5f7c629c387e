from django.contrib.auth.decorators import login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from dataexchange.api import export_views, views

app_name = "api"

router = SimpleRouter(use_regex_path=False)
for prefix, viewset in views.VIEWSETS.items():
    router.register(prefix, viewset, basename=prefix)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("results/", views.ResultsView.as_view(), name="results"),
    path("exports/global/", export_views.GlobalExportView.as_view(), name="global-export"),
    *(
        path(f"feeds/{name}.csv", views.feed_view(name, viewset), name=f"feed-{name}")
        for name, viewset in views.VIEWSETS.items()
    ),
    path("feeds/figures.csv", views.FiguresFeedView.as_view(), name="feed-figures"),
    path("feeds/results.csv", views.ResultsFeedView.as_view(), name="feed-results"),
    *router.urls,
]
