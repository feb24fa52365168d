"""The HTXSNV cap (DOMAIN.md, "Annual quality rating"): at most EXCELLENT_CAP_PERCENT % (20) of those rated
"Hoàn thành tốt nhiệm vụ" and above (EXCELLENT_CAP_BASE "good_and_above"; "good" counts HTTNV alone) may be
rated "Hoàn thành xuất sắc nhiệm vụ", counted over a whole scope for a year:

- members: every member whose cell lies under the grassroots organisation of the grid's cell (the nearest
  grassroots committee or grassroots cell at or above it), whatever cell rated them;
- organisations: the subordinate organisations of the committee that rates them.

The rule lives here, used by the rating grid (`check_before_save` inside `save_quality_ratings`) and by the
bundle importer (`over_cap_statuses`, reported as warnings). The pure arithmetic is `rules_ratings`.

Counts take every rating of the year as it stands (proposed or final): a proposed HTXSNV over the cap is
warned about; saving a FINAL HTXSNV (new, or changed to HTXSNV / to final) while the scope is over the cap is
refused unless a decider records a reason (`ExcellentCapOverride`, audited). A reason covers the scope while
its count of HTXSNV stays at or below the count recorded with it; one more needs a new reason. The decider is
whoever holds the office or standing committee role covering the scope (a grant on the grassroots
organisation or above): the cell secretary proposes, and is told to ask them.

Members are attributed to the scope by their current cell (`Member.organization`), except the rows of the
grid being saved or shown, which count with the levels they have in the grid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q

from bontot.core.audit import log_action
from bontot.core.choices import QualityLevel
from bontot.organizations.access import Grant
from bontot.organizations.models import Organization, OrganizationKind

from .access_ratings import CELL_KINDS, DECIDERS, roles_on
from .models import ExcellentCapOverride, QualityRating
from .rules_ratings import BASE_GOOD, EXCELLENT, GOOD, excellent_cap, over_cap

GRASSROOTS_KINDS = frozenset({OrganizationKind.GRASSROOTS_COMMITTEE.value, OrganizationKind.GRASSROOTS_CELL.value})

CAP_REASON_LABEL = "Lý do vượt tỷ lệ {percent} %"


class CapExceededError(Exception):
    """Saving would make a final HTXSNV over the cap without a recorded reason; nothing was written."""

    def __init__(self, message: str, status: CapStatus, *, may_override: bool) -> None:
        super().__init__(message)
        self.status = status
        self.may_override = may_override


@dataclass(frozen=True)
class CapStatus:
    """The count of HTXSNV of a scope's year against its cap."""

    scope: Organization
    year: int
    members: bool  # a scope of members (else of organisations)
    excellent: int
    denominator: int
    percent: int
    base: str
    covered_up_to: int | None = None  # the largest count a recorded reason allows
    # The counts outside the grid's rows (for the live count in the page's script).
    outside_excellent: int = 0
    outside_good: int = 0

    @property
    def cap(self) -> int:
        return excellent_cap(self.denominator, self.percent)

    @property
    def over(self) -> bool:
        return over_cap(self.excellent, self.denominator, self.percent)

    @property
    def covered(self) -> bool:
        return self.covered_up_to is not None and self.excellent <= self.covered_up_to

    @property
    def base_label(self) -> str:
        good = QualityLevel(GOOD).label
        if self.base == BASE_GOOD:
            return f"“{good}”"
        return f"“{good}” trở lên"

    @property
    def who(self) -> str:
        return "đảng viên" if self.members else "tổ chức đảng trực thuộc"

    @property
    def summary(self) -> str:
        """The count against the cap, in Vietnamese."""
        return (
            f"“{QualityLevel(EXCELLENT).label}” trong {self.scope.name} năm {self.year}: {self.excellent}, "
            f"tối đa {self.cap} ({self.percent} % của {self.denominator} {self.who} xếp loại {self.base_label})."
        )

    @property
    def refusal(self) -> str:
        return (
            f"Chưa lưu: số {self.who} xếp loại “{QualityLevel(EXCELLENT).label}” vượt tỷ lệ {self.percent} % "
            f"của {self.scope.name} ({self.excellent}, tối đa {self.cap}). Cần Văn phòng hoặc Ban Thường vụ "
            f"{self.scope.name} ghi lý do vượt tỷ lệ."
        )


def settings_cap() -> tuple[int, str]:
    """Return the cap's percentage and denominator kind (settings)."""
    return int(settings.EXCELLENT_CAP_PERCENT), str(settings.EXCELLENT_CAP_BASE)


def grassroots_code(path: str, kinds: Mapping[str, str]) -> str:
    """Return the code of the nearest organisation of a grassroots kind on `path` (at or above its end),
    else the parent of its end, else its end."""
    codes = [code for code in path.strip("/").split("/") if code]
    for code in reversed(codes):
        if kinds.get(code) in GRASSROOTS_KINDS:
            return code
    return codes[-2] if len(codes) > 1 else codes[-1]


def cap_scope(organization: Organization) -> tuple[Organization, bool]:
    """Return the scope a grid of `organization` is counted over, and whether it is a scope of members.

    A cell's grid rates members: the scope is its grassroots organisation (one query). A committee's grid
    rates its subordinate organisations: the scope is the committee (no query).
    """
    if organization.kind not in CELL_KINDS:
        return organization, False
    codes = [code for code in organization.path.strip("/").split("/") if code]
    chain = {org.code: org for org in Organization.objects.filter(code__in=codes)}
    code = grassroots_code(organization.path, {c: o.kind for c, o in chain.items()})
    return chain.get(code, organization), True


def _scope_ratings(scope: Organization, year: int, members: bool) -> Any:
    ratings = QualityRating.objects.filter(year=year)
    if members:
        return ratings.filter(member__organization__path__startswith=scope.path)
    return ratings.filter(organization__parent=scope)


def cap_status(
    scope: Organization,
    year: int,
    *,
    members: bool,
    grid_levels: Mapping[int, str] | None = None,
) -> CapStatus:
    """Return the scope's count against the cap, the grid's subjects counted at `grid_levels` (two queries).

    `grid_levels` maps the ids of the subjects shown or saved (members or organisations) to their levels
    ("" when not rated yet); their stored ratings are replaced by these.
    """
    percent, base = settings_cap()
    grid_levels = grid_levels or {}
    others = _scope_ratings(scope, year, members)
    if grid_levels:
        key = "member_id__in" if members else "organization_id__in"
        others = others.exclude(**{key: list(grid_levels)})
    counts = others.aggregate(excellent=Count("pk", filter=Q(level=EXCELLENT)), good=Count("pk", filter=Q(level=GOOD)))
    outside_excellent, outside_good = counts["excellent"] or 0, counts["good"] or 0
    levels = list(grid_levels.values())
    excellent = outside_excellent + levels.count(EXCELLENT)
    good = outside_good + levels.count(GOOD)
    denominator = good if base == BASE_GOOD else good + excellent
    covered = (
        ExcellentCapOverride.objects.filter(organization=scope, year=year, members=members)
        .aggregate(most=Max("excellent"))
        .get("most")
    )
    return CapStatus(
        scope=scope,
        year=year,
        members=members,
        excellent=excellent,
        denominator=denominator,
        percent=percent,
        base=base,
        covered_up_to=covered,
        outside_excellent=outside_excellent,
        outside_good=outside_good,
    )


def may_override(actor: Any, scope: Organization, held: tuple[Grant, ...] | None = None) -> bool:
    """Return whether the actor may record a reason to go over the cap of `scope` (office or standing)."""
    return bool(roles_on(actor, scope, held) & DECIDERS)


def makes_final_excellent(rating: QualityRating, changed: Iterable[str]) -> bool:
    """Return whether saving `rating` with these changed fields makes (or keeps changing into) a final HTXSNV."""
    if not (rating.final and rating.level == EXCELLENT):
        return False
    return rating._state.adding or bool({"level", "final"} & set(changed))


def check_before_save(
    organization: Organization,
    changes: list[tuple[QualityRating, list[str]]],
    *,
    actor: Any,
    held: tuple[Grant, ...] | None,
    reason: str,
) -> CapStatus | None:
    """Check the cap before a grid of `organization` saves `changes` (call inside its transaction).

    Locks the scope's row (two deciders saving at once are counted one after the other). Return the status
    after the save, or None when no rating becomes a final HTXSNV. Raise CapExceededError when the save
    would make a final HTXSNV over the cap, not covered by a recorded reason, and `reason` is blank or the
    actor may not give one; with a reason from a decider, record it (`ExcellentCapOverride`, audited).
    """
    if not any(makes_final_excellent(rating, fields) for rating, fields in changes):
        return None
    scope, members = cap_scope(organization)
    Organization.objects.select_for_update().filter(pk=scope.pk).first()
    stored_key = "member_id" if members else "organization_id"
    grid_levels = {getattr(rating, stored_key): rating.level for rating, _ in changes}
    status = cap_status(scope, _year_of(changes), members=members, grid_levels=grid_levels)
    if not status.over or status.covered:
        return status
    allowed = may_override(actor, scope, held)
    if not reason.strip() or not allowed:
        message = status.refusal
        if reason.strip() and not allowed:
            message += " Bạn không giữ vai trò đó nên lý do chưa được ghi."
        raise CapExceededError(message, status, may_override=allowed)
    record_override(status, actor=actor, reason=reason.strip())
    return status


def _year_of(changes: list[tuple[QualityRating, list[str]]]) -> int:
    years = {rating.year for rating, _ in changes}
    if len(years) != 1:
        raise ValueError("a rating grid saves one year")
    return years.pop()


def record_override(status: CapStatus, *, actor: Any, reason: str) -> ExcellentCapOverride:
    """Record the decider's reason for the scope's count over the cap, with its audit row."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    override = ExcellentCapOverride(
        organization=status.scope,
        year=status.year,
        members=status.members,
        reason=reason,
        excellent=status.excellent,
        cap=status.cap,
        denominator=status.denominator,
        percent=status.percent,
        decided_by=user,
    )
    override.stamp(actor)
    override.full_clean(exclude=["organization", "decided_by"])
    override.save()
    log_action(
        "facts.excellent_cap.overridden",
        actor=actor,
        object_type="facts.excellentcapoverride",
        object_id=str(override.pk),
        organization_path=status.scope.path,
        data={
            "year": status.year,
            "members": status.members,
            "excellent": status.excellent,
            "cap": status.cap,
            "denominator": status.denominator,
            "percent": status.percent,
            "base": status.base,
            "reason": reason,
        },
    )
    return override


def over_cap_statuses(years: Iterable[int]) -> list[CapStatus]:
    """Return the scopes of `years` over the cap with a final HTXSNV not covered by a reason (bundle import).

    Three queries whatever the number of scopes: the organisations, the ratings, the recorded reasons.
    """
    years = sorted(set(years))
    if not years:
        return []
    percent, base = settings_cap()
    orgs = {org.pk: org for org in Organization.objects.order_by()}
    kinds = {org.code: org.kind for org in orgs.values()}
    by_code = {org.code: org for org in orgs.values()}
    rows = QualityRating.objects.filter(year__in=years).values_list(
        "year", "level", "final", "member__organization__path", "organization__parent_id"
    )
    tallies: dict[tuple[int, int, bool], list[int]] = {}  # (scope, year, members) → [excellent, good, final exc]
    for year, level, final, cell_path, parent_id in rows.order_by():
        if cell_path is not None:
            scope = by_code.get(grassroots_code(cell_path, kinds))
            key = (scope.pk, year, True) if scope is not None else None
        else:
            key = (parent_id, year, False) if parent_id is not None else None
        if key is None:
            continue
        tally = tallies.setdefault(key, [0, 0, 0])
        tally[0] += level == EXCELLENT
        tally[1] += level == GOOD
        tally[2] += level == EXCELLENT and final
    covered = {
        (row["organization_id"], row["year"], row["members"]): row["most"]
        for row in ExcellentCapOverride.objects.filter(year__in=years)
        .values("organization_id", "year", "members")
        .annotate(most=Max("excellent"))
        .order_by()
    }
    found = []
    for (scope_id, year, members), (excellent, good, final_excellent) in sorted(tallies.items()):
        denominator = good if base == BASE_GOOD else good + excellent
        status = CapStatus(
            scope=orgs[scope_id],
            year=year,
            members=members,
            excellent=excellent,
            denominator=denominator,
            percent=percent,
            base=base,
            covered_up_to=covered.get((scope_id, year, members)),
        )
        if final_excellent and status.over and not status.covered:
            found.append(status)
    return found
