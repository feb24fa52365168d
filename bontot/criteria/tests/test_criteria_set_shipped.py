"""The shipped criteria set kh-63-ku-2023: valid, complete, and quoting the plan word for word.

`SEED_SECTION_II` is items 1 and 2 of section II of the plan (docs/seed/000_2c8dcd92f926dd1b.txt),
paragraph by paragraph with whitespace collapsed, typos included; a test checks it against the seed file,
which the repository ships.
"""

import re
from pathlib import Path

import pytest

from bontot.criteria.engine.criteria_set import SETS_DIR, get_criteria_set, load_criteria_set

REPO_ROOT = Path(__file__).resolve().parents[3]  # bontot/criteria/tests/ → the repository
SEED = REPO_ROOT / "docs" / "seed" / "000_2c8dcd92f926dd1b.txt"

SEED_SECTION_II = (
    "1. Các tiêu chí xây dựng mô hình “Chi bộ bốn tốt”, “Đảng bộ cơ sở bốn tốt”",
    (
        "Căn cứ vào chức năng nhiệm vụ của chi bộ, đảng bộ trong các loại hình, chi bộ, đảng bộ "
        "xây dựng và thực hiện mô hình “Chi bộ bốn tốt”, “Đảng bộ cơ sở bốn tốt” với các khung "
        "tiêu chí cơ bản sau đây:"
    ),
    "1.1. Hoàn thành tốt nhiệm vụ chính trị",
    (
        "- Kịp thời quán triệt, cụ thể hóa các chủ trương, nghị quyết, chương trình, kế hoạch "
        "của cấp ủy cấp trên và của cấp ủy, chi bộ mình phù hợp với tình hình thực tiễn của địa "
        "phương, cơ quan, đơn vị. Đồng thời xây dựng chương trình, kế hoạch triển khai và tổ "
        "chức thực hiện có hiệu quả."
    ),
    (
        "- Lãnh đạo thực hiện đầy đủ và hoàn thành tốt các chỉ tiêu, nhiệm vụ được giao, nhất "
        "là các nhiệm vụ trọng tâm của địa phương, cơ quan, đơn vị; kết nạp đảng viên đảm bảo "
        "số lượng, chất lượng theo chỉ tiêu được giao hằng năm."
    ),
    (
        "- Lãnh đạo, chỉ đạo tốt việc đấu tranh ngăn chặn, đẩy lùi những biểu hiện suy thoái về "
        "tư tưởng chính trị, đạo đức, lối sống, “Tự diễn biến”, “Tự chuyển hóa” trong nội bộ "
        "gắn với đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh và công "
        "tác đấu tranh phòng, chống tham nhũng, tiêu cực, lãng phí."
    ),
    (
        "- Lãnh đạo, chỉ đạo tốt công tác kiểm tra, giám sát và kỷ luật đảng, nhất là công tác "
        "kiểm tra, giám sát đối với hoạt động của chính quyền (đối với chi bộ trực thuộc đảng "
        "ủy cơ sở không lãnh đạo công tác kiểm tra, giám sát đối với hoạt động của nhân dân "
        "thôn, khối phố); kịp thời xem xét, giải quyết những vấn đề bức xúc nảy sinh (nếu có) ở "
        "cơ sở, không để vụ việc tồn đọng, không để khiếu nại phức tạp đông người và vượt cấp."
    ),
    (
        "Để được đánh giá là “Chi bộ bốn tốt”, “Đảng bộ cơ sở bốn tốt” thì yêu cầu trong năm, "
        "chi bộ, đảng bộ cơ sở phải có kết quả công tác xây dựng Đảng, xây dựng hệ thống chính "
        "trị; kết quả lãnh đạo thực hiện nhiệm vụ phát triển kinh tế - xã hội, quốc phòng - an "
        "ninh, nhiệm vụ chính trị của địa phương, cơ quan, đơn vị phải đạt cấp độ “Tốt” trở "
        "lên, các tiêu chí khác đạt cấp độ “Trung bình” trở lên."
    ),
    (
        "Đảng ủy (Chi ủy), Chính quyền, MTTQ Việt Nam và các đoàn thể chính trị, xã hội cùng "
        "cấp được xếp loại chất lượng “Hoàn thành nhiệm vụ” trở lên."
    ),
    "1.2. Chất lượng sinh hoạt tốt",
    (
        "- Đổi mới nội dung, phương thức lãnh đạo của cấp ủy cơ sở, nâng cao chất lượng sinh "
        "hoạt chi bộ, đảng bộ. Xây dựng phương pháp, lề lối làm việc của cấp ủy, chi bộ thật sự "
        "khoa học, dân chủ, sát với thực tiễn."
    ),
    (
        "- Duy trì nề nếp, thực hiện đầy đủ nội dung, quy trình, các bước trong sinh hoạt, nâng "
        "cao chất lượng sinh hoạt của cấp ủy, chi bộ, đảng bộ (định kỳ và chuyên đề) theo quy "
        "định, hướng dẫn của cấp trên và quy chế làm việc."
    ),
    (
        "- Sinh hoạt đảng phải bảo đảm tính lãnh đạo, tính giáo dục, tính chiến đấu. Đấu tranh "
        "chống bệnh thành tích, dĩ hoà vi quý, nể nang, né tránh, ngại va chạm, thấy đúng không "
        "dám bảo vệ, thấy sai không dám đấu tranh."
    ),
    (
        "Để được đánh giá là “Chi bộ bốn tốt” thì yêu cầu trong năm, chi bộ phải có ít nhất 10 "
        "kỳ sinh hoạt thường kỳ xếp loại Khá trở lên; không có kỳ sinh hoạt xếp loại Kém hoặc "
        "chi bộ bỏ sinh hoạt; có ít nhất 02 kỳ sinh hoạt chuyên đề."
    ),
    (
        "Để được đánh giá là “Đảng bộ cơ sở bốn tốt” thì yêu cầu trong năm, đảng bộ cơ sở phải "
        "tổ chức sinh hoạt đảng ủy, sinh hoạt đảng bộ có chất lượng và đủ số lần theo quy định."
    ),
    "1.3. Xây dựng Chi bộ, Đảng bộ đoàn kết, kỷ luật tốt",
    "- Chấp hành nghiêm các nguyên tắc tổ chức, hoạt động của Đảng.",
    (
        "- Xây dựng, tổ chức thực hiện đúng quy chế làm việc của cấp ủy, chi bộ, đảng bộ; quy "
        "định của cơ quan, đơn vị; quy chế dân chủ cơ sở, ..."
    ),
    "- Đảng bộ, chi bộ đoàn kết, không có đơn thư khiếu nại, tố cáo trong nội bộ.",
    (
        "Để được đánh giá là “Đảng bộ cơ sở bốn tốt” thì yêu cầu trong năm, đảng bộ cơ sở phải "
        "có 100% số tổ chức đảng trực thuộc được xếp loại chất lượng “Hoàn thành nhiệm vụ” trở "
        "lên, trong đó có từ 50% được xếp loại chất lượng “Hoàn thành tốt nhiệm vụ” trở lên."
    ),
    "1.4. Xây dựng Cán bộ, Đảng viên tốt",
    (
        "- Có giải pháp, tiêu chí cụ thể để nâng cao chất lượng cán bộ, đảng viên trong chi bộ, "
        "đảng bộ; chú trọng các giải pháp trong công tác quản lý, phân công công tác cho đảng "
        "viên, công tác đào tạo, bồi dưỡng, nâng cao chất lượng cán bộ, đảng viên và triển khai "
        "thực hiện tốt các giải pháp, tiêu chí đã đề ra."
    ),
    (
        "- Cán bộ, đảng viên phải thực hiện nghiêm quy định về những điều đảng viên không được "
        "làm và quy định về trách nhiệm nêu gương của cán bộ, đảng viên."
    ),
    (
        "- Cán bộ, đảng viên thực hiện tốt nhiệm vụ được giao, đảm bảo tiến độ, hiệu quả, chất "
        "lượng. Không có cán bộ, đảng viên vi phạm đến mức bị xử lý kỷ luật."
    ),
    (
        "Để được đánh giá là “Chi bộ bốn tốt” thì yêu cầu trong năm, chi bộ phải phải có 100% "
        "đảng viên được xếp loại chất lượng “Hoàn thành nhiệm vụ” trở lên, trong đó có từ 50% "
        "được xếp loại chất lượng “Hoàn thành tốt nhiệm vụ” trở lên."
    ),
    "2. Các tiêu chí xây dựng mô hình “Đảng viên bốn tốt”",
    "2.1. Phát huy ý chí, khát vọng vươn lên",
    (
        "- Có tinh thần dám nghĩ, dám làm, dám đột phá, dám chịu trách nhiệm, dám đổi mới, sáng "
        "tạo, dám đương đầu với khó khăn, thử thách, dám hành động vì lợi ích chung; phát huy ý "
        "chí tự lực, tự cường, khát vọng cống hiến để xây dựng cơ quan và quê hương ngày càng "
        "tiến bộ và phát triển."
    ),
    (
        "- Tiếp nhận, ứng dụng thành tựu khoa học, công nghệ, tự học hỏi nhằm nâng cao hiệu "
        "suất, hiệu quả thực hiện nhiệm vụ được giao, góp phần nâng cao nâng cao chất lượng "
        "hoạt động của chi bộ, cơ quan."
    ),
    (
        "- Đồng thuận, ủng hộ và thực hiện chủ trương mới, tư tưởng mới, phù hợp trong xây dựng "
        "cơ quan, chi bộ vững mạnh."
    ),
    "2.2. Thực hiện nhiệm vụ được giao",
    (
        "- Tham mưu, thực hiện nhiệm vụ đúng tiến độ, yêu cầu đề ra; tận tâm, trung thực, không "
        "để xảy ra tình trạng tham mưu chậm, không hoàn thành hoặc hoàn thành chậm tiến độ, "
        "chất lượng thấp nhiệm vụ được giao."
    ),
    (
        "- Có tinh thần, phong cách công tác tốt, thái độ đúng đắn đối với đồng nghiệp, nhân "
        "dân; Thực hiện tốt nguyên tắc “3 không”: Không nói không, không nói khó và không nói "
        "có mà không làm trong công tác xây dựng Đảng cũng như trong thi hành công vụ."
    ),
    (
        "- Được đánh giá thành xuất sắc nhiệm vụ được giao (đối với cán bộ, công chức, viên "
        "chức thuộc các cơ quan, đơn vị, sự nghiệp)"
    ),
    "2.3. Chấp hành chủ trương của Đảng, pháp luật của Nhà nước",
    (
        "- Bản thân thực hiện tốt và tích cực tuyên truyền, vận động các thành viên trong gia "
        "đình, nhân dân thực hiện nghiêm các chủ trương, đường lối, chỉ thị, nghị quyết của "
        "Đảng, chính sách pháp luật của Nhà nước; không vi phạm các nội quy, quy chế của cơ "
        "quan, đơn vị, của nơi cư trú."
    ),
    (
        "- Chấp hành tốt quy định những điều đảng viên không được làm. Không có các dấu hiệu, "
        "biểu hiện về suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện “tự "
        "diễn biến”, “tự chuyển hóa” trong nội bộ."
    ),
    (
        "- Có chính kiến và đấu tranh mạnh mẽ với các luận điệu xuyên tạc, bôi nhọ, gây chia "
        "rẽ, gây mất đoàn kết nội bộ trên không gian mạng và trong sinh hoạt hàng ngày."
    ),
    "2.4. Công tác vận động quần chúng",
    (
        "- Có tinh thần trách nhiệm, tích cực; chủ động tham gia và vận động quần chúng tham "
        "gia các hoạt động tại địa phương."
    ),
    ("- Quan tâm, hướng dẫn, hỗ trợ, giúp đỡ quần chúng ưu tú phấn đấu trở thành đảng viên Đảng Cộng sản Việt Nam."),
    (
        "- Gắn bó mật thiết với đồng nghiệp và nhân dân. Thực hiện tốt các quy định và nghĩa vụ "
        "nơi cư trú, tham gia sinh hoạt đảng nơi cư trú đầy đủ theo Quy định 213-QĐ/TW ngày "
        "02/01/2020 của Ban Chấp hành Trung ương về trách nhiệm của đảng viên đang công tác "
        "thường xuyên giữ mối liên hệ với tổ chức đảng và nhân dân nơi cư trú."
    ),
)

# Obvious typos of the seed, fixed in the criteria set (DOMAIN.md).
TYPO_FIXES = (
    (re.compile(r"(?<!hoàn )thành xuất sắc"), "hoàn thành xuất sắc"),
    (re.compile(r"phải phải"), "phải"),
    (re.compile(r"nâng cao nâng cao"), "nâng cao"),
    (re.compile(r"Tam Thắng"), "Tam Thăng"),
)

RULE_INDICATORS: dict[str, dict[str, tuple[str, dict[str, object]]]] = {
    "cell": {
        "1.1.a": ("org_result_level", {"area": "party_building", "min_level": "good"}),
        "1.1.b": ("org_result_level", {"area": "political_task", "min_level": "good"}),
        "1.1.c": ("org_result_level", {"area": "other", "min_level": "average"}),
        "1.1.d": ("linked_bodies_level", {"min_level": "complete"}),
        "1.1.e": ("admissions_target", {"window": "year"}),
        "1.1.f": (
            "no_complaint",
            {"flag": "mass_or_over_level_unresolved", "window": "year", "include_earlier": True},
        ),
        "1.2.a": ("meeting_count", {"kinds": ("regular", "combined"), "min_grade": "fair", "min_count": 10}),
        "1.2.b": ("no_meeting_with_grade", {"grade": "poor", "window": "default"}),
        "1.2.c": ("no_month_without_meeting", {"kinds": ("regular", "combined")}),
        "1.2.d": ("meeting_count", {"kinds": ("thematic", "combined"), "min_count": 2}),
        "1.3.a": ("no_complaint", {"flag": "internal"}),
        "1.4.a": ("member_rating_share", {"min_level": "complete", "percent": 100, "fraction": None}),
        "1.4.b": ("member_rating_share", {"min_level": "good", "percent": 50, "fraction": None, "strict": False}),
        "1.4.c": ("no_discipline", {"scope": "members"}),
    },
    "grassroots": {
        "1.1.a": ("org_result_level", {"area": "party_building", "min_level": "good"}),
        "1.1.b": ("org_result_level", {"area": "political_task", "min_level": "good"}),
        "1.1.c": ("org_result_level", {"area": "other", "min_level": "average"}),
        "1.1.d": ("linked_bodies_level", {"min_level": "complete"}),
        "1.1.e": ("admissions_target", {"window": "year"}),
        "1.1.f": (
            "no_complaint",
            {"flag": "mass_or_over_level_unresolved", "window": "year", "include_earlier": True},
        ),
        "1.2.a": ("no_month_without_meeting", {"kinds": ("committee",)}),
        "1.2.b": (
            "meeting_count",
            {"kinds": ("congress",), "min_count": 2, "window": "year"},
        ),
        "1.2.c": ("no_meeting_with_grade", {"grade": "poor", "window": "year"}),
        "1.3.a": ("subordinate_rating_share", {"min_level": "complete", "percent": 100, "fraction": None}),
        "1.3.b": ("subordinate_rating_share", {"min_level": "good", "percent": 50, "fraction": None, "strict": False}),
        "1.3.c": ("no_complaint", {"flag": "internal"}),
        "1.4.a": ("no_discipline", {"scope": "subtree"}),
    },
    "member": {
        "2.2.a": ("workplace_rating", {"min_level": "excellent"}),
        "2.3.a": ("no_discipline", {"scope": "own", "window": "year"}),
        "2.3.b": ("no_suspension", {"window": "year"}),
        "2.4.a": ("residence_comment", {"accepted": ("positive", "excused"), "only_with_residence_cell": True}),
    },
}

SET = get_criteria_set("kh-63-ku-2023")


def fixed(text: str) -> str:
    for pattern, replacement in TYPO_FIXES:
        text = pattern.sub(replacement, text)
    return text


def seed_paragraphs(text: str) -> list[str]:
    """Return items 1 and 2 of section II, a paragraph each, joining a paragraph split by a page break."""
    start = text.index("1. Các tiêu chí xây dựng mô hình")
    end = text.index("3. Đánh giá, xếp loại")
    result: list[str] = []
    for block in re.split(r"\n\s*\n", text[start:end]):
        block = " ".join(block.split())
        if not block:
            continue
        if block[0].islower():
            result[-1] += " " + block
        else:
            result.append(block)
    return result


def sections() -> dict[str, list[str]]:
    """Return the paragraphs under each criterion heading ("1.1" … "2.4"), typos fixed."""
    result: dict[str, list[str]] = {}
    current = ""
    for paragraph in SEED_SECTION_II:
        heading = re.match(r"^(\d\.\d)\. ", paragraph)
        if heading:
            current = heading.group(1)
            result[current] = []
        elif re.match(r"^\d\. ", paragraph):  # "2. Các tiêu chí …": a model heading, not a criterion's text
            current = ""
        elif current:
            result[current].append(fixed(paragraph))
    return result


def texts(model: str) -> set[str]:
    return {indicator.text for indicator in SET.indicators(model)}


def models_of(criterion: str) -> tuple[str, ...]:
    return ("member",) if criterion.startswith("2.") else ("cell", "grassroots")


def test_it_copies_section_ii_from_the_seed():
    assert SEED.is_file(), f"the seed text is missing: {SEED} (the repository ships it in docs/seed/)"
    assert seed_paragraphs(SEED.read_text(encoding="utf-8")) == list(SEED_SECTION_II)


def test_it_loads_the_shipped_file_by_path_and_by_code():
    loaded = load_criteria_set(SETS_DIR / "kh-63-ku-2023.yaml")
    assert loaded.code == SET.code == "kh-63-ku-2023"
    assert "63-KH/ĐU" in SET.source and "26/09/2023" in SET.source and "Tam Thăng" in SET.source
    assert SET.title


@pytest.mark.parametrize(
    ("model", "codes"),
    [
        ("cell", ["1.1", "1.2", "1.3", "1.4"]),
        ("grassroots", ["1.1", "1.2", "1.3", "1.4"]),
        ("member", ["2.1", "2.2", "2.3", "2.4"]),
    ],
)
def test_it_has_four_criteria_per_model_titled_as_in_the_seed(model, codes):
    titles = {}
    for paragraph in SEED_SECTION_II:
        heading = re.match(r"^(\d\.\d)\. (.+)$", paragraph)
        if heading:
            titles[heading.group(1)] = heading.group(2)
    criteria = SET.criteria(model)
    assert [c.code for c in criteria] == codes
    assert [c.title for c in criteria] == [titles[code] for code in codes]


@pytest.mark.parametrize("model", ["cell", "grassroots", "member"])
def test_it_has_exactly_the_required_rule_indicators(model):
    rules = {i.code: i for i in SET.indicators(model) if i.rule is not None}
    assert set(rules) == set(RULE_INDICATORS[model])
    for code, (rule, params) in RULE_INDICATORS[model].items():
        indicator = rules[code]
        assert indicator.rule == rule, code
        assert indicator.label, code
        assert {k: indicator.params.values[k] for k in params} == params, code


@pytest.mark.parametrize("model", ["cell", "grassroots", "member"])
def test_it_numbers_judgement_indicators_per_criterion(model):
    for criterion in SET.criteria(model):
        judged = [i.code for i in criterion.indicators if i.rule is None]
        assert judged == [f"{criterion.code}.j{n}" for n in range(1, len(judged) + 1)]


def test_it_quotes_every_text_word_for_word_from_the_seed():
    seed = fixed(" ".join(SEED_SECTION_II))
    for model in ("cell", "grassroots", "member"):
        for indicator in SET.indicators(model):
            assert indicator.text in seed, (model, indicator.code)


def test_it_contains_every_bullet_of_the_seed_in_every_model_it_concerns():
    counts = {c: sum(p.startswith("- ") for p in ps) for c, ps in sections().items()}
    assert counts == {"1.1": 4, "1.2": 3, "1.3": 3, "1.4": 3, "2.1": 3, "2.2": 3, "2.3": 3, "2.4": 3}
    for criterion, paragraphs in sections().items():
        for bullet in (p[2:] for p in paragraphs if p.startswith("- ")):
            for model in models_of(criterion):
                assert bullet in texts(model), (model, criterion, bullet[:60])


def test_it_contains_every_requirement_of_the_seed_in_the_models_it_names():
    requirements = [(c, p) for c, ps in sections().items() for p in ps if not p.startswith("- ")]
    assert len(requirements) == 6
    for criterion, requirement in requirements:
        named = [
            model
            for model, name in (("cell", "“Chi bộ bốn tốt”"), ("grassroots", "“Đảng bộ cơ sở bốn tốt”"))
            if name in requirement
        ]
        for model in named or models_of(criterion):
            assert requirement in texts(model), (model, criterion, requirement[:60])


def test_it_fixes_only_the_known_typos():
    seed = " ".join(SEED_SECTION_II)
    assert "phải phải" in seed and "nâng cao nâng cao" in seed and "đánh giá thành xuất sắc" in seed
    every_text = " ".join(i.text for model in ("cell", "grassroots", "member") for i in SET.indicators(model))
    assert "phải phải" not in every_text
    assert "nâng cao nâng cao" not in every_text
    assert "đánh giá hoàn thành xuất sắc nhiệm vụ được giao" in every_text


@pytest.mark.parametrize(
    ("score", "full_marks", "grade"),
    [
        (100, ("attendance", "duration", "participation", "minutes"), "good"),
        (90, ("attendance", "duration", "participation", "minutes"), "good"),
        (95, ("attendance", "duration", "participation"), "fair"),  # ≥ 90 without every full mark
        (89, ("attendance", "duration", "participation", "minutes"), "fair"),
        (70, (), "fair"),
        (69, (), "average"),
        (50, (), "average"),
        (49, (), "poor"),
        (0, (), "poor"),
    ],
)
def test_it_grades_a_meeting_on_the_100_point_sheet(score, full_marks, grade):
    assert SET.meeting_score_scale.grade(score, full_marks) == grade


def test_it_rejects_a_score_outside_the_sheet():
    with pytest.raises(ValueError, match="outside"):
        SET.meeting_score_scale.grade(101)


def test_it_makes_a_suspended_member_ineligible_under_2_3():
    indicator = SET.indicator("member", "2.3.b")
    assert (indicator.rule, indicator.label) == ("no_suspension", "Không bị đình chỉ sinh hoạt đảng trong năm")
    assert indicator.text == "Chấp hành tốt quy định những điều đảng viên không được làm."


def test_it_judges_grassroots_meetings_over_the_window_they_are_counted_in():
    counted = SET.indicator("grassroots", "1.2.b").params.values["window"]
    judged = SET.indicator("grassroots", "1.2.c").params.values["window"]
    assert (counted, judged) == ("year", "year")
