from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("quyet-dinh/<int:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
    path("quyet-dinh/<int:pk>/docx/", views.decision_docx, name="decision_docx"),
    path("dang-ky/<int:org_pk>/pdf/", views.registration_pdf, name="registration_pdf"),
    path("dang-ky/<int:org_pk>/docx/", views.registration_docx, name="registration_docx"),
]
