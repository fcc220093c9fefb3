"""Sponsorship of communes for the demo (issue 6, part 6), read from demo/data/sponsorship.yaml and
written through the sponsorship services: a provincial agencies' bloc whose Party organisations
sponsor communes of Hà Nam from 2016, Bình Lục's first, so the sponsor's view shows the NTM
evaluations the demo's indicator values produce.

Idempotent: when the bloc's organisations sponsor any commune, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from itertools import cycle
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from sponsorship import services
from sponsorship.models import Sponsorship
from units import services as unit_services
from units.models import Unit

if TYPE_CHECKING:
    from demo.services import DemoSummary

ACTOR = "demo"
DATA_FILE = Path(__file__).resolve().parent / "data" / "sponsorship.yaml"
CLOSED_ON = dt.date(2025, 6, 30)


def load_sponsorship_spec() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def _ensure(summary: DemoSummary, key: str, **values: Any) -> Unit:
    unit = Unit.objects.filter(key=key).first()
    if unit is None:
        unit = unit_services.create_unit(actor=ACTOR, key=key, is_demo=True, **values)
        summary.units_created += 1
    return unit


def communes_in_turn(spec: dict[str, Any], year: int) -> list[Unit]:
    """Bình Lục's communes and town of the year, then the province's other communes and towns by
    code, then the extra units the data file names."""
    start = dt.date(year, 1, 1)
    district = Unit.objects.get(key=spec["district"])
    province = Unit.objects.get(key=spec["province"])

    def existing(units: Any) -> list[Unit]:
        return [
            u
            for u in units.order_by("code", "pk")
            if (u.valid_from is None or u.valid_from <= start)
            and (u.valid_to is None or u.valid_to >= start)
        ]

    own = existing(district.children.filter(kind__in=(Unit.Kind.COMMUNE, Unit.Kind.TOWNSHIP)))
    others = Unit.objects.filter(path__startswith=province.path).exclude(parent=district)
    return (
        own
        + existing(others.filter(kind=Unit.Kind.COMMUNE))
        + existing(others.filter(kind=Unit.Kind.TOWNSHIP))
        + existing(others.filter(code__in=spec["extra_communes"], kind=Unit.Kind.WARD))
    )


def build_sponsorship_demo(summary: DemoSummary) -> None:
    """The bloc, its 51 organisations and the communes each sponsors."""
    spec = load_sponsorship_spec()
    bloc_spec = spec["bloc"]
    bloc = _ensure(
        summary,
        bloc_spec["key"],
        kind=Unit.Kind.PARTY_BLOC,
        name=bloc_spec["name"],
        parent=Unit.objects.get(key=bloc_spec["parent"]),
        valid_to=CLOSED_ON,
    )
    sponsors = [
        _ensure(
            summary,
            f"{bloc_spec['key']}:{position:02d}",
            kind=row["kind"],
            name=row["name"],
            parent=bloc,
            valid_to=CLOSED_ON,
        )
        for position, row in enumerate(spec["sponsors"], 1)
    ]
    if Sponsorship.objects.filter(sponsor__parent=bloc).exists():
        return
    communes = iter(communes_in_turn(spec, spec["start_year"]))
    criteria = cycle(spec["criteria_cycle"])
    every, extra = spec["second_commune_every"], spec["second_commune_count"]
    for position, sponsor in enumerate(sponsors, 1):
        takes = 2 if position % every == 0 and position // every <= extra else 1
        for _ in range(takes):
            services.create_sponsorship(
                actor=ACTOR,
                sponsor=sponsor,
                commune=next(communes),
                start_year=spec["start_year"],
                end_year=spec["end_year"],
                criteria_codes=list(next(criteria)),
                commitments=spec["commitments"],
                results=spec["results"],
            )
            summary.sponsorships_created += 1
    outside = spec["outside"]
    services.create_sponsorship(
        actor=ACTOR,
        sponsor_name=outside["name"],
        commune=Unit.objects.get(key=outside["commune"]),
        start_year=outside["start_year"],
        end_year=outside["end_year"],
        criteria_codes=list(outside["criteria"]),
        commitments=spec["commitments"],
    )
    summary.sponsorships_created += 1
