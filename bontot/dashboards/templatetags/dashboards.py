"""Verdict and severity labels, colours and icons for the dashboards' templates."""

from django import template

from bontot.criteria.engine.scales import VERDICT_LABELS

from ..presenters import MODEL_LABELS, SEVERITY_LABELS, VERDICT_CLASSES, VERDICT_ICONS, split_codes

register = template.Library()

_SEVERITY_CLASSES = {"danger": "danger", "warning": "warning", "info": "info"}


@register.filter
def verdict_label(code: str) -> str:
    return VERDICT_LABELS.get(code, code)


@register.filter
def verdict_class(code: str) -> str:
    return VERDICT_CLASSES.get(code, "secondary")


@register.filter
def verdict_icon(code: str) -> str:
    return VERDICT_ICONS.get(code, "?")


@register.filter
def severity_label(code: str) -> str:
    return SEVERITY_LABELS.get(code, code)


@register.filter
def severity_class(code: str) -> str:
    return _SEVERITY_CLASSES.get(code, "secondary")


@register.filter
def model_label(code: str) -> str:
    return MODEL_LABELS.get(code, code)


@register.filter
def codes(field: str) -> list[str]:
    """Split a "|1.2|1.4|" field into its codes."""
    return split_codes(field)
