from django.urls import path

from improvements import views

app_name = "improvements"

urlpatterns = [
    path("", views.improvement_list, name="list"),
    path("new/", views.improvement_create, name="create"),
    path("<int:pk>/", views.improvement_detail, name="detail"),
    path("<int:pk>/edit/", views.improvement_update, name="update"),
    path("<int:pk>/delete/", views.improvement_delete, name="delete"),
    path("<int:pk>/submit/", views.improvement_submit, name="submit"),
    path("<int:pk>/verify/", views.improvement_verify, name="verify"),
    path("<int:pk>/return/", views.improvement_return, name="return"),
    path("<int:pk>/photos/new/", views.photo_add, name="photo_add"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("photos/<int:pk>/<slug:size>/", views.photo_file, name="photo"),
]
