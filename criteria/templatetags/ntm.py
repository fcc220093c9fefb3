"""Template filters for NTM results: values, thresholds, comparators, gaps and statuses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from common import formats
from criteria.engine import NOT_APPLICABLE, Verdict
from criteria.engine.levels import CONDITION_LABELS

register = template.Library()

COMPARATOR_SIGNS = {"gte": "≥", "lte": "≤", "eq": "="}


@register.filter
def show_value(value: Any, unit: str = "") -> str:
    """A value as the scorecard shows it: "Có"/"Không", "Không áp dụng", "1.234,5 %"."""
    if value is None:
        return "—"
    if value is NOT_APPLICABLE:
        return "Không áp dụng"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, Decimal | int):
        return formats.number(Decimal(value).normalize() if isinstance(value, Decimal) else value)
    return str(value)


@register.filter
def comparator_sign(comparator: str) -> str:
    return COMPARATOR_SIGNS.get(comparator or "", comparator or "")


@register.filter
def verdict_class(status: Any) -> str:
    """A CSS class per status, for the colours of tables and badges."""
    value = getattr(status, "value", status)
    return f"st-{value}" if value else "st-none"


@register.filter
def gap_text(result: Any) -> str:
    """How much an indicator misses by, in the report's words ("còn thiếu 2,9 triệu đồng")."""
    gap = getattr(result, "gap", None)
    if gap is None or getattr(result, "status", None) != Verdict.NOT_MET:
        return ""
    unit = (getattr(result, "unit", "") or "").replace("/người/năm", "")
    word = "còn thiếu" if getattr(result, "comparator", "") == "gte" else "vượt"
    return f"{word} {formats.number(Decimal(gap).normalize())} {unit}".strip()


@register.filter
def condition_label(condition: Any) -> str:
    """A condition's Vietnamese wording, or its own text when none is known."""
    identifier = getattr(condition, "id", "")
    return CONDITION_LABELS.get(identifier, getattr(condition, "text", identifier))
