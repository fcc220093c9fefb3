"""Build the demo described in DESIGN.md §5, as far as the built capabilities reach.

Idempotent: every object has a stable key; running it again creates nothing new.
Everything it adds is marked `is_demo`, so screens can say it is demo data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from accounts import services as account_services
from accounts.models import Role, RoleAssignment, User
from demo.movements import build_movements_demo
from demo.ntm import build_ntm_demo
from demo.oversight import build_oversight_demo
from demo.plans import build_plans_demo
from demo.ratings import build_ratings_demo
from demo.reception import build_reception_demo
from demo.sponsorship import build_sponsorship_demo
from units import services as unit_services
from units.loading import load_national_divisions
from units.models import Succession, Unit

DATA_FILE = Path(__file__).resolve().parent / "data" / "binh-luc.yaml"
ACTOR = "demo"
REORGANISED_ON = dt.date(2025, 7, 1)


@dataclass
class DemoSummary:
    units_created: int = 0
    links_created: int = 0
    users_created: int = 0
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)
    # NTM data (demo/ntm.py): criteria files (re)loaded, value sheets, decisions, registrations.
    criteria_sets_loaded: int = 0
    sheets_created: int = 0
    recognitions_created: int = 0
    roadmap_created: int = 0
    # Plans data (demo/plans.py): documents, programmes and plans, target actuals, tasks.
    documents_created: int = 0
    plans_created: int = 0
    actuals_recorded: int = 0
    tasks_created: int = 0
    # Reception, ratings, models, sponsorship (demo/reception.py, ratings.py, movements.py,
    # sponsorship.py).
    sessions_created: int = 0
    matters_created: int = 0
    ratings_created: int = 0
    models_created: int = 0
    sponsorships_created: int = 0


def load_spec() -> dict[str, Any]:
    """The demo's data file."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def _unit(key: str) -> Unit:
    return Unit.objects.get(key=key)


def _ensure_unit(summary: DemoSummary, key: str, **values: Any) -> Unit:
    existing = Unit.objects.filter(key=key).first()
    if existing is not None:
        return existing
    summary.units_created += 1
    return unit_services.create_unit(actor=ACTOR, key=key, is_demo=True, **values)


def _ensure_link(summary: DemoSummary, predecessor: Unit, successor: Unit, **values: Any) -> None:
    if Succession.objects.filter(predecessor=predecessor, successor=successor).exists():
        return
    summary.links_created += 1
    unit_services.record_succession(predecessor, successor, actor=ACTOR, **values)


def _commune_party_name(commune: Unit) -> str:
    # "Xã Bình Lục" -> "Đảng bộ xã Bình Lục"; "Thị trấn Bình Mỹ" -> "Đảng bộ thị trấn Bình Mỹ"
    return "Đảng bộ " + commune.name[0].lower() + commune.name[1:]


@transaction.atomic
def build_demo() -> DemoSummary:
    """Load the official unit lists, then the demo district, its Party tree and its people."""
    spec = load_spec()
    summary = DemoSummary()
    load_national_divisions(actor=ACTOR)

    district = _unit(spec["district"])
    legacy_province = _unit(spec["legacy_province"])
    current_province = _unit(spec["current_province"])
    closing = REORGANISED_ON - dt.timedelta(days=1)

    # The communes of 2023 that a 2025 merger removed from the official list.
    merger = spec["merger_into_binh_an"]
    binh_an = _unit(merger["successor"])
    if binh_an.valid_from is None:
        unit_services.update_unit(
            binh_an,
            actor=ACTOR,
            expected_version=binh_an.version,
            valid_from=merger["effective_on"],
        )
    for row in spec["historic_communes"]:
        commune = _ensure_unit(
            summary,
            row["key"],
            kind=Unit.Kind.COMMUNE,
            name=row["name"],
            code=row["code"],
            parent=district,
            region=district.region,
            source="vietnam-provinces 0.4.3 (danh mục trước sắp xếp 2023–2025)",
        )
        _ensure_link(
            summary,
            commune,
            binh_an,
            kind=Succession.Kind.MERGED_INTO,
            effective_on=merger["effective_on"],
            basis=merger["basis"],
            is_confirmed=False,
            note=merger["note"],
        )

    # Former communes whose successor the official package does not record.
    legacy_communes = {u.code: u for u in Unit.objects.filter(parent=district)}
    current_communes = {
        u.code: u for u in Unit.objects.filter(parent=current_province, valid_to__isnull=True)
    }
    illustrative = spec["illustrative_reorganisation"]
    for old_code, new_code in illustrative["links"].items():
        _ensure_link(
            summary,
            legacy_communes[old_code],
            current_communes[new_code],
            kind=Succession.Kind.MERGED_INTO,
            effective_on=illustrative["effective_on"],
            basis="",
            is_confirmed=False,
            note=illustrative["note"],
        )

    _build_party_tree(spec, summary, legacy_province, current_province, district, closing)
    _build_users(spec, summary, current_province)
    build_ntm_demo(summary)
    build_plans_demo(summary)
    build_oversight_demo(summary)
    build_reception_demo(summary)
    build_ratings_demo(summary)
    build_movements_demo(summary)
    build_sponsorship_demo(summary)
    return summary


def _build_party_tree(
    spec: dict[str, Any],
    summary: DemoSummary,
    legacy_province: Unit,
    current_province: Unit,
    district: Unit,
    closing: dt.date,
) -> None:
    party = spec["party"]
    party_current = _ensure_unit(
        summary,
        "demo:party:p37",
        kind=Unit.Kind.PARTY_PROVINCE,
        name=party["province_current"],
        parent=None,
        admin_unit=current_province,
    )
    party_legacy = _ensure_unit(
        summary,
        "demo:party:p35",
        kind=Unit.Kind.PARTY_PROVINCE,
        name=party["province_legacy"],
        parent=None,
        admin_unit=legacy_province,
        valid_to=closing,
    )
    _ensure_link(
        summary,
        party_legacy,
        party_current,
        kind=Succession.Kind.MERGED_INTO,
        effective_on=REORGANISED_ON,
        basis=party["merger_basis"],
    )
    party_district = _ensure_unit(
        summary,
        "demo:party:d352",
        kind=Unit.Kind.PARTY_DISTRICT,
        name=party["district"],
        parent=party_legacy,
        admin_unit=district,
        valid_to=closing,
    )
    _ensure_link(
        summary,
        party_district,
        party_current,
        kind=Succession.Kind.REORGANISED,
        effective_on=REORGANISED_ON,
        basis="Chấm dứt hoạt động đảng bộ cấp huyện từ 01/7/2025",
        is_confirmed=True,
    )
    # One Party committee per commune, before and after, mirroring the communes' links.
    party_of: dict[int, Unit] = {}
    for commune in Unit.objects.filter(parent=district).order_by("code"):
        party_of[commune.pk] = _ensure_unit(
            summary,
            f"demo:party:{commune.key}",
            kind=Unit.Kind.PARTY_COMMUNE,
            name=_commune_party_name(commune),
            parent=party_district,
            admin_unit=commune,
            valid_from=commune.valid_from,
            valid_to=commune.valid_to,
        )
    legacy_ids = list(party_of)
    links = Succession.objects.filter(predecessor_id__in=legacy_ids).select_related(
        "predecessor", "successor"
    )
    for link in links:
        successor = link.successor
        if successor.parent_id == district.pk:
            successor_party = party_of[successor.pk]
        else:
            successor_party = _ensure_unit(
                summary,
                f"demo:party:{successor.key}",
                kind=Unit.Kind.PARTY_COMMUNE,
                name=_commune_party_name(successor),
                parent=party_current,
                admin_unit=successor,
                valid_from=successor.valid_from,
            )
        _ensure_link(
            summary,
            party_of[link.predecessor_id],
            successor_party,
            kind=link.kind,
            effective_on=link.effective_on,
            basis=link.basis,
            is_confirmed=link.is_confirmed,
            note=link.note,
        )


def _resolve(reference: str, current_province: Unit) -> Unit:
    """'province', 'commune:13504', 'party:province', 'party:commune:13504' -> a current unit."""
    if reference == "province":
        return current_province
    if reference == "party:province":
        return _unit("demo:party:p37")
    kind, _sep, code = reference.rpartition(":")
    commune = Unit.objects.get(parent=current_province, code=code, valid_to__isnull=True)
    if kind == "party:commune":
        return _unit(f"demo:party:{commune.key}")
    return commune


def _build_users(spec: dict[str, Any], summary: DemoSummary, current_province: Unit) -> None:
    for row in spec["users"]:
        role = Role.objects.get(code=row["role"])
        unit = _resolve(row["unit"], current_province)
        user = User.objects.filter(username=row["username"]).first()
        if user is None:
            user = account_services.create_user(
                actor=ACTOR,
                username=row["username"],
                password=spec["password"],
                full_name=row["full_name"],
                position=row["position"],
                is_demo=True,
            )
            summary.users_created += 1
        if not RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
            account_services.assign_role(
                user, actor=ACTOR, role=role, unit=unit, include_subtree=row["subtree"]
            )
        summary.logins.append((row["username"], spec["password"], role.name, unit.name))
