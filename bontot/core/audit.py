"""Write audit rows; call inside the same transaction as the change they record."""

from typing import Any

from .models import AuditLog


def log_action(
    action: str,
    *,
    actor: Any = None,
    object_type: str = "",
    object_id: str = "",
    organization_path: str = "",
    data: dict[str, Any] | None = None,
) -> AuditLog:
    """Record one state change."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditLog.objects.create(
        action=action,
        actor=user,
        object_type=object_type,
        object_id=str(object_id),
        organization_path=organization_path,
        data=data or {},
    )
