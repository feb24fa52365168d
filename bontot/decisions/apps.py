from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "bontot.decisions"
    verbose_name = "Quyết định công nhận"
