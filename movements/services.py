"""Writes for models (mô hình): record a model, correct it, change its standing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from common.versioning import save_versioned
from movements.models import MovementModel
from units.models import Unit

EDITABLE_FIELDS = ["name", "field", "recognised_year", "recognised_by", "status", "description"]
EARLIEST_YEAR = 1945


def _check(model: MovementModel) -> None:
    """Vietnamese errors keyed by the field that is wrong, so forms show them in place."""
    errors: dict[str, str] = {}
    model.name = (model.name or "").strip()
    if not model.name:
        errors["name"] = _("Tên mô hình không được để trống.")
    if model.field not in MovementModel.Field.values:
        errors["field"] = _("Lĩnh vực của mô hình không hợp lệ.")
    if model.status not in MovementModel.Status.values:
        errors["status"] = _("Tình trạng của mô hình không hợp lệ.")
    year = model.recognised_year
    if year is not None and not EARLIEST_YEAR <= year <= timezone.localdate().year:
        errors["recognised_year"] = _("Năm được công nhận phải từ %(first)s đến năm hiện tại.") % {
            "first": EARLIEST_YEAR
        }
    if model.recognised_by and year is None:
        errors["recognised_year"] = _("Đã ghi cơ quan công nhận thì phải ghi năm được công nhận.")
    duplicate = MovementModel.objects.filter(unit_id=model.unit_id, name=model.name).exclude(
        pk=model.pk
    )
    if model.name and duplicate.exists():
        errors["name"] = _("Đơn vị đã có mô hình cùng tên.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_movement_model(
    *,
    actor: Any,
    unit: Unit,
    name: str,
    field: str,
    recognised_year: int | None = None,
    recognised_by: str = "",
    status: str = MovementModel.Status.DANG_DUY_TRI,
    description: str = "",
) -> MovementModel:
    """Record a model built by a unit, such as a "Dân vận khéo" model."""
    model = MovementModel(
        unit=unit,
        name=name,
        field=field,
        recognised_year=recognised_year,
        recognised_by=recognised_by,
        status=status,
        description=description,
    )
    _check(model)
    model.save()
    audit.record(
        actor,
        "movement_model.created",
        model,
        unit=unit,
        data=audit.snapshot(model, EDITABLE_FIELDS),
    )
    return model


@transaction.atomic
def update_movement_model(
    model: MovementModel, *, actor: Any, expected_version: int, **values: Any
) -> MovementModel:
    """Correct a model's details or record that it was replicated or stopped."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    before = audit.snapshot(model, EDITABLE_FIELDS)
    for name, value in values.items():
        setattr(model, name, value)
    _check(model)
    save_versioned(model, expected_version=expected_version, fields=list(values))
    changes = audit.diff(before, audit.snapshot(model, EDITABLE_FIELDS))
    audit.record(actor, "movement_model.updated", model, unit=model.unit, changes=changes)
    return model
