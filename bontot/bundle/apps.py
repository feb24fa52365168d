from django.apps import AppConfig


class BundleConfig(AppConfig):
    name = "bontot.bundle"
    verbose_name = "Gói dữ liệu trao đổi"
