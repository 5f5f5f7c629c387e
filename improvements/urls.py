from django.urls import path
from django.utils.translation import gettext_lazy as _

from improvements import views
from improvements.forms import ImprovementCategoryForm
from improvements.models import ImprovementCategory
from partners.reference import ReferenceKind, reference_urls

app_name = "improvements"

urlpatterns = [
    path("", views.improvement_list, name="improvement_list"),
    path("new/", views.improvement_create, name="improvement_create"),
    path("<int:pk>/", views.improvement_detail, name="improvement_detail"),
    path("<int:pk>/edit/", views.improvement_update, name="improvement_update"),
    path("<int:pk>/delete/", views.improvement_delete, name="improvement_delete"),
    path("<int:pk>/submit/", views.improvement_submit, name="improvement_submit"),
    path("<int:pk>/verify/", views.improvement_verify, name="improvement_verify"),
    path("<int:pk>/return/", views.improvement_return, name="improvement_return"),
    path("<int:pk>/photos/new/", views.photo_add, name="photo_add"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("photos/<int:pk>/<slug:size>/", views.photo_file, name="photo"),
]

CATEGORIES = ReferenceKind(
    "category",
    ImprovementCategory,
    ImprovementCategoryForm,
    "categories",
    app_name,
    ((_("Code"), "code"), (_("Sort order"), "sort_order"), (_("Status"), "display_status")),
)
urlpatterns += reference_urls(CATEGORIES)
