"""Pure rules of a valid organisation tree, shared by `Organization.clean()` and the bundle importer."""

from __future__ import annotations

from collections.abc import Iterable

# The organisations members belong to; they have no child organisations.
CELL_KINDS = frozenset({"cell", "grassroots_cell"})
PATH_SEPARATOR = "/"


def is_cell(kind: str | None) -> bool:
    """Whether an organisation of `kind` is a cell (chi bộ): it holds members and no child organisations."""
    return kind in CELL_KINDS


def code_has_separator(code: str) -> bool:
    """Whether a code contains the path separator (a code is one step of every path below it)."""
    return PATH_SEPARATOR in code


def successor_inside(path: str, successor_path: str) -> bool:
    """Whether the successor of the organisation at `path` is that organisation or one of its subtree."""
    return bool(path) and successor_path.startswith(path)


def successor_inside_codes(code: str, successor_ancestry: Iterable[str]) -> bool:
    """The same rule on codes: whether `code` is the successor itself or one of its ancestors."""
    return code in successor_ancestry
