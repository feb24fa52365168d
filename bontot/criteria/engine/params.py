"""Rule parameters: each rule declares its parameters; a criteria set's values are checked against them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

ParamType = Literal["int", "str", "bool", "str_list"]
ParamValue = int | str | bool | tuple[str, ...] | None

_TYPE_NAMES: Mapping[str, str] = MappingProxyType(
    {"int": "an integer", "str": "a string", "bool": "a boolean", "str_list": "a list of strings"}
)


def show(value: object) -> str:
    """Return a value as it would be written in the file, for error messages."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except TypeError:
        return str(value)


@dataclass(frozen=True)
class ParamSpec:
    """One parameter a rule accepts."""

    name: str
    type: ParamType
    required: bool = False
    default: ParamValue = None
    choices: tuple[str, ...] = ()  # allowed values of a str, or of each item of a str_list
    min_value: int | None = None
    max_value: int | None = None
    doc: str = ""


@dataclass(frozen=True)
class Params:
    """Checked parameter values of one indicator, defaults filled in."""

    values: Mapping[str, ParamValue] = field(default_factory=lambda: MappingProxyType({}))

    def _get(self, name: str) -> ParamValue:
        if name not in self.values:
            raise KeyError(f"parameter {name!r} was not declared by the rule")
        return self.values[name]

    def get_int(self, name: str) -> int:
        """Return a required integer parameter."""
        value = self._get(name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"parameter {name!r} is not an integer")
        return value

    def get_opt_int(self, name: str) -> int | None:
        """Return an optional integer parameter."""
        return None if self._get(name) is None else self.get_int(name)

    def get_str(self, name: str) -> str:
        """Return a required string parameter."""
        value = self._get(name)
        if not isinstance(value, str):
            raise TypeError(f"parameter {name!r} is not a string")
        return value

    def get_opt_str(self, name: str) -> str | None:
        """Return an optional string parameter."""
        return None if self._get(name) is None else self.get_str(name)

    def get_bool(self, name: str) -> bool:
        """Return a boolean parameter."""
        value = self._get(name)
        if not isinstance(value, bool):
            raise TypeError(f"parameter {name!r} is not a boolean")
        return value

    def get_strs(self, name: str) -> tuple[str, ...]:
        """Return a required list-of-strings parameter."""
        value = self._get(name)
        if not isinstance(value, tuple):
            raise TypeError(f"parameter {name!r} is not a list of strings")
        return value

    def get_opt_strs(self, name: str) -> tuple[str, ...] | None:
        """Return an optional list-of-strings parameter."""
        return None if self._get(name) is None else self.get_strs(name)

    def to_dict(self) -> dict[str, object]:
        """Return the values as JSON-ready data (lists for tuples)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.values.items()}


def _check_value(spec: ParamSpec, value: object, path: str, errors: list[str]) -> ParamValue:
    """Return `value` converted to the spec's type, appending an error for each problem."""
    if spec.type == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            errors.append(f"{path}: {show(value)} is not an integer")
            return None
        if spec.min_value is not None and value < spec.min_value:
            errors.append(f"{path}: {value} is less than {spec.min_value}")
        if spec.max_value is not None and value > spec.max_value:
            errors.append(f"{path}: {value} is more than {spec.max_value}")
        return value
    if spec.type == "bool":
        if not isinstance(value, bool):
            errors.append(f"{path}: {show(value)} is not a boolean (true or false)")
            return None
        return value
    if spec.type == "str":
        if not isinstance(value, str):
            errors.append(f"{path}: {show(value)} is not a string")
            return None
        if spec.choices and value not in spec.choices:
            errors.append(f"{path}: {show(value)} is not one of {', '.join(spec.choices)}")
        return value
    if not isinstance(value, list) or not value:
        errors.append(f"{path}: {show(value)} is not a non-empty list of strings")
        return None
    items: list[str] = []
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        if not isinstance(item, str):
            errors.append(f"{item_path}: {show(item)} is not a string")
        elif spec.choices and item not in spec.choices:
            errors.append(f"{item_path}: {show(item)} is not one of {', '.join(spec.choices)}")
        elif item in items:
            errors.append(f"{item_path}: {show(item)} is listed twice")
        else:
            items.append(item)
    return tuple(items)


def check_params(specs: tuple[ParamSpec, ...], raw: object, path: str) -> tuple[Params, list[str]]:
    """Check raw parameter values against `specs`; return the params and the errors found."""
    errors: list[str] = []
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        return Params(), [f"{path}: {show(raw)} is not a mapping of parameter names to values"]
    by_name = {spec.name: spec for spec in specs}
    for name in raw:
        if name not in by_name:
            known = ", ".join(by_name) or "none"
            errors.append(f"{path}.{name}: unknown parameter (this rule accepts: {known})")
    values: dict[str, ParamValue] = {}
    for spec in specs:
        if spec.name in raw:
            values[spec.name] = _check_value(spec, raw[spec.name], f"{path}.{spec.name}", errors)
        elif spec.required:
            errors.append(f"{path}.{spec.name}: required parameter is missing ({_TYPE_NAMES[spec.type]})")
        else:
            values[spec.name] = spec.default
    return Params(MappingProxyType(values)), errors
