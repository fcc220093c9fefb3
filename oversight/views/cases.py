"""The inspection and supervision screens (spec party-oversight.md §3): programmes and their
topics, cases with their file (steps, subjects, documents, conclusion, recommendations) and the
overdue recommendations.

Oversight data is confidential: a user without `accounts.view_oversight` gets 404 on every page
here, objects outside the user's units answer 404, and changes need
`accounts.manage_oversight` there (403). Every read of a case file (its page, its history, one
of its documents) is audited; documents are served only through `case_document`, never through
a media URL.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.queries import units_visible_to
from common.forms import attach_errors
from common.types import AuthedRequest
from oversight.forms.cases import (
    ActForm,
    CaseForm,
    ConclusionForm,
    DocumentForm,
    ProgrammeForm,
    RecommendationForm,
    SubjectForm,
    SubjectResultForm,
    TopicForm,
    VersionForm,
    rule_label,
)
from oversight.models import (
    CaseDocument,
    CaseSubject,
    Conclusion,
    MemberContent,
    OrganisationContent,
    OversightCase,
    OversightProgramme,
    OversightType,
    ProgrammeTopic,
    SubjectKind,
)
from oversight.queries import (
    CLOSED_STATES,
    MANAGE_PERM,
    VIEW_PERM,
    case_rule,
    cases_for_user,
    filter_cases,
    get_case_for_user,
    get_document_for_user,
    get_programme_for_user,
    get_recommendation_for_user,
    history_of_case,
    overdue_recommendations,
    programmes_for_user,
    topic_progress,
)
from oversight.services import cases as services
from oversight.workflow.deadlines import DeadlineStatus, deadline_status
from oversight.workflow.machines import RECOMMENDATION, SUPERVISION_CASE, oversight_machine
from units.models import Unit

PAGE_SIZE = 25
STATUS_CSS = {
    DeadlineStatus.TRONG_HAN: "st-dat",
    DeadlineStatus.SAP_HET_HAN: "demo",
    DeadlineStatus.QUA_HAN: "st-chua_dat",
    DeadlineStatus.HOAN_THANH_DUNG_HAN: "st-dat",
    DeadlineStatus.HOAN_THANH_QUA_HAN: "st-chua_dat",
}
# Spec §3.5: every case goes through chuẩn bị → tiến hành → kết thúc.
STEP_OF_STATE = {
    "du_kien": "chuan_bi",
    "chuan_bi": "chuan_bi",
    "da_cong_bo": "chuan_bi",
    "tien_hanh": "tien_hanh",
    "cho_ket_luan": "tien_hanh",
    "da_ket_luan": "ket_thuc",
    "theo_doi_thuc_hien": "ket_thuc",
    "hoan_thanh": "ket_thuc",
}
STEPS = [code for code, _label in CaseDocument.Step.choices]


def _today() -> dt.date:
    return timezone.localdate()


def _require_viewer(request: AuthedRequest) -> None:
    """Oversight pages do not exist for people without an oversight role (404, not 403)."""
    if not request.user.has_perm(VIEW_PERM):
        raise Http404


def _require_manager(request: AuthedRequest) -> None:
    _require_viewer(request)
    if not request.user.has_perm(MANAGE_PERM):
        raise PermissionDenied


def _managed_units(request: AuthedRequest) -> QuerySet[Unit]:
    return units_visible_to(request.user, MANAGE_PERM).filter(tree=Unit.Tree.PARTY).order_by("path")


def _party_units(request: AuthedRequest) -> QuerySet[Unit]:
    return units_visible_to(request.user, VIEW_PERM).filter(tree=Unit.Tree.PARTY).order_by("path")


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _form_errors(request: AuthedRequest, form: Any) -> None:
    """A button's form is not shown again: its errors become messages."""
    for errors in form.errors.values():
        messages.error(request, " ".join(str(error) for error in errors))


def _int_param(request: AuthedRequest, name: str) -> int | None:
    text = request.GET.get(name, "")
    return int(text) if text.isdigit() else None


def _years(current: int) -> range:
    return range(current + 1, current - 10, -1)


# --- programmes ----------------------------------------------------------------------------


@login_required
def programme_list(request: AuthedRequest) -> HttpResponse:
    """Programmes in the user's scope for a year (this year by default, or every year)."""
    _require_viewer(request)
    current = _today().year
    text = request.GET.get("year", "")
    year: int | None = None if text == "all" else (_int_param(request, "year") or current)
    programmes = programmes_for_user(request.user, year=year)
    context = {
        "programmes": programmes,
        "year": year,
        "years": _years(current),
        "can_create": request.user.has_perm(MANAGE_PERM),
    }
    template = (
        "oversight/programme_list.html#results" if request.htmx else "oversight/programme_list.html"
    )
    return render(request, template, context)


@login_required
def programme_create(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    form = ProgrammeForm(
        request.POST or None, units=_managed_units(request), initial={"year": _today().year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.create_programme(
                data["unit"], data["year"], data["title"], actor=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã tạo chương trình kiểm tra, giám sát (dự thảo)."))
            return redirect("oversight:programme-detail", programme.pk)
    return render(request, "oversight/programme_form.html", {"form": form})


def _programme_page(
    request: AuthedRequest, programme: OversightProgramme, **bound: Any
) -> HttpResponse:
    can_manage = request.user.has_perm(MANAGE_PERM, programme)
    is_draft = programme.status == OversightProgramme.Status.DRAFT
    rows = topic_progress(programme, request.user)
    context: dict[str, Any] = {
        "programme": programme,
        "rows": [
            (topic, [(case, _state_label(case)) for case in cases], done)
            for topic, cases, done in rows
        ],
        "planned": len(rows),
        "opened": sum(1 for _topic, cases, _done in rows if cases),
        "done": sum(1 for _topic, cases, done in rows if cases and done == len(cases)),
        "can_manage": can_manage,
        "can_edit": can_manage and is_draft,
        "topic_form": TopicForm(),
        "approve_form": VersionForm(initial={"version": programme.version}),
    }
    context.update(bound)
    return render(request, "oversight/programme_detail.html", context)


@login_required
def programme_detail(request: AuthedRequest, programme_id: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, programme_id)
    return _programme_page(request, programme)


@require_POST
@login_required
def programme_add_topic(request: AuthedRequest, programme_id: int) -> HttpResponse:
    _require_viewer(request)
    programme = get_programme_for_user(request.user, programme_id, action="manage")
    form = TopicForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_topic(
                programme,
                data["content"],
                actor=request.user,
                type=data["type"],
                planned_subjects=data["planned_subjects"],
                planned_quarter=data["planned_quarter"],
                planned_month=data["planned_month"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã thêm chuyên đề."))
            return redirect(reverse("oversight:programme-detail", args=[programme.pk]) + "#topics")
    return _programme_page(request, programme, topic_form=form)


@require_POST
@login_required
def programme_approve(request: AuthedRequest, programme_id: int) -> HttpResponse:
    _require_viewer(request)
    programme = get_programme_for_user(request.user, programme_id, action="manage")
    form = VersionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("oversight:programme-detail", programme.pk)
    try:
        services.approve_programme(
            programme, actor=request.user, expected_version=form.cleaned_data["version"]
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã phê duyệt chương trình kiểm tra, giám sát."))
    return redirect("oversight:programme-detail", programme.pk)


# --- cases: list and opening ----------------------------------------------------------------


@login_required
def case_list(request: AuthedRequest) -> HttpResponse:
    """Cases in the user's scope, filtered by year, type, performer, role, state, overdue."""
    _require_viewer(request)
    today = _today()
    get = request.GET
    filters: dict[str, Any] = {
        "year": _int_param(request, "year"),
        "type": get.get("type", "") if get.get("type") in OversightType.values else "",
        "performer_kind": (
            get.get("performer_kind", "") if get.get("performer_kind") in SubjectKind.values else ""
        ),
        "mode": get.get("mode", "") if get.get("mode") in OversightCase.Mode.values else "",
        "state": get.get("state", "") if get.get("state") in SUPERVISION_CASE.states else "",
        "overdue": get.get("overdue") == "1",
    }
    cases = filter_cases(cases_for_user(request.user), today, **filters)
    page = Paginator(cases, PAGE_SIZE).get_page(get.get("page"))
    query = get.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": [
            (case, _state_label(case), *_case_status(case, today)) for case in page.object_list
        ],
        "filters": filters,
        "query": query.urlencode(),
        "years": _years(today.year),
        "types": OversightType.choices,
        "performer_kinds": SubjectKind.choices,
        "modes": OversightCase.Mode.choices,
        "states": list(SUPERVISION_CASE.states.items()),
        "can_open": request.user.has_perm(MANAGE_PERM),
    }
    template = "oversight/case_list.html#results" if request.htmx else "oversight/case_list.html"
    return render(request, template, context)


def _state_label(case: OversightCase) -> str:
    return oversight_machine(case.is_supervision).states.get(case.state, case.state)


def _case_status(case: OversightCase, today: dt.date) -> tuple[str, str]:
    """The deadline status label and its badge class; closed cases have none."""
    if case.state in CLOSED_STATES:
        return "", ""
    status = deadline_status(case.deadline, today, case.concluded_on)
    return status.label, STATUS_CSS[status]


@login_required
def case_create(request: AuthedRequest) -> HttpResponse:
    """Open a case; its deadline is given, or computed from a rule in force on the decision."""
    _require_manager(request)
    units = _managed_units(request)
    topics = ProgrammeTopic.objects.filter(programme__unit__in=units).select_related(
        "programme", "programme__unit"
    )
    initial: dict[str, Any] = {"mode": OversightCase.Mode.CHU_TRI}
    topic_id = _int_param(request, "topic")
    if topic_id is not None:
        topic = get_object_or_404(topics, pk=topic_id)
        initial |= {
            "topic": topic.pk,
            "unit": topic.programme.unit_id,
            "title": topic.content,
            "type": topic.type,
        }
    form = CaseForm(request.POST or None, units=units, topics=topics, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rule_key, rule_scope = form.rule_key_scope()
        try:
            case = services.open_case(
                data["unit"],
                actor=request.user,
                title=data["title"],
                type=data["type"],
                performer_kind=data["performer_kind"],
                mode=data["mode"],
                topic=data["topic"],
                decision_number=data["decision_number"],
                decided_on=data["decided_on"],
                deadline=None if rule_key else data["deadline"],
                rule_key=rule_key,
                rule_scope=rule_scope,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã mở cuộc kiểm tra, giám sát."))
            return redirect("oversight:case-detail", case.pk)
    return render(request, "oversight/case_form.html", {"form": form})


# --- the case file -------------------------------------------------------------------------


def _steps(case: OversightCase, today: dt.date) -> list[dict[str, Any]]:
    """The three steps with their dates and where each stands against the case's deadline."""
    state = case.state.removeprefix("tam_dung_")
    current = STEP_OF_STATE.get(state)
    if current is None:  # cancelled or transferred: stopped where it had got to
        current = "tien_hanh" if case.started_on else "chuan_bi"
    finished = case.state == "hoan_thanh"
    index = STEPS.index(current)
    ends = {"chuan_bi": case.started_on, "tien_hanh": case.concluded_on}
    starts = {"chuan_bi": case.decided_on, "tien_hanh": case.started_on}
    starts["ket_thuc"] = case.concluded_on
    documents = list(case.documents.all())
    rows = []
    for position, (code, label) in enumerate(CaseDocument.Step.choices):
        if position < index or finished:
            progress, progress_label = "done", _("Đã xong")
        elif position == index:
            progress, progress_label = "current", _("Đang thực hiện")
        else:
            progress, progress_label = "pending", _("Chưa đến")
        status: DeadlineStatus | None = None
        if case.state not in CLOSED_STATES and progress != "pending" and code != "ket_thuc":
            done_on = ends.get(code) if progress == "done" else None
            status = deadline_status(case.deadline, today, done_on)
        rows.append(
            {
                "code": code,
                "label": label,
                "progress": progress,
                "progress_label": progress_label,
                "started_on": starts.get(code),
                "ended_on": ends.get(code) if progress == "done" else None,
                "status": status.label if status else "",
                "status_css": STATUS_CSS[status] if status else "",
                "documents": [d for d in documents if d.step == code],
            }
        )
    return rows


def _case_page(request: AuthedRequest, case: OversightCase, **bound: Any) -> HttpResponse:
    """The case file; `bound` replaces a form with the one just submitted, errors and all."""
    services.record_case_read(case, actor=request.user)
    today = _today()
    machine = oversight_machine(case.is_supervision)
    can_manage = request.user.has_perm(MANAGE_PERM, case)
    subjects = list(case.subjects.select_related("subject_unit", "party_cell"))
    conclusion = Conclusion.objects.filter(case=case).first()
    recommendations = list(case.recommendations.select_related("owner_unit"))
    rule = case_rule(case)
    status_label, status_css = _case_status(case, today)
    units = _party_units(request)
    context: dict[str, Any] = {
        "case": case,
        "state_label": machine.state_label(case.state),
        "status_label": status_label,
        "status_css": status_css,
        "steps": _steps(case, today),
        "actions": [
            (code, machine.action_label(code))
            for code in machine.allowed_actions(case.state)
            if code != services.CONCLUDE_ACTION
        ]
        if can_manage
        else [],
        "can_manage": can_manage,
        "is_final": machine.is_final(case.state),
        "rule": rule,
        "rule_label": rule_label(rule) if rule else "",
        "subjects": [
            (
                subject,
                SubjectResultForm(
                    initial=_result_initial(subject, case), auto_id=f"id_result_{subject.pk}_%s"
                ),
                _category_labels(subject.content_categories),
            )
            for subject in subjects
        ],
        "can_record_results": can_manage and case.state in services.RESULT_STATES,
        "subject_form": SubjectForm(units=units),
        "document_form": DocumentForm(),
        "conclusion": conclusion,
        "conclusion_categories": _category_labels(conclusion.violation_categories)
        if conclusion
        else [],
        "conclusion_form": ConclusionForm(
            subjects=subjects, initial={"version": case.version, "issued_on": today}
        )
        if can_manage and machine.can(case.state, services.CONCLUDE_ACTION)
        else None,
        "recommendations": [
            (
                recommendation,
                RECOMMENDATION.state_label(recommendation.state),
                *_recommendation_status(recommendation, today),
                [
                    (code, RECOMMENDATION.action_label(code))
                    for code in RECOMMENDATION.allowed_actions(recommendation.state)
                ]
                if can_manage
                else [],
            )
            for recommendation in recommendations
        ],
        "recommendation_form": RecommendationForm(units=units)
        if can_manage and conclusion and case.state in ("da_ket_luan", "theo_doi_thuc_hien")
        else None,
    }
    context.update(bound)
    return render(request, "oversight/case_detail.html", context)


def _result_initial(subject: CaseSubject, case: OversightCase) -> dict[str, Any]:
    return {
        "has_violation": subject.has_violation,
        "discipline_required": subject.discipline_required,
        "version": case.version,
    }


def _category_labels(codes: list[str]) -> list[str]:
    labels = {**dict(MemberContent.choices), **dict(OrganisationContent.choices)}
    return [str(labels.get(code, code)) for code in codes]


def _recommendation_status(recommendation: Any, today: dt.date) -> tuple[str, str]:
    status = deadline_status(recommendation.deadline, today, recommendation.closed_on)
    return status.label, STATUS_CSS[status]


@login_required
def case_detail(request: AuthedRequest, case_id: int) -> HttpResponse:
    _require_viewer(request)
    case = get_case_for_user(request.user, case_id)
    return _case_page(request, case)


def _back(case: OversightCase, anchor: str = "") -> HttpResponse:
    url = reverse("oversight:case-detail", args=[case.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_POST
@login_required
def case_act(request: AuthedRequest, case_id: int) -> HttpResponse:
    """One step of the case; a refused step shows the machine's message, a stale page a conflict."""
    _require_viewer(request)
    case = get_case_for_user(request.user, case_id, action="manage")
    form = ActForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case)
    action = form.cleaned_data["action"]
    try:
        services.act(
            case, action, actor=request.user, expected_version=form.cleaned_data["version"]
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        machine = oversight_machine(case.is_supervision)
        messages.success(
            request,
            _("Đã thực hiện “%(action)s”; cuộc đang ở bước “%(state)s”.")
            % {"action": machine.action_label(action), "state": machine.state_label(case.state)},
        )
    return _back(case)


@require_POST
@login_required
def case_add_subject(request: AuthedRequest, case_id: int) -> HttpResponse:
    _require_viewer(request)
    case = get_case_for_user(request.user, case_id, action="manage")
    form = SubjectForm(request.POST, units=_party_units(request))
    if form.is_valid():
        try:
            services.add_subject(case, actor=request.user, **form.subject_fields())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã thêm đối tượng kiểm tra, giám sát."))
            return _back(case, "subjects")
    return _case_page(request, case, subject_form=form)


@require_POST
@login_required
def case_subject_result(request: AuthedRequest, case_id: int, subject_id: int) -> HttpResponse:
    """Correct what the conclusion found for one subject, on the case version the page showed."""
    _require_viewer(request)
    case = get_case_for_user(request.user, case_id, action="manage")
    subject = get_object_or_404(CaseSubject, pk=subject_id, case=case)
    subject.case = case
    form = SubjectResultForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_subject_result(
                subject,
                actor=request.user,
                has_violation=data["has_violation"],
                discipline_required=data["discipline_required"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            messages.error(request, f"{subject}: {_error_text(error)}")
        else:
            messages.success(
                request, _("Đã ghi kết quả đối với %(subject)s.") % {"subject": subject}
            )
    else:
        _form_errors(request, form)
    return _back(case, "subjects")


@require_POST
@login_required
def case_add_document(request: AuthedRequest, case_id: int) -> HttpResponse:
    _require_viewer(request)
    case = get_case_for_user(request.user, case_id, action="manage")
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_document(
                case,
                actor=request.user,
                step=data["step"],
                kind=data["kind"],
                title=data["title"],
                number=data["number"],
                issued_on=data["issued_on"],
                upload=data["file"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã lưu tài liệu vào hồ sơ."))
            return _back(case, "steps")
    return _case_page(request, case, document_form=form)


@login_required
def case_document(request: AuthedRequest, case_id: int, document_id: int) -> FileResponse:
    """A document of the case file, for oversight roles in scope; each download is audited."""
    _require_viewer(request)
    document = get_document_for_user(request.user, case_id, document_id)
    if not document.file:
        raise Http404
    services.record_case_read(document.case, actor=request.user, document=document)
    name = PurePath(document.file.name).name
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)


@require_POST
@login_required
def case_conclude(request: AuthedRequest, case_id: int) -> HttpResponse:
    """Issue the conclusion with each subject's result; the case becomes concluded."""
    _require_viewer(request)
    case = get_case_for_user(request.user, case_id, action="manage")
    subjects = list(case.subjects.select_related("subject_unit"))
    form = ConclusionForm(request.POST, subjects=subjects)
    if form.is_valid():
        try:
            services.issue_conclusion(
                case,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **form.conclusion_fields(),
            )
        except ValidationError as error:
            attach_errors(form, error)
            case.refresh_from_db()
        else:
            messages.success(request, _("Đã ban hành kết luận."))
            return _back(case, "conclusion")
    return _case_page(request, case, conclusion_form=form)


@require_POST
@login_required
def case_add_recommendation(request: AuthedRequest, case_id: int) -> HttpResponse:
    _require_viewer(request)
    case = get_case_for_user(request.user, case_id, action="manage")
    form = RecommendationForm(request.POST, units=_party_units(request))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_recommendation(
                case, data["text"], data["owner_unit"], data["deadline"], actor=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã thêm kiến nghị."))
            return _back(case, "recommendations")
    return _case_page(request, case, recommendation_form=form)


@login_required
def case_history(request: AuthedRequest, case_id: int) -> HttpResponse:
    """Who did what to the case file, and who read it."""
    _require_viewer(request)
    case = get_case_for_user(request.user, case_id)
    services.record_case_read(case, actor=request.user, page="history")
    page = Paginator(history_of_case(case), 50).get_page(request.GET.get("page"))
    return render(request, "oversight/case_history.html", {"case": case, "page": page})


@require_POST
@login_required
def recommendation_act(request: AuthedRequest, recommendation_id: int) -> HttpResponse:
    """One step of a recommendation's follow-up, on the version the page showed."""
    _require_viewer(request)
    recommendation = get_recommendation_for_user(request.user, recommendation_id, action="manage")
    form = ActForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(recommendation.case, "recommendations")
    action = form.cleaned_data["action"]
    try:
        services.act_on_recommendation(
            recommendation,
            action,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Kiến nghị: đã “%(action)s”.") % {"action": RECOMMENDATION.action_label(action)},
        )
    return _back(recommendation.case, "recommendations")


@login_required
def recommendation_overdue(request: AuthedRequest) -> HttpResponse:
    """Open recommendations past their deadline, in the user's scope, as of today."""
    _require_viewer(request)
    today = _today()
    recommendations = overdue_recommendations(units_visible_to(request.user, VIEW_PERM), today)
    page = Paginator(recommendations, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (rec, RECOMMENDATION.state_label(rec.state), (today - rec.deadline).days)
        for rec in page.object_list
    ]
    context = {"page": page, "rows": rows, "today": today}
    return render(request, "oversight/recommendation_overdue.html", context)


urlpatterns: list[URLPattern] = [
    path("programmes/", programme_list, name="programme-list"),
    path("programmes/new/", programme_create, name="programme-create"),
    path("programmes/<int:programme_id>/", programme_detail, name="programme-detail"),
    path("programmes/<int:programme_id>/topics/", programme_add_topic, name="programme-add-topic"),
    path("programmes/<int:programme_id>/approve/", programme_approve, name="programme-approve"),
    path("cases/", case_list, name="case-list"),
    path("cases/new/", case_create, name="case-create"),
    path("cases/<int:case_id>/", case_detail, name="case-detail"),
    path("cases/<int:case_id>/act/", case_act, name="case-act"),
    path("cases/<int:case_id>/subjects/", case_add_subject, name="case-add-subject"),
    path(
        "cases/<int:case_id>/subjects/<int:subject_id>/result/",
        case_subject_result,
        name="case-subject-result",
    ),
    path("cases/<int:case_id>/documents/", case_add_document, name="case-add-document"),
    path("cases/<int:case_id>/documents/<int:document_id>/", case_document, name="case-document"),
    path("cases/<int:case_id>/conclusion/", case_conclude, name="case-conclude"),
    path(
        "cases/<int:case_id>/recommendations/",
        case_add_recommendation,
        name="case-add-recommendation",
    ),
    path("cases/<int:case_id>/history/", case_history, name="case-history"),
    path(
        "recommendations/<int:recommendation_id>/act/",
        recommendation_act,
        name="recommendation-act",
    ),
    path("recommendations/overdue/", recommendation_overdue, name="recommendation-overdue"),
]
