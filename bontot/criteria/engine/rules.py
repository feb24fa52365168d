"""The rules registry: look up a rule by the name a criteria set uses.

Each rule is a pure function `(snapshot, params, period) -> RuleOutcome`; importing this module
registers them all (they live in `rules_org`, `rules_meetings` and `rules_people`).
"""

from __future__ import annotations

from . import rules_meetings, rules_org, rules_people
from .registry import REGISTRY, Rule, RuleOutcome

__all__ = ["RULES", "Rule", "RuleOutcome", "get_rule"]

# Keep the rule modules referenced: importing them is what registers their rules.
_RULE_MODULES = (rules_org, rules_meetings, rules_people)

RULES = REGISTRY


def get_rule(name: str) -> Rule:
    """Return the rule registered as `name`, or raise KeyError."""
    try:
        return RULES[name]
    except KeyError:
        raise KeyError(f"unknown rule {name!r}") from None
