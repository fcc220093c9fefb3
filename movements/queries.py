"""Reads for models (mô hình): lists and counts for a unit's subtree and a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.queries import units_visible_to
from common import formats
from movements.models import MovementModel
from units.models import Unit, path_segment


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


# --- who sees what -------------------------------------------------------------------------
#
# A model is seen by people holding accounts.view_movements on its unit (or a unit above it);
# it is written by people holding accounts.manage_movements there. Anyone else gets 404 for
# the pages and the objects, so their existence does not leak (STYLE §6); a reader who may not
# write gets 403 on the writing pages.

VIEW_PERM = "accounts.view_movements"
MANAGE_PERM = "accounts.manage_movements"


def require_movements(user: Any) -> None:
    """404 for anyone who holds accounts.view_movements nowhere."""
    if not user.is_superuser and not user.has_perm(VIEW_PERM):
        raise Http404


def areas_for_user(user: Any) -> QuerySet[Unit]:
    """Units whose models the user may see: the candidates of the area chooser."""
    return units_visible_to(user, VIEW_PERM)


def models_for_user(user: Any) -> QuerySet[MovementModel]:
    """Every model whose unit lies in the user's view_movements scope."""
    return (
        MovementModel.objects.filter(unit__in=units_visible_to(user, VIEW_PERM))
        .select_related("unit")
        .order_by("unit__path", "name")
    )


def get_model_for_user(user: Any, model_id: int, *, action: str = "view") -> MovementModel:
    """One model: 404 outside the user's scope, 403 when the user may read but not write it."""
    if action not in ("view", "manage"):
        raise ValueError(f"unknown action {action!r}")
    model = get_object_or_404(models_for_user(user), pk=model_id)
    if action == "manage" and not user.has_perm(MANAGE_PERM, model):
        raise PermissionDenied
    return model


def filter_models(
    models: QuerySet[MovementModel],
    *,
    field: str = "",
    status: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
    search: str = "",
) -> QuerySet[MovementModel]:
    """The list narrowed by field, standing, year recognised (inclusive) and words of the name."""
    if field:
        models = models.filter(field=field)
    if status:
        models = models.filter(status=status)
    if year_from is not None:
        models = models.filter(recognised_year__gte=year_from)
    if year_to is not None:
        models = models.filter(recognised_year__lte=year_to)
    for word in search.split():
        models = models.filter(Q(name__icontains=word) | Q(unit__name__icontains=word))
    return models


# --- counts per unit below -----------------------------------------------------------------

MEASURES = ("recognised", "active", "replicated", "total")


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    is_own: bool  # models recorded on the area itself rather than on a unit below it
    cells: list[int]  # one per field, in MovementModel.Field order
    total: int


def counts_by_unit(
    area: Unit, *, start_year: int, end_year: int, measure: str = "recognised"
) -> list[UnitRow]:
    """One row per unit directly below the area (with everything below it), columns by field.

    Units below that existed during the years, or that count models in the measure, are listed;
    models recorded on the area itself make a row of their own, so the rows add up to the area.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    in_period = Q(recognised_year__gte=start_year, recognised_year__lte=end_year)
    not_stopped = ~Q(status=MovementModel.Status.NGUNG)
    aggregates = {
        "total": Count("pk"),
        "recognised": Count("pk", filter=in_period),
        "active": Count("pk", filter=in_period & not_stopped),
        "replicated": Count("pk", filter=in_period & Q(status=MovementModel.Status.DA_NHAN_RONG)),
    }
    grouped = (
        models_in(area)
        .order_by()
        .values("unit__path", "field")
        .annotate(value=aggregates[measure])
        .values_list("unit__path", "field", "value")
    )
    fields = list(MovementModel.Field.values)
    width = len(area.path) + len(path_segment(area.pk))
    sums: dict[str, dict[str, int]] = {}
    for path, field, value in grouped:
        key = "" if path == area.path else path[:width]
        row = sums.setdefault(key, {})
        row[field] = row.get(field, 0) + value
    first, last = dt.date(start_year, 1, 1), dt.date(end_year, 12, 31)
    children = [
        child
        for child in Unit.objects.filter(parent=area).order_by("path")
        if any(sums.get(child.path, {}).values())
        or (
            (child.valid_from is None or child.valid_from <= last)
            and (child.valid_to is None or child.valid_to >= first)
        )
    ]
    rows = []
    for unit, key, is_own in [(area, "", True)] + [(c, c.path, False) for c in children]:
        found = sums.get(key, {})
        if is_own and not found:
            continue
        cells = [found.get(field, 0) for field in fields]
        rows.append(UnitRow(unit=unit, is_own=is_own, cells=cells, total=sum(cells)))
    # The area's own models come after the units below it, as in a report's table.
    return [row for row in rows if not row.is_own] + [row for row in rows if row.is_own]


def count_sentences(area: Unit, counts: ModelCounts, period_label: str) -> list[str]:
    """The counts in a report's words: "Huyện X có 110 mô hình “Dân vận khéo” được công nhận…"."""
    sentences = []
    for row in counts.by_field:
        if not row.recognised:
            continue
        if row.field == MovementModel.Field.KHAC:
            noun = _("mô hình khác")
        else:
            noun = _("mô hình “%(field)s”") % {"field": row.label}
        sentences.append(
            _(
                "%(period)s, %(area)s có %(count)s được công nhận "
                "(%(active)s đang hoạt động, %(replicated)s đã nhân rộng)."
            )
            % {
                "period": period_label,
                "area": area.name,
                "count": formats.count(row.recognised, str(noun)),
                "active": formats.count(row.active),
                "replicated": formats.count(row.replicated),
            }
        )
    return sentences
