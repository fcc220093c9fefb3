"""Reads of indicator values."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from criteria.engine import NOT_APPLICABLE, Value
from monitoring.models import IndicatorValue, ValueSheet
from units.models import Unit


def values_for_units(units: Iterable[Unit], year: int) -> dict[int, dict[str, Value]]:
    """Every entered value of the units for a year, as the engine reads them, in one query."""
    found: dict[int, dict[str, Value]] = defaultdict(dict)
    rows = IndicatorValue.objects.filter(
        sheet__unit__in=[unit.pk for unit in units], sheet__year=year
    ).values_list("sheet__unit_id", "code", "number", "flag", "not_applicable")
    for unit_id, code, number, flag, not_applicable in rows:
        value: Value | None
        if not_applicable:
            value = NOT_APPLICABLE
        elif number is not None:
            value = Decimal(number)
        else:
            value = flag
        if value is not None:
            found[unit_id][code] = value
    return dict(found)


def sheet_for(unit: Unit, year: int) -> ValueSheet | None:
    """The commune's sheet of values for a year, if one was started."""
    return ValueSheet.objects.filter(unit=unit, year=year).first()


def sheets_of(units: Iterable[Unit], year: int) -> dict[int, ValueSheet]:
    """The sheets of the units for a year, by unit id, each with its count of values."""
    sheets = ValueSheet.objects.filter(unit__in=[u.pk for u in units], year=year).annotate(
        value_count=Count(
            "values",
            filter=Q(values__number__isnull=False)
            | Q(values__flag__isnull=False)
            | Q(values__not_applicable=True),
        )
    )
    return {sheet.unit_id: sheet for sheet in sheets}


def approves_from_above(user: Any, unit: Unit) -> bool:
    """Whether the user may approve the commune's values as the level above it.

    Values are approved by the level above the commune: holding the capability only at the
    commune itself (a commune office approving its own figures) is not enough.
    """
    permission = "accounts.approve_indicators"
    if not user.has_perm(permission, unit):
        return False
    if user.is_superuser:
        return True
    parent = unit.parent
    return parent is not None and user.has_perm(permission, parent)
