"""Reception session screens: the list with filters and totals, the session with the matters raised
at it, entry and correction, naming the people received, and the deliberate, audited reveal of
their names and addresses."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from common.forms import attach_errors
from common.types import AuthedRequest
from common.xlsx import workbook, xlsx_response
from petitions import excel, services
from petitions.forms import SessionFilterForm, SessionForm, VisitorForm
from petitions.models import CitizenMatter, ReceptionSession
from petitions.queries import (
    MANAGE_PERM,
    PERSONAL_DATA_PERM,
    committees_for,
    get_session_for_user,
    notice_status,
    require_reception,
    sessions_for_user,
    visitors_of,
)
from petitions.views.base import PAGE_SIZE, filter_list, today

K = ReceptionSession.Kind


def _filtered(request: AuthedRequest) -> tuple[Any, QuerySet[ReceptionSession], Any]:
    require_reception(request.user)
    form, sessions, period, _committee = filter_list(
        request, SessionFilterForm, sessions_for_user(request.user), "held_on"
    )
    if form.is_valid() and form.cleaned_data["kind"]:
        sessions = sessions.filter(kind=form.cleaned_data["kind"])
    return form, sessions, period


@login_required
def session_list(request: AuthedRequest) -> HttpResponse:
    """Sessions of the committees in scope, filtered by committee, period and kind, with totals."""
    form, sessions, period = _filtered(request)
    totals = sessions.aggregate(
        sessions=Count("pk"),
        periodic=Count("pk", filter=Q(kind=K.DINH_KY)),
        adhoc=Count("pk", filter=Q(kind=K.DOT_XUAT)),
        turns=Sum("visitor_count"),
    )
    totals["matters"] = CitizenMatter.objects.filter(session__in=sessions.values("pk")).count()
    page = Paginator(sessions.annotate(matter_count=Count("matters")), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "period": period,
        "totals": totals,
        "can_manage": committees_for(request.user, MANAGE_PERM).exists(),
        "query": request.GET.urlencode(),
    }
    return render(request, "petitions/session_list.html", context)


@login_required
def session_xlsx(request: AuthedRequest) -> HttpResponse:
    """The filtered sessions as an xlsx sheet (no personal data)."""
    _form, sessions, period = _filtered(request)
    notes = [period.label if period else _("Mọi kỳ")]
    sheet = excel.sessions_sheet(sessions.annotate(matter_count=Count("matters")), notes)
    return xlsx_response(workbook([sheet]), "phien-tiep-dan")


def _session_form_units(request: AuthedRequest) -> QuerySet[Any]:
    units = committees_for(request.user, MANAGE_PERM)
    if not units.exists():
        raise PermissionDenied
    return units


@login_required
def session_create(request: AuthedRequest) -> HttpResponse:
    """Record a reception day of a committee the person manages."""
    require_reception(request.user)
    units = _session_form_units(request)
    initial = {
        "held_on": today(),
        "host_role": ReceptionSession.HostRole.BI_THU,
        "kind": K.DINH_KY,
        "visitor_count": 0,
    }
    form = SessionForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.record_session(
                form.cleaned_data["unit"], actor=request.user, **form.session_fields()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã ghi phiên tiếp dân."))
            return redirect("petitions:session-detail", session.pk)
    return render(request, "petitions/session_form.html", {"form": form, "session": None})


@login_required
def session_edit(request: AuthedRequest, session_id: int) -> HttpResponse:
    """Correct a session; someone else's save in between gives the conflict message."""
    session = get_session_for_user(request.user, session_id, action="manage")
    initial = {
        name: getattr(session, name)
        for name in (
            "host_name",
            "host_role",
            "held_on",
            "kind",
            "place",
            "visitor_count",
            "note",
            "version",
        )
    }
    form = SessionForm(request.POST or None, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(
                session,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **form.session_fields(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã lưu phiên tiếp dân."))
            return redirect("petitions:session-detail", session.pk)
    return render(request, "petitions/session_form.html", {"form": form, "session": session})


@login_required
def session_detail(request: AuthedRequest, session_id: int) -> HttpResponse:
    """A session: its facts, the matters raised at it; names only behind the reveal button."""
    session = get_session_for_user(request.user, session_id)
    day = today()
    matters = [(m, notice_status(m, day)) for m in session.matters.order_by("received_on", "pk")]
    can_manage = request.user.has_perm(MANAGE_PERM, session)
    can_see_names = request.user.has_perm(PERSONAL_DATA_PERM, session)
    context = {
        "session": session,
        "matters": matters,
        "can_manage": can_manage,
        "can_see_names": can_see_names,
        "can_add_visitor": can_manage and can_see_names,
    }
    return render(request, "petitions/session_detail.html", context)


@login_required
def session_visitors(request: AuthedRequest, session_id: int) -> HttpResponse:
    """Names and addresses of the people received: GET asks, POST shows and records the read."""
    session = get_session_for_user(request.user, session_id)
    if not request.user.has_perm(PERSONAL_DATA_PERM, session):
        raise PermissionDenied
    context: dict[str, Any] = {"session": session, "shown": False}
    if request.method == "POST":
        context["visitors"] = visitors_of(request.user, session)
        context["shown"] = True
    response = render(request, "petitions/session_visitors.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def visitor_add(request: AuthedRequest, session_id: int) -> HttpResponse:
    """Write down the name and address of someone received (needs both reception capabilities)."""
    session = get_session_for_user(request.user, session_id, action="manage")
    if not request.user.has_perm(PERSONAL_DATA_PERM, session):
        raise PermissionDenied
    form = VisitorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_visitor(
                session,
                actor=request.user,
                full_name=form.cleaned_data["full_name"],
                address=form.cleaned_data["address"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã ghi tên người được tiếp."))
            if "again" in request.POST:
                return redirect("petitions:visitor-add", session.pk)
            return redirect("petitions:session-detail", session.pk)
    named = session.visitors.count()
    context = {"form": form, "session": session, "named": named}
    response = render(request, "petitions/visitor_form.html", context)
    response["Cache-Control"] = "no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("", session_list, name="session-list"),
    path("sessions/xlsx/", session_xlsx, name="session-xlsx"),
    path("sessions/new/", session_create, name="session-create"),
    path("sessions/<int:session_id>/", session_detail, name="session-detail"),
    path("sessions/<int:session_id>/edit/", session_edit, name="session-edit"),
    path("sessions/<int:session_id>/visitors/", session_visitors, name="session-visitors"),
    path("sessions/<int:session_id>/visitors/new/", visitor_add, name="visitor-add"),
]
