"""Plans, targets and documents for tests, built through the services as people would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from plans.models import Document, Plan, Target
from plans.rules.targets import Direction
from plans.services import plans as plan_services
from plans.services import targets as target_services
from units.models import Unit


def make_plan(unit: Unit, *, approve: bool = False, **overrides: Any) -> Plan:
    """A term programme 2021–2025 of the unit, drafted (and approved when asked)."""
    values: dict[str, Any] = {
        "kind": Plan.Kind.TERM_PROGRAMME,
        "title": f"Chương trình hành động nhiệm kỳ 2020–2025 của {unit.name}",
        "start_year": 2021,
        "end_year": 2025,
        "goals": "Phát triển kinh tế - xã hội nhanh và bền vững.",
    }
    values.update(overrides)
    plan = plan_services.create_plan(unit, actor=None, **values)
    if approve:
        plan_services.approve_plan(plan, actor=None)
    return plan


def make_target(plan: Plan, code: str = "1", **overrides: Any) -> Target:
    """A higher-is-better count target of a draft plan."""
    values: dict[str, Any] = {
        "name": f"Chỉ tiêu {code}",
        "group": Target.Group.ECONOMY,
        "unit_of_measure": "công trình",
        "direction": Direction.HIGHER_IS_BETTER,
    }
    values.update(overrides)
    return target_services.add_target(plan, code, actor=None, **values)


def make_planned_target(plan: Plan, code: str, plans: dict[int, str], **overrides: Any) -> Target:
    """A target with plan values by year, e.g. {2021: "55.60"}."""
    target = make_target(plan, code, **overrides)
    for year, value in plans.items():
        target_services.set_plan_value(target, year, Decimal(value), actor=None)
    return target


def make_document(unit: Unit, number: int = 1, **overrides: Any) -> Document:
    """A registered document of the unit (no service involved: documents are not under test)."""
    values: dict[str, Any] = {
        "type_code": "CTr",
        "number": number,
        "issuer_code": "HU",
        "term": "2020-2025",
        "issued_on": dt.date(2021, 1, 15),
        "subject": "Chương trình hành động thực hiện Nghị quyết Đại hội",
    }
    values.update(overrides)
    return Document.objects.create(unit=unit, **values)
