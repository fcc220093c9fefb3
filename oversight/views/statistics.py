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
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.text import slugify

from accounts.queries import chooser_units, pick_unit, units_with_any
from common.periods import CalendarKind, period_choices
from common.types import AuthedRequest
from oversight import excel
from oversight import statistics as stats
from units.models import Unit

STATISTICS_PERMS = ("accounts.view_oversight", "accounts.view_oversight_statistics")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _organisations(request: AuthedRequest) -> QuerySet[Unit]:
    """Party organisations whose statistics the user may see."""
    return units_with_any(request.user, STATISTICS_PERMS).filter(tree=Unit.Tree.PARTY)


def _calendar(request: AuthedRequest) -> CalendarKind:
    chosen = request.GET.get("calendar", "")
    if chosen == "dec15":
        return "dec15"
    if chosen == "calendar":
        return "calendar"
    return stats.default_calendar()


def _statistics(request: AuthedRequest) -> tuple[Unit, QuerySet[Unit], stats.Statistics]:
    organisations = _organisations(request)
    organisation = pick_unit(request.GET.get("org", ""), organisations, request.picker.unit)
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
        "organisations": chooser_units(organisations, organisation),
        "stats": result,
        "tables": tables,
        "period_choices": period_choices(result.period, timezone.localdate()),
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
