from django.urls import path

from reporting import job_views, results_views, views

app_name = "reporting"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("data-quality/", views.data_quality, name="data_quality"),
    path("reports/committee/", views.committee_report, name="committee_report"),
    path("reports/committee/download/", views.committee_report_download, name="committee_report_download"),
    path("reports/committee/freeze/", views.freeze_report, name="freeze_report"),
    path("reports/frozen/", views.frozen_list, name="frozen_list"),
    path("reports/frozen/<int:pk>/", views.frozen_detail, name="frozen_detail"),
    path("reports/frozen/<int:pk>/<language>/document/", views.frozen_document, name="frozen_document"),
    path("reports/frozen/<int:pk>/<language>/report.pdf", views.frozen_download, {"output": "pdf"}, name="frozen_pdf"),
    path(
        "reports/frozen/<int:pk>/<language>/report.xlsx", views.frozen_download, {"output": "xlsx"}, name="frozen_xlsx"
    ),
    path("results/", results_views.results, name="results"),
    path("results/framework/", results_views.results_framework, name="results_framework"),
    path("results/targets/", results_views.target_list, name="target_list"),
    path("results/actuals/", results_views.actual_list, name="actual_list"),
    path("results/actuals/<int:pk>/evidence/", results_views.actual_evidence, name="actual_evidence"),
    path("results/rates/", results_views.rate_list, name="rate_list"),
    path("results/narratives/", results_views.narrative_list, name="narrative_list"),
    path("results/content/", results_views.content_list, name="content_list"),
    path("downloads/", job_views.job_list, name="job_list"),
    path("downloads/<uuid:pk>/", job_views.job_detail, name="job_detail"),
    path("downloads/<uuid:pk>/download/", job_views.job_download, name="job_download"),
]

# New, edit and delete pages of each kind of framework record (ILO staff only), such as results/targets/new/.
for kind, record_kind in results_views.KINDS.items():
    prefix = f"results/{record_kind.segment}"
    urlpatterns += [
        path(f"{prefix}/new/", results_views.VIEWS[f"{kind}_create"], name=f"{kind}_create"),
        path(f"{prefix}/<int:pk>/edit/", results_views.VIEWS[f"{kind}_update"], name=f"{kind}_update"),
        path(f"{prefix}/<int:pk>/delete/", results_views.VIEWS[f"{kind}_delete"], name=f"{kind}_delete"),
    ]
