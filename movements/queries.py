"""Reads for models (mô hình): lists and counts for a unit's subtree and a period."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from movements.models import MovementModel
from units.models import Unit


def models_in(area: Unit) -> QuerySet[MovementModel]:
    """Models of the unit and every unit below it."""
    return (
        MovementModel.objects.filter(unit__path__startswith=area.path)
        .select_related("unit")
        .order_by("unit__path", "name")
    )


@dataclass(frozen=True)
class FieldCount:
    field: str
    label: str
    total: int  # every model on record, whatever its year
    recognised: int  # recognised in [start_year, end_year]
    active: int  # recognised in the period and not stopped
    replicated: int  # recognised in the period and replicated (nhân rộng)


@dataclass(frozen=True)
class ModelCounts:
    by_field: list[FieldCount]
    total: int
    recognised: int
    active: int
    replicated: int


def model_counts(area: Unit, *, start_year: int, end_year: int) -> ModelCounts:
    """Models per field in the unit's subtree: on record, recognised in the period, active."""
    in_period = Q(recognised_year__gte=start_year, recognised_year__lte=end_year)
    not_stopped = ~Q(status=MovementModel.Status.NGUNG)
    rows = {
        row["field"]: row
        for row in models_in(area)
        .order_by()
        .values("field")
        .annotate(
            total=Count("pk"),
            recognised=Count("pk", filter=in_period),
            active=Count("pk", filter=in_period & not_stopped),
            replicated=Count("pk", filter=in_period & Q(status=MovementModel.Status.DA_NHAN_RONG)),
        )
    }
    by_field = [
        FieldCount(
            field=value,
            label=str(label),
            total=rows.get(value, {}).get("total", 0),
            recognised=rows.get(value, {}).get("recognised", 0),
            active=rows.get(value, {}).get("active", 0),
            replicated=rows.get(value, {}).get("replicated", 0),
        )
        for value, label in MovementModel.Field.choices
    ]
    return ModelCounts(
        by_field=by_field,
        total=sum(c.total for c in by_field),
        recognised=sum(c.recognised for c in by_field),
        active=sum(c.active for c in by_field),
        replicated=sum(c.replicated for c in by_field),
    )
