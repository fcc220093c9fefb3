"""Model (mô hình) screens: the register of an area with filters, counts per field and per unit
below for a period, a model's page and history, entry and correction, and xlsx downloads.

Seen by people holding accounts.view_movements on the model's unit (or above it); written by
people holding accounts.manage_movements there. Anyone else gets 404; a reader opening a writing
page gets 403. The area comes from `?unit_id=` (else the page picker's unit), administrative or
Party; the period from the page picker (`?period=`) unless a year range is given.
"""

from __future__ import annotations

from dataclasses import dataclass
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

from accounts.queries import chooser_units, pick_unit, units_visible_to
from audit.queries import history_of
from common.forms import attach_errors
from common.periods import period_choices
from common.types import AuthedRequest
from common.xlsx import Sheet, workbook, xlsx_response
from movements import queries, services
from movements.forms import (
    MEASURE_LABELS,
    CountsForm,
    ModelFilterForm,
    MovementModelForm,
    initial_of,
)
from movements.models import MovementModel
from movements.queries import MANAGE_PERM, VIEW_PERM
from units.models import Unit

PAGE_SIZE = 50
FIELD_LABELS = [str(label) for _value, label in MovementModel.Field.choices]


def _area(request: AuthedRequest) -> tuple[Unit, QuerySet[Unit]]:
    """The chosen area (404 outside the user's scope) and the candidates of the chooser."""
    queries.require_movements(request.user)
    candidates = queries.areas_for_user(request.user)
    area = pick_unit(request.GET.get("unit_id", ""), candidates, request.picker.unit)
    return area, candidates


# --- the register ----------------------------------------------------------------------------


def _filtered(request: AuthedRequest, area: Unit) -> tuple[ModelFilterForm, Any]:
    form = ModelFilterForm(request.GET or None)
    models = queries.models_in(area).filter(unit__in=units_visible_to(request.user, VIEW_PERM))
    if form.is_valid():
        data = form.cleaned_data
        models = queries.filter_models(
            models,
            field=data["field"],
            status=data["status"],
            year_from=data["year_from"],
            year_to=data["year_to"],
            search=data["q"],
        )
    elif form.is_bound:
        models = models.none()
    return form, models


@login_required
def model_list(request: AuthedRequest) -> HttpResponse:
    """The models of the chosen area and every unit below it, filtered and paginated."""
    area, candidates = _area(request)
    form, models = _filtered(request, area)
    page = Paginator(models, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "area": area,
        "areas": chooser_units(candidates, area),
        "form": form,
        "page": page,
        "can_manage": units_visible_to(request.user, MANAGE_PERM).exists(),
    }
    return render(request, "movements/movementmodel_list.html", context)


def _list_rows(models: Any) -> list[list[Any]]:
    return [
        [
            position,
            model.name,
            model.unit.name,
            model.get_field_display(),
            model.recognised_year,
            model.recognised_by,
            model.get_status_display(),
            model.description,
        ]
        for position, model in enumerate(models, 1)
    ]


@login_required
def model_list_xlsx(request: AuthedRequest) -> HttpResponse:
    """The same list as the page (every page of it) as an xlsx sheet."""
    area, _candidates = _area(request)
    form, models = _filtered(request, area)
    notes = [_("Địa bàn: %(area)s (gồm các đơn vị trực thuộc).") % {"area": area.name}]
    if form.is_valid():
        data = form.cleaned_data
        chosen = [
            (_("Lĩnh vực"), dict(MovementModel.Field.choices).get(data["field"], "")),
            (_("Tình trạng"), dict(MovementModel.Status.choices).get(data["status"], "")),
            (_("Công nhận từ năm"), data["year_from"] or ""),
            (_("đến năm"), data["year_to"] or ""),
            (_("Tìm"), data["q"]),
        ]
        shown = [f"{label}: {value}" for label, value in chosen if value]
        if shown:
            notes.append(_("Lọc theo: %(filters)s.") % {"filters": "; ".join(map(str, shown))})
    sheet = Sheet(
        title=_("Danh sách mô hình"),
        notes=notes,
        header=[
            _("STT"),
            _("Tên mô hình"),
            _("Đơn vị"),
            _("Lĩnh vực"),
            _("Năm được công nhận"),
            _("Cấp, cơ quan công nhận"),
            _("Tình trạng"),
            _("Mô tả"),
        ],
        rows=_list_rows(models),
        widths=[6, 45, 30, 18, 12, 30, 18, 40],
    )
    return xlsx_response(workbook([sheet]), f"mo-hinh-{area.name}")


# --- counts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start_year: int
    end_year: int
    label: str
    # A picker period shorter than a year counts the models of its whole year.
    widened: bool = False


def _span(request: AuthedRequest, form: CountsForm) -> Span:
    """The years counted: the year range typed on the page, else the picker's period."""
    today = timezone.localdate()
    if form.is_valid():
        first, last = form.cleaned_data["year_from"], form.cleaned_data["year_to"]
        if first is not None or last is not None:
            start = first if first is not None else services.EARLIEST_YEAR
            end = last if last is not None else max(start, today.year)
            if start == end:
                label = _("Năm %(year)s") % {"year": start}
            else:
                label = _("Từ năm %(first)s đến năm %(last)s") % {"first": start, "last": end}
            return Span(start, end, label)
    period = request.picker.period
    widened = period.kind not in ("year", "term")
    return Span(period.start.year, period.end.year, period.label, widened=widened)


def _counts(request: AuthedRequest) -> dict[str, Any]:
    area, candidates = _area(request)
    form = CountsForm(request.GET or None)
    span = _span(request, form)
    measure = (form.cleaned_data.get("measure") if form.is_valid() else "") or "recognised"
    counts = queries.model_counts(area, start_year=span.start_year, end_year=span.end_year)
    rows = queries.counts_by_unit(
        area, start_year=span.start_year, end_year=span.end_year, measure=measure
    )
    totals = [sum(row.cells[i] for row in rows) for i in range(len(FIELD_LABELS))]
    return {
        "area": area,
        "areas": chooser_units(candidates, area),
        "form": form,
        "span": span,
        "measure": measure,
        "measure_label": MEASURE_LABELS[measure],
        "counts": counts,
        "sentences": queries.count_sentences(area, counts, span.label),
        "rows": rows,
        "totals": totals,
        "grand_total": sum(totals),
        "field_labels": FIELD_LABELS,
    }


@login_required
def counts(request: AuthedRequest) -> HttpResponse:
    """Models per field for a period, and per unit directly below the area."""
    context = _counts(request)
    context["period_choices"] = period_choices(request.picker.period, timezone.localdate())
    return render(request, "movements/movementmodel_counts.html", context)


def _row_label(row: queries.UnitRow) -> str:
    if row.is_own:
        return _("Trực tiếp tại %(unit)s") % {"unit": row.unit.name}
    return row.unit.name


@login_required
def counts_xlsx(request: AuthedRequest) -> HttpResponse:
    """The counts of the page as an xlsx workbook: per field, then per unit below."""
    context = _counts(request)
    area: Unit = context["area"]
    span: Span = context["span"]
    counts: queries.ModelCounts = context["counts"]
    notes = [
        _("Địa bàn: %(area)s (gồm các đơn vị trực thuộc).") % {"area": area.name},
        _("Kỳ: %(label)s (năm %(first)s–%(last)s).")
        % {"label": span.label, "first": span.start_year, "last": span.end_year},
    ]
    by_field = Sheet(
        title=_("Theo lĩnh vực"),
        notes=notes + list(context["sentences"]),
        header=[
            _("Lĩnh vực"),
            _("Được công nhận trong kỳ"),
            _("Trong đó đang hoạt động"),
            _("Trong đó đã nhân rộng"),
            _("Hiện có trong sổ (mọi năm)"),
        ],
        rows=[
            [row.label, row.recognised, row.active, row.replicated, row.total]
            for row in counts.by_field
        ]
        + [[_("Tổng số"), counts.recognised, counts.active, counts.replicated, counts.total]],
        widths=[30, 18, 18, 18, 18],
    )
    by_unit = Sheet(
        title=_("Theo đơn vị"),
        notes=notes + [_("Số liệu: %(measure)s.") % {"measure": context["measure_label"]}],
        header=[_("Đơn vị"), *FIELD_LABELS, _("Tổng số")],
        rows=[[_row_label(row), *row.cells, row.total] for row in context["rows"]]
        + [[_("Tổng số"), *context["totals"], context["grand_total"]]],
    )
    return xlsx_response(workbook([by_field, by_unit]), f"so-luong-mo-hinh-{area.name}")


# --- one model -------------------------------------------------------------------------------


@login_required
def model_detail(request: AuthedRequest, model_id: int) -> HttpResponse:
    """A model's details, with a link to its history and, for writers, to the edit form."""
    model = queries.get_model_for_user(request.user, model_id)
    context = {"model": model, "can_manage": request.user.has_perm(MANAGE_PERM, model)}
    return render(request, "movements/movementmodel_detail.html", context)


@login_required
def model_history(request: AuthedRequest, model_id: int) -> HttpResponse:
    """Every recorded change of one model."""
    model = queries.get_model_for_user(request.user, model_id)
    return render(
        request, "audit/object_history.html", {"object": model, "events": history_of(model)[:500]}
    )


@login_required
def model_create(request: AuthedRequest) -> HttpResponse:
    """Record a model of a unit where the user may write."""
    queries.require_movements(request.user)
    units = units_visible_to(request.user, MANAGE_PERM)
    if not units.exists():
        raise PermissionDenied
    initial: dict[str, Any] = {"status": MovementModel.Status.DANG_DUY_TRI}
    requested = request.GET.get("unit_id", "")
    if requested.isdigit() and units.filter(pk=int(requested)).exists():
        initial["unit"] = int(requested)
    form = MovementModelForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            model = services.create_movement_model(
                actor=request.user, unit=form.cleaned_data["unit"], **form.model_values()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã ghi nhận mô hình “%(name)s”.") % {"name": model.name})
            return redirect("movements:detail", model.pk)
    return render(request, "movements/movementmodel_form.html", {"form": form, "model": None})


@login_required
def model_edit(request: AuthedRequest, model_id: int) -> HttpResponse:
    """Correct a model or record that it was replicated or stopped; a stale form is refused."""
    model = queries.get_model_for_user(request.user, model_id, action="manage")
    if request.method == "POST":
        form = MovementModelForm(request.POST, editing=True)
        if form.is_valid():
            try:
                services.update_movement_model(
                    model,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    **form.model_values(),
                )
            except ValidationError as error:
                attach_errors(form, error)
                model.refresh_from_db()
            else:
                messages.success(request, _("Đã lưu mô hình."))
                return redirect("movements:detail", model.pk)
    else:
        form = MovementModelForm(initial=initial_of(model), editing=True)
    return render(request, "movements/movementmodel_form.html", {"form": form, "model": model})


urlpatterns: list[URLPattern] = [
    path("", model_list, name="list"),
    path("xlsx/", model_list_xlsx, name="list-xlsx"),
    path("counts/", counts, name="counts"),
    path("counts/xlsx/", counts_xlsx, name="counts-xlsx"),
    path("new/", model_create, name="create"),
    path("<int:model_id>/", model_detail, name="detail"),
    path("<int:model_id>/edit/", model_edit, name="edit"),
    path("<int:model_id>/history/", model_history, name="history"),
]
