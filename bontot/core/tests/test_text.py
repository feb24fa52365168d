from bontot.core.text import vi_name_key, vi_word_key


def test_it_orders_vietnamese_letters_after_their_base_letter():
    words = ["đào", "dung", "an", "ăn", "ân", "bình", "ơn", "ôn", "on"]
    assert sorted(words, key=vi_word_key) == ["an", "ăn", "ân", "bình", "dung", "đào", "on", "ôn", "ơn"]


def test_it_orders_tones_after_letters():
    words = ["má", "mà", "ma", "mạ", "mả", "mã", "mai"]
    assert sorted(words, key=vi_word_key) == ["ma", "mà", "mả", "mã", "má", "mạ", "mai"]


def test_it_orders_people_by_given_name_first():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An", "Đỗ Thị Ánh"]
    assert sorted(names, key=vi_name_key) == ["Lê Văn An", "Nguyễn Thị An", "Đỗ Thị Ánh", "Trần Văn Bình"]
