"""`partials/form_fields.html`: every id a field points at (help text, error) exists on the page."""

import re

from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    held_on = forms.DateField(label="Ngày sinh hoạt", help_text="Nhập theo dạng ngày/tháng/năm.")
    agreed = forms.BooleanField(label="Đồng ý", required=True)


def described_ids(html: str) -> list[str]:
    return [ref for refs in re.findall(r'aria-describedby="([^"]+)"', html) for ref in refs.split()]


def test_it_gives_the_help_text_the_id_the_input_is_described_by():
    html = render_to_string("partials/form_fields.html", {"form": _Form()})
    assert described_ids(html) == ["id_held_on_helptext"]
    assert 'id="id_held_on_helptext"' in html


def test_it_points_an_invalid_checkbox_at_its_error():
    form = _Form(data={"held_on": "31/02/2024"})
    html = render_to_string("partials/form_fields.html", {"form": form})
    for ref in described_ids(html):
        assert f'id="{ref}"' in html
    assert "id_agreed_error" in described_ids(html)


def test_it_shows_two_errors_of_a_field_in_one_block_with_one_id():
    form = _Form(data={"held_on": "05/09/2025", "agreed": "on"})
    form.is_valid()
    form.add_error("held_on", "Ngày sinh hoạt trùng kỳ khác.")
    form.add_error("held_on", "Ngày sinh hoạt sau hôm nay.")
    html = render_to_string("partials/form_fields.html", {"form": form})
    assert html.count('id="id_held_on_error"') == 1
    assert "Ngày sinh hoạt trùng kỳ khác.<br>Ngày sinh hoạt sau hôm nay." in html
