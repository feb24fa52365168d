from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("quyet-dinh/<int:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
    path("quyet-dinh/<int:pk>/docx/", views.decision_docx, name="decision_docx"),
    path("dang-ky/<int:org_pk>/pdf/", views.registration_pdf, name="registration_pdf"),
    path("dang-ky/<int:org_pk>/docx/", views.registration_docx, name="registration_docx"),
    path("tu-danh-gia/<int:pk>/lan/<int:number>/pdf/", views.self_report_pdf, name="self_report_pdf"),
    path("tu-danh-gia/<int:pk>/lan/<int:number>/docx/", views.self_report_docx, name="self_report_docx"),
    path("tham-dinh/<int:pk>/lan/<int:number>/pdf/", views.appraisal_report_pdf, name="appraisal_report_pdf"),
    path("tham-dinh/<int:pk>/lan/<int:number>/docx/", views.appraisal_report_docx, name="appraisal_report_docx"),
    path("to-trinh/<int:org_pk>/pdf/", views.proposal_pdf, name="proposal_pdf"),
    path("to-trinh/<int:org_pk>/docx/", views.proposal_docx, name="proposal_docx"),
    path("bao-cao/<int:org_pk>/<int:year>/pdf/", views.summary_pdf, name="summary_pdf"),
    path("bao-cao/<int:org_pk>/<int:year>/docx/", views.summary_docx, name="summary_docx"),
    path("mau/", views.templates_home, name="templates_home"),
    path("mau/<int:org_pk>/", views.templates, name="templates"),
]
