from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "bontot.members"
    verbose_name = "Đảng viên"
