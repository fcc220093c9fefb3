"""The plan screens' figures and trend chart, rendered on the server (no JavaScript).

`{{ row.series|trend_chart }}` draws a small inline SVG: the actuals over the plan's years as a
solid line with dots, the plan values as a dashed line (a range as a shaded band), each point
titled with its year and figures so a screen reader and a mouse can read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from common import formats

register = template.Library()

WIDTH, HEIGHT, PAD = 120, 32, 4


def _figure(value: Decimal | None) -> Decimal | None:
    """A stored figure without the column's padding zeros (55.6100 -> 55.61)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


@register.filter
def plan_figure(value: Any) -> str:
    """A stored figure in Vietnamese writing without padding zeros: 55.6100 -> "55,61"."""
    if value is None or value == "":
        return ""
    try:
        return formats.number(_figure(Decimal(value)))
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


def _label(point: Any) -> str:
    """ "2021: kế hoạch 55,6; thực hiện 55,61" for the chart's titles."""
    parts = []
    if point.plan is not None:
        parts.append(f"kế hoạch {plan_figure(point.plan)}")
    elif point.low is not None and point.high is not None:
        parts.append(f"kế hoạch {plan_figure(point.low)}–{plan_figure(point.high)}")
    if point.actual is not None:
        parts.append(f"thực hiện {plan_figure(point.actual)}")
    return f"{point.year}: {'; '.join(parts) or 'chưa có số liệu'}"


def _path(points: Sequence[tuple[float, float] | None]) -> str:
    """Polyline runs through consecutive known points; a missing year breaks the line."""
    commands: list[str] = []
    pen_down = False
    for point in points:
        if point is None:
            pen_down = False
            continue
        x, y = point
        commands.append(f"{'L' if pen_down else 'M'}{x:.1f} {y:.1f}")
        pen_down = True
    return " ".join(commands)


@register.filter
def trend_chart(series: Sequence[Any]) -> SafeString:
    """An inline SVG sparkline of a target's actuals (solid) against its plan (dashed)."""
    values = [
        value
        for point in series
        for value in (point.plan, point.low, point.high, point.actual)
        if value is not None
    ]
    if not series or not values:
        return format_html('<span class="muted">{}</span>', "—")
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    step = (WIDTH - 2 * PAD) / max(len(series) - 1, 1)

    def x_of(index: int) -> float:
        return PAD + index * step

    def y_of(value: Decimal) -> float:
        return float(HEIGHT - PAD - (value - low) / span * (HEIGHT - 2 * PAD))

    parts: list[str] = []
    band_top = [
        (x_of(i), y_of(p.high))
        for i, p in enumerate(series)
        if p.low is not None and p.high is not None
    ]
    band_bottom = [
        (x_of(i), y_of(p.low))
        for i, p in enumerate(series)
        if p.low is not None and p.high is not None
    ]
    if band_top:
        outline = band_top + list(reversed(band_bottom))
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in outline)
        parts.append(f'<polygon points="{points}" fill="#d9e2f5" stroke="none"/>')
    plan_path = _path(
        [(x_of(i), y_of(p.plan)) if p.plan is not None else None for i, p in enumerate(series)]
    )
    if plan_path:
        parts.append(
            f'<path d="{plan_path}" fill="none" stroke="#98a2b3" stroke-width="1.5" '
            'stroke-dasharray="3 2" class="plan-line"/>'
        )
    actual_points = [
        (x_of(i), y_of(p.actual)) if p.actual is not None else None for i, p in enumerate(series)
    ]
    actual_path = _path(actual_points)
    if actual_path:
        parts.append(
            f'<path d="{actual_path}" fill="none" stroke="#1849a9" stroke-width="1.5" '
            'class="actual-line"/>'
        )
    for point, xy in zip(series, actual_points, strict=True):
        if xy is not None:
            parts.append(
                f'<circle cx="{xy[0]:.1f}" cy="{xy[1]:.1f}" r="2" fill="#1849a9">'
                f"<title>{escape(_label(point))}</title></circle>"
            )
    summary = " · ".join(escape(_label(point)) for point in series)
    svg = (
        f'<svg class="trend" role="img" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{summary}</title>{''.join(parts)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text part is escaped above, the rest is numbers
