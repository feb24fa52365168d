from django.urls import path

from . import views, views_appraisal

app_name = "assessments"

urlpatterns = [
    path("dang-ky/", views.registration_mine, name="registration_mine"),
    path("dang-ky/chi-bo/<int:org_pk>/", views.registration_cell, name="registration_cell"),
    path("dang-ky/cho-quyet-dinh/", views.registration_pending, name="registration_pending"),
    path("dang-ky/<int:pk>/quyet-dinh/", views.registration_decide, name="registration_decide"),
    path("dang-ky/chua-dang-ky/", views.registration_missing, name="registration_missing"),
]

urlpatterns += [
    path("tham-dinh/", views_appraisal.appraisal_queue, name="appraisal_queue"),
    path("tham-dinh/danh-sach/", views_appraisal.appraisal_list, name="appraisal_list"),
    path("tham-dinh/<int:pk>/", views_appraisal.appraisal_detail, name="appraisal_detail"),
    path("tham-dinh/<int:pk>/lan/<int:number>/", views_appraisal.appraisal_round, name="appraisal_round"),
    path("tham-dinh/minh-chung/<int:pk>/", views_appraisal.appraisal_evidence, name="appraisal_evidence"),
]
