from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from bontot.core.choices import MeetingGrade, QualityLevel, ResultLevel, code_choices
from bontot.core.models import Tracked
from bontot.core.subjects import SubjectModel, exactly_one_subject, unique_per_subject
from bontot.criteria.engine.scales import (
    COMPLAINT_KINDS,
    DISCIPLINE_FORMS,
    MEETING_KINDS,
    ORG_RESULT_AREAS,
    RESIDENCE_VERDICTS,
)
from bontot.members.models import Member
from bontot.organizations.models import Organization

from . import rules, score_sheet
from .rules_ratings import NOT_RATED, rating_lacks_reason

CAP_REASON_NEEDED = "Cần ghi lý do vượt tỷ lệ Hoàn thành xuất sắc nhiệm vụ."

MeetingKind = code_choices(
    "MeetingKind",
    MEETING_KINDS,
    {
        "regular": "Sinh hoạt thường kỳ",
        "thematic": "Sinh hoạt chuyên đề",
        "combined": "Sinh hoạt thường kỳ kết hợp chuyên đề",
        "committee": "Họp cấp ủy",
        "standing": "Họp Ban Thường vụ",
        "congress": "Hội nghị / Đại hội đảng bộ",
    },
    module=__name__,
)


class MeetingStatus(models.TextChoices):
    ANNOUNCED = rules.ANNOUNCED, "Đã thông báo"
    HELD = rules.HELD, "Đã họp"


class Meeting(Tracked):
    """A meeting of a party organisation: announced ahead (date, topic, documents), then held and graded.

    Only held meetings are facts the engine counts (criteria/loader.py). The grade is given directly or
    derived, with the score, from the 100-point sheet (`score_sheet`, facts/score_sheet.py). The rules of
    a valid meeting live in facts/rules.py, shared with the bundle importer; the database repeats them.
    """

    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức đảng", on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField("ngày sinh hoạt")
    kind = models.CharField("loại", max_length=20, choices=MeetingKind.choices)
    status = models.CharField("trạng thái", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.HELD)
    topic = models.CharField("nội dung, chủ đề", max_length=255, blank=True)
    documents = models.TextField("tài liệu cần đọc trước", blank=True)
    # Null while announced: no grade yet is an absence, and `meeting_held_has_grade` says a held one has it.
    grade = models.CharField(  # noqa: DJ001
        "xếp loại", max_length=20, choices=MeetingGrade.choices, null=True, blank=True
    )
    attendance = models.PositiveIntegerField("số dự", null=True, blank=True)
    expected = models.PositiveIntegerField("số triệu tập", null=True, blank=True)
    minutes = models.PositiveIntegerField("thời lượng (phút)", null=True, blank=True)
    score = models.PositiveSmallIntegerField("điểm chấm (thang 100)", null=True, blank=True)
    score_sheet = models.JSONField("phiếu chấm điểm", null=True, blank=True)

    class Meta:
        verbose_name = "kỳ sinh hoạt"
        verbose_name_plural = "kỳ sinh hoạt"
        ordering = ["organization", "held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "held_on", "kind"],
                name="meeting_unique",
                violation_error_message="Tổ chức đảng đã có kỳ sinh hoạt cùng loại trong ngày này.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[rules.ANNOUNCED, rules.HELD]),
                name="meeting_status_known",
                violation_error_message="Trạng thái kỳ sinh hoạt không hợp lệ.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=rules.HELD) | (models.Q(grade__isnull=False) & ~models.Q(grade="")),
                name="meeting_held_has_grade",
                violation_error_message=rules.MSG_GRADE_REQUIRED,
            ),
            models.CheckConstraint(
                condition=models.Q(attendance__isnull=True)
                | models.Q(expected__isnull=True)
                | models.Q(attendance__lte=models.F("expected")),
                name="meeting_attendance_within_expected",
                violation_error_message="Số dự không được lớn hơn số triệu tập.",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=rules.SCORE_MAX),
                name="meeting_score_range",
                violation_error_message=rules.MSG_SCORE,
            ),
        ]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    def clean(self) -> None:
        """Derive score and grade from the score sheet when given, then check the rules of facts/rules.py."""
        errors: dict[str, str] = {}
        if self.score_sheet in ({}, []):
            self.score_sheet = None
        if self.score_sheet is not None:
            problems = score_sheet.sheet_problems(self.score_sheet)
            if problems:
                errors["score_sheet"] = rules.MSG_SHEET
            else:
                self.score = score_sheet.total(self.score_sheet)
                self.grade = score_sheet.grade(self.score_sheet, self._criteria_set())
        if not rules.attendance_within_expected(self.attendance, self.expected):
            errors["attendance"] = rules.MSG_ATTENDANCE.format(attendance=self.attendance, expected=self.expected)
        if not rules.score_in_range(self.score):
            errors["score"] = rules.MSG_SCORE
        elif self.score is not None and self.grade and self.score_sheet is None:
            scale = score_sheet.scale(self._criteria_set())
            if not rules.grade_fits_score(self.score, self.grade, scale):
                allowed = " hoặc ".join(MeetingGrade(code).label for code in rules.grades_for_score(self.score, scale))
                errors["grade"] = rules.MSG_GRADE_SCORE.format(score=self.score, allowed=allowed)
        if not rules.held_has_grade(self.status, self.grade):
            errors["grade"] = rules.MSG_GRADE_REQUIRED
        today = timezone.localdate()
        if not rules.held_not_in_future(self.status, self.held_on, today):
            errors["held_on"] = rules.MSG_FUTURE.format(today=f"{today:%d/%m/%Y}")
        if errors:
            raise ValidationError(errors)

    def _criteria_set(self) -> str:
        """Return the code of the criteria set of the meeting's year (its score bands grade the sheet)."""
        from bontot.criteria.models import EvaluationYear

        if self.held_on is None:
            return score_sheet.DEFAULT_CRITERIA_SET
        code = EvaluationYear.objects.filter(year=self.held_on.year).values_list("criteria_set", flat=True).first()
        return code or score_sheet.DEFAULT_CRITERIA_SET


class QualityRating(SubjectModel):
    """The annual quality rating of a member or an organisation, proposed until final."""

    year = models.PositiveSmallIntegerField("năm")
    level = models.CharField("mức xếp loại", max_length=20, choices=QualityLevel.choices)
    final = models.BooleanField("đã chính thức", default=False)
    reason = models.CharField("lý do (nếu không xếp loại)", max_length=500, blank=True)

    class Meta:
        verbose_name = "xếp loại chất lượng"
        verbose_name_plural = "xếp loại chất lượng"
        ordering = ["year"]
        constraints = [
            exactly_one_subject("quality_rating_one_subject"),
            *unique_per_subject(["year"], "quality_rating_unique"),
            # rules_ratings.rating_lacks_reason, restated for the database
            models.CheckConstraint(
                condition=~models.Q(level=NOT_RATED) | ~models.Q(reason=""),
                name="quality_rating_not_rated_reason",
                violation_error_message="Cần ghi lý do khi không xếp loại.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_level_display()}"

    def clean(self) -> None:
        if rating_lacks_reason(self.level, self.reason):
            raise ValidationError({"reason": "Cần ghi lý do khi không xếp loại."})


class ExcellentCapOverride(Tracked):
    """A decider's recorded reason for going over the HTXSNV cap of an organisation's year.

    `organization` is the scope the cap is counted over (facts/excellent_cap.py: the grassroots organisation
    for members, the rating committee for organisations); `excellent`, `cap` and `denominator` are the
    counts when the reason was given. It covers later saves while the count of HTXSNV stays at or below
    `excellent`: one more needs a new reason. Written only by `excellent_cap.record_override` (audited).
    """

    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức đảng", on_delete=models.PROTECT, related_name="excellent_cap_overrides"
    )
    year = models.PositiveSmallIntegerField("năm")
    members = models.BooleanField("xếp loại đảng viên", default=True)  # else: the subordinate organisations
    reason = models.TextField("lý do vượt tỷ lệ")
    excellent = models.PositiveIntegerField("số Hoàn thành xuất sắc nhiệm vụ")
    cap = models.PositiveIntegerField("số tối đa theo tỷ lệ")
    denominator = models.PositiveIntegerField("số làm căn cứ tính tỷ lệ")
    percent = models.PositiveSmallIntegerField("tỷ lệ (%)")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người quyết định",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "lý do vượt tỷ lệ Hoàn thành xuất sắc nhiệm vụ"
        verbose_name_plural = "lý do vượt tỷ lệ Hoàn thành xuất sắc nhiệm vụ"
        ordering = ["organization", "year", "-excellent"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="excellent_cap_override_reason",
                violation_error_message=CAP_REASON_NEEDED,
            )
        ]
        indexes = [models.Index(fields=["organization", "year"], name="cap_override_org_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.excellent}/{self.cap}"

    def clean(self) -> None:
        if not (self.reason or "").strip():
            raise ValidationError({"reason": CAP_REASON_NEEDED})


class WorkplaceRating(Tracked):
    """A civil servant's rating at their workplace (đánh giá cán bộ, công chức, viên chức)."""

    year = models.PositiveSmallIntegerField("năm")
    member = models.ForeignKey(
        Member, verbose_name="đảng viên", on_delete=models.PROTECT, related_name="workplace_ratings"
    )
    level = models.CharField("mức xếp loại", max_length=20, choices=QualityLevel.choices)

    class Meta:
        verbose_name = "xếp loại công chức, viên chức"
        verbose_name_plural = "xếp loại công chức, viên chức"
        constraints = [models.UniqueConstraint(fields=["year", "member"], name="workplace_rating_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_level_display()}"


ResultArea = code_choices(
    "ResultArea",
    ORG_RESULT_AREAS,
    {
        "party_building": "Công tác xây dựng Đảng, hệ thống chính trị",
        "political_task": "Lãnh đạo thực hiện nhiệm vụ chính trị",
        "other": "Tiêu chí khác",
    },
    module=__name__,
)


class OrgResult(Tracked):
    """The level an organisation reached in one area of its annual result."""

    year = models.PositiveSmallIntegerField("năm")
    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức đảng", on_delete=models.PROTECT, related_name="results"
    )
    area = models.CharField("lĩnh vực", max_length=20, choices=ResultArea.choices)
    name = models.CharField("tiêu chí", max_length=255)
    level = models.CharField("cấp độ", max_length=20, choices=ResultLevel.choices)

    class Meta:
        verbose_name = "kết quả thực hiện tiêu chí"
        verbose_name_plural = "kết quả thực hiện tiêu chí"
        constraints = [
            models.UniqueConstraint(fields=["year", "organization", "area", "name"], name="org_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_level_display()}"


class AdmissionTarget(Tracked):
    year = models.PositiveSmallIntegerField("năm")
    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức đảng", on_delete=models.PROTECT, related_name="admission_targets"
    )
    target = models.PositiveIntegerField("chỉ tiêu kết nạp", validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "chỉ tiêu kết nạp đảng viên"
        verbose_name_plural = "chỉ tiêu kết nạp đảng viên"
        constraints = [models.UniqueConstraint(fields=["year", "organization"], name="admission_target_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.target}"


DisciplineForm = code_choices(
    "DisciplineForm",
    DISCIPLINE_FORMS,
    {"reprimand": "Khiển trách", "warning": "Cảnh cáo", "dismissal": "Cách chức", "expulsion": "Khai trừ"},
    module=__name__,
)


class Discipline(Tracked):
    member = models.ForeignKey(Member, verbose_name="đảng viên", on_delete=models.PROTECT, related_name="disciplines")
    decided_on = models.DateField("ngày quyết định")
    form = models.CharField("hình thức", max_length=20, choices=DisciplineForm.choices)

    class Meta:
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"
        ordering = ["decided_on"]
        constraints = [models.UniqueConstraint(fields=["member", "decided_on", "form"], name="discipline_unique")]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.decided_on:%d/%m/%Y}"


ComplaintKind = code_choices(
    "ComplaintKind", COMPLAINT_KINDS, {"complaint": "Khiếu nại", "denunciation": "Tố cáo"}, module=__name__
)


COMPLAINT_YEAR_NEEDED = "Ghi năm đánh giá hoặc xếp loại mà đơn khiếu nại."
COMPLAINT_CONCERNS_NEEDED = "Chọn nội dung khiếu nại (đánh giá hay xếp loại) của đảng viên."
COMPLAINT_MEMBER_OUTSIDE = "Đảng viên bị khiếu nại phải sinh hoạt trong tổ chức đảng nhận đơn."
COMPLAINT_DUPLICATE = "Tổ chức đảng đã ghi nhận đơn cùng loại, cùng ngày nhận (về cùng đảng viên)."


class ComplaintConcerns(models.TextChoices):
    """What a complaint is about, when it is about the yearly workflow: while such a complaint is open, the
    recognition decision of the subject it concerns is held (Quy định 366-QĐ/TW)."""

    ASSESSMENT = "assessment", "Kết quả đánh giá, công nhận bốn tốt"
    RATING = "rating", "Kết quả xếp loại chất lượng"


class Complaint(Tracked):
    """A complaint or denunciation received by an organisation. When it concerns the assessment or the
    rating of a subject (`concerns`), that subject is `about_member`, or the organisation itself when no
    member is named, and `year` is the year assessed."""

    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức đảng", on_delete=models.PROTECT, related_name="complaints"
    )
    received_on = models.DateField("ngày nhận")
    kind = models.CharField("loại đơn", max_length=20, choices=ComplaintKind.choices)
    internal = models.BooleanField("trong nội bộ", default=False)
    mass_or_over_level = models.BooleanField("phức tạp, đông người hoặc vượt cấp", default=False)
    resolved_on = models.DateField("ngày giải quyết xong", null=True, blank=True)
    concerns = models.CharField(
        "nội dung liên quan", max_length=12, choices=ComplaintConcerns.choices, blank=True, default=""
    )
    about_member = models.ForeignKey(
        Member,
        verbose_name="đảng viên bị khiếu nại",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_about",
    )
    year = models.PositiveSmallIntegerField("năm đánh giá liên quan", null=True, blank=True)

    class Meta:
        verbose_name = "đơn thư khiếu nại, tố cáo"
        verbose_name_plural = "đơn thư khiếu nại, tố cáo"
        ordering = ["received_on"]
        constraints = [
            # Two letters of one kind received by one organisation on one day are one letter, unless they
            # concern different members (several members may contest their rating on the same day).
            models.UniqueConstraint(
                fields=["organization", "received_on", "kind"],
                condition=models.Q(about_member__isnull=True),
                name="complaint_unique",
                violation_error_message=COMPLAINT_DUPLICATE,
            ),
            models.UniqueConstraint(
                fields=["organization", "received_on", "kind", "about_member"],
                condition=models.Q(about_member__isnull=False),
                name="complaint_unique_about_member",
                violation_error_message=COMPLAINT_DUPLICATE,
            ),
            models.CheckConstraint(
                condition=models.Q(resolved_on__isnull=True) | models.Q(resolved_on__gte=models.F("received_on")),
                name="complaint_resolved_after_received",
            ),
            models.CheckConstraint(
                condition=models.Q(concerns="") | models.Q(year__isnull=False),
                name="complaint_concerns_has_year",
                violation_error_message=COMPLAINT_YEAR_NEEDED,
            ),
            models.CheckConstraint(
                condition=models.Q(about_member__isnull=True) | ~models.Q(concerns=""),
                name="complaint_about_member_has_concerns",
                violation_error_message=COMPLAINT_CONCERNS_NEEDED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.received_on and self.resolved_on and self.resolved_on < self.received_on:
            raise ValidationError({"resolved_on": "Ngày giải quyết xong không được trước ngày nhận đơn."})
        if self.concerns and self.year is None:
            raise ValidationError({"year": COMPLAINT_YEAR_NEEDED})
        if self.about_member_id is not None and not self.concerns:
            raise ValidationError({"concerns": COMPLAINT_CONCERNS_NEEDED})
        if self.about_member_id is not None and self.organization_id is not None:
            member = Member.objects.filter(pk=self.about_member_id)
            cell_path = member.values_list("organization__path", flat=True).first()
            if cell_path is None:
                return  # clean_fields reports the unknown member
            if not cell_path.startswith(self.organization.path):
                raise ValidationError({"about_member": COMPLAINT_MEMBER_OUTSIDE})

    @property
    def holds_decision(self) -> bool:
        """Whether the letter holds a recognition decision now: it concerns the workflow and is not resolved."""
        return bool(self.concerns) and self.resolved_on is None


ResidenceVerdict = code_choices(
    "ResidenceVerdict",
    RESIDENCE_VERDICTS,
    {"positive": "Tốt / đầy đủ", "negative": "Chưa tốt", "excused": "Được miễn nhận xét"},
    module=__name__,
)


class ResidenceComment(Tracked):
    """The residence cell's yearly comment on a working member (Quy định 213)."""

    year = models.PositiveSmallIntegerField("năm")
    member = models.ForeignKey(
        Member, verbose_name="đảng viên", on_delete=models.PROTECT, related_name="residence_comments"
    )
    verdict = models.CharField("nhận xét", max_length=20, choices=ResidenceVerdict.choices)

    class Meta:
        verbose_name = "nhận xét nơi cư trú"
        verbose_name_plural = "nhận xét nơi cư trú"
        constraints = [models.UniqueConstraint(fields=["year", "member"], name="residence_comment_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_verdict_display()}"
