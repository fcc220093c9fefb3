"""Report screens of reception: the heads' monthly obligation and the figures of a period, each
with its xlsx download. Readers with accounts.view_reception see figures, never names."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from accounts.queries import chooser_units, pick_unit
from common.periods import period_choices
from common.types import AuthedRequest
from common.xlsx import workbook, xlsx_response
from petitions import excel
from petitions.forms import ObligationFilterForm
from petitions.queries import (
    ObligationTable,
    ReceptionStatistics,
    committees_for,
    obligation_table,
    reception_committees,
    reception_statistics,
    require_reception,
)
from petitions.views.base import committee_choices, requested_committee, today


def _obligation(request: AuthedRequest) -> tuple[ObligationFilterForm, ObligationTable, Any]:
    require_reception(request.user)
    day = today()
    committee = requested_committee(request)
    year = min(request.picker.period.year, day.year)
    data = request.GET.copy()
    data.setdefault("year", str(year))
    form = ObligationFilterForm(data, committees=committee_choices(request, committee), today=day)
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    else:
        year = day.year
    units = committees_for(request.user)
    if committee is not None:
        units = units.filter(path__startswith=committee.path)
    return form, obligation_table(units, year, today=day), committee


@login_required
def obligation(request: AuthedRequest) -> HttpResponse:
    """Committees in scope × months of a year up to today: days required, held and missing."""
    form, table, committee = _obligation(request)
    context = {
        "form": form,
        "table": table,
        "committee": committee,
        "query": request.GET.urlencode(),
    }
    return render(request, "petitions/obligation.html", context)


@login_required
def obligation_xlsx(request: AuthedRequest) -> HttpResponse:
    _form, table, _committee = _obligation(request)
    content = workbook([excel.obligation_sheet(table)])
    return xlsx_response(content, f"nghia-vu-tiep-dan-{table.year}")


def _statistics(request: AuthedRequest) -> tuple[ReceptionStatistics, list[Any]]:
    require_reception(request.user)
    candidates = committees_for(request.user)
    unit = pick_unit(request.GET.get("unit_id", ""), candidates, request.picker.unit)
    stats = reception_statistics(unit, request.picker.period, candidates, today=today())
    return stats, chooser_units(reception_committees(candidates), unit)


@login_required
def statistics(request: AuthedRequest) -> HttpResponse:
    """Figures of a committee and its subordinate committees for a period, the change on the
    previous period, and the report sentences."""
    stats, units = _statistics(request)
    context = {
        "stats": stats,
        "units": units,
        "period_choices": period_choices(stats.period, today()),
        "query": f"unit_id={stats.unit.pk}&period={stats.period.key}",
    }
    return render(request, "petitions/statistics.html", context)


@login_required
def statistics_xlsx(request: AuthedRequest) -> HttpResponse:
    stats, _units = _statistics(request)
    content = workbook([excel.statistics_sheet(stats)])
    return xlsx_response(content, f"thong-ke-tiep-dan-{stats.unit.name}-{stats.period.key}")


urlpatterns: list[URLPattern] = [
    path("obligation/", obligation, name="obligation"),
    path("obligation/xlsx/", obligation_xlsx, name="obligation-xlsx"),
    path("statistics/", statistics, name="statistics"),
    path("statistics/xlsx/", statistics_xlsx, name="statistics-xlsx"),
]
