"""The register of models for the demo (issue 6, part 6), read from demo/data/movements.yaml and
written through the movements services: "Dân vận khéo" and new-countryside models of the district's
communes in 2021–2023, and a few models of today's commune.

Idempotent: when the district's communes have models, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from movements import services
from movements.models import MovementModel
from units.models import Unit

if TYPE_CHECKING:
    from demo.services import DemoSummary

ACTOR = "demo"
DATA_FILE = Path(__file__).resolve().parent / "data" / "movements.yaml"
COMMUNE_KINDS = (Unit.Kind.COMMUNE, Unit.Kind.TOWNSHIP, Unit.Kind.WARD)


def load_movements_spec() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def communes_of(district: Unit, year: int) -> list[Unit]:
    """The district's communes and towns that existed through the year."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return [
        unit
        for unit in district.children.filter(kind__in=COMMUNE_KINDS).order_by("code", "pk")
        if (unit.valid_from is None or unit.valid_from <= start)
        and (unit.valid_to is None or unit.valid_to >= end)
    ]


def _status(position: int, spec: dict[str, Any]) -> str:
    if position % spec["stopped_every"] == 0:
        return MovementModel.Status.NGUNG
    if position % spec["replicated_every"] == 0:
        return MovementModel.Status.DA_NHAN_RONG
    return MovementModel.Status.DANG_DUY_TRI


def build_movements_demo(summary: DemoSummary) -> None:
    """Models of the district's communes, spread in turn, then of today's Xã Bình Lục."""
    spec = load_movements_spec()
    district = Unit.objects.get(key=spec["district"])
    if MovementModel.objects.filter(unit__parent=district).exists():
        return
    used: dict[int, set[str]] = {}
    position = 0
    for group in spec["groups"]:
        communes = communes_of(district, group["year"])
        topics = spec["topics"][group["field"]]
        for index in range(group["count"]):
            position += 1
            commune = communes[(position * 7) % len(communes)]
            taken = used.setdefault(commune.pk, set())
            topic = next(t for t in topics[index % len(topics) :] + topics if t not in taken)
            taken.add(topic)
            services.create_movement_model(
                actor=ACTOR,
                unit=commune,
                name=topic,
                field=group["field"],
                recognised_year=group["year"],
                recognised_by=group["recognised_by"],
                status=_status(position, spec),
                description="Mô hình minh họa của bản demo.",
            )
            summary.models_created += 1
    current = spec["current"]
    commune = Unit.objects.get(key=current["commune"])
    for row in current["models"]:
        services.create_movement_model(
            actor=ACTOR,
            unit=commune,
            name=row["name"],
            field=row["field"],
            recognised_year=row["year"],
            recognised_by=row["recognised_by"],
            description="Mô hình minh họa của bản demo.",
        )
        summary.models_created += 1
