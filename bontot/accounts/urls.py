from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "quen-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("quen-mat-khau/xong/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_detail, name="user_detail"),
    path("nguoi-dung/<int:pk>/phan-quyen/", views.role_add, name="role_add"),
    path("nguoi-dung/<int:pk>/khoa/", views.user_deactivate, name="user_deactivate"),
    path("nguoi-dung/<int:pk>/mo-khoa/", views.user_activate, name="user_activate"),
    path("nguoi-dung/<int:pk>/dat-mat-khau/", views.user_set_password, name="user_set_password"),
    path("phan-quyen/<int:pk>/ket-thuc/", views.role_end, name="role_end"),
]
