"""Reads for citizen reception: monthly obligation, figures for reports, overdue matters."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet, Sum

from audit import services as audit
from oversight.rules import NoRuleInForce, rule_in_force
from petitions.models import CitizenMatter, ReceptionSession, ReceptionVisitor
from units.models import Unit

OBLIGATION_RULE = "tiep_dan.so_ngay_toi_thieu_thang"
PERSONAL_DATA_PERM = "accounts.view_citizen_personal_data"
# Rule scope (rules.yaml) for each unit level: QĐ 11 and KL 215 bind provincial, commune and,
# until 22/11/2025, district committees.
SCOPE_BY_LEVEL: dict[int, str] = {
    Unit.Level.PROVINCE: "tỉnh",
    Unit.Level.DISTRICT: "huyện",
    Unit.Level.COMMUNE: "xã",
}


@dataclass(frozen=True)
class MonthlyObligation:
    required_days: int
    held_days: int

    @property
    def shortfall(self) -> int:
        return max(self.required_days - self.held_days, 0)


def monthly_obligation(unit: Unit, year: int, month: int) -> MonthlyObligation:
    """Days of periodic reception the head owes for a month, days held, and the shortfall.

    The rule in force on the first day of the month applies to the whole month; a level the
    rules do not bind that month owes nothing.
    """
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    scope = SCOPE_BY_LEVEL.get(unit.level)
    required = 0
    if scope is not None:
        try:
            rule = rule_in_force(OBLIGATION_RULE, first, scope)
        except NoRuleInForce:
            rule = None
        # rule_in_force falls back to an unscoped row: only a row for this scope binds.
        if rule is not None and rule.scope == scope and rule.amount is not None:
            required = int(rule.amount)
    held = (
        ReceptionSession.objects.filter(
            unit=unit, kind=ReceptionSession.Kind.DINH_KY, held_on__range=(first, last)
        )
        .values("held_on")
        .distinct()
        .count()
    )
    return MonthlyObligation(required_days=required, held_days=held)


@dataclass(frozen=True)
class Figures:
    sessions: int
    visitor_turns: int
    matters_received: int
    matters_directed: int
    matters_resolved: int


@dataclass(frozen=True)
class ReceptionFigures:
    current: Figures
    previous: Figures

    @property
    def change(self) -> dict[str, int]:
        """Current minus previous, field by field."""
        return {
            name: getattr(self.current, name) - getattr(self.previous, name)
            for name in Figures.__dataclass_fields__
        }


def _figures(units: QuerySet[Unit], start: dt.date, end: dt.date) -> Figures:
    sessions = ReceptionSession.objects.filter(unit__in=units, held_on__range=(start, end))
    matters = CitizenMatter.objects.filter(unit__in=units)
    return Figures(
        sessions=sessions.count(),
        visitor_turns=sessions.aggregate(total=Sum("visitor_count"))["total"] or 0,
        matters_received=matters.filter(received_on__range=(start, end)).count(),
        matters_directed=matters.filter(routed_on__range=(start, end)).count(),
        matters_resolved=matters.filter(answered_on__range=(start, end)).count(),
    )


def reception_figures(unit_subtree: Unit, start: dt.date, end: dt.date) -> ReceptionFigures:
    """Sessions, visitor turns (lượt), matters received, directed, resolved in a unit and below,
    with the same figures for the period of equal length just before."""
    if end < start:
        raise ValueError("end must not be before start")
    units = Unit.objects.within(unit_subtree)
    length = end - start
    previous_end = start - dt.timedelta(days=1)
    return ReceptionFigures(
        current=_figures(units, start, end),
        previous=_figures(units, previous_end - length, previous_end),
    )


def overdue_matters(units: QuerySet[Unit], on: dt.date) -> QuerySet[CitizenMatter]:
    """Matters whose written notice or answer is late on `on`."""
    notice_late = Q(notified_on__isnull=True, notice_due_on__lt=on)
    answer_late = Q(answered_on__isnull=True, deadline__lt=on)
    return (
        CitizenMatter.objects.filter(unit__in=units)
        .exclude(state=CitizenMatter.State.DA_DONG)
        .filter(notice_late | answer_late)
        .select_related("unit")
        .order_by("notice_due_on", "pk")
    )


@transaction.atomic
def visitors_of(user: Any, session: ReceptionSession) -> list[ReceptionVisitor]:
    """Names and addresses of the citizens received, for holders of the permission; audited."""
    if not user.has_perm(PERSONAL_DATA_PERM, session):
        raise PermissionDenied
    visitors = list(session.visitors.all())
    audit.record(
        user,
        "reception_visitor.viewed",
        session,
        unit=session.unit,
        data={"count": len(visitors)},
    )
    return visitors
