from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "bontot.organizations"
    verbose_name = "Tổ chức đảng"
