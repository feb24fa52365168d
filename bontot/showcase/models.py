"""Stories of exemplary members and cells (plan III.1): the propaganda board publishes them.

A `Story` is published for an organisation (`organization`: everyone in its subtree reads it) and tells of a
subject recognised by a decision in force (`entry`). It moves draft → published → withdrawn (with a reason);
nothing is deleted. The photo is stored under MEDIA_ROOT with a random name and served only by an
access-checked view.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from bontot.core.models import Tracked


class StoryStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    PUBLISHED = "published", "Đã đăng"
    WITHDRAWN = "withdrawn", "Đã gỡ"


class Story(Tracked):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="đăng cho tổ chức",
        on_delete=models.PROTECT,
        related_name="stories",
    )
    entry = models.ForeignKey(
        "decisions.DecisionEntry",
        verbose_name="công nhận",
        on_delete=models.PROTECT,
        related_name="stories",
    )
    title = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung")
    photo = models.FileField("ảnh", upload_to="showcase/%Y/", blank=True)
    photo_type = models.CharField("loại ảnh", max_length=20, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=StoryStatus.choices, default=StoryStatus.DRAFT)
    version = models.PositiveIntegerField("phiên bản", default=0)
    published_at = models.DateTimeField("đăng lúc", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đăng",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField("gỡ lúc", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gỡ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdraw_reason = models.TextField("lý do gỡ", blank=True)

    class Meta:
        verbose_name = "gương điển hình"
        verbose_name_plural = "gương điển hình"
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="withdrawn") | ~models.Q(withdraw_reason=""),
                name="story_withdrawn_has_reason",
                violation_error_message="Phải ghi lý do gỡ bài.",
            ),
        ]
        indexes = [models.Index(fields=["status", "organization"], name="story_status_org")]

    def __str__(self) -> str:
        return self.title
