from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.queries import get_unit_for_user, units_visible_to
from common.forms import attach_errors
from common.types import AuthedRequest
from criteria import queries, services
from criteria.engine import LEVEL_LABELS, Verdict
from criteria.forms import PublishForm, ThresholdForm
from criteria.models import CriteriaSet, Recognition, SetVersion
from units.models import Succession, Unit

VIEW_NTM = "accounts.view_ntm"
FIRST_YEAR = 2016


def _visible(request: AuthedRequest) -> QuerySet[Unit]:
    return units_visible_to(request.user, VIEW_NTM)


def _year(request: AuthedRequest, year: int | None = None) -> int:
    if year is not None:
        chosen = year
    else:
        text = request.GET.get("year", "")
        chosen = int(text) if text.isdigit() else request.picker.period.year
    if not FIRST_YEAR <= chosen <= timezone.localdate().year + 1:
        raise Http404
    return chosen


def _area(request: AuthedRequest) -> Unit:
    text = request.GET.get("area", "")
    if text.isdigit():
        return get_unit_for_user(request.user, int(text), perm=VIEW_NTM)
    if request.picker.unit is not None and request.user.has_perm(VIEW_NTM, request.picker.unit):
        return request.picker.unit
    first = _visible(request).filter(tree=Unit.Tree.ADMINISTRATIVE).order_by("level").first()
    if first is None:
        raise PermissionDenied
    return first


def _sub_areas(area: Unit, year: int, visible: QuerySet[Unit]) -> list[Unit]:
    """Areas to drill into: the children of the year and the units the area replaced."""
    end = dt.date(year, 12, 31)
    children = visible.as_of(end).filter(  # type: ignore[attr-defined]
        parent=area, level__lt=Unit.Level.COMMUNE
    )
    predecessors = visible.filter(
        pk__in=Succession.objects.filter(successor=area).values("predecessor")
    )
    return list(children.order_by("name")) + list(predecessors.order_by("name"))


@login_required
def overview(request: AuthedRequest) -> HttpResponse:
    """An area in a year: communes per level from the data, lagging criteria, decisions."""
    if not request.user.has_perm(VIEW_NTM):
        raise PermissionDenied
    area, year = _area(request), _year(request)
    visible = _visible(request)
    communes = queries.communes_of(area, year, visible=visible)
    results = queries.judge_area(communes, year)
    matrices = [
        table
        for level in queries.CHAIN[:2]
        if (table := queries.matrix(results, level)) is not None
    ]
    context = {
        "area": area,
        "year": year,
        "years": range(timezone.localdate().year, FIRST_YEAR - 1, -1),
        "sub_areas": _sub_areas(area, year, visible),
        "communes": communes,
        "results": results,
        "level_counts": queries.level_counts(results),
        "matrices": matrices,
        "illustrative": any(table.is_illustrative for table in matrices),
    }
    return render(request, "criteria/overview.html", context)


@login_required
def matrix(request: AuthedRequest, area_id: int, year: int) -> HttpResponse:
    """The commune × criterion table of an area for one level, coloured by status."""
    area = get_unit_for_user(request.user, area_id, perm=VIEW_NTM)
    year = _year(request, year)
    level = request.GET.get("level", CriteriaSet.Level.XA_NTM)
    if level not in queries.CHAIN[:2]:
        raise Http404
    communes = queries.communes_of(area, year, visible=_visible(request))
    results = queries.judge_area(communes, year)
    table = queries.matrix(results, level)
    context = {
        "area": area,
        "year": year,
        "level": level,
        "level_label": LEVEL_LABELS.get(level, level),
        "table": table,
        "levels": [(code, LEVEL_LABELS[code]) for code in queries.CHAIN[:2]],
    }
    return render(request, "criteria/matrix.html", context)


@login_required
def scorecard(request: AuthedRequest, unit_id: int, year: int) -> HttpResponse:
    """A commune's results for a year: each level, each criterion and why it passes or fails."""
    unit = get_unit_for_user(request.user, unit_id, perm=VIEW_NTM)
    year = _year(request, year)
    result = services.judge(unit, year)
    recognised = Recognition.objects.filter(unit=unit).order_by("-decided_on")
    context = {
        "unit": unit,
        "year": year,
        "result": result,
        "recognitions": recognised,
        "sections": [
            (level, LEVEL_LABELS.get(level, level), result.versions[level], evaluation)
            for level, evaluation in result.evaluations.items()
        ],
        "illustrative": any(v.criteria_set.is_illustrative for v in result.versions.values()),
        "Verdict": Verdict,
    }
    return render(request, "criteria/scorecard.html", context)


@login_required
def progress(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """A commune or an area over the years: criteria met per level, or communes per level."""
    unit = get_unit_for_user(request.user, unit_id, perm=VIEW_NTM)
    last = timezone.localdate().year
    years = list(range(max(FIRST_YEAR, last - 5), last + 1))
    rows: list[Any] = []
    if unit.level >= Unit.Level.COMMUNE:
        for year in years:
            result = services.judge(unit, year)
            rows.append((year, result))
        template = "criteria/progress_commune.html"
    else:
        visible = _visible(request)
        for year in years:
            communes = queries.communes_of(unit, year, visible=visible)
            results = queries.judge_area(communes, year)
            ntm = [r.evaluations.get(CriteriaSet.Level.XA_NTM) for r in results]
            known = [e.criteria_met for e in ntm if e is not None]
            average = sum(known) / len(known) if known else None
            rows.append((year, queries.level_counts(results), len(communes), average))
        template = "criteria/progress_area.html"
    return render(request, template, {"unit": unit, "rows": rows})


@login_required
def recognitions(request: AuthedRequest, area_id: int) -> HttpResponse:
    """Recognition decisions of an area, with the communes that no longer keep the standard."""
    area = get_unit_for_user(request.user, area_id, perm=VIEW_NTM)
    year = _year(request)
    decisions = list(queries.recognitions_in(area, visible=_visible(request)))
    flagged = []
    checked: dict[int, services.UnitResult] = {}
    for decision in decisions:
        if decision.unit_id not in checked:
            checked[decision.unit_id] = services.judge(decision.unit, year)
        result = checked[decision.unit_id]
        step = result.qualification.step(decision.level) if result.qualification else None
        if step is not None and step.status == Verdict.NOT_MET:
            flagged.append((decision, step))
    context = {"area": area, "year": year, "decisions": decisions, "flagged": flagged}
    return render(request, "criteria/recognitions.html", context)


@login_required
def roadmap(request: AuthedRequest, area_id: int) -> HttpResponse:
    """Communes registered to reach a level in a year, against what their data say."""
    area = get_unit_for_user(request.user, area_id, perm=VIEW_NTM)
    entries = []
    for entry in queries.roadmap_in(area, visible=_visible(request)):
        year = min(entry.target_year, timezone.localdate().year)
        result = services.judge(entry.unit, year)
        reached = result.qualification.level if result.qualification else None
        on_track = queries.level_rank(reached) >= queries.level_rank(entry.level)
        entries.append((entry, year, result, reached, on_track))
    return render(request, "criteria/roadmap.html", {"area": area, "entries": entries})


# Criteria sets and their versions.


@login_required
def set_list(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_perm(VIEW_NTM) and not request.user.has_perm(
        "accounts.manage_criteria"
    ):
        raise PermissionDenied
    sets = CriteriaSet.objects.select_related("base", "province").prefetch_related("versions")
    return render(request, "criteria/set_list.html", {"sets": sets})


@login_required
def version_detail(request: AuthedRequest, set_id: str, number: int) -> HttpResponse:
    """One version of a set: legal basis, criteria, indicators and thresholds with status."""
    if not request.user.has_perm(VIEW_NTM) and not request.user.has_perm(
        "accounts.manage_criteria"
    ):
        raise PermissionDenied
    version = get_object_or_404(
        SetVersion.objects.select_related("criteria_set", "base_version"),
        criteria_set__set_id=set_id,
        number=number,
    )
    framework = services.framework_for(version)
    context = {
        "version": version,
        "framework": framework,
        "can_edit": request.user.has_perm("accounts.manage_criteria")
        and version.status == SetVersion.Status.DRAFT,
        "can_start": request.user.has_perm("accounts.manage_criteria")
        and not version.criteria_set.versions.filter(status=SetVersion.Status.DRAFT).exists(),
        "publish_form": PublishForm(),
    }
    return render(request, "criteria/version_detail.html", context)


def _require_manager(request: AuthedRequest) -> None:
    if not request.user.has_perm("accounts.manage_criteria"):
        raise PermissionDenied


@login_required
def start_draft(request: AuthedRequest, set_id: str) -> HttpResponse:
    _require_manager(request)
    if request.method != "POST":
        raise Http404
    criteria_set = get_object_or_404(CriteriaSet, set_id=set_id)
    try:
        draft = services.start_draft(criteria_set, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("criteria:sets")
    messages.success(request, _("Đã tạo bản dự thảo; các kết quả đã lưu vẫn giữ phiên bản cũ."))
    return redirect("criteria:version", set_id, draft.number)


@login_required
def edit_threshold(request: AuthedRequest, set_id: str, number: int, code: str) -> HttpResponse:
    """Change one indicator's threshold in a draft, by region, group or year, with its source."""
    _require_manager(request)
    draft = get_object_or_404(
        SetVersion, criteria_set__set_id=set_id, number=number, status=SetVersion.Status.DRAFT
    )
    framework = services.framework_for(draft)
    if not framework.has_indicator(code):
        raise Http404
    indicator = framework.indicator(code)
    form = ThresholdForm(request.POST or None, indicator=indicator, draft=draft)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_threshold(
                draft,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                code=code,
                threshold=form.threshold_content(),
                status=form.cleaned_data["status"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã lưu ngưỡng của chỉ tiêu %s.") % code)
            return redirect("criteria:version", set_id, number)
    context = {"draft": draft, "indicator": indicator, "form": form}
    return render(request, "criteria/threshold_form.html", context)


@login_required
def publish(request: AuthedRequest, set_id: str, number: int) -> HttpResponse:
    _require_manager(request)
    if request.method != "POST":
        raise Http404
    draft = get_object_or_404(
        SetVersion, criteria_set__set_id=set_id, number=number, status=SetVersion.Status.DRAFT
    )
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.publish_draft(draft, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ban hành phiên bản %s.") % number)
    else:
        messages.error(request, _("Hãy ghi nội dung thay đổi và căn cứ ban hành."))
    return redirect("criteria:version", set_id, number)
