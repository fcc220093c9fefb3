"""Reading action programmes and plans: who sees which, and how far a plan has cascaded down.

Who sees a plan (STYLE §6):

- A person sees the plans of the units where they hold `accounts.view_plans`,
  `accounts.manage_plans` or `accounts.update_tasks` (a commune officer carries out the tasks
  of the commune's plans, so must read them), through `units_visible_to`, which already reaches
  the counterpart unit of the other tree and the units merged into one in scope.
- They also see every plan up the `parent` chain of those plans: the district programme a commune
  concretises, and the provincial one the district programme concretises, but no sibling plan.
- Anything else answers 404 from `get_plan_for_user`, so its existence does not leak.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.queries import units_visible_to
from plans.models import Plan, Target, TargetActual, TargetPlanValue
from plans.rules.targets import Direction
from units.models import Succession, Unit

# Capabilities that let a person read the plans of a unit (see the module docstring).
PLAN_READERS = ("accounts.view_plans", "accounts.manage_plans", "accounts.update_tasks")
MANAGE_PLANS = "accounts.manage_plans"

NOT_SUMMED_PERCENT = "không cộng dồn"
NOT_SUMMED_RANGE = "khoảng kế hoạch, không cộng dồn"


# --- the unit tree -------------------------------------------------------------------------


def predecessors_of(unit: Unit) -> list[Unit]:
    """Every unit merged, split or renamed into this one, however many reorganisations back."""
    found: dict[int, Unit] = {}
    frontier = {unit.pk}
    while frontier:
        links = Succession.objects.filter(successor_id__in=frontier).select_related("predecessor")
        frontier = set()
        for link in links:
            if link.predecessor_id not in found and link.predecessor_id != unit.pk:
                found[link.predecessor_id] = link.predecessor
                frontier.add(link.predecessor_id)
    return list(found.values())


def successors_of(unit: Unit) -> list[Unit]:
    """Every unit that took this one over, however many reorganisations on."""
    found: dict[int, Unit] = {}
    frontier = {unit.pk}
    while frontier:
        links = Succession.objects.filter(predecessor_id__in=frontier).select_related("successor")
        frontier = set()
        for link in links:
            if link.successor_id not in found and link.successor_id != unit.pk:
                found[link.successor_id] = link.successor
                frontier.add(link.successor_id)
    return list(found.values())


def is_below(unit: Unit, ancestor: Unit) -> bool:
    """Whether `unit` lies strictly below `ancestor` in its tree, itself or through a unit it
    took over (Xã Một Mới, formed from Xã Một B, still carries out Huyện Một's programme)."""
    candidates = [unit, *predecessors_of(unit)]
    return any(
        candidate.pk != ancestor.pk and candidate.path.startswith(ancestor.path)
        for candidate in candidates
    )


def _units_existing_in(year: int) -> Q:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=last)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=first)
    )


# --- who sees what -------------------------------------------------------------------------


def _reader_units(user: Any) -> QuerySet[Unit]:
    units = units_visible_to(user, PLAN_READERS[0])
    for perm in PLAN_READERS[1:]:
        units = units | units_visible_to(user, perm)
    return units


def plans_for_user(user: Any, *, year: int | None = None) -> QuerySet[Plan]:
    """Plans of the user's units and the parent plans they concretise, optionally for a year."""
    if user.is_superuser:
        plans = Plan.objects.all()
    else:
        own = Q(unit__in=_reader_units(user))
        ancestors: set[int] = set()
        frontier = set(
            Plan.objects.filter(own, parent__isnull=False).values_list("parent_id", flat=True)
        )
        while frontier:
            ancestors |= frontier
            frontier = (
                set(
                    Plan.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                        "parent_id", flat=True
                    )
                )
                - ancestors
            )
        plans = Plan.objects.filter(own | Q(pk__in=ancestors))
    if year is not None:
        plans = plans.filter(start_year__lte=year, end_year__gte=year)
    return plans.select_related("unit", "parent", "document").order_by(
        "-start_year", "unit__path", "title", "version_number"
    )


def get_plan_for_user(user: Any, plan_id: int, *, action: str = "view") -> Plan:
    """One plan the user may see (404 otherwise); for "manage", PermissionDenied without
    `accounts.manage_plans` on the plan's unit."""
    if action not in ("view", "manage"):
        raise ValueError(f"unknown action: {action!r}")
    plan = get_object_or_404(plans_for_user(user), pk=plan_id)
    if action == "manage" and not user.has_perm(MANAGE_PLANS, plan):
        raise PermissionDenied
    return plan


# --- how far a plan has cascaded -----------------------------------------------------------


@dataclass(frozen=True)
class SubordinateStatus:
    """One direct subordinate unit and the plan by which it concretises the parent plan."""

    unit: Unit
    plan: Plan | None  # approved in preference to a draft; None when not concretised yet

    @property
    def has_concretised(self) -> bool:
        return self.plan is not None


@dataclass(frozen=True)
class TargetRollup:
    """A parent target for one year against what its subordinates planned and reached.

    Counts and amounts are summed. Percentages are not: averaging or adding the communes' rates
    does not give the district's rate (the denominators differ), so `note` says "không cộng dồn"
    and the totals stay None. Ranges are not summed either.
    """

    target: Target
    plan_value: Decimal | None
    plan_low: Decimal | None
    plan_high: Decimal | None
    actual: Decimal | None
    is_summed: bool
    note: str
    subordinate_plan_total: Decimal | None
    subordinate_actual_total: Decimal | None
    plans_with_value: int  # subordinate plans with a plan value for the year
    plans_with_actual: int  # subordinate plans with an actual for the year


@dataclass(frozen=True)
class CascadeStatus:
    plan: Plan
    year: int
    subordinates: list[SubordinateStatus]
    targets: list[TargetRollup]
    # Concretisations by units that are not direct subordinates (a village under a district
    # plan): listed, never summed, so that a commune's figure is not counted twice.
    other_plans: list[Plan] = field(default_factory=list)

    @property
    def concretised(self) -> list[SubordinateStatus]:
        return [row for row in self.subordinates if row.has_concretised]

    @property
    def not_concretised(self) -> list[SubordinateStatus]:
        return [row for row in self.subordinates if not row.has_concretised]


def is_percentage(target: Target) -> bool:
    """Rates are never added up across units; the unit of measure says which targets are rates."""
    return "%" in target.unit_of_measure


def _plan_versions(plan: Plan) -> list[int]:
    ids = [plan.pk]
    previous = plan.previous_version
    while previous is not None:
        ids.append(previous.pk)
        previous = previous.previous_version
    return ids


def _current(plans: Iterable[Plan]) -> Plan | None:
    """The binding version: the approved one, else the newest draft; superseded ones never."""
    live = [plan for plan in plans if plan.status != Plan.Status.SUPERSEDED]
    approved = [plan for plan in live if plan.status == Plan.Status.APPROVED]
    pool = approved or live
    return max(pool, key=lambda plan: plan.version_number) if pool else None


def _total(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) if values else None


def cascade_status(parent_plan: Plan, *, year: int | None = None) -> CascadeStatus:
    """Which direct subordinate units have concretised the plan, and their figures summed per
    target for `year` (default: the plan's first year).

    Subordinates are the children of the plan's unit (in the unit's own tree) that existed in the
    plan's first year; a child replaced by a reorganisation counts as having concretised when its
    successor has. Concretisations of earlier versions of the plan count, matched by target code.
    """
    year = parent_plan.start_year if year is None else year
    children = list(
        Unit.objects.filter(_units_existing_in(parent_plan.start_year), parent=parent_plan.unit)
    )
    concretisations = list(
        Plan.objects.filter(parent_id__in=_plan_versions(parent_plan)).select_related("unit")
    )
    by_unit: dict[int, list[Plan]] = {}
    for plan in concretisations:
        by_unit.setdefault(plan.unit_id, []).append(plan)

    subordinates: list[SubordinateStatus] = []
    claimed: set[int] = set()
    for child in children:
        chosen: Plan | None = None
        for unit in [child, *successors_of(child)]:
            chosen = _current(by_unit.get(unit.pk, []))
            if chosen is not None:
                claimed.add(unit.pk)
                break
        subordinates.append(SubordinateStatus(unit=child, plan=chosen))
    others = [
        current
        for unit_id, plans in by_unit.items()
        if unit_id not in claimed and (current := _current(plans)) is not None
    ]

    counted = [row.plan for row in subordinates if row.plan is not None]
    sub_targets = Target.objects.filter(plan__in=counted, parent_target__isnull=False)
    sub_by_code: dict[str, list[int]] = {}
    for target_id, code in sub_targets.values_list("pk", "parent_target__code"):
        sub_by_code.setdefault(code, []).append(target_id)
    sub_ids = [target_id for ids in sub_by_code.values() for target_id in ids]
    sub_values = dict(
        TargetPlanValue.objects.filter(target_id__in=sub_ids, year=year).values_list(
            "target_id", "value"
        )
    )
    sub_actuals = dict(
        TargetActual.objects.filter(target_id__in=sub_ids, year=year).values_list(
            "target_id", "value"
        )
    )

    targets = list(parent_plan.targets.all())
    own_values = {
        row.target_id: row for row in TargetPlanValue.objects.filter(target__in=targets, year=year)
    }
    own_actuals = dict(
        TargetActual.objects.filter(target__in=targets, year=year).values_list("target_id", "value")
    )
    rollups: list[TargetRollup] = []
    for target in targets:
        planned = own_values.get(target.pk)
        ids = sub_by_code.get(target.code, [])
        values = [value for i in ids if (value := sub_values.get(i)) is not None]
        actuals = [sub_actuals[i] for i in ids if i in sub_actuals]
        if is_percentage(target):
            is_summed, note = False, NOT_SUMMED_PERCENT
        elif target.direction == Direction.RANGE:
            is_summed, note = False, NOT_SUMMED_RANGE
        else:
            is_summed, note = True, ""
        rollups.append(
            TargetRollup(
                target=target,
                plan_value=planned.value if planned else None,
                plan_low=planned.low if planned else None,
                plan_high=planned.high if planned else None,
                actual=own_actuals.get(target.pk),
                is_summed=is_summed,
                note=note,
                subordinate_plan_total=_total(values) if is_summed else None,
                subordinate_actual_total=_total(actuals) if is_summed else None,
                plans_with_value=len(values),
                plans_with_actual=len(actuals),
            )
        )
    return CascadeStatus(
        plan=parent_plan, year=year, subordinates=subordinates, targets=rollups, other_plans=others
    )
