from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "bontot.assessments"
    verbose_name = "Đăng ký và đánh giá"
