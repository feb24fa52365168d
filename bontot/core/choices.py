"""Ordered scales and code lists shared by models, the bundle and the engine (codes as in DESIGN.md)."""

from django.db import models


class QualityLevel(models.TextChoices):
    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    COMPLETE = "complete", "Hoàn thành nhiệm vụ"
    INCOMPLETE = "incomplete", "Không hoàn thành nhiệm vụ"
    NOT_RATED = "not_rated", "Không xếp loại"


class LinkedBodyLevel(models.TextChoices):
    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    COMPLETE = "complete", "Hoàn thành nhiệm vụ"
    INCOMPLETE = "incomplete", "Không hoàn thành nhiệm vụ"
    NOT_APPLICABLE = "not_applicable", "Không áp dụng"


class MeetingGrade(models.TextChoices):
    GOOD = "good", "Tốt"
    FAIR = "fair", "Khá"
    AVERAGE = "average", "Trung bình"
    POOR = "poor", "Kém"


class ResultLevel(models.TextChoices):
    EXCELLENT = "excellent", "Xuất sắc"
    GOOD = "good", "Tốt"
    AVERAGE = "average", "Trung bình"
    POOR = "poor", "Kém"
