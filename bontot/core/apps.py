from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bontot.core"
    verbose_name = "Lõi hệ thống"
