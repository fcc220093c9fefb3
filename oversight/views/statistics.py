"""Statistics of inspection, supervision and discipline: the page and its xlsx download.

Seen by people holding accounts.view_oversight or accounts.view_oversight_statistics for the
chosen Party organisation (leaders hold only the latter: figures, never names or case lists);
anyone else gets 404. The period comes from the page picker (`?period=`), the Party
organisation from `?org=` (else the picker's unit or its Party organisation), the reporting
calendar from `?calendar=` (default settings.CHIDAO_OVERSIGHT_REPORTING_CALENDAR).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.text import slugify

from accounts.queries import units_visible_to
from common.periods import TERM_YEARS, CalendarKind, Period
from common.types import AuthedRequest
from oversight import excel
from oversight import statistics as stats
from units.models import Unit

STATISTICS_PERMS = ("accounts.view_oversight", "accounts.view_oversight_statistics")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEARS_BACK = 6


def _organisations(request: AuthedRequest) -> QuerySet[Unit]:
    """Party organisations whose statistics the user may see."""
    units = units_visible_to(request.user, STATISTICS_PERMS[0]) | units_visible_to(
        request.user, STATISTICS_PERMS[1]
    )
    return units.filter(tree=Unit.Tree.PARTY).distinct()


def _organisation(request: AuthedRequest, organisations: QuerySet[Unit]) -> Unit:
    """?org= (404 outside scope), else the picker's unit or its Party organisation, else the
    highest organisation in scope; 404 for someone with no statistics scope at all."""
    text = request.GET.get("org", "")
    if text:
        if not text.isdigit():
            raise Http404
        return get_object_or_404(organisations, pk=int(text))
    picked = request.picker.unit
    if picked is not None:
        candidates = [picked] if picked.tree == Unit.Tree.PARTY else []
        candidates += list(Unit.objects.filter(admin_unit=picked, tree=Unit.Tree.PARTY))
        for candidate in candidates:
            if organisations.filter(pk=candidate.pk).exists():
                return candidate
    first = organisations.order_by("level", "path").first()
    if first is None:
        raise Http404
    return first


def _choices(organisations: QuerySet[Unit], chosen: Unit) -> list[Unit]:
    """The organisations offered in the chooser: down to communes, and the chosen one."""
    offered = list(organisations.filter(level__lte=Unit.Level.COMMUNE).order_by("path"))
    if chosen not in offered:
        offered.append(chosen)
    return offered


def _calendar(request: AuthedRequest) -> CalendarKind:
    chosen = request.GET.get("calendar", "")
    if chosen == "dec15":
        return "dec15"
    if chosen == "calendar":
        return "calendar"
    return stats.default_calendar()


def _period_choices(current: Period) -> list[tuple[str, list[Period]]]:
    """Every period kind for recent years, grouped by year, and the Party terms."""
    this_year = timezone.localdate().year
    groups: list[tuple[str, list[Period]]] = []
    for year in range(this_year, this_year - YEARS_BACK, -1):
        periods = [
            Period("year", year),
            Period("first_9_months", year),
            Period("first_6_months", year),
            *(Period("quarter", year, index) for index in range(1, 5)),
            *(Period("month", year, index) for index in range(1, 13)),
        ]
        groups.append((str(year), periods))
    term_year = this_year - this_year % TERM_YEARS
    groups.append(("Nhiệm kỳ", [Period("term", term_year), Period("term", term_year - TERM_YEARS)]))
    if not any(current in periods for _label, periods in groups):
        groups.insert(0, ("Đã chọn", [current]))
    return groups


def _statistics(request: AuthedRequest) -> tuple[Unit, QuerySet[Unit], stats.Statistics]:
    organisations = _organisations(request)
    organisation = _organisation(request, organisations)
    result = stats.statistics_for(organisation, request.picker.period, _calendar(request))
    return organisation, organisations, result


@login_required
def statistics(request: AuthedRequest) -> HttpResponse:
    """Headline sentences, comparison with the same period a year earlier, tables 1–21."""
    organisation, organisations, result = _statistics(request)
    tables: list[dict[str, Any]] = [
        {
            "table": table,
            "rows": [(line, line.cells(table.columns)) for line in table.lines],
            "width": len(table.columns) + 1,
            "numbers": [f"({n})" for n in range(1, len(table.columns) + 2)],
        }
        for table in result.tables
    ]
    query = f"org={organisation.pk}&period={result.period.key}&calendar={result.calendar}"
    context = {
        "organisation": organisation,
        "organisations": _choices(organisations, organisation),
        "stats": result,
        "tables": tables,
        "period_choices": _period_choices(result.period),
        "calendars": list(stats.CALENDAR_LABELS.items()),
        "general_rules": stats.GENERAL_RULES,
        "query": query,
    }
    return render(request, "oversight/statistics.html", context)


@login_required
def statistics_xlsx(request: AuthedRequest) -> HttpResponse:
    """The same figures as the page, one sheet per table, as an xlsx workbook."""
    organisation, _organisations_, result = _statistics(request)
    content = excel.statistics_workbook(result)
    name = slugify(organisation.name) or str(organisation.pk)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="thong-ke-kiem-tra-giam-sat-{name}-{result.period.key}.xlsx"'
    )
    return response


urlpatterns: list[URLPattern] = [
    path("statistics/", statistics, name="statistics"),
    path("statistics/xlsx/", statistics_xlsx, name="statistics-xlsx"),
]
