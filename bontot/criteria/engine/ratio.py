"""Required shares in every form the plan family writes them, compared exactly with integers.

"từ 50% trở lên" is `percent: 50` (reached with >=), "trên 50%" is `percent: 50, strict: true` (>),
"ít nhất 2/3" is `fraction: "2/3"` (>=) and "trên 2/3" is `fraction: "2/3", strict: true` (>).
A share rule takes exactly one of `percent` and `fraction`; `check_ratio` says so at set-load time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .params import Params, ParamSpec, show

RATIO_PARAMS = (
    ParamSpec("percent", "int", min_value=1, max_value=100, doc='"từ X%": give this or fraction'),
    ParamSpec("fraction", "str", doc='"ít nhất 2/3": a fraction "p/q", give this or percent'),
    ParamSpec("strict", "bool", default=False, doc='"trên X%": the share must be more than the ratio'),
)

_FRACTION = re.compile(r"^([1-9][0-9]*)/([1-9][0-9]*)$")


@dataclass(frozen=True)
class Ratio:
    """A required share numerator/denominator, reached with >= (or > when `strict`)."""

    numerator: int
    denominator: int
    strict: bool = False
    percent: bool = True  # written "X%" (denominator 100), else as the fraction "p/q"

    def reached(self, part: int, whole: int) -> bool:
        """Return whether part/whole reaches the ratio, comparing integers (never floats)."""
        if self.strict:
            return part * self.denominator > self.numerator * whole
        return part * self.denominator >= self.numerator * whole

    @property
    def value(self) -> str:
        """Return the ratio as written: "50%" or "2/3"."""
        return f"{self.numerator}%" if self.percent else f"{self.numerator}/{self.denominator}"

    def phrase(self) -> str:
        """Return the requirement in the plan's words: "từ 50% trở lên", "trên 50%", "ít nhất 2/3", "100%"."""
        if self.strict:
            return f"trên {self.value}"
        if self.numerator == self.denominator:
            return self.value
        return f"từ {self.value} trở lên" if self.percent else f"ít nhất {self.value}"

    def short(self) -> str:
        """Return the requirement as a short measure: "≥ 50%", "> 50%", "≥ 2/3"."""
        return f"{'>' if self.strict else '≥'} {self.value}"


def parse_fraction(text: str) -> tuple[int, int] | None:
    """Return (p, q) of a fraction "p/q" with 0 < p <= q, or None when it is not one."""
    match = _FRACTION.fullmatch(text.strip())
    if match is None:
        return None
    numerator, denominator = int(match.group(1)), int(match.group(2))
    return (numerator, denominator) if numerator <= denominator else None


def ratio_from(params: Params) -> Ratio:
    """Return the ratio of checked share parameters (see `check_ratio`)."""
    strict = params.get_bool("strict")
    fraction = params.get_opt_str("fraction")
    if fraction is not None:
        parsed = parse_fraction(fraction)
        if parsed is None:
            raise ValueError(f"fraction {fraction!r} is not p/q with 0 < p <= q")
        return Ratio(parsed[0], parsed[1], strict=strict, percent=False)
    percent = params.get_opt_int("percent")
    if percent is None:
        raise ValueError("a share rule needs percent or fraction")
    return Ratio(percent, 100, strict=strict)


def check_ratio(params: Params, model: str) -> list[tuple[str, str]]:
    """Return the problems of a share rule's ratio parameters: exactly one of percent and fraction."""
    percent = params.get_opt_int("percent")
    fraction = params.get_opt_str("fraction")
    if percent is None and fraction is None:
        return [("percent", 'required parameter is missing (give percent, e.g. 50, or fraction, e.g. "2/3")')]
    if percent is not None and fraction is not None:
        return [("fraction", "give either percent or fraction, not both")]
    if fraction is not None:
        parsed = parse_fraction(fraction)
        if parsed is None:
            return [("fraction", f'{show(fraction)} is not a fraction "p/q" with 0 < p <= q, e.g. "2/3"')]
        numerator, denominator = parsed
    else:
        numerator, denominator = percent or 0, 100
    if params.get_bool("strict") and numerator == denominator:
        return [("strict", "true cannot be met: no share is more than the whole")]
    return []
