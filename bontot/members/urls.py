from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("chi-bo/<int:org_pk>/them/", views.member_create, name="create"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/sua/", views.member_edit, name="edit"),
    path("<int:pk>/chuyen-sinh-hoat/", views.member_transfer, name="transfer"),
    path("<int:pk>/ra-khoi-dang/", views.member_departure, name="departure"),
    path("<int:pk>/mien-dinh-chi/them/", views.status_add, name="status_add"),
    path("<int:pk>/mien-dinh-chi/<int:status_pk>/ket-thuc/", views.status_end, name="status_end"),
]
