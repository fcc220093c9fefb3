"""Models (mô hình) for tests, made through the service."""

from __future__ import annotations

from typing import Any

from movements import services
from movements.models import MovementModel
from units.models import Unit


def make_movement_model(unit: Unit, name: str, **overrides: Any) -> MovementModel:
    values: dict[str, Any] = {"field": MovementModel.Field.DAN_VAN_KHEO, "recognised_year": 2021}
    values.update(overrides)
    return services.create_movement_model(actor=None, unit=unit, name=name, **values)
