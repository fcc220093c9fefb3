"""Template filters for Vietnamese figures; the rules live in common.formats."""

from collections.abc import Callable
from typing import Any

from django import template

from common import formats

register = template.Library()

# A page must still render when one figure is bad; the raw value shows what went wrong.
_BAD_VALUE_ERRORS = (TypeError, ValueError, ArithmeticError)


def _safely(value: Any, format_value: Callable[[], str]) -> Any:
    if value is None:
        return ""
    try:
        return format_value()
    except _BAD_VALUE_ERRORS:
        return value


@register.filter
def vn_number(value: Any, places: Any = None) -> Any:
    """A figure with Vietnamese separators: {{ x|vn_number:2 }} -> "1.234,50"."""
    return _safely(value, lambda: formats.number(value, None if places is None else int(places)))


@register.filter
def vn_percent(value: Any, places: Any = 1) -> Any:
    """A percentage: {{ x|vn_percent }} -> "87,3%"."""
    return _safely(value, lambda: formats.percent(value, int(places)))


@register.filter
def vn_money(value: Any, unit: str = "triệu đồng") -> Any:
    """An amount in đồng shown in a unit: {{ x|vn_money:"tỷ đồng" }}."""
    return _safely(value, lambda: formats.money(value, unit))


@register.filter
def vn_long_date(value: Any) -> Any:
    """A date as in a report body: "ngày 18 tháng 9 năm 2023"."""
    return _safely(value, lambda: formats.long_date(value))


@register.filter
def vn_date(value: Any) -> Any:
    """A date as in tables and forms: "18/09/2023"."""
    return _safely(value, lambda: formats.short_date(value))


@register.filter
def vn_count(value: Any, noun: str = "") -> Any:
    """A count with the leading zero below ten: {{ n|vn_count:"tổ chức đảng" }}."""
    return _safely(value, lambda: formats.count(value, noun))
