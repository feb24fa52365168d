"""The rule registry: every rule is a pure function registered with its parameters and models.

Rule modules register themselves on import; `rules.py` imports them all and is the public entry point.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .params import Params, ParamSpec
from .scales import Verdict
from .snapshot import MemberSnapshot, OrganizationSnapshot, Period
from .window import Snapshot

Measure = int | str | None


@dataclass(frozen=True)
class RuleOutcome:
    """What a rule found: a verdict, the measured and required values, why, and the facts it rests on.

    `measured` and `required` are short strings or integers (JSON-ready). `evidence` holds references
    to the facts the verdict rests on, e.g. "meeting:2024-03-12:regular", "member:0123", "org:CB01".
    """

    verdict: Verdict
    measured: Measure
    required: Measure
    explanation: str
    evidence: tuple[str, ...] = ()


RuleFunc = Callable[[Snapshot, Params, Period], RuleOutcome]
# Cross-checks a rule's params against the model it is used in; returns (param name, problem) pairs.
ModelCheck = Callable[[Params, str], list[tuple[str, str]]]
# The facts of a snapshot a rule reads, as a hashable value: two snapshots with equal keys get the same
# outcome (for the same params and period), so the engine may reuse it. Declared only where it pays.
MemoKey = Callable[[Snapshot], Hashable]


# Cross-checks between the rule indicators of one model: (path, rule name, params) of each in, (path, problem)
# pairs out, the path being the indicator's path in the file plus the part at fault (e.g. ".params.window").
ModelSetCheck = Callable[[Sequence[tuple[str, str, Params]]], list[tuple[str, str]]]


@dataclass(frozen=True)
class Rule:
    """A registered rule."""

    name: str
    func: RuleFunc
    params: tuple[ParamSpec, ...]
    models: frozenset[str]
    doc: str
    check: ModelCheck | None = None
    memo_key: MemoKey | None = None

    def __call__(self, snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
        return self.func(snapshot, params, period)


_REGISTRY: dict[str, Rule] = {}
REGISTRY: Mapping[str, Rule] = MappingProxyType(_REGISTRY)


def register(
    name: str,
    *,
    models: frozenset[str],
    params: tuple[ParamSpec, ...] = (),
    check: ModelCheck | None = None,
    memo_key: MemoKey | None = None,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register the decorated function as rule `name` (`memo_key`: see `MemoKey`)."""

    def decorate(func: RuleFunc) -> RuleFunc:
        if name in _REGISTRY:
            raise ValueError(f"rule {name!r} is registered twice")
        doc = (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else ""
        _REGISTRY[name] = Rule(
            name=name, func=func, params=params, models=models, doc=doc, check=check, memo_key=memo_key
        )
        return func

    return decorate


_MODEL_CHECKS: list[ModelSetCheck] = []


def register_model_check(func: ModelSetCheck) -> ModelSetCheck:
    """Register the decorated function as a cross-check run on every model of a criteria set."""
    _MODEL_CHECKS.append(func)
    return func


def model_checks() -> tuple[ModelSetCheck, ...]:
    """Return the registered cross-checks of a model's indicators."""
    return tuple(_MODEL_CHECKS)


def as_org(snapshot: Snapshot) -> OrganizationSnapshot:
    """Return the snapshot as an organisation snapshot, or raise TypeError."""
    if not isinstance(snapshot, OrganizationSnapshot):
        raise TypeError("this rule evaluates organisations only")
    return snapshot


def as_member(snapshot: Snapshot) -> MemberSnapshot:
    """Return the snapshot as a member snapshot, or raise TypeError."""
    if not isinstance(snapshot, MemberSnapshot):
        raise TypeError("this rule evaluates members only")
    return snapshot


ORG_MODELS = frozenset({"cell", "grassroots"})
CELL = frozenset({"cell"})
GRASSROOTS = frozenset({"grassroots"})
MEMBER = frozenset({"member"})
ALL_MODELS = frozenset({"cell", "grassroots", "member"})
