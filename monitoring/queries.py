"""Reads of indicator values."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

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
