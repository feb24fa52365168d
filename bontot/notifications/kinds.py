"""Vietnamese names of the kinds of notification (`Notification.kind`, a dotted code), and their groups.

The list page shows each notification's kind and filters by group (the code's first part). A kind not listed
reads as its group's name, and a group not listed as "Thông báo khác": a code is never shown.
"""

from __future__ import annotations

KIND_LABELS = {
    "registration.opening": "Mở đăng ký",
    "registration.deadline_7": "Còn 7 ngày đến hạn đăng ký",
    "registration.deadline_1": "Sắp hết hạn đăng ký",
    "registration.overdue": "Quá hạn đăng ký",
    "meetings.missing": "Chưa ghi nhận sinh hoạt chi bộ",
    "pending.appraisal": "Chờ thẩm định",
    "pending.decision": "Chờ quyết định công nhận",
    "assessment.submitted": "Bản tự đánh giá đã nộp",
    "assessment.returned": "Trả lại bản tự đánh giá",
    "assessment.appraised": "Đã thẩm định",
    "assessment.recognised": "Đã công nhận",
    "assessment.pending_decision": "Chờ quyết định công nhận",
}

GROUP_LABELS = {
    "registration": "Đăng ký",
    "assessment": "Tự đánh giá, thẩm định",
    "pending": "Việc chờ xử lý",
    "decision": "Quyết định công nhận",
    "meetings": "Sinh hoạt chi bộ",
}
OTHER = "Thông báo khác"


def group_of(kind: str) -> str:
    return kind.split(".", 1)[0]


def kind_label(kind: str) -> str:
    """The Vietnamese name of a kind: its own, else its group's, else "Thông báo khác"."""
    return KIND_LABELS.get(kind) or GROUP_LABELS.get(group_of(kind), OTHER)
