from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "bontot.notifications"
    verbose_name = "Thông báo"
