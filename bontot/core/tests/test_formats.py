import datetime

from django import forms
from django.utils import formats, translation


def test_it_reads_dates_as_day_month_year():
    field = forms.DateField()
    with translation.override("vi"):
        assert field.clean("26/09/2023") == datetime.date(2023, 9, 26)
        assert field.clean("05/09/2023") == datetime.date(2023, 9, 5)
        assert field.clean("2023-09-05") == datetime.date(2023, 9, 5)


def test_it_shows_dates_as_dd_mm_yyyy():
    with translation.override("vi"):
        assert formats.date_format(datetime.date(2024, 1, 5)) == "05/01/2024"
        assert formats.date_format(datetime.date(2024, 1, 5), "SHORT_DATE_FORMAT") == "05/01/2024"
        assert formats.number_format(1234567, force_grouping=True) == "1.234.567"
