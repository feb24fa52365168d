"""URLs of the meetings pages (included by facts/urls.py under the `facts` namespace)."""

from django.urls import URLPattern, path

from . import views_meetings as views

urlpatterns: list[URLPattern] = [
    path("sinh-hoat/", views.meetings_index, name="meetings"),
    path("sinh-hoat/sap-toi/", views.upcoming_meetings, name="upcoming_meetings"),
    path("sinh-hoat/to-chuc/<int:org_pk>/", views.meeting_log, name="meeting_log"),
    path("sinh-hoat/to-chuc/<int:org_pk>/them/", views.meeting_create, name="meeting_create"),
    path("sinh-hoat/to-chuc/<int:org_pk>/thong-bao/", views.meeting_announce, name="meeting_announce"),
    path("sinh-hoat/to-chuc/<int:org_pk>/thang-nay/", views.meeting_quick, name="meeting_quick"),
    path("sinh-hoat/<int:pk>/sua/", views.meeting_edit, name="meeting_edit"),
    path("sinh-hoat/<int:pk>/ghi-nhan/", views.meeting_record, name="meeting_record"),
    path("sinh-hoat/<int:pk>/xoa/", views.meeting_delete, name="meeting_delete"),
]
