"""Our corrections to Django's Vietnamese messages: the committed catalogue matches its source and is used."""

import gettext
import re
from pathlib import Path

from django import forms
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES"


def po_entries() -> dict[str, str]:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', text, flags=re.M)
    return dict(pairs)


def test_it_commits_a_compiled_catalogue_that_matches_its_source():
    with open(LOCALE / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    entries = po_entries()
    assert entries, "no entries read from django.po"
    for msgid, msgstr in entries.items():
        assert catalogue.gettext(msgid) == msgstr, f"django.mo is stale for {msgid!r}: run msgfmt (see django.po)"


def test_it_says_whole_number_and_limits_in_plain_vietnamese():
    with translation.override("vi"):
        field = forms.IntegerField(min_value=0, max_value=100)
        errors: dict[str, list[str]] = {}
        for value in ("abc", "-1", "101"):
            try:
                field.clean(value)
            except forms.ValidationError as exc:
                errors[value] = exc.messages
    assert errors["abc"] == ["Nhập một số nguyên."]
    assert errors["-1"] == ["Giá trị này phải lớn hơn hoặc bằng 0."]
    assert errors["101"] == ["Giá trị này phải nhỏ hơn hoặc bằng 100."]
