"""Quality ratings for the demo (issue 6, part 6), read from demo/data/ratings.yaml and written
through the ratings services: the grassroots Party organisations of the district on the legacy
"trong sạch, vững mạnh" scale for 2021 and 2022 and on the four-rank scale for 2023, with their
members' ranks, and today's commune committees on the 100-point scale for 2025.

The agencies' grassroots organisations are created here (the district's communes already exist).
Idempotent: when the district's organisations have ratings, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from oversight.rules import load_rules
from ratings import services
from ratings.models import SCALE_366, SCALE_2018, SCALE_LEGACY_TSVM, OrganisationRating
from units import services as unit_services
from units.models import Unit

if TYPE_CHECKING:
    from demo.services import DemoSummary

ACTOR = "demo"
DATA_FILE = Path(__file__).resolve().parent / "data" / "ratings.yaml"
CLOSED_ON = dt.date(2025, 6, 30)
LEGACY_TOP = "trong_sach_vung_manh"


def load_ratings_spec() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def agency_key(position: int) -> str:
    return f"demo:party:d352:agency{position:02d}"


def _ensure_agencies(summary: DemoSummary, district: Unit, spec: dict[str, Any]) -> list[Unit]:
    units = []
    for position, row in enumerate(spec["agencies"], 1):
        unit = Unit.objects.filter(key=agency_key(position)).first()
        if unit is None:
            unit = unit_services.create_unit(
                actor=ACTOR,
                key=agency_key(position),
                is_demo=True,
                kind=row["kind"],
                name=row["name"],
                parent=district,
                valid_to=CLOSED_ON,
            )
            summary.units_created += 1
        units.append(unit)
    return units


def grassroots_of(district: Unit, year: int) -> list[Unit]:
    """The district's grassroots organisations in the year: communes and agencies."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return [
        unit
        for unit in district.children.filter(
            kind__in=(Unit.Kind.PARTY_COMMUNE, Unit.Kind.PARTY_GRASSROOTS, Unit.Kind.PARTY_CELL)
        ).order_by("name", "pk")
        if (unit.valid_from is None or unit.valid_from <= start)
        and (unit.valid_to is None or unit.valid_to >= end)
    ]


def _member_counts(members: int, shares: dict[str, float], rest: str) -> dict[str, int]:
    """Members per rank: the given shares, rounded down; the `rest` rank takes the others."""
    counts = {code: int(members * share) for code, share in shares.items()}
    counts[rest] = members - sum(counts.values())
    return counts


def _build_legacy_year(
    district: Unit, year_spec: dict[str, Any], members: dict[str, int], shares: dict[str, float]
) -> None:
    year = year_spec["year"]
    ranks = {
        name: rank
        for rank in ("hoan_thanh_tot", "hoan_thanh", "yeu_kem")
        for name in year_spec.get(rank, [])
    }
    for unit in grassroots_of(district, year):
        services.record_organisation_rating(
            unit,
            actor=ACTOR,
            year=year,
            scale_version=SCALE_LEGACY_TSVM.version,
            rank=ranks.get(unit.name, LEGACY_TOP),
            is_exemplary=unit.name in year_spec.get("exemplary", []),
            approved_by_unit=district,
            note="Dữ liệu minh họa.",
        )
        services.record_member_summary(
            unit,
            actor=ACTOR,
            year=year,
            scale_version=SCALE_LEGACY_TSVM.version,
            counts=_member_counts(members[unit.name], shares, "hoan_thanh_tot"),
        )


def _build_2023(district: Unit, spec: dict[str, Any], members: dict[str, int]) -> None:
    ranks = {name: rank for rank in ("htxsnv", "htnv", "khtnv") for name in spec[rank]}
    units = grassroots_of(district, 2023)
    # The excellent ones last: the quota is checked against the good ones already recorded.
    units.sort(key=lambda unit: ranks.get(unit.name) == "htxsnv")
    for unit in units:
        services.record_organisation_rating(
            unit,
            actor=ACTOR,
            year=2023,
            scale_version=SCALE_2018.version,
            rank=ranks.get(unit.name, "httnv"),
            approved_by_unit=district,
            note="Dữ liệu minh họa.",
        )
        services.record_member_summary(
            unit,
            actor=ACTOR,
            year=2023,
            scale_version=SCALE_2018.version,
            counts=_member_counts(members[unit.name], spec["member_shares"], "httnv"),
        )


def _build_2025(spec: dict[str, Any]) -> None:
    approved_by = Unit.objects.get(key=spec["approved_by"])
    for row in spec["ratings"]:
        services.record_organisation_rating(
            Unit.objects.get(key=row["unit"]),
            actor=ACTOR,
            year=2025,
            scale_version=SCALE_366.version,
            score=Decimal(str(row["score"])),
            rank=row["rank"],
            approved_by_unit=approved_by,
            exceptional_override="override" in row,
            override_note=row.get("override", ""),
            note="Dữ liệu minh họa.",
        )


def build_ratings_demo(summary: DemoSummary) -> None:
    """Ratings of the district's grassroots organisations and members, then of 2025."""
    load_rules(actor=ACTOR)  # the HTXSNV quota is a rule
    spec = load_ratings_spec()
    district = Unit.objects.get(key=spec["district"])
    agencies = _ensure_agencies(summary, district, spec)
    if OrganisationRating.objects.filter(unit__parent=district).exists():
        return
    before = OrganisationRating.objects.count()
    members = dict(spec["commune_members"])
    members.update(
        {unit.name: row["members"] for unit, row in zip(agencies, spec["agencies"], strict=True)}
    )
    for year_spec in spec["legacy_years"]:
        shares = spec["member_shares"][year_spec["year"]]
        _build_legacy_year(district, year_spec, members, shares)
    _build_2023(district, spec["year_2023"], members)
    _build_2025(spec["year_2025"])
    summary.ratings_created += OrganisationRating.objects.count() - before
