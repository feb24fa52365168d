from django.urls import path

from . import views, views_appraisal, views_self

app_name = "assessments"

urlpatterns = [
    path("dang-ky/", views.registration_mine, name="registration_mine"),
    path("dang-ky/chi-bo/<int:org_pk>/", views.registration_cell, name="registration_cell"),
    path("dang-ky/cho-quyet-dinh/", views.registration_pending, name="registration_pending"),
    path("dang-ky/<int:pk>/quyet-dinh/", views.registration_decide, name="registration_decide"),
    path("dang-ky/chua-dang-ky/", views.registration_missing, name="registration_missing"),
    path("tu-danh-gia/", views_self.self_mine, name="self_mine"),
    path("tu-danh-gia/to-chuc/", views_self.self_orgs, name="self_orgs"),
    path("tu-danh-gia/chi-bo/<int:org_pk>/", views_self.self_cell, name="self_cell"),
    path("tu-danh-gia/<int:pk>/", views_self.self_detail, name="self_detail"),
    path("tu-danh-gia/<int:pk>/sua/", views_self.self_form, name="self_form"),
    path("tu-danh-gia/<int:pk>/nop/", views_self.self_submit, name="self_submit"),
    path("tu-danh-gia/<int:pk>/lan/<int:number>/", views_self.self_round, name="self_round"),
    path("tu-danh-gia/minh-chung/<int:pk>/", views_self.self_evidence, name="self_evidence"),
    path("tu-danh-gia/minh-chung/<int:pk>/go/", views_self.self_evidence_remove, name="self_evidence_remove"),
]

urlpatterns += [
    path("tham-dinh/", views_appraisal.appraisal_queue, name="appraisal_queue"),
    path("tham-dinh/danh-sach/", views_appraisal.appraisal_list, name="appraisal_list"),
    path("tham-dinh/<int:pk>/", views_appraisal.appraisal_detail, name="appraisal_detail"),
    path("tham-dinh/<int:pk>/lan/<int:number>/", views_appraisal.appraisal_round, name="appraisal_round"),
    path("tham-dinh/minh-chung/<int:pk>/", views_appraisal.appraisal_evidence, name="appraisal_evidence"),
]
