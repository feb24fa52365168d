"""The verdict store: rows written, the scope of a change, upserts, query counts, the fact_changed path."""

import datetime

import orjson
import pytest
from django.core.management import call_command
from django.utils import timezone

from bontot.core.records import save_record
from bontot.criteria import tasks, verdicts
from bontot.criteria.models import EvaluationYear, StoredVerdict
from bontot.criteria.selectors import evaluate_year
from bontot.criteria.verdicts import on_fact_changed, refresh_verdicts
from bontot.facts.models import Discipline, Meeting, QualityRating
from bontot.members.models import Member

D = datetime.date
YEAR = 2024
YEAR_END = D(YEAR, 12, 31)


def declare(year: int) -> EvaluationYear:
    return EvaluationYear.objects.create(
        year=year, registration_deadline=D(year, 1, 20), cutoff=D(year, 11, 30), criteria_set="kh-63-ku-2023"
    )


@pytest.fixture
def year(world):
    return declare(YEAR)


def stored() -> dict[str, StoredVerdict]:
    return {v.subject: v for v in StoredVerdict.objects.filter(year=YEAR)}


def add_members(cell, count: int, start: int = 100) -> None:
    for n in range(start, start + count):
        Member.objects.create(
            card_no=f"X-{n}",
            full_name=f"Đặng Văn {n}",
            birth_date=D(1980, 1, 1),
            gender="male",
            organization=cell,
            admitted_on=D(2010, 1, 1),
            official_on=D(2011, 1, 1),
        )


def test_it_writes_one_row_per_subject_with_the_evaluate_result(world, year):
    QualityRating.objects.create(year=YEAR, member=world.members["member_a"], level="incomplete", final=True)
    assert refresh_verdicts(YEAR, as_of=YEAR_END) == 10
    rows = stored()
    assert set(rows) == {
        "org:DU", "org:DU2", "org:A", "org:B", "org:C",
        *(f"member:{m.card_no}" for m in world.members.values()),
    }  # fmt: skip
    expected = {r["subject"]: r for r in evaluate_year(YEAR, as_of=YEAR_END).to_dict()["results"]}
    assert {s: v.result for s, v in rows.items()} == expected
    cell, member = rows["org:A"], rows["member:A-001"]
    assert (cell.model, cell.organization_id, cell.member_id, cell.organization_path) == (
        "cell",
        world.a.pk,
        None,
        world.a.path,
    )
    assert (member.model, member.member_id, member.organization_id) == ("member", world.members["member_a"].pk, None)
    assert member.organization_path == world.a.path
    assert member.sort_name == world.members["member_a"].sort_name
    assert cell.name == "Chi bộ thôn An Hòa"
    assert cell.verdict == "fail"
    assert "|1.4|" in cell.failing and cell.failing.startswith("|") and cell.failing.endswith("|")
    assert cell.failing == "|" + "".join(f"{c['code']}|" for c in cell.result["criteria"] if c["verdict"] == "fail")
    assert cell.pending == "|" + "".join(f"{c['code']}|" for c in cell.result["criteria"] if c["verdict"] == "pending")
    assert (cell.criteria_set, cell.as_of) == ("kh-63-ku-2023", YEAR_END)
    assert cell.criteria_set_digest.startswith("sha256:")
    assert cell.warnings == [] and cell.warning_count == 0  # the year is over on 31/12


def test_it_stores_the_warnings_of_a_year_under_way(world, year):
    refresh_verdicts(YEAR, as_of=D(YEAR, 8, 15))
    cell = stored()["org:A"]
    assert cell.warning_count == len(cell.warnings) > 0
    texts = [w["text"] for w in cell.warnings]
    assert any(t.startswith("Tháng 01/2024, tháng 02/2024") for t in texts)
    assert set(cell.warnings[0]) >= {"code", "criterion", "severity", "text"}


def test_it_refreshes_an_organisation_its_members_and_the_committees_above(world, year):
    assert refresh_verdicts(YEAR, organization_ids=[world.a.pk], as_of=YEAR_END) == 5
    assert set(stored()) == {"org:A", "org:DU", "member:A-001", "member:A-002", "member:A-003"}


def test_it_refreshes_a_member_their_cell_and_its_ancestors(world, year):
    assert refresh_verdicts(YEAR, member_ids=[world.members["member_b"].pk], as_of=YEAR_END) == 3
    assert set(stored()) == {"member:B-001", "org:B", "org:DU"}


def test_it_updates_rows_rather_than_adding_them(world, year):
    refresh_verdicts(YEAR, as_of=YEAR_END)
    before = stored()
    Discipline.objects.create(member=world.members["member_b"], decided_on=D(YEAR, 5, 1), form="reprimand")
    refresh_verdicts(YEAR, member_ids=[world.members["member_b"].pk], as_of=YEAR_END)
    after = stored()
    assert StoredVerdict.objects.count() == len(before) == len(after) == 10
    assert "|1.4|" in after["org:B"].failing and "|2.3|" in after["member:B-001"].failing
    assert after["org:B"].computed_at > before["org:B"].computed_at
    assert after["org:A"].computed_at == before["org:A"].computed_at  # outside the change


def test_it_drops_the_row_of_a_member_who_left(world, year):
    refresh_verdicts(YEAR, as_of=YEAR_END)
    member = world.members["other_a"]
    Member.objects.filter(pk=member.pk).update(left_on=D(YEAR - 1, 6, 1))
    refresh_verdicts(YEAR, member_ids=[member.pk], as_of=YEAR_END)
    assert "member:A-003" not in stored()
    assert len(stored()) == 9


# The refresh of one cell: the organisations, the fact loader's 15 queries, one lookup of the members' ids and
# sort names, a savepoint, the upsert and its release, two deletes of rows no longer in scope. (No member
# ids given: their two lookups are skipped by Django, an empty IN list.)
CELL_REFRESH_QUERIES = 22


@pytest.mark.parametrize("members", [5, 50])
def test_it_runs_the_same_queries_for_5_and_50_members(world, year, members, django_assert_num_queries):
    add_members(world.a, members - 3)
    with django_assert_num_queries(CELL_REFRESH_QUERIES):
        refresh_verdicts(YEAR, organization_ids=[world.a.pk], as_of=YEAR_END)
    assert StoredVerdict.objects.filter(model="member").count() == members


def test_it_refreshes_the_cell_after_a_meeting_is_saved(world, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    declare(today.year)
    refresh_verdicts(today.year)
    before = StoredVerdict.objects.get(year=today.year, subject="org:A")
    elsewhere = StoredVerdict.objects.get(year=today.year, subject="org:C").computed_at
    meeting = Meeting(organization=world.a, held_on=D(today.year, 1, 10), kind="regular", grade="good")
    with django_capture_on_commit_callbacks(execute=True):
        save_record(meeting, actor=world.users["secretary_a"])
    after = StoredVerdict.objects.get(year=today.year, subject="org:A")
    assert after.computed_at > before.computed_at
    assert after.result != before.result
    assert f"meeting:{today.year}-01-10:regular" in orjson.dumps(after.result).decode()
    assert StoredVerdict.objects.get(year=today.year, subject="org:C").computed_at == elsewhere


def test_it_enqueues_a_task_for_a_large_change(world, year, monkeypatch):
    ran: list[tuple] = []
    real = tasks.refresh_verdicts

    def spy(*args, **kwargs):
        ran.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "refresh_verdicts", spy)
    monkeypatch.setattr(verdicts, "INLINE_LIMIT", 2)
    on_fact_changed(None, organization_ids={world.a.pk}, member_ids=set(), years={YEAR})
    assert ran == [((YEAR,), {"organization_ids": [world.a.pk], "member_ids": []})]
    assert StoredVerdict.objects.filter(year=YEAR).count() == 5


def test_it_refreshes_small_changes_inline(world, year, monkeypatch):
    monkeypatch.setattr(tasks, "refresh_verdicts", lambda *a, **k: pytest.fail("no task for a small change"))
    on_fact_changed(None, organization_ids=set(), member_ids={world.members["member_c"].pk}, years={YEAR})
    assert set(stored()) == {"member:C-001", "org:C", "org:DU2"}


def test_it_logs_a_failed_refresh_without_raising(world, year, caplog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(verdicts, "refresh_verdicts", broken)
    on_fact_changed(None, organization_ids={world.a.pk}, member_ids=set(), years={YEAR})
    assert f"refreshing the verdicts of {YEAR}" in caplog.text


def test_it_skips_a_year_not_declared_quietly(world, year, caplog):
    on_fact_changed(None, organization_ids={world.a.pk}, member_ids=set(), years={1999, YEAR})
    assert caplog.text == ""
    assert {v.year for v in StoredVerdict.objects.all()} == {YEAR}


def test_it_refreshes_nothing_without_a_current_year(world, year):
    on_fact_changed(None, organization_ids={world.a.pk}, member_ids=set(), years=set())
    assert not StoredVerdict.objects.exists()  # 2024 is not the year containing today


def test_it_answers_for_a_past_year_as_its_evaluation(world, year):
    refresh_verdicts(YEAR)  # as of today, long after the year
    expected = {r["subject"]: r for r in evaluate_year(YEAR, as_of=timezone.localdate()).to_dict()["results"]}
    assert {s: v.result for s, v in stored().items()} == expected
    assert all(v.as_of == timezone.localdate() and v.warnings == [] for v in stored().values())


def test_the_command_refreshes_a_year_with_progress(world, year, capsys):
    call_command("refresh_verdicts", "--year", str(YEAR), "--as-of", "31/12/2024")
    out, err = capsys.readouterr()
    assert "Đã lưu 10 kết quả đánh giá năm 2024" in out
    assert "Đang tính lại kết quả năm 2024" in err and "Đã lưu 10/10 kết quả" in err
    assert StoredVerdict.objects.count() == 10


def test_the_command_refreshes_an_organisation_subtree(world, year, capsys):
    call_command("refresh_verdicts", "--year", str(YEAR), "--org", "DU2")
    assert set(stored()) == {"org:DU2", "org:C", "member:C-001"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2024", "--org", "NOPE"], "Không có tổ chức đảng mã NOPE."),
        (["--year", "1999"], "Chưa khai báo năm đánh giá 1999."),
    ],
)
def test_the_command_rejects_an_unknown_scope(world, year, args, message):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("refresh_verdicts", *args)


def test_it_refreshes_the_years_of_a_bundle_after_its_import(db, django_capture_on_commit_callbacks):
    from bontot.bundle.importer import import_bundle
    from bontot.bundle.tests.factories import ward_bundle

    with django_capture_on_commit_callbacks(execute=True):
        import_bundle(ward_bundle(members=3))
    assert StoredVerdict.objects.filter(year=YEAR, model="member").count() == 3
    assert StoredVerdict.objects.filter(year=YEAR, subject="org:DU").exists()


def test_seed_demo_leaves_stored_verdicts_for_the_demo_years(db, capsys):
    call_command("seed_demo")
    years = set(StoredVerdict.objects.values_list("year", flat=True))
    assert years == set(EvaluationYear.objects.values_list("year", flat=True)) == {2024, 2025}
    assert StoredVerdict.objects.filter(year=2024, model="member").count() > 400


def test_it_refreshes_the_cell_a_member_moved_from(world, year):
    refresh_verdicts(YEAR, as_of=YEAR_END)
    before = stored()
    member = world.members["member_a"]
    Member.objects.filter(pk=member.pk).update(organization=world.b)
    assert refresh_verdicts(YEAR, member_ids=[member.pk], as_of=YEAR_END) == 4  # member, A, B, DU
    after = stored()
    assert after["member:A-001"].organization_path == world.b.path
    assert after["org:A"].computed_at > before["org:A"].computed_at
    assert "A-001" not in orjson.dumps(after["org:A"].result).decode()
    assert "A-001" in orjson.dumps(after["org:B"].result).decode()


def test_a_whole_year_drops_the_rows_of_subjects_gone(world, year):
    refresh_verdicts(YEAR, as_of=YEAR_END)
    Member.objects.filter(pk=world.members["member_c"].pk).update(left_on=D(YEAR - 1, 1, 1))
    assert refresh_verdicts(YEAR, as_of=YEAR_END) == 9
    assert "member:C-001" not in stored()
    assert StoredVerdict.objects.count() == 9


def test_the_admin_lists_stored_verdicts_read_only(world, year, client, django_user_model):
    refresh_verdicts(YEAR, as_of=YEAR_END)
    admin = django_user_model.objects.create_superuser(username="root", password="x-long-password-1")  # noqa: S106
    client.force_login(admin)
    page = client.get("/admin/criteria/storedverdict/?year=2024")
    assert page.status_code == 200
    assert "Chi bộ thôn An Hòa" in page.content.decode()
    assert client.get("/admin/criteria/storedverdict/add/").status_code == 403
