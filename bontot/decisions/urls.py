from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("", views.decision_list, name="list"),
    path("ban-hanh/", views.decision_issue, name="issue"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/thu-hoi/", views.decision_revoke, name="revoke"),
]
