from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "bontot.demo"
    verbose_name = "Dữ liệu mẫu"
