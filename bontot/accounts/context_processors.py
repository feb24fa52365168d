from typing import Any

from django.http import HttpRequest

from .navigation import menu


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Give every template the menu of the request's user."""
    return {"nav_items": menu(request) if hasattr(request, "user") else []}
