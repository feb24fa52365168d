from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    name = "bontot.criteria"
    verbose_name = "Tiêu chí"
