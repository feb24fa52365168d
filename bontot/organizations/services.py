"""Writes to the organisation tree."""

from .models import Organization


def compute_path(code: str, parent: Organization | None) -> tuple[str, int]:
    """Return the materialised path and depth of the organisation `code` under `parent`."""
    if parent is None:
        return f"/{code}/", 0
    return f"{parent.path}{code}/", parent.depth + 1


def rebuild_paths() -> int:
    """Recompute `path` and `depth` of every organisation, parents first; save only the changed ones.

    Runs a constant number of queries (one read, one bulk update) whatever the size of the tree.
    """
    orgs = list(Organization.objects.all())
    children: dict[int | None, list[Organization]] = {}
    for org in orgs:
        children.setdefault(org.parent_id, []).append(org)
    changed: list[Organization] = []
    stack: list[tuple[Organization, Organization | None]] = [(o, None) for o in children.get(None, [])]
    reached = 0
    while stack:
        org, parent = stack.pop()
        reached += 1
        path, depth = compute_path(org.code, parent)
        if (org.path, org.depth) != (path, depth):
            org.path, org.depth = path, depth
            changed.append(org)
        stack.extend((child, org) for child in children.get(org.pk, []))
    if reached != len(orgs):
        raise ValueError("The organisation tree has a cycle")
    if changed:
        Organization.objects.bulk_update(changed, ["path", "depth"], batch_size=500)
    return len(changed)
