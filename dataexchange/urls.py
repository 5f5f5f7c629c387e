from django.urls import path

from dataexchange import views
from dataexchange.api import token_views

app_name = "dataexchange"

urlpatterns = [
    path("", views.index, name="index"),
    path("api-tokens/", token_views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", token_views.api_token_revoke, name="api_token_revoke"),
    path("<slug:kind>/template.xlsx", views.template_download, name="template"),
    path("<slug:kind>/export.<str:file_format>", views.export, name="export"),
    path("<slug:kind>/export.<str:file_format>/background/", views.export_queue, name="export_queue"),
    path("<slug:kind>/import/", views.import_upload, name="import_upload"),
    path("<slug:kind>/import/<str:token>/", views.import_preview, name="import_preview"),
    path("<slug:kind>/import/<str:token>/confirm/", views.import_confirm, name="import_confirm"),
]
