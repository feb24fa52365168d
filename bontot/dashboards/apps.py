from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "bontot.dashboards"
    verbose_name = "Tổng quan"
