"""Reads of discipline: complaints and suspensions in the user's oversight scope, what is overdue,
what is in force on a date. Objects outside the scope answer 404 (STYLE §6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.queries import units_visible_to
from oversight.models import DisciplineComplaint, Suspension
from units.models import Unit

VIEW_PERM = "accounts.view_oversight"
MANAGE_PERM = "accounts.manage_oversight"
# A complaint is overdue while it is still being handled after its deadline (§7).
OPEN_COMPLAINT_STATES = ("tiep_nhan", "kiem_tra_dieu_kien", "thu_ly", "tien_hanh")


def _check_action(user: Any, action: str, obj: Any) -> None:
    if action not in ("view", "manage"):
        raise ValueError(f"Thao tác không hợp lệ: {action!r}")
    if action == "manage" and not user.has_perm(MANAGE_PERM, obj):
        raise PermissionDenied


def complaints_for_user(user: Any) -> QuerySet[DisciplineComplaint]:
    """Complaints about decisions of the organisations where the user holds view_oversight."""
    return (
        DisciplineComplaint.objects.filter(
            decision__discipline_case__unit__in=units_visible_to(user, VIEW_PERM)
        )
        .select_related("decision", "decision__discipline_case", "decision__discipline_case__unit")
        .order_by("-filed_on", "-pk")
    )


def get_complaint_for_user(
    user: Any, complaint_id: int, action: str = "view"
) -> DisciplineComplaint:
    """One complaint: 404 outside the oversight scope, 403 without the capability."""
    complaint = get_object_or_404(complaints_for_user(user), pk=complaint_id)
    _check_action(user, action, complaint)
    return complaint


def is_complaint_overdue(complaint: DisciplineComplaint, today: dt.date) -> bool:
    """Still being handled after the resolution deadline."""
    return (
        complaint.deadline is not None
        and complaint.deadline < today
        and complaint.state in OPEN_COMPLAINT_STATES
    )


def overdue_complaints(
    units: Iterable[Unit] | QuerySet[Unit], today: dt.date
) -> QuerySet[DisciplineComplaint]:
    """Complaints of `units` whose resolution deadline passed before `today`, still open."""
    return (
        DisciplineComplaint.objects.filter(
            decision__discipline_case__unit__in=units,
            deadline__lt=today,
            state__in=OPEN_COMPLAINT_STATES,
        )
        .select_related("decision", "decision__discipline_case", "decision__discipline_case__unit")
        .order_by("deadline", "pk")
    )


def suspensions_for_user(user: Any) -> QuerySet[Suspension]:
    """Suspensions decided by the organisations where the user holds view_oversight."""
    return (
        Suspension.objects.filter(unit__in=units_visible_to(user, VIEW_PERM))
        .select_related("unit", "subject_unit", "party_cell", "rule", "rule__legal_document")
        .order_by("-started_on", "-pk")
    )


def get_suspension_for_user(user: Any, suspension_id: int, action: str = "view") -> Suspension:
    """One suspension: 404 outside the oversight scope, 403 without the capability."""
    suspension = get_object_or_404(suspensions_for_user(user), pk=suspension_id)
    _check_action(user, action, suspension)
    return suspension


def in_force_filter(on: dt.date) -> Q:
    """Suspensions running on `on`: started, not ended, not lifted on or before that day."""
    return Q(started_on__lte=on, ends_on__gte=on) & (
        Q(lifted_on__isnull=True) | Q(lifted_on__gt=on)
    )


def suspensions_in_force(
    units: Iterable[Unit] | QuerySet[Unit], on: dt.date
) -> QuerySet[Suspension]:
    """Suspensions of `units` in force on `on` (§5.8)."""
    return (
        Suspension.objects.filter(unit__in=units)
        .filter(in_force_filter(on))
        .select_related("unit", "subject_unit", "party_cell")
        .order_by("ends_on", "pk")
    )
