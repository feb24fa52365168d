"""The rules of a valid meeting at their boundaries: the model (Vietnamese messages next to the field), the
database constraints and the bundle importer (English messages) use the same functions of facts/rules.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bontot.bundle.exporter import export_bundle
from bontot.bundle.importer import import_bundle
from bontot.bundle.schema import BundleError
from bontot.bundle.tests.factories import bundle, meeting, org
from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.facts import rules, score_sheet
from bontot.facts.models import Meeting, MeetingStatus
from bontot.organizations.models import Organization

D = datetime.date
FULL = ("attendance", "duration", "participation", "minutes")


@pytest.fixture
def cell(db):
    return Organization.objects.create(code="CB1", name="Chi bộ thôn Một", kind="cell", valid_from=D(2000, 1, 1))


def errors_of(obj):
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def make_sheet(total, full_marks=True):
    """Return a valid sheet worth `total`: full marks on the four items (or all but attendance), the rest in order."""
    sheet = {item.code: 0 for item in score_sheet.ITEMS}
    if full_marks:
        for code in FULL:
            sheet[code] = score_sheet.ITEM_BY_CODE[code].max_points
    else:
        sheet["attendance"] = min(total, score_sheet.ITEM_BY_CODE["attendance"].max_points - 1)
    left = total - sum(sheet.values())
    assert left >= 0
    for item in score_sheet.ITEMS:
        if item.code in FULL:
            continue
        sheet[item.code] = min(item.max_points, left)
        left -= sheet[item.code]
    if left and not full_marks:  # only attendance stays below its maximum
        for code in ("duration", "participation", "minutes"):
            add = min(score_sheet.ITEM_BY_CODE[code].max_points, left)
            sheet[code], left = add, left - add
    assert left == 0 and score_sheet.total(sheet) == total
    return sheet


def test_it_ships_a_sheet_of_100_points_with_the_items_the_bands_need():
    scale = get_criteria_set(score_sheet.DEFAULT_CRITERIA_SET).meeting_score_scale
    assert score_sheet.MAX_SCORE == scale.max_score == 100
    needed = {code for band in scale.bands for code in band.full_marks}
    assert needed == set(FULL) and needed <= set(score_sheet.ITEM_BY_CODE)


@pytest.mark.parametrize(
    ("attendance", "expected", "ok"), [(3, 3, True), (4, 3, False), (None, 3, True), (4, None, True), (0, 0, True)]
)
def test_it_checks_attendance_within_expected(attendance, expected, ok):
    assert rules.attendance_within_expected(attendance, expected) is ok


def test_it_accepts_attendance_equal_to_expected(cell):
    Meeting(
        organization=cell, held_on=D(2024, 3, 5), kind="regular", grade="good", attendance=12, expected=12
    ).full_clean()


def test_it_refuses_attendance_above_expected_next_to_the_field(cell):
    errors = errors_of(
        Meeting(organization=cell, held_on=D(2024, 3, 5), kind="regular", grade="good", attendance=13, expected=12)
    )
    assert errors == {"attendance": ["Số dự (13) không được lớn hơn số triệu tập (12)."]}


def test_it_accepts_a_score_of_100_and_refuses_101(cell):
    Meeting(organization=cell, held_on=D(2024, 3, 5), kind="regular", grade="good", score=100).full_clean()
    errors = errors_of(Meeting(organization=cell, held_on=D(2024, 3, 6), kind="regular", grade="good", score=101))
    assert errors == {"score": ["Điểm chấm phải từ 0 đến 100."]}


@pytest.mark.parametrize(
    ("total", "full_marks", "grade"),
    [
        (100, True, "good"),
        (90, True, "good"),
        (90, False, "fair"),  # ≥ 90 without full marks on attendance
        (89, True, "fair"),
        (70, False, "fair"),
        (69, False, "average"),
        (50, False, "average"),
        (49, False, "poor"),
        (0, False, "poor"),
    ],
)
def test_it_derives_score_and_grade_from_the_sheet(cell, total, full_marks, grade):
    meeting = Meeting(
        organization=cell,
        held_on=D(2024, 3, 5),
        kind="regular",
        grade="poor",
        score_sheet=make_sheet(total, full_marks),
    )
    meeting.full_clean()
    assert (meeting.score, meeting.grade) == (total, grade)


def test_it_refuses_an_incomplete_sheet(cell):
    sheet = make_sheet(90)
    del sheet["minutes"]
    errors = errors_of(Meeting(organization=cell, held_on=D(2024, 3, 5), kind="regular", score_sheet=sheet))
    assert errors["score_sheet"] == [rules.MSG_SHEET]


@pytest.mark.parametrize("points", [11, -1, "10", True])
def test_it_refuses_points_outside_an_item(points):
    sheet = make_sheet(90)
    sheet["minutes"] = points
    assert [code for code, _ in score_sheet.sheet_problems(sheet)] == ["minutes"]


def test_it_refuses_a_held_meeting_without_grade_next_to_the_field(cell):
    errors = errors_of(Meeting(organization=cell, held_on=D(2024, 3, 5), kind="regular"))
    assert errors == {"grade": [rules.MSG_GRADE_REQUIRED]}


def test_it_lets_an_announced_meeting_wait_for_its_grade_and_lie_ahead(cell):
    ahead = timezone.localdate() + datetime.timedelta(days=30)
    Meeting(organization=cell, held_on=ahead, kind="regular", status=MeetingStatus.ANNOUNCED).full_clean()


def test_it_refuses_a_held_meeting_dated_tomorrow_but_accepts_today(cell):
    today = timezone.localdate()
    Meeting(organization=cell, held_on=today, kind="regular", grade="good").full_clean()
    errors = errors_of(
        Meeting(organization=cell, held_on=today + datetime.timedelta(days=1), kind="regular", grade="good")
    )
    assert list(errors) == ["held_on"] and "sau hôm nay" in errors["held_on"][0]


@pytest.mark.parametrize(
    "values",
    [
        {"status": "held", "grade": None},
        {"status": "held", "grade": ""},
        {"grade": "good", "attendance": 13, "expected": 12},
        {"grade": "good", "score": 101},
        {"grade": "good", "status": "planned"},
    ],
)
def test_it_is_refused_by_the_database_too(cell, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(organization=cell, held_on=D(2024, 3, 5), kind="regular", **values)


def test_it_keeps_existing_and_imported_rows_held(cell):
    assert Meeting.objects.create(organization=cell, held_on=D(2024, 3, 5), kind="regular", grade="good").is_held


# -- the bundle importer: the same rules, English messages ---------------------------------------------


def import_errors(*meetings):
    with pytest.raises(BundleError) as caught:
        import_bundle(bundle(organizations=[org("CB1")], meetings=list(meetings)))
    return caught.value.errors


def test_it_imports_attendance_equal_to_expected_and_a_topic(db):
    import_bundle(
        bundle(
            organizations=[org("CB1")],
            meetings=[meeting("CB1", "2024-03-05", attendance=12, expected=12, score=100, topic="Nghị quyết")],
        )
    )
    imported = Meeting.objects.get()
    assert (imported.attendance, imported.score, imported.topic, imported.status) == (12, 100, "Nghị quyết", "held")


def test_it_refuses_in_a_bundle_what_the_model_refuses(db):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert import_errors(
        meeting("CB1", "2024-03-05", attendance=13, expected=12),
        meeting("CB1", "2024-03-06", score=101),
        meeting("CB1", tomorrow),
        meeting("CB1", "2024-03-07", grade=None),
    ) == [
        "meetings[0].attendance: 13 is more than expected (12)",
        "meetings[1].score: 101 is not between 0 and 100",
        f'meetings[2].held_on: "{tomorrow}" is in the future (a bundle holds held meetings)',
        "meetings[3].grade: null is not allowed",
    ]
    assert not Meeting.objects.exists()


def test_it_turns_an_announced_meeting_into_a_held_one_on_import_and_exports_held_ones_only(cell):
    Meeting.objects.create(organization=cell, held_on=D(2024, 3, 5), kind="regular", status="announced", topic="A")
    ahead = timezone.localdate() + datetime.timedelta(days=3)
    Meeting.objects.create(organization=cell, held_on=ahead, kind="thematic", status="announced")
    import_bundle(bundle(meetings=[meeting("CB1", "2024-03-05", grade="fair", topic="A")]))
    logged = Meeting.objects.get(held_on=D(2024, 3, 5))
    assert (logged.status, logged.grade) == ("held", "fair")
    assert [m["held_on"] for m in export_bundle()["meetings"]] == ["2024-03-05"]


@pytest.mark.parametrize(
    ("score", "grade", "ok"),
    [
        (95, "good", True),
        (90, "fair", True),  # ≥ 90 without full marks
        (90, "average", False),
        (89, "good", False),
        (70, "fair", True),
        (69, "fair", False),
        (50, "average", True),
        (49, "average", False),
        (49, "poor", True),
    ],
)
def test_it_checks_that_a_grade_fits_its_score(cell, score, grade, ok):
    meeting = Meeting(organization=cell, held_on=D(2024, 3, 5), kind="regular", grade=grade, score=score)
    if ok:
        meeting.full_clean()
    else:
        assert list(errors_of(meeting)) == ["grade"]


def test_it_names_the_grades_a_score_allows(cell):
    errors = errors_of(Meeting(organization=cell, held_on=D(2024, 3, 5), kind="regular", grade="average", score=92))
    assert errors == {"grade": ["Xếp loại không khớp với điểm chấm 92: điểm này được xếp loại Tốt hoặc Khá."]}
    assert import_errors(meeting("CB1", "2024-03-05", grade="average", score=92)) == [
        'meetings[0].grade: "average" does not fit score 92 (expected good or fair)'
    ]
