from django.urls import path

from . import views

app_name = "showcase"

urlpatterns = [
    path("", views.story_list, name="list"),
    path("viet-bai/", views.story_manage, name="manage"),
    path("viet-bai/moi/", views.story_create, name="create"),
    path("<int:pk>/", views.story_detail, name="detail"),
    path("<int:pk>/anh/", views.story_photo, name="photo"),
    path("<int:pk>/sua/", views.story_edit, name="edit"),
    path("<int:pk>/dang/", views.story_publish, name="publish"),
    path("<int:pk>/go/", views.story_withdraw, name="withdraw"),
]
