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
from oversight.models import OversightCase, Recommendation
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
