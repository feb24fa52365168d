from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("", views.organization_list, name="list"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/them-to-chuc-truc-thuoc/", views.organization_create, name="create"),
    path("<int:pk>/sua/", views.organization_edit, name="edit"),
    path("<int:pk>/ket-thuc/", views.organization_close, name="close"),
]
