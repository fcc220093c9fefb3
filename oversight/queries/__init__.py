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
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.queries import units_visible_to
from audit.models import AuditEvent
from oversight.models import (
    MEMBER_FORMS,
    ORGANISATION_FORMS,
    CaseDocument,
    DisciplineCase,
    DisciplineDecision,
    OversightCase,
    OversightProgramme,
    ProgrammeTopic,
    Recommendation,
    Rule,
)
from oversight.workflow.deadlines import discipline_in_effect
from oversight.workflow.machines import RECOMMENDATION
from units.models import Unit

VIEW_PERM = "accounts.view_oversight"
MANAGE_PERM = "accounts.manage_oversight"
CASE_ACTION_PERMS = {"manage": MANAGE_PERM}
# A case counts as done (for a topic's progress and for its own deadline) once concluded;
# cancelled and transferred cases are closed without a conclusion.
CONCLUDED_STATES = frozenset({"da_ket_luan", "theo_doi_thuc_hien", "hoan_thanh"})
CLOSED_STATES = frozenset({"huy", "chuyen_kiem_tra"})


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


def filter_cases(
    cases: QuerySet[OversightCase],
    today: dt.date,
    *,
    year: int | None = None,
    type: str = "",
    performer_kind: str = "",
    mode: str = "",
    state: str = "",
    overdue: bool = False,
) -> QuerySet[OversightCase]:
    """Cases narrowed by the list filters; overdue means past the deadline and not concluded."""
    if year is not None:
        cases = cases.filter(
            Q(decided_on__year=year) | Q(decided_on__isnull=True, deadline__year=year)
        )
    if type:
        cases = cases.filter(type=type)
    if performer_kind:
        cases = cases.filter(performer_kind=performer_kind)
    if mode:
        cases = cases.filter(mode=mode)
    if state:
        cases = cases.filter(state=state)
    if overdue:
        cases = cases.filter(deadline__lt=today, concluded_on__isnull=True).exclude(
            state__in=CONCLUDED_STATES | CLOSED_STATES
        )
    return cases


def case_rule(case: OversightCase) -> Rule | None:
    """The rule the case's deadline was computed from, as recorded when it was opened."""
    event = (
        AuditEvent.objects.filter(
            action="oversight_case.opened",
            target_type="oversight.oversightcase",
            target_id=str(case.pk),
        )
        .order_by("at", "pk")
        .first()
    )
    rule = (event.data or {}).get("rule") if event is not None else None
    if not rule:
        return None
    return (
        Rule.objects.filter(key=rule["key"], scope=rule["scope"], effective_from=rule["from"])
        .select_related("legal_document")
        .first()
    )


def get_document_for_user(user: Any, case_id: int, document_id: int) -> CaseDocument:
    """A document of a case the user may see; 404 otherwise."""
    case = get_case_for_user(user, case_id)
    document = get_object_or_404(CaseDocument, pk=document_id, case=case)
    document.case = case
    return document


def history_of_case(case: OversightCase) -> QuerySet[AuditEvent]:
    """Audit events of a case and of what belongs to it: subjects, documents, recommendations."""
    recommendation_ids = [str(pk) for pk in case.recommendations.values_list("pk", flat=True)]
    return AuditEvent.objects.filter(
        Q(target_type="oversight.oversightcase", target_id=str(case.pk))
        | Q(data__case=case.pk)
        | Q(target_type="oversight.recommendation", target_id__in=recommendation_ids)
    ).order_by("-at", "-pk")


def programmes_for_user(user: Any, *, year: int | None = None) -> QuerySet[OversightProgramme]:
    """Programmes of the Party organisations where the user holds accounts.view_oversight."""
    programmes = OversightProgramme.objects.filter(
        unit__in=units_visible_to(user, VIEW_PERM)
    ).select_related("unit")
    if year is not None:
        programmes = programmes.filter(year=year)
    return programmes.order_by("-year", "unit__path", "title")


def get_programme_for_user(
    user: Any, programme_id: int, action: str = "view"
) -> OversightProgramme:
    """One programme: 404 outside the oversight scope, 403 without the action's capability."""
    if action != "view" and action not in CASE_ACTION_PERMS:
        raise ValueError(f"Thao tác không hợp lệ: {action!r}")
    programme = get_object_or_404(programmes_for_user(user), pk=programme_id)
    if action != "view" and not user.has_perm(CASE_ACTION_PERMS[action], programme):
        raise PermissionDenied
    return programme


def topic_progress(
    programme: OversightProgramme, user: Any
) -> list[tuple[ProgrammeTopic, list[OversightCase], int]]:
    """Each topic with the cases opened from it (in the user's scope) and how many concluded."""
    visible = cases_for_user(user)
    rows = []
    for topic in programme.topics.all():
        cases = list(visible.filter(topic=topic).order_by("decided_on", "pk"))
        done = sum(1 for case in cases if case.state in CONCLUDED_STATES)
        rows.append((topic, cases, done))
    return rows


def get_recommendation_for_user(
    user: Any, recommendation_id: int, action: str = "view"
) -> Recommendation:
    """A recommendation of a case in the user's scope; 404 outside, 403 without the capability."""
    if action != "view" and action not in CASE_ACTION_PERMS:
        raise ValueError(f"Thao tác không hợp lệ: {action!r}")
    recommendation = get_object_or_404(
        Recommendation.objects.filter(
            case__unit__in=units_visible_to(user, VIEW_PERM)
        ).select_related("case", "case__unit", "owner_unit"),
        pk=recommendation_id,
    )
    if action != "view" and not user.has_perm(CASE_ACTION_PERMS[action], recommendation):
        raise PermissionDenied
    return recommendation


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
