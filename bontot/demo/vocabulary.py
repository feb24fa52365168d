"""Names the demo writes: linked bodies, annual result areas and judgement notes, by type of cell."""

from __future__ import annotations

from . import story as s

VILLAGE_NO_GOVERNMENT = "Thôn không có chính quyền riêng"

# Linked bodies at the same level as a cell (besides its chi ủy, which only cells of 9 or more elect).
CELL_LINKED_BODIES: dict[str, tuple[str, ...]] = {
    s.VILLAGE: (
        "Chính quyền",
        "Ban Công tác Mặt trận thôn",
        "Chi hội Phụ nữ thôn",
        "Chi hội Nông dân thôn",
        "Chi đoàn Thanh niên thôn",
        "Chi hội Cựu chiến binh thôn",
    ),
    s.SCHOOL: ("Ban Giám hiệu nhà trường", "Công đoàn cơ sở nhà trường", "Chi đoàn giáo viên"),
    s.HEALTH: ("Ban lãnh đạo Trạm Y tế", "Công đoàn Trạm Y tế"),
    s.MILITARY: ("Ban Chỉ huy Quân sự xã", "Trung đội Dân quân cơ động"),
    s.POLICE: ("Ban Chỉ huy Công an xã", "Chi đoàn Công an xã"),
    s.PARTY_OFFICE: (
        "Ủy ban MTTQ Việt Nam xã",
        "Hội Liên hiệp Phụ nữ xã",
        "Hội Nông dân xã",
        "Đoàn TNCS Hồ Chí Minh xã",
        "Hội Cựu chiến binh xã",
    ),
    s.GOVERNMENT: ("Ủy ban nhân dân xã", "Công đoàn cơ sở cơ quan xã"),
    s.COOP: ("Ban Quản trị hợp tác xã", "Ban Kiểm soát hợp tác xã"),
    s.ENTERPRISE: ("Ban Giám đốc doanh nghiệp", "Công đoàn cơ sở doanh nghiệp", "Chi đoàn Thanh niên doanh nghiệp"),
}
# The body a `linked_body` flag marks "Không hoàn thành nhiệm vụ", by type; the committee's is below.
WEAK_LINKED_BODY: dict[str, str] = {s.VILLAGE: "Chi hội Nông dân thôn"}
COMMITTEE_LINKED_BODIES: tuple[str, ...] = (
    "Đảng ủy {place}",
    "Hội đồng nhân dân {place}",
    "Ủy ban nhân dân {place}",
    "Ủy ban MTTQ Việt Nam {place}",
    "Hội Liên hiệp Phụ nữ {place}",
    "Hội Nông dân {place}",
    "Đoàn TNCS Hồ Chí Minh {place}",
    "Hội Cựu chiến binh {place}",
)
WEAK_COMMITTEE_BODY = "Đoàn TNCS Hồ Chí Minh {place}"

PARTY_BUILDING = "Công tác xây dựng Đảng, xây dựng hệ thống chính trị"
POLITICAL_TASK: dict[str, str] = {
    s.VILLAGE: "Lãnh đạo phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh ở thôn",
    s.SCHOOL: "Lãnh đạo thực hiện nhiệm vụ năm học",
    s.HEALTH: "Lãnh đạo công tác chăm sóc, bảo vệ sức khỏe nhân dân",
    s.MILITARY: "Lãnh đạo nhiệm vụ quân sự, quốc phòng địa phương",
    s.POLICE: "Lãnh đạo bảo đảm an ninh chính trị, trật tự an toàn xã hội",
    s.PARTY_OFFICE: "Lãnh đạo thực hiện nhiệm vụ chính trị của cơ quan",
    s.GOVERNMENT: "Lãnh đạo thực hiện nhiệm vụ phát triển kinh tế - xã hội, quốc phòng - an ninh",
    s.COOP: "Lãnh đạo sản xuất, kinh doanh, dịch vụ nông nghiệp",
    s.ENTERPRISE: "Lãnh đạo sản xuất, kinh doanh của doanh nghiệp",
}
COMMITTEE_POLITICAL_TASK = "Lãnh đạo phát triển kinh tế - xã hội, quốc phòng - an ninh của {place}"
OTHER_RESULTS_COMMON: tuple[str, ...] = (
    "Công tác kiểm tra, giám sát và thi hành kỷ luật đảng",
    "Công tác dân vận",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Phòng, chống tham nhũng, tiêu cực, lãng phí",
)
OTHER_RESULTS_BY_TYPE: dict[str, tuple[str, ...]] = {
    s.VILLAGE: ("Xây dựng nông thôn mới", "Thực hiện quy chế dân chủ ở cơ sở"),
    s.SCHOOL: ("Phong trào thi đua “Dạy tốt – Học tốt”",),
    s.COOP: ("Công tác phát triển thành viên hợp tác xã",),
    s.ENTERPRISE: ("Chăm lo đời sống người lao động",),
}
# The result an `other_result` flag marks "Kém": the story's own, else the first common one.
WEAK_OTHER_RESULT: dict[str, str] = {s.COOP: "Công tác phát triển thành viên hợp tác xã"}

# Notes carry no final full stop: the evaluation output adds one.
JUDGEMENT_PASS_NOTES: tuple[str, ...] = (
    "Có minh chứng kèm theo báo cáo tự đánh giá",
    "Chi ủy thống nhất với nội dung tự đánh giá",
    "Được ghi nhận tại hội nghị kiểm điểm cuối năm",
    "Có sáng kiến được cơ quan, địa phương ghi nhận",
)
# What a member or a committee writes in its self-assessment for an indicator it passes, by criterion.
SELF_EXPLANATIONS: dict[str, str] = {
    "2.1": "Luôn giữ vững lập trường chính trị, chấp hành nghiêm chủ trương của Đảng; tham gia đầy đủ các "
    "buổi học tập nghị quyết trong năm.",
    "2.2": "Hoàn thành tốt nhiệm vụ được giao; tham gia đầy đủ các kỳ sinh hoạt chi bộ trong năm.",
    "2.3": "Chấp hành nghiêm Điều lệ Đảng và quy định những điều đảng viên không được làm; không vi phạm.",
    "2.4": "Tham gia vận động nhân dân làm đường giao thông nông thôn và giúp đỡ hộ khó khăn trong thôn.",
    "1.1": "Ban hành nghị quyết, kế hoạch cụ thể hóa kịp thời; các chỉ tiêu của năm đều đạt và vượt.",
    "1.2": "Duy trì sinh hoạt định kỳ hằng tháng đúng quy trình; có biên bản đầy đủ từng kỳ.",
    "1.3": "Nội bộ đoàn kết, thực hiện nghiêm nguyên tắc tập trung dân chủ; không có đơn thư trong nội bộ.",
    "1.4": "Có kế hoạch bồi dưỡng, phân công nhiệm vụ cho từng đảng viên; đảng viên hoàn thành nhiệm vụ.",
}
JUDGEMENT_FAIL_NOTES: tuple[str, ...] = (
    "Chưa có minh chứng thuyết phục",
    "Còn chậm tiến độ một số nhiệm vụ được giao",
    "Tham gia hoạt động ở địa phương chưa thường xuyên",
    "Chưa chủ động đấu tranh, phản bác thông tin sai trái",
)

SUSPENSION_REASON = "Đình chỉ sinh hoạt đảng trong thời gian xem xét, xử lý kỷ luật"
