from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("ca-nhan/", views.me, name="me"),
    path("pham-vi/", views.subtree, name="subtree"),
    path("pham-vi/bang/", views.subtree_table, name="subtree_table"),
    path("to-chuc/<int:pk>/<int:year>/", views.organization, name="organization"),
    path("dang-vien/<int:pk>/<int:year>/", views.member, name="member"),
]
