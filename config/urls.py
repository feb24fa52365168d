from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Bốn Tốt — quản trị"
admin.site.site_title = "Bốn Tốt"
admin.site.index_title = "Dữ liệu mô hình bốn tốt"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
]
