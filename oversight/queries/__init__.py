"""Reads of the oversight module: who sees which cases, and what follow-up is overdue.

Oversight data is seen only by oversight roles: a case is visible where the user holds
`accounts.view_oversight` on the performing Party organisation; managing it needs
`accounts.manage_oversight` there. Objects outside the scope answer 404 (STYLE §6).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.queries import units_visible_to
from oversight.models import (
    MEMBER_FORMS,
    ORGANISATION_FORMS,
    DisciplineCase,
    DisciplineDecision,
    OversightCase,
    Recommendation,
)
from oversight.workflow.deadlines import discipline_in_effect
from oversight.workflow.machines import RECOMMENDATION
from units.models import Unit

VIEW_PERM = "accounts.view_oversight"
CASE_ACTION_PERMS = {"manage": "accounts.manage_oversight"}


def cases_for_user(user: Any) -> QuerySet[OversightCase]:
    """Cases of the Party organisations where the user holds accounts.view_oversight."""
    return (
        OversightCase.objects.filter(unit__in=units_visible_to(user, VIEW_PERM))
        .select_related("unit", "programme", "topic")
        .order_by("-decided_on", "-pk")
    )


def get_case_for_user(user: Any, case_id: int, action: str = "view") -> OversightCase:
    """One case: 404 outside the user's oversight scope, 403 without the action's capability."""
    if action != "view" and action not in CASE_ACTION_PERMS:
        raise ValueError(f"Thao tác không hợp lệ: {action!r}")
    case = get_object_or_404(cases_for_user(user), pk=case_id)
    if action != "view" and not user.has_perm(CASE_ACTION_PERMS[action], case):
        raise PermissionDenied
    return case


def overdue_recommendations(
    units: Iterable[Unit] | QuerySet[Unit], today: dt.date
) -> QuerySet[Recommendation]:
    """Open recommendations of cases of `units` whose deadline passed before `today`."""
    return (
        Recommendation.objects.filter(case__unit__in=units, deadline__lt=today)
        .exclude(state__in=RECOMMENDATION.finals)
        .select_related("case", "case__unit", "owner_unit")
        .order_by("deadline", "pk")
    )


def discipline_cases_for_user(user: Any) -> QuerySet[DisciplineCase]:
    """Discipline cases of the Party organisations where the user holds view_oversight."""
    return (
        DisciplineCase.objects.filter(unit__in=units_visible_to(user, VIEW_PERM))
        .select_related("unit", "subject_unit", "party_cell")
        .order_by("-opened_on", "-pk")
    )


def get_discipline_case_for_user(
    user: Any, discipline_case_id: int, action: str = "view"
) -> DisciplineCase:
    """One discipline case: 404 outside the oversight scope, 403 without the capability."""
    if action != "view" and action not in CASE_ACTION_PERMS:
        raise ValueError(f"Thao tác không hợp lệ: {action!r}")
    discipline_case = get_object_or_404(discipline_cases_for_user(user), pk=discipline_case_id)
    if action != "view" and not user.has_perm(CASE_ACTION_PERMS[action], discipline_case):
        raise PermissionDenied
    return discipline_case


def discipline_counts(
    units: Iterable[Unit] | QuerySet[Unit], start: dt.date, end: dt.date
) -> dict[str, dict[str, int]]:
    """Decisions decided in [start, end] by units, counted by form for organisations and members.

    `{"to_chuc_dang": {"total": n, "khien_trach": …}, "dang_vien": {"total": n, …}}`, every
    form of the group present (zero when none).
    """
    rows = DisciplineDecision.objects.filter(
        discipline_case__unit__in=units, decided_on__gte=start, decided_on__lte=end
    ).values("form", "discipline_case__subject_unit")
    counts: dict[str, dict[str, int]] = {
        "to_chuc_dang": {"total": 0, **dict.fromkeys(ORGANISATION_FORMS, 0)},
        "dang_vien": {"total": 0, **dict.fromkeys(MEMBER_FORMS, 0)},
    }
    for row in rows:
        group = counts["to_chuc_dang" if row["discipline_case__subject_unit"] else "dang_vien"]
        group[row["form"]] = group.get(row["form"], 0) + 1
        group["total"] += 1
    return counts


def decisions_in_effect(
    units: Iterable[Unit] | QuerySet[Unit], on: dt.date
) -> list[DisciplineDecision]:
    """Decisions of `units` still in effect on `on` (§5.7), by the stored expiry period."""
    result = []
    decisions = DisciplineDecision.objects.filter(
        discipline_case__unit__in=units, decided_on__lte=on
    ).select_related("discipline_case", "discipline_case__unit")
    for decision in decisions.exclude(discipline_case__state="bi_thay_doi"):
        announced = decision.announced_on or decision.decided_on
        months = 12
        if decision.expires_on is not None:
            months = (decision.expires_on.year - announced.year) * 12 + (
                decision.expires_on.month - announced.month
            )
        if discipline_in_effect(announced, decision.form, on, months):
            result.append(decision)
    return result
