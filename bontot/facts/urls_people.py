"""URLs of the people pages (included by facts/urls.py under the `facts` namespace)."""

from django.urls import URLPattern, path

from . import views_people as views

urlpatterns: list[URLPattern] = [
    path("ky-luat/dang-vien/<int:member_pk>/them/", views.discipline_create, name="discipline_create"),
    path("ky-luat/<int:pk>/sua/", views.discipline_edit, name="discipline_edit"),
    path("ky-luat/<int:pk>/xoa/", views.discipline_delete, name="discipline_delete"),
    path("don-thu/to-chuc/<int:org_pk>/", views.complaint_list, name="complaint_list"),
    path("don-thu/to-chuc/<int:org_pk>/them/", views.complaint_create, name="complaint_create"),
    path("don-thu/<int:pk>/sua/", views.complaint_edit, name="complaint_edit"),
    path("don-thu/<int:pk>/giai-quyet/", views.complaint_resolve, name="complaint_resolve"),
    path("don-thu/<int:pk>/xoa/", views.complaint_delete, name="complaint_delete"),
]
