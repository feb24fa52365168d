from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("dang-ky/", views.registration_mine, name="registration_mine"),
    path("dang-ky/chi-bo/<int:org_pk>/", views.registration_cell, name="registration_cell"),
    path("dang-ky/cho-quyet-dinh/", views.registration_pending, name="registration_pending"),
    path("dang-ky/<int:pk>/quyet-dinh/", views.registration_decide, name="registration_decide"),
    path("dang-ky/chua-dang-ky/", views.registration_missing, name="registration_missing"),
]
