from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    name = "bontot.showcase"
    verbose_name = "Gương điển hình"
