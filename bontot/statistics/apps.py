from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "bontot.statistics"
    verbose_name = "Thống kê"
