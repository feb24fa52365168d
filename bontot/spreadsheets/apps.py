from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "bontot.spreadsheets"
    verbose_name = "Tệp Excel"
