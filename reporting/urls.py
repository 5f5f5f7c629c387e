from django.urls import path

from reporting import job_views, views

app_name = "reporting"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/committee/", views.committee_report, name="committee_report"),
    path("reports/committee/download/", views.committee_report_download, name="committee_report_download"),
    path("reports/committee/freeze/", views.freeze_report, name="freeze_report"),
    path("reports/frozen/", views.frozen_list, name="frozen_list"),
    path("reports/frozen/<int:pk>/", views.frozen_detail, name="frozen_detail"),
    path("reports/frozen/<int:pk>/document/", views.frozen_document, name="frozen_document"),
    path("reports/frozen/<int:pk>/report.pdf", views.frozen_download, {"output": "pdf"}, name="frozen_pdf"),
    path("reports/frozen/<int:pk>/report.xlsx", views.frozen_download, {"output": "xlsx"}, name="frozen_xlsx"),
    path("downloads/", job_views.job_list, name="job_list"),
    path("downloads/<uuid:pk>/", job_views.job_detail, name="job_detail"),
    path("downloads/<uuid:pk>/download/", job_views.job_download, name="job_download"),
]
