from django.urls import path

from . import views

app_name = "statistics"

# The subtree is `?to_chuc=<pk>` (default: the user's top grant) or, in the address, `to-chuc/<pk>/`.
urlpatterns = [
    path("", views.year_page, name="year"),
    path("danh-sach/", views.subject_list, name="list"),
    path("xuat-excel/", views.export_xlsx, name="excel"),
    path("to-chuc/<int:pk>/", views.year_page, name="organization"),
    path("to-chuc/<int:pk>/danh-sach/", views.subject_list, name="organization_list"),
    path("to-chuc/<int:pk>/xuat-excel/", views.export_xlsx, name="organization_excel"),
]
