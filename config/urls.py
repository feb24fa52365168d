"""URLs: each app owns its prefix; every page needs a login unless its view is `login_not_required`."""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path

from bontot.dashboards.views import home

admin.site.site_header = "Bốn Tốt — quản trị hệ thống"
admin.site.site_title = "Bốn Tốt"
admin.site.index_title = "Dữ liệu mô hình bốn tốt"


def _superusers_only(request: HttpRequest) -> bool:
    """The Django admin is for system administrators; everyone else works in the application."""
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]

urlpatterns = [
    path("", home, name="home"),
    path("tai-khoan/", include("bontot.accounts.urls")),
    path("so-lieu/", include("bontot.facts.urls")),
    path("to-chuc/", include("bontot.organizations.urls")),
    path("dang-vien/", include("bontot.members.urls")),
    path("tong-quan/", include("bontot.dashboards.urls")),
    path("danh-gia/", include("bontot.assessments.urls")),
    path("quyet-dinh/", include("bontot.decisions.urls")),
    path("van-ban/", include("bontot.documents.urls")),
    path("thong-bao/", include("bontot.notifications.urls")),
    path("excel/", include("bontot.spreadsheets.urls")),
    path("guong-dien-hinh/", include("bontot.showcase.urls")),
    path("thong-ke/", include("bontot.statistics.urls")),
    path("admin/", admin.site.urls),
]
