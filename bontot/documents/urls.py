from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("quyet-dinh/<int:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
    path("quyet-dinh/<int:pk>/docx/", views.decision_docx, name="decision_docx"),
]
