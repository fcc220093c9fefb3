"""Quality rating screens: the overview of a Party organisation's year (headline rates per scale,
rates per subordinate organisation, the HTXSNV quota with its rule), the ratings list with its
detail, entry and correction, the member summaries, and their xlsx exports.

Reading needs accounts.view_ratings on the organisation, writing accounts.manage_ratings; anyone
without a ratings role, and any organisation outside the person's units, gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.queries import chooser_units, pick_unit, requested_unit
from audit.queries import history_of
from common.forms import attach_errors
from common.types import AuthedRequest
from common.xlsx import workbook, xlsx_response
from ratings import excel, queries, services
from ratings.forms import (
    RatingFilterForm,
    RatingForm,
    SummaryFilterForm,
    SummaryForm,
    YearForm,
    this_year,
)
from ratings.models import SCALES, MemberRatingSummary, OrganisationRating, scales_for_year
from units.models import Unit

VIEW = queries.VIEW_PERM
MANAGE = queries.MANAGE_PERM
PAGE_SIZE = 50
FIRST_OFFERED_YEAR = 2015


def _require_reader(user: Any) -> None:
    """404 for anyone without a ratings role: the pages' existence does not leak."""
    if not user.is_superuser and not user.has_perm(VIEW):
        raise Http404


def _year_choices(chosen: int) -> list[int]:
    years = list(range(this_year(), FIRST_OFFERED_YEAR - 1, -1))
    if chosen not in years:
        years.append(chosen)
    return years


def _subtree(request: AuthedRequest) -> Unit | None:
    """The organisation whose subtree a list is limited to (`?unit_id=`), 404 outside scope."""
    return requested_unit(request.GET.get("unit_id", ""), queries.rating_units(request.user))


# --- overview ------------------------------------------------------------------------------------


def _overview(request: AuthedRequest) -> dict[str, Any]:
    candidates = queries.rating_units(request.user)
    unit = pick_unit(request.GET.get("unit_id", ""), candidates, request.picker.unit)
    form = YearForm(request.GET or None)
    year = min(request.picker.period.year, this_year())
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    quota_scale = queries.quota_scale_for(year)
    groups = queries.quota_groups(unit, year)
    return {
        "unit": unit,
        "units": chooser_units(candidates, unit),
        "form": form,
        "year": year,
        "years": _year_choices(year),
        "rates": queries.rates(unit, year),
        "table": queries.rates_per_unit(unit, year),
        "scales": scales_for_year(year),
        "quota_scale": quota_scale,
        "quota_rule": queries.quota_rule_in_force(year),
        "quota_total": queries.quota_check(unit, year) if quota_scale else None,
        "quota_groups": groups,
        "overrides": [
            (group, name, note) for group in groups for name, note in group.check.overrides
        ],
        "query": urlencode({"unit_id": unit.pk, "year": year}),
    }


@login_required
def overview(request: AuthedRequest) -> HttpResponse:
    """The year of one Party organisation: headline rates per scale in the report's words, the
    part and whole behind each, the rates of each directly subordinate organisation, the quota."""
    _require_reader(request.user)
    context = _overview(request)
    context["can_manage"] = request.user.has_perm(MANAGE, context["unit"])
    return render(request, "ratings/overview.html", context)


@login_required
def overview_xlsx(request: AuthedRequest) -> HttpResponse:
    """The overview's headline rates and rates per unit as an xlsx workbook."""
    _require_reader(request.user)
    context = _overview(request)
    content = workbook(
        excel.overview_sheets(context["table"], context["rates"], context["quota_groups"])
    )
    unit: Unit = context["unit"]
    return xlsx_response(content, f"ty-le-xep-loai-{unit.name}-{context['year']}")


# --- organisation ratings ------------------------------------------------------------------------


def _filtered_ratings(
    request: AuthedRequest,
) -> tuple[RatingFilterForm, Unit | None, QuerySet[OrganisationRating]]:
    subtree = _subtree(request)
    form = RatingFilterForm(request.GET or None)
    ratings = queries.ratings_for_user(request.user)
    if subtree is not None:
        ratings = ratings.filter(unit__path__startswith=subtree.path)
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            ratings = ratings.filter(year=data["year"])
        if data["scale"]:
            ratings = ratings.filter(scale_version=data["scale"])
        if data["rank"]:
            ratings = ratings.filter(rank=data["rank"])
        if data["grassroots"]:
            ratings = ratings.filter(is_grassroots=data["grassroots"] == "yes")
    elif form.is_bound:
        ratings = ratings.none()
    return form, subtree, ratings


@login_required
def rating_list(request: AuthedRequest) -> HttpResponse:
    """Ratings of the Party organisations in scope, filtered by year, scale, rank and level."""
    _require_reader(request.user)
    form, subtree, ratings = _filtered_ratings(request)
    page = Paginator(ratings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "subtree": subtree,
        "page": page,
        "query": query.urlencode(),
        "can_manage": request.user.has_perm(MANAGE),
    }
    template = "ratings/rating_list.html#results" if request.htmx else "ratings/rating_list.html"
    return render(request, template, context)


@login_required
def rating_list_xlsx(request: AuthedRequest) -> HttpResponse:
    """The filtered ratings list as an xlsx sheet."""
    _require_reader(request.user)
    _form, _subtree_, ratings = _filtered_ratings(request)
    return xlsx_response(workbook([excel.ratings_sheet(ratings)]), "xep-loai-to-chuc-dang")


@login_required
def rating_detail(request: AuthedRequest, rating_id: int) -> HttpResponse:
    """One rating: scale and its basis, score and band, rank, notes, its quota group, history."""
    rating = queries.get_rating_for_user(request.user, rating_id)
    scale = rating.scale
    band = scale.band(rating.score) if scale.scored and rating.score is not None else None
    context = {
        "rating": rating,
        "scale": scale,
        "band": band,
        "quota": (
            queries.quota_for(
                queries.quota_peers(rating), rating.year, scale_version=rating.scale_version
            )
            if scale.has_quota
            else None
        ),
        "history": _history(rating),
        "can_manage": request.user.has_perm(MANAGE, rating),
    }
    return render(request, "ratings/rating_detail.html", context)


ACTION_LABELS = {
    "organisation_rating.recorded": _lazy("Ghi nhận xếp loại"),
    "organisation_rating.changed": _lazy("Sửa xếp loại"),
}


def _shown(rating: OrganisationRating, name: str, value: Any) -> str:
    """A value of the audit trail as a person reads it: rank and scale by their names."""
    if value in (None, ""):
        return "—"
    if name == "rank":
        version = rating.scale_version
        for scale in (SCALES.get(version), *SCALES.values()):
            rank = scale.organisation_rank(str(value)) if scale else None
            if rank is not None:
                return rank.label
    if name == "scale_version":
        return queries.scale_label(str(value))
    if value is True:
        return _("Có")
    if value is False:
        return _("Không")
    if name == "approved_by_unit":
        unit = Unit.objects.filter(pk=value).first()
        return unit.name if unit else str(value)
    return str(value)


def _history(rating: OrganisationRating) -> list[dict[str, Any]]:
    """The rating's audit trail, newest first, with field names and values in words."""
    rows = []
    for event in history_of(rating).order_by("-at", "-pk"):
        changes = []
        for name, pair in (event.changes or {}).items():
            try:
                field = OrganisationRating._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            label = str(getattr(field, "verbose_name", name))
            before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            changes.append((label, _shown(rating, name, before), _shown(rating, name, after)))
        rows.append(
            {
                "event": event,
                "label": ACTION_LABELS.get(event.action, event.action),
                "changes": changes,
            }
        )
    return rows


def _save_rating(
    request: AuthedRequest, form: RatingForm, unit: Unit, year: int, version: int | None
) -> OrganisationRating | None:
    data = form.cleaned_data
    try:
        return services.record_organisation_rating(
            unit,
            actor=request.user,
            year=year,
            scale_version=data["scale_version"],
            rank=data["rank"],
            score=data["score"],
            is_grassroots=form.is_grassroots_value,
            is_exemplary=data["is_exemplary"],
            approved_by_unit=data["approved_by_unit"],
            note=data["note"],
            exceptional_override=data["exceptional_override"],
            override_note=data["override_note"],
            expected_version=version,
        )
    except ValidationError as error:
        attach_errors(form, error)
        return None


def _rating_initial(request: AuthedRequest) -> dict[str, Any]:
    """A new rating's form: the picker's organisation when the person manages it."""
    initial: dict[str, Any] = {"year": this_year()}
    requested = request.GET.get("year", "")
    if requested.isdigit():
        initial["year"] = int(requested)
    picked = request.GET.get("unit_id", "")
    if picked.isdigit():
        initial["unit"] = int(picked)
    return initial


@login_required
def rating_create(request: AuthedRequest) -> HttpResponse:
    """Record a Party organisation's rating for a year, on a scale offered for that year."""
    _require_reader(request.user)
    units = queries.rating_units(request.user, MANAGE)
    if not units.exists():
        raise PermissionDenied
    deciding = queries.rating_units(request.user)
    if request.method == "POST" and "change_year" in request.POST:
        # No script needed: the scales and ranks offered follow the year typed.
        form = RatingForm(initial=request.POST.dict(), units=units, deciding_units=deciding)
    elif request.method == "POST":
        form = RatingForm(request.POST, units=units, deciding_units=deciding)
        if form.is_valid():
            rating = _save_rating(
                request, form, form.cleaned_data["unit"], form.cleaned_data["year"], None
            )
            if rating is not None:
                messages.success(request, _("Đã ghi nhận xếp loại: %s.") % rating)
                return redirect("ratings:rating-detail", rating.pk)
    else:
        form = RatingForm(initial=_rating_initial(request), units=units, deciding_units=deciding)
    return render(request, "ratings/rating_form.html", {"form": form, "rating": None})


@login_required
def rating_edit(request: AuthedRequest, rating_id: int) -> HttpResponse:
    """Correct a rating; a stale `version` gives the conflict message and saves nothing."""
    rating = queries.get_rating_for_user(request.user, rating_id, action="manage")
    deciding = queries.rating_units(request.user)
    common: dict[str, Any] = {"deciding_units": deciding, "year": rating.year, "editing": True}
    if request.method == "POST":
        form = RatingForm(request.POST, **common)
        if form.is_valid():
            saved = _save_rating(
                request, form, rating.unit, rating.year, form.cleaned_data["version"]
            )
            if saved is not None:
                messages.success(request, _("Đã sửa xếp loại: %s.") % saved)
                return redirect("ratings:rating-detail", saved.pk)
    else:
        form = RatingForm(
            initial={
                "scale_version": rating.scale_version,
                "score": "" if rating.score is None else str(rating.score).replace(".", ","),
                "rank": rating.rank,
                "is_exemplary": rating.is_exemplary,
                "is_grassroots": "yes" if rating.is_grassroots else "no",
                "approved_by_unit": rating.approved_by_unit_id,
                "note": rating.note,
                "exceptional_override": rating.exceptional_override,
                "override_note": rating.override_note,
                "version": rating.version,
            },
            **common,
        )
    return render(request, "ratings/rating_form.html", {"form": form, "rating": rating})


# --- member summaries ----------------------------------------------------------------------------


def _filtered_summaries(
    request: AuthedRequest,
) -> tuple[SummaryFilterForm, Unit | None, QuerySet[MemberRatingSummary]]:
    subtree = _subtree(request)
    form = SummaryFilterForm(request.GET or None)
    summaries = queries.summaries_for_user(request.user)
    if subtree is not None:
        summaries = summaries.filter(unit__path__startswith=subtree.path)
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            summaries = summaries.filter(year=data["year"])
        if data["scale"]:
            summaries = summaries.filter(scale_version=data["scale"])
    elif form.is_bound:
        summaries = summaries.none()
    return form, subtree, summaries


def summary_tables(summaries: list[MemberRatingSummary]) -> list[dict[str, Any]]:
    """The summaries grouped by scale, each row with one count per rank of that scale."""
    tables = []
    for version, scale in SCALES.items():
        mine = [row for row in summaries if row.scale_version == version]
        if not mine:
            continue
        good = [rank.code for rank in scale.member_ranks if rank.good_or_better]
        rows = []
        for row in mine:
            part = sum(row.count(code) for code in good)
            rows.append(
                {
                    "summary": row,
                    "counts": [row.count(rank.code) for rank in scale.member_ranks],
                    "good": part,
                    "percent": queries.share_percent(part, row.members_rated),
                }
            )
        tables.append({"scale": scale, "label": queries.scale_label(version), "rows": rows})
    return tables


@login_required
def summary_list(request: AuthedRequest) -> HttpResponse:
    """Member summaries of the organisations in scope, one table per scale."""
    _require_reader(request.user)
    form, subtree, summaries = _filtered_summaries(request)
    page = Paginator(summaries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "subtree": subtree,
        "page": page,
        "tables": summary_tables(list(page.object_list)),
        "query": query.urlencode(),
        "can_manage": request.user.has_perm(MANAGE),
    }
    return render(request, "ratings/summary_list.html", context)


@login_required
def summary_list_xlsx(request: AuthedRequest) -> HttpResponse:
    """The filtered member summaries as xlsx, one sheet per scale."""
    _require_reader(request.user)
    _form, _subtree_, summaries = _filtered_summaries(request)
    sheets = excel.summary_sheets(summary_tables(list(summaries)))
    return xlsx_response(workbook(sheets), "xep-loai-dang-vien")


def _save_summary(
    request: AuthedRequest, form: SummaryForm, unit: Unit, year: int, version: int | None
) -> MemberRatingSummary | None:
    data = form.cleaned_data
    try:
        return services.record_member_summary(
            unit,
            actor=request.user,
            year=year,
            scale_version=data["scale_version"],
            counts=form.counts,
            members_rated=data["members_rated"],
            note=data["note"],
            expected_version=version,
        )
    except ValidationError as error:
        attach_errors(form, error)
        return None


def _summaries_url() -> str:
    return reverse("ratings:summary-list")


@login_required
def summary_create(request: AuthedRequest) -> HttpResponse:
    """Record how many members of an organisation got each rank of the chosen scale."""
    _require_reader(request.user)
    units = queries.rating_units(request.user, MANAGE)
    if not units.exists():
        raise PermissionDenied
    if request.method == "POST" and "change_scale" in request.POST:
        form = SummaryForm(initial=request.POST.dict(), units=units)
    elif request.method == "POST":
        form = SummaryForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            summary = _save_summary(request, form, data["unit"], data["year"], None)
            if summary is not None:
                messages.success(request, _("Đã ghi nhận xếp loại đảng viên: %s.") % summary)
                return redirect(f"{_summaries_url()}?{urlencode({'year': summary.year})}")
    else:
        form = SummaryForm(initial=_rating_initial(request), units=units)
    return render(request, "ratings/summary_form.html", {"form": form, "summary": None})


@login_required
def summary_edit(request: AuthedRequest, summary_id: int) -> HttpResponse:
    """Correct a member summary; a stale `version` gives the conflict message."""
    summary = queries.get_summary_for_user(request.user, summary_id, action="manage")
    common: dict[str, Any] = {"year": summary.year, "editing": True}
    if request.method == "POST" and "change_scale" in request.POST:
        form = SummaryForm(initial=request.POST.dict(), **common)
    elif request.method == "POST":
        form = SummaryForm(request.POST, **common)
        if form.is_valid():
            saved = _save_summary(
                request, form, summary.unit, summary.year, form.cleaned_data["version"]
            )
            if saved is not None:
                messages.success(request, _("Đã sửa xếp loại đảng viên: %s.") % saved)
                return redirect(f"{_summaries_url()}?{urlencode({'year': saved.year})}")
    else:
        initial: dict[str, Any] = {
            "scale_version": summary.scale_version,
            "members_rated": summary.members_rated,
            "note": summary.note,
            "version": summary.version,
        }
        initial.update({f"count_{code}": number for code, number in summary.counts.items()})
        form = SummaryForm(initial=initial, scale_version=summary.scale_version, **common)
    return render(request, "ratings/summary_form.html", {"form": form, "summary": summary})


urlpatterns: list[URLPattern] = [
    path("", overview, name="overview"),
    path("xlsx/", overview_xlsx, name="overview-xlsx"),
    path("organisations/", rating_list, name="rating-list"),
    path("organisations/xlsx/", rating_list_xlsx, name="rating-list-xlsx"),
    path("organisations/new/", rating_create, name="rating-create"),
    path("organisations/<int:rating_id>/", rating_detail, name="rating-detail"),
    path("organisations/<int:rating_id>/edit/", rating_edit, name="rating-edit"),
    path("members/", summary_list, name="summary-list"),
    path("members/xlsx/", summary_list_xlsx, name="summary-list-xlsx"),
    path("members/new/", summary_create, name="summary-create"),
    path("members/<int:summary_id>/edit/", summary_edit, name="summary-edit"),
]
