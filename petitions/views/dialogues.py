"""Dialogue screens: the list with filters and totals, entry, correction and the dialogue itself."""

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
from petitions.forms import DialogueFilterForm, DialogueForm
from petitions.models import Dialogue
from petitions.queries import (
    MANAGE_PERM,
    committees_for,
    dialogues_for_user,
    get_dialogue_for_user,
    require_reception,
)
from petitions.views.base import PAGE_SIZE, filter_list, today

K = Dialogue.Kind
FIELDS = ("held_on", "topic", "host", "kind", "participant_count", "commitments")


def _filtered(request: AuthedRequest) -> tuple[Any, QuerySet[Dialogue], Any]:
    require_reception(request.user)
    form, dialogues, period, _committee = filter_list(
        request, DialogueFilterForm, dialogues_for_user(request.user), "held_on"
    )
    if form.is_valid() and form.cleaned_data["kind"]:
        dialogues = dialogues.filter(kind=form.cleaned_data["kind"])
    return form, dialogues, period


@login_required
def dialogue_list(request: AuthedRequest) -> HttpResponse:
    """Dialogues of the committees in scope, filtered by committee, period and kind, with totals."""
    form, dialogues, period = _filtered(request)
    totals = dialogues.aggregate(
        dialogues=Count("pk"),
        periodic=Count("pk", filter=Q(kind=K.DINH_KY)),
        adhoc=Count("pk", filter=Q(kind=K.DOT_XUAT)),
        participants=Sum("participant_count"),
    )
    page = Paginator(dialogues, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "period": period,
        "totals": totals,
        "can_manage": committees_for(request.user, MANAGE_PERM).exists(),
        "query": request.GET.urlencode(),
    }
    return render(request, "petitions/dialogue_list.html", context)


@login_required
def dialogue_xlsx(request: AuthedRequest) -> HttpResponse:
    """The filtered dialogues as an xlsx sheet."""
    _form, dialogues, period = _filtered(request)
    sheet = excel.dialogues_sheet(dialogues, [period.label if period else _("Mọi kỳ")])
    return xlsx_response(workbook([sheet]), "doi-thoai")


@login_required
def dialogue_create(request: AuthedRequest) -> HttpResponse:
    """Record a dialogue of a committee the person manages."""
    require_reception(request.user)
    units = committees_for(request.user, MANAGE_PERM)
    if not units.exists():
        raise PermissionDenied
    initial = {"held_on": today(), "kind": K.DINH_KY, "participant_count": 0}
    form = DialogueForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = services.record_dialogue(
                form.cleaned_data["unit"], actor=request.user, **form.dialogue_fields()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã ghi cuộc đối thoại."))
            return redirect("petitions:dialogue-detail", dialogue.pk)
    return render(request, "petitions/dialogue_form.html", {"form": form, "dialogue": None})


@login_required
def dialogue_edit(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    """Correct a dialogue; someone else's save in between gives the conflict message."""
    dialogue = get_dialogue_for_user(request.user, dialogue_id, action="manage")
    initial = {name: getattr(dialogue, name) for name in (*FIELDS, "version")}
    form = DialogueForm(request.POST or None, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_dialogue(
                dialogue,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **form.dialogue_fields(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã lưu cuộc đối thoại."))
            return redirect("petitions:dialogue-detail", dialogue.pk)
    return render(request, "petitions/dialogue_form.html", {"form": form, "dialogue": dialogue})


@login_required
def dialogue_detail(request: AuthedRequest, dialogue_id: int) -> HttpResponse:
    dialogue = get_dialogue_for_user(request.user, dialogue_id)
    context = {"dialogue": dialogue, "can_manage": request.user.has_perm(MANAGE_PERM, dialogue)}
    return render(request, "petitions/dialogue_detail.html", context)


urlpatterns: list[URLPattern] = [
    path("dialogues/", dialogue_list, name="dialogue-list"),
    path("dialogues/xlsx/", dialogue_xlsx, name="dialogue-xlsx"),
    path("dialogues/new/", dialogue_create, name="dialogue-create"),
    path("dialogues/<int:dialogue_id>/", dialogue_detail, name="dialogue-detail"),
    path("dialogues/<int:dialogue_id>/edit/", dialogue_edit, name="dialogue-edit"),
]
