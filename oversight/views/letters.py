"""Letter and denunciation screens: the letter book, receiving, classifying and routing a letter,
the sender's identity (deliberate and audited), denunciations with their steps and deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.queries import units_visible_to
from common.forms import attach_errors
from common.types import AuthedRequest
from oversight.forms.letters import (
    DenunciationActForm,
    DenunciationConcludeForm,
    DenunciationDisciplineForm,
    DenunciationExtendForm,
    DenunciationFilterForm,
    DenunciationNotifyForm,
    LetterAnswerForm,
    LetterClassifyForm,
    LetterFilterForm,
    LetterReceiveForm,
    LetterRouteForm,
)
from oversight.models import Denunciation, DisciplineDecision, Letter
from oversight.queries.letters import (
    MANAGE_PERM,
    VIEW_PERM,
    denunciation_deadline_status,
    denunciations_for_user,
    get_denunciation_for_user,
    get_letter_for_user,
    letter_deadline_status,
    letters_for_user,
    overdue_denunciations,
    overdue_letters,
    require_oversight,
)
from oversight.services import denunciations as denunciation_services
from oversight.services import letters as services
from oversight.workflow.machines import DENUNCIATION, LETTER

PAGE_SIZE = 50
SIMPLE_DENUNCIATION_ACTIONS = tuple(
    a for a in DENUNCIATION.actions if a not in denunciation_services.SPECIAL_ACTIONS
)


def _today() -> dt.date:
    return timezone.localdate()


# --- letters ---------------------------------------------------------------------------------


@login_required
def letter_list(request: AuthedRequest) -> HttpResponse:
    """The letter book of the organisations in scope, filtered and paginated; no identities."""
    require_oversight(request.user)
    today = _today()
    form = LetterFilterForm(request.GET or None, states=LETTER.states.items())
    letters = letters_for_user(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            letters = letters.filter(received_on__year=data["year"])
        if data["kind"]:
            letters = letters.filter(kind=data["kind"])
        if data["naming"]:
            letters = letters.filter(naming=data["naming"])
        if data["state"]:
            letters = letters.filter(state=data["state"])
        if data["overdue"]:
            letters = overdue_letters(letters, today)
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (letter, letter_deadline_status(letter, today), LETTER.state_label(letter.state))
        for letter in page.object_list
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "today": today,
        "can_manage": request.user.has_perm(MANAGE_PERM),
    }
    return render(request, "oversight/letter_list.html", context)


@login_required
def letter_create(request: AuthedRequest) -> HttpResponse:
    """Register a received letter; the sender's identity goes to its own protected record."""
    require_oversight(request.user)
    units = units_visible_to(request.user, MANAGE_PERM)
    if not units.exists():
        raise PermissionDenied
    form = LetterReceiveForm(
        request.POST or None,
        units=units,
        accused_units=units_visible_to(request.user, VIEW_PERM),
        initial={"received_on": _today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            letter = services.receive_letter(
                data["unit"],
                actor=request.user,
                received_on=data["received_on"],
                source=data["source"],
                sender_kind=data["sender_kind"],
                naming=data["naming"],
                summary=data["summary"],
                number=data["number"],
                accused_unit=data["accused_unit"],
                accused_name=data["accused_name"],
                accused_level=data["accused_level"],
                sender_full_name=data["sender_full_name"],
                sender_address=data["sender_address"],
                sender_phone=data["sender_phone"],
                sender_note=data["sender_note"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã vào sổ đơn số %s.") % letter.number)
            return redirect("oversight:letter-detail", letter.pk)
    return render(request, "oversight/letter_form.html", {"form": form})


def _decisions(request: AuthedRequest, letter: Letter) -> QuerySet[DisciplineDecision]:
    return DisciplineDecision.objects.filter(discipline_case__unit=letter.unit).select_related(
        "discipline_case"
    )


def _letter_page(request: AuthedRequest, letter: Letter, **bound: Any) -> HttpResponse:
    """The letter's file; `bound` replaces a form with the one just submitted, errors and all."""
    today = _today()
    initial = {"version": letter.version}
    denunciation = Denunciation.objects.filter(letter=letter).first()
    context: dict[str, Any] = {
        "letter": letter,
        "status": letter_deadline_status(letter, today),
        "state_label": LETTER.state_label(letter.state),
        "allowed": LETTER.allowed_actions(letter.state),
        "denunciation": denunciation,
        "complaints": letter.discipline_complaints.all(),
        "can_manage": request.user.has_perm(MANAGE_PERM, letter),
        "can_see_identity": request.user.has_perm(services.IDENTITY_PERM, letter),
        "classify_form": LetterClassifyForm(
            initial={
                **initial,
                "accused_unit": letter.accused_unit_id,
                "accused_name": letter.accused_name,
                "accused_level": letter.accused_level,
                "competent_received_on": letter.received_on,
            },
            units=units_visible_to(request.user, VIEW_PERM),
            decisions=_decisions(request, letter),
        ),
        "route_form": LetterRouteForm(initial=initial),
        "answer_form": LetterAnswerForm(initial={**initial, "answered_on": today}),
    }
    context.update(bound)
    return render(request, "oversight/letter_detail.html", context)


@login_required
def letter_detail(request: AuthedRequest, letter_id: int) -> HttpResponse:
    """A letter's file; reading it is recorded."""
    letter = get_letter_for_user(request.user, letter_id)
    services.record_letter_viewed(letter, actor=request.user)
    return _letter_page(request, letter)


def _letter_done(request: AuthedRequest, letter: Letter, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("oversight:letter-detail", letter.pk)


@require_POST
@login_required
def letter_classify(request: AuthedRequest, letter_id: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, letter_id, action="manage")
    form = LetterClassifyForm(
        request.POST,
        units=units_visible_to(request.user, VIEW_PERM),
        decisions=_decisions(request, letter),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.classify_letter(
                letter,
                actor=request.user,
                kind=data["kind"],
                competence=data["competence"],
                handling=data["handling"],
                keep_as_information=data["keep_as_information"],
                decision=data["decision"],
                competent_received_on=data["competent_received_on"],
                accused_unit=data["accused_unit"],
                accused_name=data["accused_name"],
                accused_party_cell=data["accused_party_cell"],
                accused_is_committee_member=data["accused_is_committee_member"],
                accused_level=data["accused_level"],
                related_to_congress=data["related_to_congress"],
                congress_opens_on=data["congress_opens_on"],
                deadline=data["deadline"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            letter.refresh_from_db()
        else:
            return _letter_done(request, letter, _("Đã phân loại, vào sổ đơn."))
    return _letter_page(request, letter, classify_form=form)


@require_POST
@login_required
def letter_route(request: AuthedRequest, letter_id: int) -> HttpResponse:
    """Assign, transfer, guide or keep a classified letter, as its handling says."""
    letter = get_letter_for_user(request.user, letter_id, action="manage")
    form = LetterRouteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        common = {"actor": request.user, "expected_version": data["version"]}
        try:
            if data["action"] == "giao_xu_ly":
                services.assign_letter(
                    letter, assigned_to=data["assigned_to"], deadline=data["deadline"], **common
                )
            elif data["action"] == "chuyen":
                services.transfer_letter(letter, transferred_to=data["transferred_to"], **common)
            elif data["action"] == "huong_dan":
                services.guide_letter(letter, note=data["note"], **common)
            else:
                services.file_letter(letter, note=data["note"], **common)
        except ValidationError as error:
            attach_errors(form, error)
            letter.refresh_from_db()
        else:
            return _letter_done(request, letter, _("Đã cập nhật xử lý đơn."))
    return _letter_page(request, letter, route_form=form)


@require_POST
@login_required
def letter_answer(request: AuthedRequest, letter_id: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, letter_id, action="manage")
    form = LetterAnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_letter(
                letter,
                actor=request.user,
                answered_on=data["answered_on"],
                result=data["result"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            letter.refresh_from_db()
        else:
            return _letter_done(request, letter, _("Đã ghi nhận trả lời người gửi."))
    return _letter_page(request, letter, answer_form=form)


@login_required
def letter_sender(request: AuthedRequest, letter_id: int) -> HttpResponse:
    """The sender's identity: GET asks for confirmation, POST shows it and records the read."""
    letter = get_letter_for_user(request.user, letter_id)
    context: dict[str, Any] = {"letter": letter, "shown": False}
    if request.method == "POST":
        context["sender"] = services.read_sender(request.user, letter)
        context["shown"] = True
    elif not request.user.has_perm(services.IDENTITY_PERM, letter):
        services.read_sender(request.user, letter)  # raises PermissionDenied
    response = render(request, "oversight/letter_sender.html", context)
    response["Cache-Control"] = "no-store"
    return response


# --- denunciations ---------------------------------------------------------------------------


@login_required
def denunciation_list(request: AuthedRequest) -> HttpResponse:
    """Denunciations of the organisations in scope with their time limits."""
    require_oversight(request.user)
    today = _today()
    form = DenunciationFilterForm(request.GET or None, states=DENUNCIATION.states.items())
    denunciations = denunciations_for_user(request.user)
    items: Any = denunciations
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            denunciations = denunciations.filter(received_on__year=data["year"])
        if data["state"]:
            denunciations = denunciations.filter(state=data["state"])
        items = denunciations
        if data["overdue"]:
            items = overdue_denunciations(denunciations, today)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (d, denunciation_deadline_status(d, today), DENUNCIATION.state_label(d.state))
        for d in page.object_list
    ]
    context = {"form": form, "page": page, "rows": rows, "today": today}
    return render(request, "oversight/denunciation_list.html", context)


@login_required
def denunciation_overdue(request: AuthedRequest) -> HttpResponse:
    """Denunciations past their time limit, by the clock, with the letters past theirs."""
    require_oversight(request.user)
    today = _today()
    context = {
        "today": today,
        "denunciations": [
            (d, (today - d.deadline).days if d.deadline else 0)
            for d in overdue_denunciations(denunciations_for_user(request.user), today)
        ],
        "letters": overdue_letters(letters_for_user(request.user), today).order_by("deadline"),
    }
    return render(request, "oversight/denunciation_overdue.html", context)


def _denunciation_page(
    request: AuthedRequest, denunciation: Denunciation, **bound: Any
) -> HttpResponse:
    today = _today()
    initial = {"version": denunciation.version}
    allowed = DENUNCIATION.allowed_actions(denunciation.state)
    context: dict[str, Any] = {
        "denunciation": denunciation,
        "letter": denunciation.letter,
        "state_label": DENUNCIATION.state_label(denunciation.state),
        "status": denunciation_deadline_status(denunciation, today),
        "simple_actions": [
            (a, DENUNCIATION.action_label(a)) for a in allowed if a in SIMPLE_DENUNCIATION_ACTIONS
        ],
        "reason_actions": denunciation_services.REASON_ACTIONS,
        "can_extend": "gia_han" in allowed and not denunciation.extended,
        "can_conclude": "ket_luan" in allowed,
        "can_notify": "thong_bao" in allowed,
        "can_open_discipline": denunciation.discipline_required
        and denunciation.state in denunciation_services.CONCLUDED_STATES
        and not denunciation.discipline_cases.exists(),
        "discipline_cases": denunciation.discipline_cases.all(),
        "proposes_postponement": denunciation.related_to_congress and "tam_hoan_dai_hoi" in allowed,
        "can_manage": request.user.has_perm(MANAGE_PERM, denunciation),
        "act_form": DenunciationActForm(initial=initial),
        "extend_form": DenunciationExtendForm(initial=initial),
        "conclude_form": DenunciationConcludeForm(initial={**initial, "concluded_on": today}),
        "notify_form": DenunciationNotifyForm(initial={**initial, "notified_on": today}),
        "discipline_form": DenunciationDisciplineForm(initial={"opened_on": today}),
    }
    context.update(bound)
    return render(request, "oversight/denunciation_detail.html", context)


@login_required
def denunciation_detail(request: AuthedRequest, denunciation_id: int) -> HttpResponse:
    """A denunciation's file; reading it is recorded."""
    denunciation = get_denunciation_for_user(request.user, denunciation_id)
    denunciation_services.record_denunciation_viewed(denunciation, actor=request.user)
    return _denunciation_page(request, denunciation)


def _denunciation_done(request: AuthedRequest, denunciation: Denunciation) -> HttpResponse:
    messages.success(
        request,
        _("Đã cập nhật vụ tố cáo: %s.") % DENUNCIATION.state_label(denunciation.state),
    )
    return redirect("oversight:denunciation-detail", denunciation.pk)


@require_POST
@login_required
def denunciation_act(request: AuthedRequest, denunciation_id: int) -> HttpResponse:
    denunciation = get_denunciation_for_user(request.user, denunciation_id, action="manage")
    form = DenunciationActForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            denunciation_services.act_on_denunciation(
                denunciation,
                data["action"],
                actor=request.user,
                reason=data["reason"],
                on=data["on"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            denunciation.refresh_from_db()
        else:
            return _denunciation_done(request, denunciation)
    return _denunciation_page(request, denunciation, act_form=form)


@require_POST
@login_required
def denunciation_extend(request: AuthedRequest, denunciation_id: int) -> HttpResponse:
    denunciation = get_denunciation_for_user(request.user, denunciation_id, action="manage")
    form = DenunciationExtendForm(request.POST)
    if form.is_valid():
        try:
            denunciation_services.extend_denunciation(
                denunciation,
                actor=request.user,
                new_deadline=form.cleaned_data["new_deadline"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            denunciation.refresh_from_db()
        else:
            return _denunciation_done(request, denunciation)
    return _denunciation_page(request, denunciation, extend_form=form)


@require_POST
@login_required
def denunciation_conclude(request: AuthedRequest, denunciation_id: int) -> HttpResponse:
    denunciation = get_denunciation_for_user(request.user, denunciation_id, action="manage")
    form = DenunciationConcludeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            denunciation_services.conclude_denunciation(
                denunciation,
                actor=request.user,
                result=data["result"],
                concluded_on=data["concluded_on"],
                has_violation=data["has_violation"],
                discipline_required=data["discipline_required"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            denunciation.refresh_from_db()
        else:
            return _denunciation_done(request, denunciation)
    return _denunciation_page(request, denunciation, conclude_form=form)


@require_POST
@login_required
def denunciation_notify(request: AuthedRequest, denunciation_id: int) -> HttpResponse:
    denunciation = get_denunciation_for_user(request.user, denunciation_id, action="manage")
    form = DenunciationNotifyForm(request.POST)
    if form.is_valid():
        try:
            denunciation_services.notify_denouncer(
                denunciation,
                actor=request.user,
                notified_on=form.cleaned_data["notified_on"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            denunciation.refresh_from_db()
        else:
            return _denunciation_done(request, denunciation)
    return _denunciation_page(request, denunciation, notify_form=form)


@require_POST
@login_required
def denunciation_discipline(request: AuthedRequest, denunciation_id: int) -> HttpResponse:
    """Open the discipline case a concluded denunciation calls for."""
    denunciation = get_denunciation_for_user(request.user, denunciation_id, action="manage")
    form = DenunciationDisciplineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            denunciation_services.open_discipline_from_denunciation(
                denunciation,
                actor=request.user,
                violation_on=data["violation_on"],
                opened_on=data["opened_on"],
                prospective_form=data["prospective_form"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã mở vụ thi hành kỷ luật từ kết luận tố cáo."))
            return redirect("oversight:denunciation-detail", denunciation.pk)
    return _denunciation_page(request, denunciation, discipline_form=form)


urlpatterns: list[URLPattern] = [
    path("letters/", letter_list, name="letter-list"),
    path("letters/new/", letter_create, name="letter-create"),
    path("letters/<int:letter_id>/", letter_detail, name="letter-detail"),
    path("letters/<int:letter_id>/classify/", letter_classify, name="letter-classify"),
    path("letters/<int:letter_id>/route/", letter_route, name="letter-route"),
    path("letters/<int:letter_id>/answer/", letter_answer, name="letter-answer"),
    path("letters/<int:letter_id>/sender/", letter_sender, name="letter-sender"),
    path("denunciations/", denunciation_list, name="denunciation-list"),
    path("denunciations/overdue/", denunciation_overdue, name="denunciation-overdue"),
    path("denunciations/<int:denunciation_id>/", denunciation_detail, name="denunciation-detail"),
    path("denunciations/<int:denunciation_id>/act/", denunciation_act, name="denunciation-act"),
    path(
        "denunciations/<int:denunciation_id>/extend/",
        denunciation_extend,
        name="denunciation-extend",
    ),
    path(
        "denunciations/<int:denunciation_id>/conclude/",
        denunciation_conclude,
        name="denunciation-conclude",
    ),
    path(
        "denunciations/<int:denunciation_id>/notify/",
        denunciation_notify,
        name="denunciation-notify",
    ),
    path(
        "denunciations/<int:denunciation_id>/discipline/",
        denunciation_discipline,
        name="denunciation-discipline",
    ),
]
