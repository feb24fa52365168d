from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bontot.accounts"
    verbose_name = "Tài khoản"
