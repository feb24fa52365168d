from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "bontot.documents"
    verbose_name = "Văn bản"
