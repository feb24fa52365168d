"""The demo's story: which organisation fails which rule in 2024, and why.

The demo data is built so that, over 2024, every rule indicator of the criteria set passes for some
subject and fails for another, with a believable reason. Each cell and committee below carries a
short list of *flags*; the builder turns a flag into facts (a meeting graded Kém, a month without a
meeting, a linked body rated KHTNV, …) and leaves every other fact healthy.

Cell flags (rule indicators of the cell model, kh-63-ku-2023):

| flag                 | indicator | fact the builder writes                                           |
|----------------------|-----------|-------------------------------------------------------------------|
| party_building       | 1.1.a     | party-building result "Trung bình" (needs Tốt or above)           |
| political_task       | 1.1.b     | political-task result "Trung bình"                                |
| other_result         | 1.1.c     | one other result "Kém" (needs Trung bình or above)                |
| linked_body          | 1.1.d     | one linked body rated "Không hoàn thành nhiệm vụ"                 |
| admissions           | 1.1.e     | fewer members admitted in 2024 than the target                    |
| mass_complaint       | 1.1.f     | a mass / over-level complaint left unresolved                     |
| few_good_meetings    | 1.2.a     | two regular meetings graded Trung bình: 9 graded Khá or above     |
| poor_meeting         | 1.2.b     | one regular meeting graded Kém                                    |
| skipped_month        | 1.2.c     | no regular meeting in August                                      |
| one_thematic         | 1.2.d     | a single thematic meeting                                         |
| internal_complaint   | 1.3.a     | an internal denunciation letter                                   |
| member_incomplete    | 1.4.a     | one rated member "Không hoàn thành nhiệm vụ"                      |
| few_good_members     | 1.4.b     | fewer than half of the rated members rated HTTNV or above         |
| discipline           | 1.4.c     | members disciplined in 2024 (they fail member 2.3.a too)          |

Committee flags (grassroots model): the same result, linked-body, admission (counted over the whole
subtree) and complaint flags (1.1.a–f; the internal complaint is 1.3.c), plus `few_committee_meetings`
(1.2.a: 8 committee meetings, months skipped), `one_congress` (1.2.b: a single full-party meeting in
the year), `poor_committee_meeting` (1.2.c: a committee meeting graded Kém), `sub_incomplete` (1.3.a: a
cell rated KHTNV), `sub_few_good` (1.3.b: 1 of 4 cells HTTNV) and `discipline` (1.4.a: a member of the
subtree disciplined). Đảng bộ xã Tam Thăng fails none of them; Tam Phú and Tam Thanh share the
failures, so that no single committee is a caricature. A committee's complaints are its own (a
cell's letters do not count for the committee), so each failing committee carries its own letter.

Members: civil servants whose workplace rating is below HTXSNV fail 2.2.a (most of them: the
workplace HTXSNV share is capped), the disciplined members of thôn Hòa Trung fail 2.3.a, and two
working members with a negative residence-cell comment fail 2.4.a.

The commune names are real (xã Tam Thăng, Tam Phú, Tam Thanh of Tam Kỳ); cell names, people and
facts are invented. The 1/7/2025 merge of Tam Phú and Tam Thanh into phường Quảng Phú follows our
reading of the 2025 reorganisation and only serves to show a two-into-one merge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

OLD_START = date(2000, 1, 1)

# Cell types drive names of linked bodies and results, member profiles and meeting habits.
VILLAGE = "village"
SCHOOL = "school"
HEALTH = "health"
MILITARY = "military"
POLICE = "police"
PARTY_OFFICE = "party_office"
GOVERNMENT = "government"
COOP = "coop"
ENTERPRISE = "enterprise"

INSTITUTION_TYPES = (SCHOOL, HEALTH, MILITARY, POLICE, PARTY_OFFICE, GOVERNMENT, COOP, ENTERPRISE)

# The rule indicator of kh-63-ku-2023 each flag makes fail (the tables above, as data for the tests).
CELL_FLAG_INDICATORS: dict[str, str] = {
    "party_building": "1.1.a",
    "political_task": "1.1.b",
    "other_result": "1.1.c",
    "linked_body": "1.1.d",
    "admissions": "1.1.e",
    "mass_complaint": "1.1.f",
    "few_good_meetings": "1.2.a",
    "poor_meeting": "1.2.b",
    "skipped_month": "1.2.c",
    "one_thematic": "1.2.d",
    "internal_complaint": "1.3.a",
    "member_incomplete": "1.4.a",
    "few_good_members": "1.4.b",
    "discipline": "1.4.c",
}
COMMITTEE_FLAG_INDICATORS: dict[str, str] = {
    "party_building": "1.1.a",
    "political_task": "1.1.b",
    "other_result": "1.1.c",
    "linked_body": "1.1.d",
    "admissions": "1.1.e",
    "mass_complaint": "1.1.f",
    "few_committee_meetings": "1.2.a",
    "one_congress": "1.2.b",
    "poor_committee_meeting": "1.2.c",
    "sub_incomplete": "1.3.a",
    "sub_few_good": "1.3.b",
    "internal_complaint": "1.3.c",
    "discipline": "1.4.a",
}


@dataclass(frozen=True)
class CellPlan:
    """One cell of 2024 and its successor of 1/7/2025."""

    key: str  # code suffix: TT-CB-VB → BT-CB-VB
    name: str
    type: str
    size: int  # members admitted up to 30/11/2024, 2024 admissions included
    target: int  # admission target 2024
    admitted: int  # members admitted 1/1 – 30/11/2024
    rating: str  # the cell's 2024 quality rating
    story: str  # what happened in 2024, in Vietnamese: documentation of the demo, shown nowhere
    fails: tuple[str, ...] = ()
    valid_from: date = OLD_START
    admitted_2025: int = 0
    successor_key: str = ""  # default: key
    successor_name: str = ""  # default: name with "xã" → "phường"
    notes: tuple[str, ...] = ()  # passing boundary cases worth knowing: "exact_ten", "half_good", "combined"


@dataclass(frozen=True)
class CommitteePlan:
    """A grassroots committee of 2024 under Thành ủy Tam Kỳ, its cells and its 2025 successor."""

    code: str
    name: str
    prefix: str  # cell code prefix of 2024
    successor_code: str
    successor_prefix: str
    successor_name: str
    place: str  # "xã Tam Thăng": used in names of linked bodies
    target: int  # admission target 2024 of the whole committee
    rating: str
    rating_final: bool
    story: str
    cells: tuple[CellPlan, ...]
    fails: tuple[str, ...] = ()


# fmt: off
TAM_THANG = CommitteePlan(
    code="DU-TT",
    name="Đảng bộ xã Tam Thăng",
    prefix="TT-CB",
    successor_code="DU-BT",
    successor_prefix="BT-CB",
    successor_name="Đảng bộ phường Bàn Thạch",
    place="xã Tam Thăng",
    target=10,
    rating="good",
    rating_final=True,
    story="Đạt mọi tiêu chí tính tự động: 12 kỳ họp Đảng ủy, 3 hội nghị đảng bộ, mọi chi bộ HTNV trở lên.",
    cells=(
        CellPlan("VB", "Chi bộ thôn Vĩnh Bình", VILLAGE, size=42, target=1, admitted=2, rating="excellent",
                 story="Chi bộ tiêu biểu: đạt mọi tiêu chí, kết nạp vượt chỉ tiêu.", admitted_2025=1),
        CellPlan("THT", "Chi bộ thôn Thạch Tân", VILLAGE, size=36, target=1, admitted=1, rating="complete",
                 story="Hai kỳ sinh hoạt (tháng 3, tháng 7) chỉ đạt Trung bình: 9/10 kỳ Khá trở lên.",
                 fails=("few_good_meetings",), admitted_2025=1),
        CellPlan("MC", "Chi bộ thôn Mỹ Cang", VILLAGE, size=34, target=2, admitted=1, rating="good",
                 story="Chỉ kết nạp 1/2 đảng viên theo chỉ tiêu.", fails=("admissions",), admitted_2025=1),
        CellPlan("PT", "Chi bộ thôn Phú Thạnh", VILLAGE, size=32, target=1, admitted=1, rating="good",
                 story="Bỏ sinh hoạt tháng 8 (mùa mưa lũ); vẫn đủ đúng 10 kỳ Khá trở lên.", fails=("skipped_month",),
                 notes=("exact_ten",)),
        CellPlan("TTY", "Chi bộ thôn Thanh Thủy", VILLAGE, size=30, target=1, admitted=1, rating="good",
                 story="Chi hội Nông dân thôn xếp loại Không hoàn thành nhiệm vụ.", fails=("linked_body",),
                 admitted_2025=1),
        CellPlan("TN", "Chi bộ thôn Thái Nam", VILLAGE, size=30, target=1, admitted=1, rating="complete",
                 story="Dưới 50% đảng viên được xếp loại Hoàn thành tốt nhiệm vụ trở lên.",
                 fails=("few_good_members",)),
        CellPlan("DH", "Chi bộ thôn Đàn Hạ", VILLAGE, size=28, target=1, admitted=1, rating="good",
                 story="Xây dựng Đảng chỉ đạt Trung bình; đăng ký muộn; bí thư chưa thẩm định đảng viên.",
                 fails=("party_building",), admitted_2025=1),
        CellPlan("THCS", "Chi bộ Trường THCS Nguyễn Khuyến", SCHOOL, size=14, target=0, admitted=0, rating="good",
                 story="Chỉ tổ chức 01 kỳ sinh hoạt chuyên đề.", fails=("one_thematic",)),
        CellPlan("TH", "Chi bộ Trường Tiểu học Trần Quốc Toản", SCHOOL, size=10, target=0, admitted=0, rating="good",
                 story="Đạt mọi tiêu chí; đúng 50% đảng viên Hoàn thành tốt nhiệm vụ trở lên.", notes=("half_good",)),
        CellPlan("MG", "Chi bộ Trường Mẫu giáo Tam Thăng", SCHOOL, size=8, target=0, admitted=0, rating="good",
                 story="Đạt mọi tiêu chí; hai kỳ sinh hoạt thường kỳ kết hợp chuyên đề thay cho chuyên đề riêng.",
                 notes=("combined",), admitted_2025=1),
        CellPlan("YT", "Chi bộ Trạm Y tế xã", HEALTH, size=7, target=0, admitted=0, rating="complete",
                 story="Kỳ sinh hoạt tháng 5 xếp loại Kém (vắng quá nửa, không có biên bản).",
                 fails=("poor_meeting",), successor_name="Chi bộ Trạm Y tế Tam Thăng"),
        CellPlan("QS", "Chi bộ Quân sự xã", MILITARY, size=9, target=1, admitted=1, rating="good",
                 story="Đạt mọi tiêu chí."),
        CellPlan("CA", "Chi bộ Công an xã", POLICE, size=10, target=0, admitted=0, rating="good",
                 story="Đạt mọi tiêu chí."),
        CellPlan("DDT", "Chi bộ Cơ quan Đảng – Đoàn thể", PARTY_OFFICE, size=13, target=0, admitted=0, rating="good",
                 story="Một đảng viên xếp loại Không hoàn thành nhiệm vụ.", fails=("member_incomplete",),
                 successor_name="Chi bộ Cơ quan Đảng – Đoàn thể Tam Thăng"),
        CellPlan("CQ", "Chi bộ Chính quyền", GOVERNMENT, size=16, target=1, admitted=1, rating="good",
                 story="Lãnh đạo thực hiện nhiệm vụ chính trị chỉ đạt Trung bình (giải ngân vốn đầu tư công chậm).",
                 fails=("political_task",), successor_name="Chi bộ Chính quyền Tam Thăng"),
        CellPlan("HTX", "Chi bộ Hợp tác xã Nông nghiệp Tam Thăng", COOP, size=6, target=0, admitted=0,
                 rating="complete", story="Công tác phát triển thành viên hợp tác xã xếp loại Kém.",
                 fails=("other_result",)),
        CellPlan("DN", "Chi bộ Doanh nghiệp Khu công nghiệp Tam Thăng", ENTERPRISE, size=8, target=0, admitted=0,
                 rating="good",
                 story="Thành lập 15/4/2024: chỉ có 8 kỳ sinh hoạt thường kỳ trong năm; xếp loại mới ở mức đề xuất.",
                 fails=("few_good_meetings",), valid_from=date(2024, 4, 15), admitted_2025=1),
    ),
)
# fmt: on

# fmt: off
TAM_PHU = CommitteePlan(
    code="DU-TP",
    name="Đảng bộ xã Tam Phú",
    prefix="TP-CB",
    successor_code="DU-QP",
    successor_prefix="QP-CB",
    successor_name="Đảng bộ phường Quảng Phú",
    place="xã Tam Phú",
    target=4,
    rating="complete",
    rating_final=True,
    story="Xây dựng Đảng Trung bình, một tiêu chí khác Kém, kết nạp 2/4, Đảng ủy bỏ họp 4 tháng và có kỳ "
          "họp Kém, đơn tố cáo nội bộ, chỉ 1/4 chi bộ HTTNV.",
    fails=("party_building", "other_result", "admissions", "internal_complaint", "few_committee_meetings",
           "poor_committee_meeting", "sub_few_good"),
    cells=(
        CellPlan("TS", "Chi bộ thôn Tây Sơn Tây", VILLAGE, size=20, target=1, admitted=1, rating="good",
                 story="Đạt mọi tiêu chí."),
        CellPlan("NN", "Chi bộ thôn Ngọc Nam", VILLAGE, size=16, target=1, admitted=1, rating="complete",
                 story="Có đơn tố cáo trong nội bộ chi bộ.", fails=("internal_complaint",)),
        CellPlan("NP", "Chi bộ thôn Ngọc Phô", VILLAGE, size=14, target=2, admitted=0, rating="complete",
                 story="Không kết nạp được đảng viên nào (chỉ tiêu 2).", fails=("admissions",)),
        CellPlan("CQ", "Chi bộ Cơ quan xã Tam Phú", GOVERNMENT, size=12, target=0, admitted=0, rating="complete",
                 story="Đạt mọi tiêu chí.", successor_key="CQTP",
                 successor_name="Chi bộ Cơ quan Đảng – Đoàn thể phường Quảng Phú"),
    ),
)
# fmt: on

# fmt: off
TAM_THANH = CommitteePlan(
    code="DU-TTH",
    name="Đảng bộ xã Tam Thanh",
    prefix="TTH-CB",
    successor_code="DU-QP",
    successor_prefix="QP-CB",
    successor_name="Đảng bộ phường Quảng Phú",
    place="xã Tam Thanh",
    target=3,
    rating="complete",
    rating_final=False,
    story="Nhiệm vụ chính trị Trung bình, Đoàn Thanh niên xã KHTNV, chỉ 01 hội nghị đảng bộ; tranh chấp đất ở "
          "thôn Hòa Trung: khiếu nại đông người, 02 đảng viên bị kỷ luật, chi bộ KHTNV.",
    fails=("political_task", "linked_body", "mass_complaint", "one_congress", "sub_incomplete", "discipline"),
    cells=(
        CellPlan("TRT", "Chi bộ thôn Trung Thanh", VILLAGE, size=16, target=1, admitted=1, rating="good",
                 story="Đạt mọi tiêu chí."),
        CellPlan("HT", "Chi bộ thôn Hòa Trung", VILLAGE, size=14, target=1, admitted=1, rating="incomplete",
                 story="Khiếu nại đông người về bồi thường đất chưa giải quyết; 02 đảng viên bị kỷ luật.",
                 fails=("mass_complaint", "discipline", "member_incomplete")),
        CellPlan("XT", "Chi bộ thôn Xuân Thanh", VILLAGE, size=13, target=1, admitted=1, rating="good",
                 story="Đạt mọi tiêu chí."),
        CellPlan("CQ", "Chi bộ Cơ quan xã Tam Thanh", GOVERNMENT, size=11, target=0, admitted=0, rating="good",
                 story="Đạt mọi tiêu chí.", successor_key="CQTTH",
                 successor_name="Chi bộ Cơ quan Chính quyền phường Quảng Phú"),
    ),
)
# fmt: on

COMMITTEES: tuple[CommitteePlan, ...] = (TAM_THANG, TAM_PHU, TAM_THANH)
