"""Discipline screens: the list, opening a case, the case file with its decision, deferrals,
suspensions and complaints, the complaint page and the suspension list (spec §5, §7).

Only oversight roles in scope see any of it (404 otherwise); reading a case file is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.queries import units_visible_to
from audit import services as audit
from audit.models import AuditEvent
from common.forms import attach_errors
from common.types import AuthedRequest
from common.versioning import conflict
from oversight.forms.discipline import (
    ActionForm,
    ComplaintDecideForm,
    ComplaintForm,
    ComplaintRejectForm,
    DecisionForm,
    DeferForm,
    DisciplineCaseForm,
    DisciplineFilterForm,
    ExtendForm,
    LiftForm,
    ResumeForm,
    SuspensionForm,
)
from oversight.models import DisciplineCase, DisciplineComplaint, DisciplineDecision, Suspension
from oversight.queries import discipline_cases_for_user, get_discipline_case_for_user
from oversight.queries.discipline import (
    get_complaint_for_user,
    get_suspension_for_user,
    in_force_filter,
    is_complaint_overdue,
    suspensions_for_user,
)
from oversight.services import discipline as services
from oversight.services import suspensions as suspension_services
from oversight.workflow.machines import DISCIPLINE_CASE, DISCIPLINE_COMPLAINT

VIEW = "accounts.view_oversight"
MANAGE = "accounts.manage_oversight"


def _today() -> dt.date:
    return timezone.localdate()


def _require_view(request: AuthedRequest) -> None:
    """Discipline data does not exist for people without an oversight role (404, not 403)."""
    if not units_visible_to(request.user, VIEW).exists():
        raise Http404


@login_required
def discipline_list(request: AuthedRequest) -> HttpResponse:
    """Discipline cases in scope, filtered by year, form, state and subject."""
    _require_view(request)
    form = DisciplineFilterForm(request.GET or None)
    cases = discipline_cases_for_user(request.user).select_related("decision")
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            cases = cases.filter(opened_on__year=data["year"])
        if data["form"]:
            cases = cases.filter(decision__form=data["form"])
        if data["state"]:
            cases = cases.filter(state=data["state"])
        if data["subject"] == "to_chuc":
            cases = cases.filter(subject_unit__isnull=False)
        elif data["subject"] == "dang_vien":
            cases = cases.filter(subject_unit__isnull=True)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": [(case, DISCIPLINE_CASE.states.get(case.state, case.state)) for case in page],
        "query": query.urlencode(),
        "can_manage": units_visible_to(request.user, MANAGE).exists(),
    }
    template = "oversight/discipline_list.html#results" if request.htmx else None
    return render(request, template or "oversight/discipline_list.html", context)


@login_required
def discipline_create(request: AuthedRequest) -> HttpResponse:
    """Open a case; the statute check and the rule it used are shown on the case page."""
    _require_view(request)
    units = units_visible_to(request.user, MANAGE)
    if not units.exists():
        raise PermissionDenied
    form = DisciplineCaseForm(request.POST or None, units=units_visible_to(request.user, VIEW))
    form.fields["unit"].queryset = units  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opened = services.open_discipline_case(
                data["unit"],
                actor=request.user,
                violation_on=data["violation_on"],
                opened_on=data["opened_on"],
                subject_unit=data["subject_unit"],
                full_name=data["full_name"],
                party_cell=data["party_cell"],
                prospective_form=data["prospective_form"],
                party_card_number=data["party_card_number"],
                member_status=data["member_status"],
                holds_post=data["holds_post"],
                is_committee_member=data["is_committee_member"],
                managed_by_higher=data["managed_by_higher"],
                article_violated=data["article_violated"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if opened.limitation_expires_on:
                messages.success(
                    request,
                    _("Đã mở vụ kỷ luật. Thời hiệu (%(key)s, %(months)s tháng) đến ngày %(date)s.")
                    % {
                        "key": opened.rule_key,
                        "months": opened.months,
                        "date": f"{opened.limitation_expires_on:%d/%m/%Y}",
                    },
                )
            else:
                messages.success(
                    request, _("Đã mở vụ kỷ luật (hình thức dự kiến không áp dụng thời hiệu).")
                )
            for warning in opened.warnings:
                messages.warning(request, warning)
            return redirect("oversight:discipline-detail", opened.case.pk)
    return render(request, "oversight/discipline_form.html", {"form": form})


def _case_file(request: AuthedRequest, case: DisciplineCase, **bound: Any) -> HttpResponse:
    """The case file; reading it is audited (§ confidentiality)."""
    with transaction.atomic():
        audit.record(request.user, "discipline_case.viewed", case, unit=case.unit)
    today = _today()
    decision = (
        DisciplineDecision.objects.filter(discipline_case=case)
        .select_related("authority_rule", "authority_rule__legal_document")
        .first()
    )
    can_manage = request.user.has_perm(MANAGE, case)
    version = {"version": case.version}
    actions = [
        (code, DISCIPLINE_CASE.actions[code])
        for code in DISCIPLINE_CASE.allowed_actions(case.state)
        if code not in services.GUARDED_ACTIONS
    ]
    complaints = []
    if decision is not None:
        complaints = [
            (c, DISCIPLINE_COMPLAINT.states.get(c.state, c.state), is_complaint_overdue(c, today))
            for c in decision.complaints.all()
        ]
    suspensions = case.suspensions.all()
    context: dict[str, Any] = {
        "case": case,
        "state_label": DISCIPLINE_CASE.states.get(case.state, case.state),
        "decision": decision,
        "can_manage": can_manage,
        "actions": actions,
        "action_version": case.version,
        "deferrals": case.deferrals.all(),
        "open_deferral": case.deferrals.filter(ended_on__isnull=True).first(),
        "suspensions": [(s, s in suspensions.filter(in_force_filter(today))) for s in suspensions],
        "complaints": complaints,
        "history": AuditEvent.objects.filter(
            target_type="oversight.disciplinecase", target_id=str(case.pk)
        ).order_by("-at")[:50],
        "can_decide": decision is None
        and case.state not in DISCIPLINE_CASE.finals
        and case.state != "chua_xem_xet",
        "can_defer": DISCIPLINE_CASE.can(case.state, "hoan_xem_xet"),
        "can_resume": DISCIPLINE_CASE.can(case.state, "xem_xet_lai"),
        "decision_form": DecisionForm(initial=version),
        "defer_form": DeferForm(initial=version),
        "resume_form": ResumeForm(initial=version),
        "complaint_form": ComplaintForm(),
        "action_errors": [],
    }
    context.update(bound)
    return render(request, "oversight/discipline_detail.html", context)


@login_required
def discipline_detail(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_discipline_case_for_user(request.user, case_id)
    return _case_file(request, case)


def _stale(case: DisciplineCase, version: int) -> None:
    if case.version != version:
        raise conflict()


@require_POST
@login_required
def discipline_act(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_discipline_case_for_user(request.user, case_id, "manage")
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _case_file(request, case, action_errors=[_("Thao tác không hợp lệ.")])
    try:
        _stale(case, form.cleaned_data["version"])
        services.act_on_discipline(case, form.cleaned_data["action"], actor=request.user)
    except ValidationError as error:
        case.refresh_from_db()
        return _case_file(request, case, action_errors=error.messages)
    messages.success(request, _("Đã chuyển sang bước “%s”.") % DISCIPLINE_CASE.states[case.state])
    return redirect("oversight:discipline-detail", case.pk)


@require_POST
@login_required
def discipline_decide(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_discipline_case_for_user(request.user, case_id, "manage")
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _stale(case, data["version"])
            decision = services.record_decision(
                case,
                actor=request.user,
                form=data["form"],
                body_kind=data["body_kind"],
                body_level=data["body_level"],
                decided_on=data["decided_on"],
                announced_on=data["announced_on"],
                decision_number=data["decision_number"],
                authority_note=data["authority_note"],
                higher_assigned_duty=data["higher_assigned_duty"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã ghi quyết định kỷ luật."))
            rule = decision.authority_rule
            if rule is not None and rule.is_unconfirmed:
                messages.warning(
                    request,
                    _("Quy định thẩm quyền “%(key)s” (%(scope)s) chưa xác nhận: cần đối chiếu.")
                    % {"key": rule.key, "scope": rule.scope},
                )
            return redirect("oversight:discipline-detail", case.pk)
    return _case_file(request, case, decision_form=form)


@require_POST
@login_required
def discipline_defer(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_discipline_case_for_user(request.user, case_id, "manage")
    form = DeferForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _stale(case, data["version"])
            services.defer(
                case,
                actor=request.user,
                reason=data["reason"],
                started_on=data["started_on"],
                note=data["note"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            case.refresh_from_db()
        else:
            messages.success(request, _("Đã ghi chưa xem xét kỷ luật."))
            return redirect("oversight:discipline-detail", case.pk)
    return _case_file(request, case, defer_form=form)


@require_POST
@login_required
def discipline_resume(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_discipline_case_for_user(request.user, case_id, "manage")
    form = ResumeForm(request.POST)
    if form.is_valid():
        try:
            _stale(case, form.cleaned_data["version"])
            services.resume(case, actor=request.user, ended_on=form.cleaned_data["ended_on"])
        except ValidationError as error:
            attach_errors(form, error)
            case.refresh_from_db()
        else:
            messages.success(request, _("Đã tiếp tục xem xét kỷ luật."))
            return redirect("oversight:discipline-detail", case.pk)
    return _case_file(request, case, resume_form=form)


@require_POST
@login_required
def complaint_create(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_discipline_case_for_user(request.user, case_id, "manage")
    decision = DisciplineDecision.objects.filter(discipline_case=case).first()
    form = ComplaintForm(request.POST)
    if decision is None:
        form.add_error(None, _("Vụ kỷ luật chưa có quyết định để khiếu nại."))
    elif form.is_valid():
        try:
            complaint = services.file_complaint(
                decision,
                actor=request.user,
                filed_on=form.cleaned_data["filed_on"],
                content=form.cleaned_data["content"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã nhận đơn khiếu nại."))
            return redirect("oversight:complaint-detail", complaint.pk)
    return _case_file(request, case, complaint_form=form)


def _complaint_page(
    request: AuthedRequest, complaint: DisciplineComplaint, **bound: Any
) -> HttpResponse:
    case = complaint.decision.discipline_case
    with transaction.atomic():
        audit.record(
            request.user,
            "discipline_case.viewed",
            case,
            unit=case.unit,
            data={"complaint": complaint.pk},
        )
    version = {"version": complaint.version}
    context: dict[str, Any] = {
        "complaint": complaint,
        "case": case,
        "state_label": DISCIPLINE_COMPLAINT.states.get(complaint.state, complaint.state),
        "is_overdue": is_complaint_overdue(complaint, _today()),
        "can_manage": request.user.has_perm(MANAGE, complaint),
        "actions": [
            (code, DISCIPLINE_COMPLAINT.actions[code])
            for code in DISCIPLINE_COMPLAINT.allowed_actions(complaint.state)
            if code not in services.COMPLAINT_GUARDED_ACTIONS
        ],
        "can_decide": DISCIPLINE_COMPLAINT.can(complaint.state, "quyet_dinh"),
        "can_reject": DISCIPLINE_COMPLAINT.can(complaint.state, "khong_thu_ly"),
        "decide_form": ComplaintDecideForm(initial=version),
        "reject_form": ComplaintRejectForm(initial=version),
        "action_errors": [],
    }
    context.update(bound)
    return render(request, "oversight/complaint_detail.html", context)


@login_required
def complaint_detail(request: AuthedRequest, complaint_id: int) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, complaint_id)
    return _complaint_page(request, complaint)


def _complaint_stale(complaint: DisciplineComplaint, version: int) -> None:
    if complaint.version != version:
        raise conflict()


@require_POST
@login_required
def complaint_act(request: AuthedRequest, complaint_id: int) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, complaint_id, "manage")
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _complaint_page(request, complaint, action_errors=[_("Thao tác không hợp lệ.")])
    try:
        _complaint_stale(complaint, form.cleaned_data["version"])
        services.act_on_complaint(complaint, form.cleaned_data["action"], actor=request.user)
    except ValidationError as error:
        complaint.refresh_from_db()
        return _complaint_page(request, complaint, action_errors=error.messages)
    messages.success(request, _("Đã cập nhật khiếu nại."))
    return redirect("oversight:complaint-detail", complaint.pk)


@require_POST
@login_required
def complaint_decide(request: AuthedRequest, complaint_id: int) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, complaint_id, "manage")
    form = ComplaintDecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _complaint_stale(complaint, data["version"])
            services.decide_complaint(
                complaint,
                actor=request.user,
                result=data["result"],
                change_reason=data["change_reason"],
                outcome=data["outcome"],
                decided_on=data["decided_on"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            complaint.refresh_from_db()
        else:
            messages.success(request, _("Đã ghi quyết định giải quyết khiếu nại."))
            return redirect("oversight:complaint-detail", complaint.pk)
    return _complaint_page(request, complaint, decide_form=form)


@require_POST
@login_required
def complaint_reject(request: AuthedRequest, complaint_id: int) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, complaint_id, "manage")
    form = ComplaintRejectForm(request.POST)
    if form.is_valid():
        try:
            _complaint_stale(complaint, form.cleaned_data["version"])
            services.reject_complaint(
                complaint, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            attach_errors(form, error)
            complaint.refresh_from_db()
        else:
            messages.success(request, _("Đã ghi không thụ lý khiếu nại."))
            return redirect("oversight:complaint-detail", complaint.pk)
    return _complaint_page(request, complaint, reject_form=form)


def _suspension_page(request: AuthedRequest, **bound: Any) -> HttpResponse:
    today = _today()
    only_in_force = request.GET.get("in_force") == "1"
    suspensions = suspensions_for_user(request.user)
    if only_in_force:
        suspensions = suspensions.filter(in_force_filter(today))
    page = Paginator(suspensions, 50).get_page(request.GET.get("page"))
    running = set(
        suspensions_for_user(request.user)
        .filter(in_force_filter(today), pk__in=[s.pk for s in page])
        .values_list("pk", flat=True)
    )
    context: dict[str, Any] = {
        "page": page,
        "rows": [(s, s.pk in running, request.user.has_perm(MANAGE, s)) for s in page],
        "only_in_force": only_in_force,
        "today": today,
        "can_manage": units_visible_to(request.user, MANAGE).exists(),
        "errors": {},
    }
    context.update(bound)
    return render(request, "oversight/suspension_list.html", context)


@login_required
def suspension_list(request: AuthedRequest) -> HttpResponse:
    """Suspensions in scope; those in force today are marked (and can be filtered)."""
    _require_view(request)
    return _suspension_page(request)


@login_required
def suspension_create(request: AuthedRequest) -> HttpResponse:
    _require_view(request)
    units = units_visible_to(request.user, MANAGE)
    if not units.exists():
        raise PermissionDenied
    form = SuspensionForm(request.POST or None, units=units_visible_to(request.user, VIEW))
    form.fields["unit"].queryset = units  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suspension = suspension_services.open_suspension(
                data["unit"],
                actor=request.user,
                kind=data["kind"],
                started_on=data["started_on"],
                reason=data["reason"],
                subject_unit=data["subject_unit"],
                full_name=data["full_name"],
                party_cell=data["party_cell"],
                decision_number=data["decision_number"],
                days=data["days"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi đình chỉ đến hết ngày %s.") % f"{suspension.ends_on:%d/%m/%Y}",
            )
            return redirect("oversight:suspension-list")
    return render(request, "oversight/suspension_form.html", {"form": form})


def _suspension_change(
    request: AuthedRequest, suspension_id: int, form_class: type, change: Any, done: str
) -> HttpResponse:
    suspension = get_suspension_for_user(request.user, suspension_id, "manage")
    form = form_class(request.POST)
    if form.is_valid():
        try:
            change(suspension, form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("oversight:suspension-list")
    errors = [str(e) for errors in form.errors.values() for e in errors]
    return _suspension_page(request, errors={suspension.pk: errors})


@require_POST
@login_required
def suspension_extend(request: AuthedRequest, suspension_id: int) -> HttpResponse:
    def change(suspension: Suspension, data: dict[str, Any]) -> None:
        suspension_services.extend_suspension(
            suspension,
            actor=request.user,
            ends_on=data["ends_on"],
            expected_version=data["version"],
        )

    return _suspension_change(request, suspension_id, ExtendForm, change, _("Đã gia hạn đình chỉ."))


@require_POST
@login_required
def suspension_lift(request: AuthedRequest, suspension_id: int) -> HttpResponse:
    def change(suspension: Suspension, data: dict[str, Any]) -> None:
        suspension_services.lift_suspension(
            suspension,
            actor=request.user,
            lifted_on=data["lifted_on"],
            expected_version=data["version"],
        )

    return _suspension_change(request, suspension_id, LiftForm, change, _("Đã chấm dứt đình chỉ."))


urlpatterns: list[URLPattern] = [
    path("discipline/", discipline_list, name="discipline-list"),
    path("discipline/new/", discipline_create, name="discipline-create"),
    path("discipline/<int:case_id>/", discipline_detail, name="discipline-detail"),
    path("discipline/<int:case_id>/act/", discipline_act, name="discipline-act"),
    path("discipline/<int:case_id>/decision/", discipline_decide, name="discipline-decide"),
    path("discipline/<int:case_id>/defer/", discipline_defer, name="discipline-defer"),
    path("discipline/<int:case_id>/resume/", discipline_resume, name="discipline-resume"),
    path("discipline/<int:case_id>/complaints/", complaint_create, name="complaint-create"),
    path("complaints/<int:complaint_id>/", complaint_detail, name="complaint-detail"),
    path("complaints/<int:complaint_id>/act/", complaint_act, name="complaint-act"),
    path("complaints/<int:complaint_id>/decide/", complaint_decide, name="complaint-decide"),
    path("complaints/<int:complaint_id>/reject/", complaint_reject, name="complaint-reject"),
    path("suspensions/", suspension_list, name="suspension-list"),
    path("suspensions/new/", suspension_create, name="suspension-create"),
    path("suspensions/<int:suspension_id>/extend/", suspension_extend, name="suspension-extend"),
    path("suspensions/<int:suspension_id>/lift/", suspension_lift, name="suspension-lift"),
]
