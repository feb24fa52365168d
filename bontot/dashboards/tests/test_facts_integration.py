"""The dashboards read the facts as they are entered: announced meetings, and verdicts refreshed after a change."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bontot.criteria.models import EvaluationYear, StoredVerdict
from bontot.criteria.verdicts import refresh_verdicts

from .factories import seed_world

pytestmark = pytest.mark.django_db


def announce(client, w, *, days, topic, documents):
    client.force_login(w.users["secretary_a"])
    held_on = timezone.localdate() + datetime.timedelta(days=days)
    response = client.post(
        reverse("facts:meeting_announce", kwargs={"org_pk": w.a.pk}),
        {"held_on": held_on.strftime("%d/%m/%Y"), "kind": "thematic", "topic": topic, "documents": documents},
    )
    assert response.status_code == 302
    return held_on


def test_it_shows_a_member_the_meetings_announced_in_their_cell(client, world):
    seed_world(world)
    day = announce(client, world, days=10, topic="Học tập Nghị quyết Trung ương 4", documents="Nghị quyết số 12")
    client.force_login(world.users["member_a"])
    body = client.get(reverse("dashboards:me")).content.decode()
    assert "Kỳ sinh hoạt sắp tới" in body
    assert day.strftime("%d/%m/%Y") in body
    assert "Học tập Nghị quyết Trung ương 4" in body and "Nghị quyết số 12" in body
    client.force_login(world.users["member_b"])
    body = client.get(reverse("dashboards:me")).content.decode()
    assert "Kỳ sinh hoạt sắp tới" in body and "Chưa có kỳ sinh hoạt nào được thông báo." in body
    assert "Học tập Nghị quyết Trung ương 4" not in body


def test_it_no_longer_shows_a_meeting_whose_day_has_passed(client, world):
    seed_world(world)
    announce(client, world, days=1, topic="Họp chi bộ tháng này", documents="")
    client.force_login(world.users["member_a"])
    assert "Họp chi bộ tháng này" in client.get(reverse("dashboards:me")).content.decode()
    from bontot.facts.models import Meeting

    Meeting.objects.filter(topic="Họp chi bộ tháng này").update(held_on=timezone.localdate() - datetime.timedelta(1))
    assert "Họp chi bộ tháng này" not in client.get(reverse("dashboards:me")).content.decode()


@pytest.mark.parametrize("announced", [2, 20])
def test_the_member_page_runs_the_same_queries_for_2_and_20_announced_meetings(
    client, world, django_assert_num_queries, announced
):
    from bontot.facts.models import Meeting

    seed_world(world)
    for n in range(announced):
        day = timezone.localdate() + datetime.timedelta(days=n + 1)
        Meeting.objects.create(organization=world.a, held_on=day, kind="thematic", status="announced", topic="Họp")
    client.force_login(world.users["member_a"])
    # session, user, grants, member, years, verdict, registration, the recognition decision in force,
    # upcoming meetings, the bell's unread count; session saved: 3
    with django_assert_num_queries(13):
        assert client.get(reverse("dashboards:me")).status_code == 200


@pytest.fixture
def today(monkeypatch):
    """Today, moved back a day on 31 December (from then on a year has no warnings left to give)."""
    real = timezone.localdate
    day = real()
    if (day.month, day.day) == (12, 31):
        day -= datetime.timedelta(days=1)

        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return day


def test_it_refreshes_the_organisation_dashboard_after_a_meeting_logged_on_the_quick_page(
    client, world, today, django_capture_on_commit_callbacks
):
    EvaluationYear.objects.create(
        year=today.year,
        registration_deadline=datetime.date(today.year, 1, 20),
        cutoff=datetime.date(today.year, 12, 31),  # the meetings window is open until the end of the year
    )
    refresh_verdicts(today.year)
    before = StoredVerdict.objects.get(year=today.year, organization=world.a)
    # This month is warned about: "Tháng mm/yyyy chưa có kỳ sinh hoạt thường kỳ (còn n ngày …)", or, on its
    # last day, among the months "… tháng mm/yyyy không có kỳ sinh hoạt thường kỳ".
    month = f"háng {today:%m/%Y}"
    assert month_warnings(before, month)
    dashboard = reverse("dashboards:organization", kwargs={"pk": world.a.pk, "year": today.year})
    client.force_login(world.users["secretary_a"])
    assert month in client.get(dashboard).content.decode()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("facts:meeting_quick", kwargs={"org_pk": world.a.pk}),
            {"held_on": today.strftime("%d/%m/%Y"), "grade": "good", "attendance": "3", "expected": "3"},
        )
    assert response.status_code == 302
    assert callbacks  # the refresh ran after the commit, through fact_changed

    after = StoredVerdict.objects.get(year=today.year, organization=world.a)
    assert after.computed_at > before.computed_at
    assert not month_warnings(after, month)
    assert month not in client.get(dashboard).content.decode()


def month_warnings(verdict, month):
    return [w for w in verdict.warnings if w["code"].startswith("meetings.month") and month in w["text"]]
