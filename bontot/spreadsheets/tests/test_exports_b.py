"""The "Xuất Excel" of the meetings, yearly facts, registration, self-assessment and appraisal-queue pages:
each export answers as its page does for every persona (the same refusal, or exactly the rows the page shows),
keeps the page's filters, holds every page of a paginated list, and runs a constant number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bontot.assessments.models import Assessment, AssessmentStatus, RegistrationStatus
from bontot.assessments.tests.matrix_appraisal import _elsewhere, submitted
from bontot.assessments.tests.self_helpers import declare, register
from bontot.core.testing.world import PERSONAS, YEAR
from bontot.facts.models import Complaint, Meeting, MeetingStatus, OrgResult, QualityRating, ResidenceComment
from bontot.facts.tests.matrix_meetings import OUTSIDE_TOPIC, SIBLING_TOPIC, announced_meeting, held_meeting
from bontot.members.models import Member
from bontot.organizations.models import LinkedBody
from bontot.spreadsheets.export import export_query
from bontot.spreadsheets.tests.test_exports import (
    AN,
    ANH,
    BAO,
    CELL_A,
    CELL_B,
    CELL_C,
    EVERYONE,
    HUNG,
    _queries,
    get,
    workbook_rows,
)

pytestmark = pytest.mark.django_db

D = datetime.date
DU, DU2, SUP = "Đảng ủy xã Thử Nghiệm", "Đảng ủy xã Bên Cạnh", "Thành ủy Thử Nghiệm"


def page_and_rows(client, world, persona, url, query=""):
    """GET the page and its "Xuất Excel" as `persona`; the export must answer as the page does. Return the
    page's text and the workbook's rows (None when the page refuses)."""
    page = get(client, world, persona, f"{url}?{query}" if query else url)
    export = client.get(f"{url}?{export_query(query)}")
    if page.status_code != 200:
        assert export.status_code == page.status_code
        return None, None
    assert export.status_code == 200
    return page.content.decode(), workbook_rows(export)


def first_column(rows):
    return {row[0] for row in rows[1:]}


def shown(text, names):
    return {name for name in names if name in text}


def add_members(cell, count, prefix):
    for number in range(count):
        Member.objects.create(
            card_no=f"{prefix}-{700 + number}", full_name=f"Đinh Thị {prefix} {number:02d}",
            birth_date=D(1990, 1, 1), gender="female", organization=cell, admitted_on=D(2015, 1, 1),
        )  # fmt: skip


# -- meetings ----------------------------------------------------------------------------------------------

# The organisations whose meeting log each persona reads (a single one: the page goes straight to its log).
MEETING_ORGS = {
    "member_a": {CELL_A},
    "member_b": {CELL_B},
    "secretary_a": {CELL_A},
    "supervisor_a": {CELL_A},
    "office": {DU, CELL_A, CELL_B},
    "standing": {DU, CELL_A, CELL_B},
    "reviewer": {SUP, DU, DU2, CELL_A, CELL_B, CELL_C},
    "outsider": {DU2, CELL_C},
    "ended": set(),
    "future": set(),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_meeting_organisations_export_lists_the_logs_the_persona_reads(client, world, persona):
    url = reverse("facts:meetings")
    page = get(client, world, persona, url)
    response = client.get(f"{url}?xuat=xlsx")
    if persona == "anonymous":
        assert page.status_code == response.status_code == 302
        return
    rows = workbook_rows(response)
    assert rows[0] == ["Tổ chức đảng", "Mã", "Loại"]
    assert first_column(rows) == MEETING_ORGS[persona]
    if page.status_code == 200:  # a list (one organisation goes straight to its log instead)
        assert shown(page.content.decode(), {DU, DU2, SUP, CELL_A, CELL_B, CELL_C}) == MEETING_ORGS[persona]
        assert "xuat=xlsx" in page.content.decode() or not MEETING_ORGS[persona]


def _sixty_cells(world) -> None:
    """Sixty more cells under DU ("Chi bộ Mới 00" …): more than a page of 50."""
    from bontot.organizations.models import Organization

    for number in range(60):
        Organization.objects.create(
            code=f"M{number}", name=f"Chi bộ Mới {number:02d}", kind="cell", parent=world.du,
            valid_from=D(2000, 1, 1), path=f"{world.du.path}M{number}/", depth=world.du.depth + 1,
        )  # fmt: skip


def test_the_meeting_organisations_export_holds_every_page_in_a_constant_number_of_queries(client, world):
    client.force_login(world.users["reviewer"])
    url = reverse("facts:meetings") + "?nam=2024&xuat=xlsx"
    small = _queries(client, url)
    _sixty_cells(world)
    assert _queries(client, url) == small
    page = client.get(reverse("facts:meetings") + "?nam=2024&page=2")
    assert "nam=2024&amp;xuat=xlsx" in page.content.decode()  # the year kept, the page number dropped
    assert len(workbook_rows(client.get(url))) == 1 + 6 + 60  # every page (50 a page)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_meeting_log_export_is_the_page_month_by_month(client, world, persona):
    held_meeting(world)
    announced_meeting(world)
    url = reverse("facts:meeting_log", kwargs={"org_pk": world.a.pk})
    text, rows = page_and_rows(client, world, persona, url, "nam=2024")
    if rows is None:
        assert persona not in ("member_a", "secretary_a", "supervisor_a", "office", "standing", "reviewer")
        return
    assert "nam=2024&amp;xuat=xlsx" in text
    assert rows[0][:4] == ["Tháng", "Ngày sinh hoạt", "Loại", "Trạng thái"]
    assert [row[0] for row in rows[1:]] == [f"Tháng {n}" for n in range(1, 13)]  # one meeting at most a month
    march, june = rows[3], rows[6]
    assert march[1] == datetime.datetime(2024, 3, 5) and march[4] == "Khá" and (march[6], march[7]) == (2, 3)
    assert june[8] == "Nghị quyết quý II" and june[9] == "Chưa có kỳ sinh hoạt thường kỳ; Chưa ghi nhận kết quả"
    assert rows[1][1] is None and rows[1][9] == "Chưa có kỳ sinh hoạt thường kỳ"  # January: none held
    assert not any(SIBLING_TOPIC in str(cell) for row in rows for cell in row)


def test_the_meeting_log_export_runs_a_constant_number_of_queries(client, world):
    client.force_login(world.users["office"])
    url = reverse("facts:meeting_log", kwargs={"org_pk": world.a.pk}) + "?nam=2024&xuat=xlsx"
    small = _queries(client, url)
    for month in range(1, 13):
        for day in (3, 17):
            Meeting.objects.create(organization=world.a, held_on=D(2024, month, day), kind="regular", grade="good")
    assert _queries(client, url) == small
    assert len(workbook_rows(client.get(url))) == 1 + 24


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_upcoming_meetings_export_holds_the_meetings_of_the_personas_own_cell(client, world, persona):
    day = timezone.localdate() + datetime.timedelta(days=7)
    Meeting.objects.create(organization=world.a, held_on=day, kind="regular", status="announced", topic="Họp tháng")
    Meeting.objects.create(organization=world.b, held_on=day, kind="regular", status="announced", topic=SIBLING_TOPIC)
    Meeting.objects.create(organization=world.orgs["C"], held_on=day, kind="regular", status="announced",
                           topic=OUTSIDE_TOPIC)  # fmt: skip
    text, rows = page_and_rows(client, world, persona, reverse("facts:upcoming_meetings"))
    if rows is None:
        assert persona == "anonymous"
        return
    topics = {row[3] for row in rows[1:]}
    assert topics == shown(text, {"Họp tháng", SIBLING_TOPIC, OUTSIDE_TOPIC})
    expected = {"member_a": {"Họp tháng"}, "secretary_a": {"Họp tháng"}, "member_b": {SIBLING_TOPIC}}
    assert topics == expected.get(persona, set())
    if topics:
        assert rows[1][0] == datetime.datetime.combine(day, datetime.time()) and ("xuat=xlsx" in text)


def test_the_upcoming_meetings_export_runs_a_constant_number_of_queries(client, world):
    client.force_login(world.users["secretary_a"])
    url = reverse("facts:upcoming_meetings") + "?xuat=xlsx"
    small = _queries(client, url)
    today = timezone.localdate()
    for number in range(1, 16):
        Meeting.objects.create(organization=world.a, held_on=today + datetime.timedelta(days=number),
                               kind="thematic", status=MeetingStatus.ANNOUNCED)  # fmt: skip
    assert _queries(client, url) == small
    assert len(workbook_rows(client.get(url))) == 16


# -- yearly facts: the organisations, the grids and the small tables ----------------------------------------

ALL_ORGS = {SUP, DU, DU2, CELL_A, CELL_B, CELL_C}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_yearly_facts_organisations_export_is_the_pages_list(client, world, persona):
    text, rows = page_and_rows(client, world, persona, reverse("facts:ratings_home"))
    if rows is None:
        assert persona not in ("secretary_a", "supervisor_a", "office", "standing", "reviewer", "outsider")
        return
    assert rows[0] == ["Tổ chức đảng", "Mã", "Loại"] and "xuat=xlsx" in text
    assert first_column(rows) == shown(text, ALL_ORGS) == MEETING_ORGS[persona]


def test_the_yearly_facts_organisations_export_runs_a_constant_number_of_queries(client, world):
    client.force_login(world.users["office"])
    url = reverse("facts:ratings_home") + "?xuat=xlsx"
    small = _queries(client, url)
    _sixty_cells(world)
    assert _queries(client, url) == small
    assert len(workbook_rows(client.get(url))) == 1 + 3 + 60  # every page (50 a page)


CELL_READERS = ("secretary_a", "supervisor_a", "office", "standing", "reviewer")
MEMBERS_A = {AN, HUNG, ANH}


def _ratings(world):
    QualityRating.objects.create(member=world.members["member_a"], year=YEAR, level="good")
    QualityRating.objects.create(member=world.members["other_a"], year=YEAR, level="not_rated", reason="Ốm dài ngày",
                                 final=True)  # fmt: skip
    QualityRating.objects.create(member=world.members["member_b"], year=YEAR, level="excellent")
    QualityRating.objects.create(organization=world.a, year=YEAR, level="good", final=True)
    QualityRating.objects.create(organization=world.orgs["C"], year=YEAR, level="good")


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_member_ratings_export_is_the_grid_read_only(client, world, persona):
    _ratings(world)
    url = reverse("facts:member_ratings", kwargs={"org_pk": world.a.pk, "year": YEAR})
    text, rows = page_and_rows(client, world, persona, url)
    if rows is None:
        assert persona not in CELL_READERS
        return
    assert "xuat=xlsx" in text
    assert rows[0] == ["Họ và tên", "Số thẻ đảng viên", "Mức xếp loại", "Trạng thái", "Lý do (nếu không xếp loại)"]
    assert first_column(rows) == shown(text, EVERYONE) == MEMBERS_A
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert by_name[AN] == ["A-001", "Hoàn thành tốt nhiệm vụ", "Đề xuất", None]
    assert by_name[ANH][2:] == ["Chính thức", "Ốm dài ngày"] and by_name[HUNG][1:] == [None, None, None]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_organisation_ratings_export_is_the_committees_grid(client, world, persona):
    _ratings(world)
    url = reverse("facts:org_ratings", kwargs={"org_pk": world.du.pk, "year": YEAR})
    text, rows = page_and_rows(client, world, persona, url)
    if rows is None:
        assert persona not in ("office", "standing", "reviewer")
        return
    assert rows[0][:2] == ["Tổ chức đảng", "Mức xếp loại"]
    assert first_column(rows) == shown(text, {CELL_A, CELL_B, CELL_C}) == {CELL_A, CELL_B}
    assert [CELL_A, "Hoàn thành tốt nhiệm vụ", "Chính thức", None] in rows


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_workplace_and_residence_exports_are_their_grids(client, world, persona):
    Member.objects.filter(pk=world.members["member_a"].pk).update(civil_servant=True)
    ResidenceComment.objects.create(member=world.members["other_a"], year=YEAR, verdict="positive")
    for name in ("workplace_ratings", "residence_comments"):
        url = reverse(f"facts:{name}", kwargs={"org_pk": world.a.pk, "year": YEAR})
        text, rows = page_and_rows(client, world, persona, url)
        if rows is None:
            assert persona not in CELL_READERS
            continue
        assert first_column(rows) == shown(text, EVERYONE)
        if name == "workplace_ratings":
            assert rows[0] == ["Họ và tên", "Số thẻ đảng viên", "Mức xếp loại"] and first_column(rows) == {AN}
        else:
            assert rows[0][2] == "Nhận xét" and first_column(rows) == MEMBERS_A
            verdicts = {row[0]: row[2] for row in rows[1:]}
            assert verdicts[ANH] == "Tốt / đầy đủ" and verdicts[AN] is None  # blank where nothing is recorded


def test_the_grid_exports_run_a_constant_number_of_queries(client, world):
    client.force_login(world.users["office"])
    members = reverse("facts:member_ratings", kwargs={"org_pk": world.a.pk, "year": YEAR}) + "?xuat=xlsx"
    orgs = reverse("facts:org_ratings", kwargs={"org_pk": world.du.pk, "year": YEAR}) + "?xuat=xlsx"
    small = (_queries(client, members), _queries(client, orgs))
    add_members(world.a, 20, "A")
    for member in Member.objects.filter(card_no__startswith="A-7"):
        QualityRating.objects.create(member=member, year=YEAR, level="good")
    assert (_queries(client, members), _queries(client, orgs)) == small
    assert len(workbook_rows(client.get(members))) == 1 + 23


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_results_and_linked_bodies_exports_are_the_cells_tables(client, world, persona):
    OrgResult.objects.create(year=YEAR, organization=world.a, area="party_building", name="Xây dựng Đảng", level="good")
    OrgResult.objects.create(year=YEAR, organization=world.b, area="other", name="Riêng của Bình Phú", level="good")
    OrgResult.objects.create(year=YEAR - 1, organization=world.a, area="other", name="Năm trước", level="good")
    LinkedBody.objects.create(year=YEAR, organization=world.a, name="Chi hội Nông dân", level="good")
    LinkedBody.objects.create(year=YEAR, organization=world.b, name="Chi đoàn Bình Phú", level="good")
    results = reverse("facts:org_results", kwargs={"org_pk": world.a.pk, "year": YEAR})
    text, rows = page_and_rows(client, world, persona, results)
    if rows is None:
        assert persona not in CELL_READERS
        return
    assert "xuat=xlsx" in text
    assert rows == [["Lĩnh vực", "Tiêu chí", "Cấp độ"],
                    ["Công tác xây dựng Đảng, hệ thống chính trị", "Xây dựng Đảng", rows[1][2]]]  # fmt: skip
    assert rows[1][2] and rows[1][2] in text
    _, bodies = page_and_rows(client, world, persona, reverse("facts:linked_bodies", args=[world.a.pk, YEAR]))
    assert bodies[0] == ["Tên tổ chức", "Xếp loại", "Lý do"] and first_column(bodies) == {"Chi hội Nông dân"}


def test_the_table_exports_run_a_constant_number_of_queries(client, world):
    client.force_login(world.users["office"])
    url = reverse("facts:linked_bodies", kwargs={"org_pk": world.a.pk, "year": YEAR}) + "?xuat=xlsx"
    small = _queries(client, url)
    for number in range(20):
        LinkedBody.objects.create(year=YEAR, organization=world.a, name=f"Đoàn thể {number:02d}", level="good")
    assert _queries(client, url) == small
    assert len(workbook_rows(client.get(url))) == 21


# -- registrations -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_cells_registrations_export_is_the_cell_then_every_member(client, world, persona):
    register(member=world.members["member_a"])
    register(member=world.members["other_a"], status=RegistrationStatus.REFUSED, reason="Quá hạn")
    register(member=world.members["member_b"])
    url = reverse("assessments:registration_cell", kwargs={"org_pk": world.a.pk})
    text, rows = page_and_rows(client, world, persona, url, "year=2024")
    if rows is None:
        assert persona not in ("secretary_a", "office")
        return
    assert "year=2024&amp;xuat=xlsx" in text
    assert rows[0] == ["Đối tượng", "Số thẻ", "Đăng ký", "Đăng ký muộn", "Ngày đăng ký", "Lý do không chấp nhận"]
    assert rows[1] == [CELL_A, None, "Chưa đăng ký", None, None, None]
    assert first_column(rows) - {CELL_A} == shown(text, EVERYONE) == MEMBERS_A
    by_name = {row[0]: row[1:] for row in rows[2:]}
    assert by_name[AN] == ["A-001", "Đã chấp nhận", None, datetime.datetime(2024, 1, 5), None]
    assert by_name[ANH][1:] == ["Không chấp nhận", "Có", datetime.datetime(2024, 2, 1), "Quá hạn"]


def test_the_cells_registrations_export_holds_every_page_in_a_constant_number_of_queries(client, world):
    client.force_login(world.users["office"])
    url = reverse("assessments:registration_cell", kwargs={"org_pk": world.a.pk}) + "?year=2024&page=2&xuat=xlsx"
    small = _queries(client, url)
    add_members(world.a, 60, "A")
    for member in Member.objects.filter(card_no__startswith="A-7")[:30]:
        register(member=member)
    assert _queries(client, url) == small
    rows = workbook_rows(client.get(url))
    assert len(rows) == 1 + 1 + 63 and BAO not in first_column(rows)  # the cell and its 63 members, 2 pages
    assert sum(row[2] == "Đã chấp nhận" for row in rows[2:]) == 30


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_pending_registrations_export_lists_what_the_persona_decides(client, world, persona):
    for key in ("member_a", "member_b", "member_c"):
        register(member=world.members[key], status=RegistrationStatus.PENDING)
    text, rows = page_and_rows(client, world, persona, reverse("assessments:registration_pending"))
    if rows is None:
        assert persona not in ("secretary_a", "office", "standing", "reviewer", "outsider")
        return
    assert rows[0] == ["Đối tượng", "Chi bộ", "Năm", "Ngày đăng ký"]
    assert first_column(rows) == shown(text, EVERYONE)
    if persona == "secretary_a":  # a member's late registration is their cell secretary's to decide
        assert rows[1:] == [[AN, CELL_A, 2024, datetime.datetime(2024, 2, 1)]] and "xuat=xlsx" in text


def test_the_pending_registrations_export_runs_a_constant_number_of_queries(client, world):
    client.force_login(world.users["secretary_a"])
    url = reverse("assessments:registration_pending") + "?xuat=xlsx"
    register(member=world.members["member_a"], status=RegistrationStatus.PENDING)
    small = _queries(client, url)
    add_members(world.a, 20, "A")
    for member in Member.objects.filter(card_no__startswith="A-7"):
        register(member=member, status=RegistrationStatus.PENDING)
    assert _queries(client, url) == small
    assert len(workbook_rows(client.get(url))) == 22


# -- self-assessments and the appraisal queue -----------------------------------------------------------------


def _self_world(world):
    declare()
    register(member=world.members["member_a"])
    register(member=world.members["member_b"])
    Assessment.objects.create(year=YEAR, member=world.members["member_a"], status=AssessmentStatus.SUBMITTED, round=1)
    Assessment.objects.create(year=YEAR, member=world.members["member_b"], status=AssessmentStatus.DRAFT)
    Assessment.objects.create(year=YEAR, organization=world.a, status=AssessmentStatus.DRAFT)
    Complaint.objects.create(organization=world.a, about_member=world.members["other_a"], year=YEAR,
                             received_on=D(2024, 3, 4), kind="complaint", concerns="discipline")  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_cells_self_assessments_export_is_the_cell_then_every_member(client, world, persona):
    _self_world(world)
    url = reverse("assessments:self_cell", kwargs={"org_pk": world.a.pk})
    text, rows = page_and_rows(client, world, persona, url, "year=2024")
    if rows is None:
        assert persona not in ("secretary_a", "office")
        return
    assert "year=2024&amp;xuat=xlsx" in text
    assert rows[0] == ["Họ và tên", "Đăng ký", "Tự đánh giá", "Lần nộp", "Tạm dừng"]
    assert rows[1] == [CELL_A, "Chưa đăng ký", "Đang tự đánh giá", None, None]
    assert first_column(rows) - {CELL_A} == shown(text, EVERYONE) == MEMBERS_A
    by_name = {row[0]: row[1:] for row in rows[2:]}
    assert by_name[AN] == ["Đã chấp nhận", "Đã nộp — chờ thẩm định", 1, None]
    assert by_name[ANH][:3] == ["Chưa đăng ký", "Chưa tự đánh giá", None]
    assert by_name[ANH][3] and by_name[ANH][3] in text  # the hold, worded as on the page


def test_the_cells_self_assessments_export_holds_every_page_in_a_constant_number_of_queries(client, world):
    _self_world(world)
    client.force_login(world.users["secretary_a"])
    url = reverse("assessments:self_cell", kwargs={"org_pk": world.a.pk}) + "?year=2024&xuat=xlsx"
    small = _queries(client, url)
    add_members(world.a, 60, "A")
    for member in Member.objects.filter(card_no__startswith="A-7")[:20]:
        register(member=member)
        Assessment.objects.create(year=YEAR, member=member, status=AssessmentStatus.DRAFT)
    assert _queries(client, url) == small
    rows = workbook_rows(client.get(url))
    assert len(rows) == 1 + 1 + 63 and sum(row[2] == "Đang tự đánh giá" for row in rows[2:]) == 20


# The organisations each persona self-assesses (cell A's secretary: the cell; the office and the standing
# committee: the ward's committee).
SELF_ORGS = {"secretary_a": {CELL_A}, "office": {DU}, "standing": {DU}, "outsider": {DU2}}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_self_assessing_organisations_export_is_the_pages_own_table(client, world, persona):
    _self_world(world)
    text, rows = page_and_rows(client, world, persona, reverse("assessments:self_orgs"), "year=2024")
    if rows is None:
        assert persona not in ("secretary_a", "office", "standing", "outsider")
        return
    assert rows[0] == ["Tổ chức", "Trạng thái", "Lần nộp", "Tạm dừng"]
    assert first_column(rows) == SELF_ORGS[persona]
    assert "year=2024&amp;xuat=xlsx" in text
    if persona == "secretary_a":
        assert rows[1] == [CELL_A, "Đang tự đánh giá", None, None]


def test_the_self_assessing_organisations_export_runs_a_constant_number_of_queries(client, world):
    client.force_login(world.users["secretary_a"])
    url = reverse("assessments:self_orgs") + "?year=2024&xuat=xlsx"
    small = _queries(client, url)
    _self_world(world)
    assert _queries(client, url) == small


# Who appraises whose submitted assessment (the queue): a member's by their cell's secretary, a cell's by the
# committee's office; never a sibling cell's members nor another committee's.
QUEUE_SEEN = {"secretary_a": {AN}, "office": {CELL_A}, "reviewer": set(), "outsider": set()}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_appraisal_queue_export_is_the_personas_queue(client, world, persona):
    _elsewhere(world)
    submitted(world, "member_a")
    submitted(world, "x", org="A")
    url = reverse("assessments:appraisal_queue")
    text, rows = page_and_rows(client, world, persona, url, "year=2024")
    if rows is None:
        assert persona not in QUEUE_SEEN
        return
    assert rows[0][:4] == ["Đối tượng", "Thuộc", "Năm", "Lần nộp"]
    names = first_column(rows)
    assert names == QUEUE_SEEN[persona] and names & EVERYONE == shown(text, EVERYONE)
    assert "year=2024&amp;xuat=xlsx" in text


def test_the_appraisal_queue_export_holds_every_page_in_a_constant_number_of_queries(client, world):
    client.force_login(world.users["secretary_a"])
    url = reverse("assessments:appraisal_queue") + "?year=2024&xuat=xlsx"
    submitted(world, "member_a")
    small = _queries(client, url)
    add_members(world.a, 55, "A")
    for member in Member.objects.filter(card_no__startswith="A-7"):
        Assessment.objects.create(year=YEAR, member=member, cell=world.a, status=AssessmentStatus.SUBMITTED, round=1)
    assert _queries(client, url) == small
    rows = workbook_rows(client.get(url))
    assert len(rows) == 1 + 56 and BAO not in first_column(rows)
