"""URLs of the yearly facts pages (included by facts/urls.py under the `facts` namespace)."""

from django.urls import URLPattern, path

from . import views_ratings as v

urlpatterns: list[URLPattern] = [
    path("xep-loai/", v.ratings_home, name="ratings_home"),
    path("xep-loai/<int:org_pk>/<int:year>/", v.year_facts, name="year_facts"),
    path("xep-loai/<int:org_pk>/<int:year>/dang-vien/", v.member_ratings, name="member_ratings"),
    path("xep-loai/<int:org_pk>/<int:year>/to-chuc/", v.org_ratings, name="org_ratings"),
    path("xep-loai/<int:org_pk>/<int:year>/noi-cong-tac/", v.workplace_ratings, name="workplace_ratings"),
    path("xep-loai/<int:org_pk>/<int:year>/noi-cu-tru/", v.residence_comments, name="residence_comments"),
    path("xep-loai/<int:org_pk>/<int:year>/ket-qua/", v.org_results, name="org_results"),
    path("xep-loai/ket-qua/<int:pk>/sua/", v.org_result_edit, name="org_result_edit"),
    path("xep-loai/ket-qua/<int:pk>/xoa/", v.org_result_delete, name="org_result_delete"),
    path("xep-loai/<int:org_pk>/<int:year>/cung-cap/", v.linked_bodies, name="linked_bodies"),
    path("xep-loai/cung-cap/<int:pk>/sua/", v.linked_body_edit, name="linked_body_edit"),
    path("xep-loai/cung-cap/<int:pk>/xoa/", v.linked_body_delete, name="linked_body_delete"),
    path("xep-loai/<int:org_pk>/<int:year>/chi-tieu-ket-nap/", v.admission_target, name="admission_target"),
]
