from django.urls import path

from . import views

app_name = "spreadsheets"

urlpatterns = [
    path("", views.index, name="index"),
    path("mau/<slug:kind>/", views.template, name="template"),
    path("nhap/<slug:kind>/", views.upload, name="upload"),
    path("nhap/<slug:kind>/xac-nhan/", views.confirm, name="confirm"),
]
