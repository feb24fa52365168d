"""Background tasks of the verdict store (django-tasks): they take JSON and call one service."""

from __future__ import annotations

from django_tasks import task

from .verdicts import refresh_verdicts


@task()
def refresh_verdicts_task(
    year: int, organization_ids: list[int] | None = None, member_ids: list[int] | None = None
) -> int:
    """Refresh the stored verdicts of a year (all of it when both id lists are None); return how many."""
    return refresh_verdicts(year, organization_ids=organization_ids, member_ids=member_ids)
