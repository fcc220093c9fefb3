"""The head's monthly reception obligation (QĐ 11-QĐi/TW as amended by KL 215-KL/TW, spec §9).

Rule `tiep_dan.so_ngay_toi_thieu_thang` (oversight/data/rules.yaml) gives the minimum days of
periodic reception a month per scope: "tỉnh" (11-QĐi/TW), "huyện" (11-QĐi/TW, until 22/11/2025)
and "xã" (215-KL/TW, from 23/11/2025). The scope follows the kind of Party unit, not its level:
a Đảng bộ khối sits at the district level but is not a district committee, and grassroots
organisations and cells are not named by the rule, so they are "không thuộc diện".

A month is judged only once it has ended; the current month shows the days held so far; future
months are not judged. The rule in force on the first day of the month applies to the whole month.
Days are distinct days of periodic (định kỳ) reception, whoever chaired them (the secretary or the
person delegated); ad hoc reception does not count.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.models import Rule
from petitions.models import ReceptionSession
from units.models import Unit

OBLIGATION_RULE = "tiep_dan.so_ngay_toi_thieu_thang"
# Scope of the rule rows for each Party unit kind bound by QĐ 11 (the heads of the provincial,
# the district — until KL 215 — and the commune-level committees).
SCOPE_BY_KIND: dict[str, str] = {
    Unit.Kind.PARTY_PROVINCE: "tỉnh",
    Unit.Kind.PARTY_DISTRICT: "huyện",
    Unit.Kind.PARTY_COMMUNE: "xã",
}

# Committees directly above grassroots organisations that the rule does not name: listed in the
# table as "không thuộc diện" so that readers see they were not forgotten.
LISTED_UNBOUND_KINDS = (Unit.Kind.PARTY_BLOC,)


class ObligationStatus(StrEnum):
    NOT_BOUND = "not_bound"
    NOT_ACTIVE = "not_active"
    FUTURE = "future"
    IN_PROGRESS = "in_progress"
    MET = "met"
    SHORT = "short"


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class MonthlyObligation:
    """One committee's reception days in one month against the rule that binds it."""

    unit: Unit
    year: int
    month: int
    required_days: int
    held_days: int
    status: ObligationStatus
    # The row in force that binds the month; else the nearest row of the same scope, for the
    # legal basis of "không thuộc diện".
    rule: Rule | None = None
    reference: Rule | None = None

    @property
    def is_judged(self) -> bool:
        return self.status in (ObligationStatus.MET, ObligationStatus.SHORT)

    @property
    def shortfall(self) -> int:
        """Days missing in a month that has ended (0 for a month not judged)."""
        if self.status != ObligationStatus.SHORT:
            return 0
        return self.required_days - self.held_days

    @property
    def remaining(self) -> int:
        """Days still to hold in the current month."""
        if self.status != ObligationStatus.IN_PROGRESS:
            return 0
        return max(self.required_days - self.held_days, 0)

    @property
    def label(self) -> str:
        if self.status == ObligationStatus.SHORT:
            return _("Thiếu %(days)s ngày") % {"days": self.shortfall}
        if self.status == ObligationStatus.MET:
            return _("Đạt")
        if self.status == ObligationStatus.IN_PROGRESS:
            if self.remaining:
                return _("Đang diễn ra, còn phải tiếp %(days)s ngày") % {"days": self.remaining}
            return _("Đang diễn ra, đã đủ số ngày")
        if self.status == ObligationStatus.FUTURE:
            return _("Chưa đến")
        if self.status == ObligationStatus.NOT_ACTIVE:
            return _("Không hoạt động trọn tháng")
        return _("Không thuộc diện")

    @property
    def css(self) -> str:
        if self.status == ObligationStatus.SHORT:
            return "st-chua_dat"
        if self.status == ObligationStatus.MET:
            return "st-dat"
        if self.status == ObligationStatus.IN_PROGRESS:
            return "st-chua_xac_dinh"
        return "st-none"

    @property
    def basis(self) -> str:
        """The legal basis as shown next to the figures: "11-QĐi/TW" (with its dates)."""
        return rule_basis(self.rule or self.reference)


def rule_basis(rule: Rule | None) -> str:
    """ "11-QĐi/TW, Điều 4 (từ 18/02/2019)" — the document, article and period of a rule row."""
    if rule is None:
        return ""
    text = rule.legal_document.code
    if rule.article:
        text += f", {rule.article}"
    if rule.effective_to:
        span = _("từ %(start)s đến %(end)s") % {
            "start": f"{rule.effective_from:%d/%m/%Y}",
            "end": f"{rule.effective_to:%d/%m/%Y}",
        }
    else:
        span = _("từ %(start)s") % {"start": f"{rule.effective_from:%d/%m/%Y}"}
    return f"{text} ({span})"


def _rules() -> list[Rule]:
    return list(Rule.objects.filter(key=OBLIGATION_RULE).select_related("legal_document"))


def _binding(rules: list[Rule], scope: str, on: dt.date) -> tuple[Rule | None, Rule | None]:
    """(row in force on `on` for `scope`, nearest row of the scope when none is in force).

    rule_in_force falls back to an unscoped row; here only a row for this scope binds.
    """
    rows = [row for row in rules if row.scope == scope and row.amount is not None]
    in_force = [
        row
        for row in rows
        if row.effective_from <= on and (row.effective_to is None or on <= row.effective_to)
    ]
    if in_force:
        return max(in_force, key=lambda row: row.effective_from), None
    if not rows:
        return None, None
    return None, min(rows, key=lambda row: abs((row.effective_from - on).days))


def _judge(
    unit: Unit,
    year: int,
    month: int,
    held: int,
    rules: list[Rule],
    today: dt.date,
) -> MonthlyObligation:
    first, last = _month_bounds(year, month)
    scope = SCOPE_BY_KIND.get(unit.kind)
    rule, reference = _binding(rules, scope, first) if scope else (None, None)
    required = int(rule.amount) if rule is not None and rule.amount is not None else 0
    if first > today:
        status = ObligationStatus.FUTURE
    elif rule is None:
        status = ObligationStatus.NOT_BOUND
    elif not (unit.exists_on(first) and unit.exists_on(last)):
        status = ObligationStatus.NOT_ACTIVE
    elif last >= today:
        status = ObligationStatus.IN_PROGRESS
    elif held >= required:
        status = ObligationStatus.MET
    else:
        status = ObligationStatus.SHORT
    return MonthlyObligation(unit, year, month, required, held, status, rule, reference)


def _held_days(units: Iterable[int], start: dt.date, end: dt.date) -> dict[tuple[int, int], int]:
    """Distinct days of periodic reception per (unit id, month)."""
    days = (
        ReceptionSession.objects.filter(
            unit__in=list(units), kind=ReceptionSession.Kind.DINH_KY, held_on__range=(start, end)
        )
        .order_by()
        .values_list("unit_id", "held_on")
        .distinct()
    )
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for unit_id, held_on in days:
        counts[(unit_id, held_on.month)] += 1
    return counts


def monthly_obligation(
    unit: Unit, year: int, month: int, *, today: dt.date | None = None
) -> MonthlyObligation:
    """Days of periodic reception the head owes for a month, days held, and the shortfall."""
    today = today or timezone.localdate()
    first, last = _month_bounds(year, month)
    held = _held_days([unit.pk], first, last).get((unit.pk, month), 0)
    return _judge(unit, year, month, held, _rules(), today)


@dataclass(frozen=True)
class ObligationRow:
    unit: Unit
    months: list[MonthlyObligation]

    @property
    def shortfall(self) -> int:
        return sum(cell.shortfall for cell in self.months)

    @property
    def held_days(self) -> int:
        return sum(cell.held_days for cell in self.months)

    @property
    def short_months(self) -> int:
        return sum(1 for cell in self.months if cell.status == ObligationStatus.SHORT)

    @property
    def is_bound(self) -> bool:
        return any(cell.rule is not None for cell in self.months)


@dataclass(frozen=True)
class ObligationTable:
    year: int
    today: dt.date
    month_numbers: list[int]
    rows: list[ObligationRow]
    rules: list[Rule] = field(default_factory=list)

    @property
    def shortfall(self) -> int:
        return sum(row.shortfall for row in self.rows)


def obligation_committees(units: QuerySet[Unit], year: int) -> QuerySet[Unit]:
    """The Party committees of `units` to list for `year`: every kind the rule binds, Đảng bộ khối,
    and any other committee that recorded reception, existing at some time in the year."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    held = ReceptionSession.objects.filter(held_on__year=year).values("unit_id")
    return (
        units.filter(tree=Unit.Tree.PARTY)
        .filter(Q(kind__in=[*SCOPE_BY_KIND, *LISTED_UNBOUND_KINDS]) | Q(pk__in=held))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .order_by("path")
    )


def obligation_table(
    units: QuerySet[Unit], year: int, *, today: dt.date | None = None
) -> ObligationTable:
    """Committees × months of `year` up to today: required, held and shortfall, with the rules."""
    today = today or timezone.localdate()
    last_month = 12 if year < today.year else (today.month if year == today.year else 0)
    months = list(range(1, last_month + 1))
    committees = list(obligation_committees(units, year))
    rules = _rules()
    held = _held_days([unit.pk for unit in committees], dt.date(year, 1, 1), dt.date(year, 12, 31))
    rows = [
        ObligationRow(
            unit,
            [_judge(unit, year, m, held.get((unit.pk, m), 0), rules, today) for m in months],
        )
        for unit in committees
    ]
    used: dict[int, Rule] = {}
    for row in rows:
        for cell in row.months:
            for rule in (cell.rule, cell.reference):
                if rule is not None:
                    used[rule.pk] = rule
    ordered = sorted(used.values(), key=lambda rule: (rule.scope, rule.effective_from))
    return ObligationTable(year, today, months, rows, ordered)
