from django.apps import AppConfig


class FactsConfig(AppConfig):
    name = "bontot.facts"
    verbose_name = "Dữ liệu theo dõi"
