"""Citizens' matter screens: the list with filters, entry (from a session or directly), the matter
with its steps (route, written notice, answer, close) and deadlines, the petitioner's identity
behind a deliberate, audited reveal, and the overdue list by today's clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.forms import apply_form, attach_errors
from common.types import AuthedRequest
from common.xlsx import workbook, xlsx_response
from oversight.models import Letter, Rule
from oversight.rules import NoRuleInForce, rule_in_force
from petitions import excel, services
from petitions.forms import (
    MatterAnswerForm,
    MatterCloseForm,
    MatterFilterForm,
    MatterForm,
    MatterForwardForm,
    MatterNotifyForm,
    MatterRouteForm,
)
from petitions.models import CitizenMatter, MatterPetitioner, ReceptionSession
from petitions.queries import (
    MANAGE_PERM,
    PERSONAL_DATA_PERM,
    answer_overdue,
    answer_status,
    committees_for,
    get_matter_for_user,
    get_session_for_user,
    matters_for_user,
    notice_overdue,
    notice_status,
    overdue_only,
    petitioner_of,
    require_reception,
)
from petitions.views.base import PAGE_SIZE, filter_list, requested_committee, today

S = CitizenMatter.State
# Sessions offered when entering a matter: those of the last year.
SESSION_WINDOW = dt.timedelta(days=366)


def _filtered(request: AuthedRequest) -> tuple[Any, QuerySet[CitizenMatter], Any]:
    require_reception(request.user)
    form, matters, period, _committee = filter_list(
        request, MatterFilterForm, matters_for_user(request.user), "received_on"
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            matters = matters.filter(kind=data["kind"])
        if data["state"]:
            matters = matters.filter(state=data["state"])
        if data["overdue"]:
            matters = overdue_only(matters, today())
    return form, matters, period


@login_required
def matter_list(request: AuthedRequest) -> HttpResponse:
    """Matters of the committees in scope, filtered by kind, state, period and overdue."""
    form, matters, period = _filtered(request)
    day = today()
    page = Paginator(matters, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(m, notice_status(m, day), answer_status(m, day)) for m in page.object_list]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "period": period,
        "today": day,
        "can_manage": committees_for(request.user, MANAGE_PERM).exists(),
        "query": request.GET.urlencode(),
    }
    return render(request, "petitions/matter_list.html", context)


@login_required
def matter_xlsx(request: AuthedRequest) -> HttpResponse:
    """The filtered matters as an xlsx sheet; never the petitioners' identities."""
    _form, matters, period = _filtered(request)
    notes = [
        period.label if period else _("Mọi kỳ"),
        _("Không có thông tin cá nhân của công dân trong bảng này."),
    ]
    sheet = excel.matters_sheet(matters, notes, today())
    return xlsx_response(workbook([sheet]), "vu-viec-cong-dan")


@login_required
def matter_create(request: AuthedRequest) -> HttpResponse:
    """Register a matter, raised at a session (`?session=`) or received directly."""
    require_reception(request.user)
    units = committees_for(request.user, MANAGE_PERM)
    if not units.exists():
        raise PermissionDenied
    personal_data = request.user.has_perm(PERSONAL_DATA_PERM)
    sessions = (
        ReceptionSession.objects.filter(unit__in=units, held_on__gte=today() - SESSION_WINDOW)
        .select_related("unit")
        .order_by("-held_on", "-pk")
    )
    initial: dict[str, Any] = {"received_on": today()}
    from_session: ReceptionSession | None = None
    session_id = request.GET.get("session", "")
    if session_id:
        if not session_id.isdigit():
            raise Http404
        from_session = get_session_for_user(request.user, int(session_id), action="manage")
        sessions = sessions | ReceptionSession.objects.filter(pk=from_session.pk)
        initial.update(
            {
                "unit": from_session.unit,
                "session": from_session,
                "received_on": from_session.held_on,
            }
        )
    form = MatterForm(
        request.POST or None,
        units=units,
        sessions=sessions,
        personal_data=personal_data,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = data["unit"]
        names = {name: data.get(name, "") for name in MatterForm.PERSONAL_FIELDS}
        if any(value.strip() for value in names.values()) and not request.user.has_perm(
            PERSONAL_DATA_PERM, unit
        ):
            form.add_error(
                "petitioner_name",
                _("Bạn không được ghi thông tin cá nhân của công dân tại cấp ủy này."),
            )
        else:
            try:
                matter = services.receive_matter(
                    unit,
                    actor=request.user,
                    received_on=data["received_on"],
                    kind=data["kind"],
                    summary=data["summary"],
                    session=data["session"],
                    deadline=data["deadline"],
                    **names,
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Đã tiếp nhận vụ việc."))
                return redirect("petitions:matter-detail", matter.pk)
    context = {"form": form, "from_session": from_session}
    return render(request, "petitions/matter_form.html", context)


def _notice_rule(matter: CitizenMatter) -> Rule | None:
    try:
        return rule_in_force(services.NOTICE_RULE, matter.received_on)
    except NoRuleInForce:
        return None


def _letter_link(request: AuthedRequest, matter: CitizenMatter) -> str:
    """The commission's letter the matter went to, for people who may open it."""
    letter = matter.letter
    if letter is None or not request.user.has_perm("accounts.view_oversight", letter):
        return ""
    return reverse("oversight:letter-detail", args=[letter.pk])


def _matter_page(request: AuthedRequest, matter: CitizenMatter, **bound: Any) -> HttpResponse:
    """The matter's file; `bound` replaces a form with the one just submitted, errors and all."""
    day = today()
    initial = {"version": matter.version}
    rule = _notice_rule(matter)
    context: dict[str, Any] = {
        "matter": matter,
        "today": day,
        "notice": notice_status(matter, day),
        "answer": answer_status(matter, day),
        "notice_rule": rule,
        "can_manage": request.user.has_perm(MANAGE_PERM, matter),
        "can_see_petitioner": request.user.has_perm(PERSONAL_DATA_PERM, matter),
        "can_route": matter.state == S.TIEP_NHAN,
        "can_notify": matter.notified_on is None and matter.state != S.DA_DONG,
        "can_answer": matter.state == S.DA_CHUYEN_XU_LY,
        "can_close": matter.state == S.DA_TRA_LOI,
        "can_forward": matter.state == S.TIEP_NHAN and matter.letter_id is None,
        "letter_link": _letter_link(request, matter),
        "forward_form": MatterForwardForm(
            initial={
                **initial,
                "forwarded_on": day,
                "naming": Letter.Naming.CO_TEN
                if MatterPetitioner.objects.filter(matter=matter).exists()
                else Letter.Naming.GIAU_TEN,
            }
        ),
        "route_form": MatterRouteForm(
            initial={**initial, "routed_on": day, "deadline": matter.deadline}
        ),
        "notify_form": MatterNotifyForm(initial={**initial, "notified_on": day}),
        "answer_form": MatterAnswerForm(initial={**initial, "answered_on": day}),
        "close_form": MatterCloseForm(initial=initial),
    }
    context.update(bound)
    return render(request, "petitions/matter_detail.html", context)


@login_required
def matter_detail(request: AuthedRequest, matter_id: int) -> HttpResponse:
    """A matter: its facts, deadlines by the rule and the clock, and the action forms."""
    return _matter_page(request, get_matter_for_user(request.user, matter_id))


def _done(request: AuthedRequest, matter: CitizenMatter, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("petitions:matter-detail", matter.pk)


@require_POST
@login_required
def matter_route(request: AuthedRequest, matter_id: int) -> HttpResponse:
    matter = get_matter_for_user(request.user, matter_id, action="manage")
    form = MatterRouteForm(request.POST)
    if apply_form(
        form,
        matter,
        lambda data: services.route_matter(
            matter,
            actor=request.user,
            routed_to=data["routed_to"],
            routed_on=data["routed_on"],
            deadline=data["deadline"],
            expected_version=data["version"],
        ),
    ):
        return _done(request, matter, _("Đã chuyển, chỉ đạo xử lý vụ việc."))
    return _matter_page(request, matter, route_form=form)


@require_POST
@login_required
def matter_forward(request: AuthedRequest, matter_id: int) -> HttpResponse:
    """Hand the matter to the inspection commission's letter book; copying the petitioner's
    identity there needs the personal-data capability too."""
    matter = get_matter_for_user(request.user, matter_id, action="manage")
    has_petitioner = MatterPetitioner.objects.filter(matter=matter).exists()
    if has_petitioner and not request.user.has_perm(PERSONAL_DATA_PERM, matter):
        raise PermissionDenied
    form = MatterForwardForm(request.POST)
    if apply_form(
        form,
        matter,
        lambda data: services.forward_to_inspection(
            matter,
            actor=request.user,
            forwarded_on=data["forwarded_on"],
            naming=data["naming"],
            expected_version=data["version"],
        ),
    ):
        return _done(request, matter, _("Đã chuyển vụ việc vào sổ đơn, thư của Ủy ban Kiểm tra."))
    return _matter_page(request, matter, forward_form=form)


@require_POST
@login_required
def matter_notify(request: AuthedRequest, matter_id: int) -> HttpResponse:
    matter = get_matter_for_user(request.user, matter_id, action="manage")
    form = MatterNotifyForm(request.POST)
    if apply_form(
        form,
        matter,
        lambda data: services.notify_citizen(
            matter,
            actor=request.user,
            notified_on=data["notified_on"],
            expected_version=data["version"],
        ),
    ):
        return _done(request, matter, _("Đã ghi nhận thông báo bằng văn bản cho công dân."))
    return _matter_page(request, matter, notify_form=form)


@require_POST
@login_required
def matter_answer(request: AuthedRequest, matter_id: int) -> HttpResponse:
    matter = get_matter_for_user(request.user, matter_id, action="manage")
    form = MatterAnswerForm(request.POST)
    if apply_form(
        form,
        matter,
        lambda data: services.answer_matter(
            matter,
            actor=request.user,
            answered_on=data["answered_on"],
            result=data["result"],
            expected_version=data["version"],
        ),
    ):
        return _done(request, matter, _("Đã ghi nhận trả lời công dân."))
    return _matter_page(request, matter, answer_form=form)


@require_POST
@login_required
def matter_close(request: AuthedRequest, matter_id: int) -> HttpResponse:
    matter = get_matter_for_user(request.user, matter_id, action="manage")
    form = MatterCloseForm(request.POST)
    if apply_form(
        form,
        matter,
        lambda data: services.close_matter(
            matter, actor=request.user, expected_version=data["version"]
        ),
    ):
        return _done(request, matter, _("Đã kết thúc vụ việc."))
    return _matter_page(request, matter, close_form=form)


@login_required
def matter_petitioner(request: AuthedRequest, matter_id: int) -> HttpResponse:
    """Who raised the matter: GET asks, POST shows it and records the read."""
    matter = get_matter_for_user(request.user, matter_id)
    if not request.user.has_perm(PERSONAL_DATA_PERM, matter):
        raise PermissionDenied
    context: dict[str, Any] = {"matter": matter, "shown": False}
    if request.method == "POST":
        context["petitioner"] = petitioner_of(request.user, matter)
        context["shown"] = True
    response = render(request, "petitions/matter_petitioner.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def overdue(request: AuthedRequest) -> HttpResponse:
    """Open matters whose written notice or answer is late today, with the days late."""
    require_reception(request.user)
    day = today()
    matters = matters_for_user(request.user)
    committee = requested_committee(request)
    if committee is not None:
        matters = matters.filter(unit__path__startswith=committee.path)
    notices = [(m, (day - m.notice_due_on).days) for m in notice_overdue(matters, day)]
    answers = [
        (m, (day - m.deadline).days) for m in answer_overdue(matters, day) if m.deadline is not None
    ]
    context = {"today": day, "notices": notices, "answers": answers, "committee": committee}
    return render(request, "petitions/matter_overdue.html", context)


urlpatterns: list[URLPattern] = [
    path("matters/", matter_list, name="matter-list"),
    path("matters/xlsx/", matter_xlsx, name="matter-xlsx"),
    path("matters/overdue/", overdue, name="overdue"),
    path("matters/new/", matter_create, name="matter-create"),
    path("matters/<int:matter_id>/", matter_detail, name="matter-detail"),
    path("matters/<int:matter_id>/route/", matter_route, name="matter-route"),
    path("matters/<int:matter_id>/forward/", matter_forward, name="matter-forward"),
    path("matters/<int:matter_id>/forward/", matter_forward, name="matter-forward"),
    path("matters/<int:matter_id>/notify/", matter_notify, name="matter-notify"),
    path("matters/<int:matter_id>/answer/", matter_answer, name="matter-answer"),
    path("matters/<int:matter_id>/close/", matter_close, name="matter-close"),
    path("matters/<int:matter_id>/petitioner/", matter_petitioner, name="matter-petitioner"),
]
