"""Sponsorship (đỡ đầu) screens: the sponsorships of an area in a year with the report's headline,
one sponsorship with its history, entry and correction, the sponsor's view of its communes' NTM
evaluations, and xlsx downloads.

Who sees what (sponsorship.queries): a sponsorship is seen by people holding
accounts.view_sponsorship on its commune or on its sponsoring Party organisation, and written by
people holding accounts.manage_sponsorship on either. Anyone else gets 404; a reader opening a
writing page gets 403. The area comes from `?unit_id=` (else the page picker's unit): a Party
area counts what its organisations sponsor, an administrative area the help its communes get.
The year comes from `?year=`, else from the page picker's period (its last year, or this year
while the period runs on).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from accounts.models import RoleAssignment
from accounts.queries import chooser_units, pick_unit, units_visible_to
from audit.queries import history_of
from common import formats
from common.forms import attach_errors
from common.types import AuthedRequest
from common.xlsx import Sheet, workbook, xlsx_response
from sponsorship import queries, services
from sponsorship.forms import SponsorshipFilterForm, SponsorshipForm, initial_of
from sponsorship.models import Sponsorship
from sponsorship.queries import MANAGE_PERM, VIEW_PERM
from units.models import Unit

VIEW_NTM = "accounts.view_ntm"


def _default_year(request: AuthedRequest) -> int:
    """The picker's period seen at its end, or today while the period runs on."""
    period = request.picker.period
    return min(period.end.year, max(period.start.year, timezone.localdate().year))


def _year(request: AuthedRequest) -> int:
    text = request.GET.get("year", "").strip()
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return _default_year(request)


def _communes(user: Any) -> QuerySet[Unit]:
    """Communes, wards and townships the user may choose for a sponsorship: those in scope, and,
    for an office assigned at a Party organisation with no administrative counterpart (a
    provincial bloc, an agency's Party committee), every commune of its province: such sponsors
    help communes that lie outside their own scope, and the list of communes is public."""
    in_scope = units_visible_to(user, VIEW_PERM).filter(tree=Unit.Tree.ADMINISTRATIVE)
    app_label, codename = MANAGE_PERM.split(".")
    sponsor_sides = RoleAssignment.objects.filter(
        user=user,
        role__group__permissions__content_type__app_label=app_label,
        role__group__permissions__codename=codename,
        unit__tree=Unit.Tree.PARTY,
        unit__admin_unit__isnull=True,
    ).values_list("unit__path", flat=True)
    roots = {path.split(".")[0] + "." for path in sponsor_sides}
    provinces = Unit.objects.filter(path__in=roots, admin_unit__isnull=False).values_list(
        "admin_unit__path", flat=True
    )
    query = Q(pk__in=in_scope.values("pk"))
    for province_path in provinces:
        query |= Q(path__startswith=province_path)
    return Unit.objects.filter(
        query, tree=Unit.Tree.ADMINISTRATIVE, kind__in=services.COMMUNE_KINDS
    ).order_by("path")


def _sponsors(user: Any) -> QuerySet[Unit]:
    """Party organisations the user may name as sponsor."""
    return units_visible_to(user, VIEW_PERM).filter(tree=Unit.Tree.PARTY)


def _names() -> dict[str, str]:
    return queries.criterion_names(timezone.localdate().year)[0]


def _sponsor_link(item: Sponsorship, year: int) -> str:
    if item.sponsor_id is not None:
        return f"{reverse('sponsorship:sponsor', args=[item.sponsor_id])}?year={year}"
    query: dict[str, str | int] = {"name": item.sponsor_name, "year": year}
    return f"{reverse('sponsorship:agency')}?{urlencode(query)}"


# --- the list of an area ---------------------------------------------------------------------


def _listing(request: AuthedRequest) -> dict[str, Any]:
    queries.require_sponsorship(request.user)
    candidates = queries.areas_for_user(request.user)
    area = pick_unit(request.GET.get("unit_id", ""), candidates, request.picker.unit)
    names = _names()
    form = SponsorshipFilterForm(request.GET or None, names=names)
    year = _default_year(request)
    search = criterion = ""
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        search, criterion = form.cleaned_data["q"], form.cleaned_data["criterion"]
    visible = queries.sponsorships_for_user(request.user)
    items = queries.sponsorships_in(area, year).filter(pk__in=visible.values("pk"))
    rows = queries.filter_sponsorships(items, search=search, criterion=criterion)
    if form.is_bound and not form.is_valid():
        rows = []
    found = queries.figures(area, year)
    return {
        "area": area,
        "areas": chooser_units(candidates, area),
        "form": form,
        "year": year,
        "names": names,
        "rows": [
            (
                item,
                [queries.criterion_label(code, names) for code in item.criteria_codes],
                _sponsor_link(item, year),
            )
            for item in rows
        ],
        "figures": found,
        "headline": queries.headline(area, year, found),
        "side": _("tổ chức đảng đỡ đầu") if area.tree == Unit.Tree.PARTY else _("xã được đỡ đầu"),
    }


@login_required
def sponsorship_list(request: AuthedRequest) -> HttpResponse:
    """Sponsorships running in the year, seen from the chosen area, with the report's headline."""
    context = _listing(request)
    context["can_manage"] = units_visible_to(request.user, MANAGE_PERM).exists()
    return render(request, "sponsorship/sponsorship_list.html", context)


def _years(item: Sponsorship) -> str:
    if item.end_year is None:
        return _("từ %(start)s") % {"start": item.start_year}
    return f"{item.start_year}–{item.end_year}"


@login_required
def sponsorship_list_xlsx(request: AuthedRequest) -> HttpResponse:
    """The same list as the page as an xlsx sheet, with the headline above it."""
    context = _listing(request)
    area: Unit = context["area"]
    sheet = Sheet(
        title=_("Đỡ đầu xã năm %(year)s") % {"year": context["year"]},
        notes=[
            _("Địa bàn: %(area)s.") % {"area": area.name},
            context["headline"],
        ],
        header=[
            _("STT"),
            _("Xã được đỡ đầu"),
            _("Đơn vị đỡ đầu"),
            _("Loại đơn vị đỡ đầu"),
            _("Từ năm"),
            _("Đến năm"),
            _("Tiêu chí giúp đỡ"),
            _("Nội dung cam kết"),
            _("Kết quả"),
        ],
        rows=[
            [
                position,
                item.commune.name,
                item.sponsor_label,
                _("Tổ chức đảng") if item.sponsor_id else _("Cơ quan, đơn vị ngoài danh mục"),
                item.start_year,
                item.end_year,
                "; ".join(labels),
                item.commitments,
                item.results,
            ]
            for position, (item, labels, _link) in enumerate(context["rows"], 1)
        ],
        widths=[6, 28, 36, 22, 10, 10, 40, 40, 40],
    )
    return xlsx_response(workbook([sheet]), f"do-dau-xa-{area.name}-{context['year']}")


# --- one sponsorship -------------------------------------------------------------------------


@login_required
def sponsorship_detail(request: AuthedRequest, item_id: int) -> HttpResponse:
    """A sponsorship's terms and results, with links to the sponsor's view and the history."""
    item = queries.get_sponsorship_for_user(request.user, item_id)
    names = _names()
    year = min(timezone.localdate().year, item.end_year or timezone.localdate().year)
    context = {
        "item": item,
        "criteria": [queries.criterion_label(code, names) for code in item.criteria_codes],
        "years": _years(item),
        "sponsor_link": _sponsor_link(item, max(year, item.start_year)),
        "can_manage": queries.can_manage(request.user, item),
    }
    return render(request, "sponsorship/sponsorship_detail.html", context)


@login_required
def sponsorship_history(request: AuthedRequest, item_id: int) -> HttpResponse:
    """Every recorded change of one sponsorship."""
    item = queries.get_sponsorship_for_user(request.user, item_id)
    return render(
        request, "audit/object_history.html", {"object": item, "events": history_of(item)[:500]}
    )


def _may_write(user: Any, commune: Unit, sponsor: Unit | None) -> bool:
    if user.has_perm(MANAGE_PERM, commune):
        return True
    return sponsor is not None and user.has_perm(MANAGE_PERM, sponsor)


NOT_YOURS = gettext_lazy(
    "Bạn chỉ được ghi đỡ đầu cho xã hoặc tổ chức đảng đỡ đầu thuộc phạm vi mình quản lý; "
    "xã và tổ chức đảng đã chọn đều nằm ngoài phạm vi đó."
)


@login_required
def sponsorship_create(request: AuthedRequest) -> HttpResponse:
    """Record that a Party organisation or an agency sponsors a commune from a year."""
    queries.require_sponsorship(request.user)
    if not units_visible_to(request.user, MANAGE_PERM).exists():
        raise PermissionDenied
    communes, sponsors = _communes(request.user), _sponsors(request.user)
    initial: dict[str, Any] = {"start_year": timezone.localdate().year}
    for key, candidates in (("commune", communes), ("sponsor", sponsors)):
        requested = request.GET.get(key, "")
        if requested.isdigit() and candidates.filter(pk=int(requested)).exists():
            initial[key] = int(requested)
    form = SponsorshipForm(
        request.POST or None,
        sponsors=sponsors,
        communes=communes,
        names=_names(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        values = form.values()
        commune = form.cleaned_data["commune"]
        if not _may_write(request.user, commune, values["sponsor"]):
            form.add_error("commune", NOT_YOURS)
        else:
            try:
                item = services.create_sponsorship(actor=request.user, commune=commune, **values)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Đã ghi nhận đỡ đầu xã %s.") % item.commune.name)
                return redirect("sponsorship:detail", item.pk)
    return render(request, "sponsorship/sponsorship_form.html", {"form": form, "item": None})


@login_required
def sponsorship_edit(request: AuthedRequest, item_id: int) -> HttpResponse:
    """Correct a sponsorship, end it, or write down its results; a stale form is refused."""
    item = queries.get_sponsorship_for_user(request.user, item_id, action="manage")
    sponsors = _sponsors(request.user)
    if item.sponsor_id is not None:
        # The current sponsor stays selectable even when it lies outside the user's scope.
        sponsors = sponsors | Unit.objects.filter(pk=item.sponsor_id)
    names = _names()
    if request.method == "POST":
        form = SponsorshipForm(request.POST, sponsors=sponsors, names=names, editing=True)
        if form.is_valid():
            values = form.values()
            if not _may_write(request.user, item.commune, values["sponsor"]):
                form.add_error("sponsor", NOT_YOURS)
            else:
                try:
                    services.update_sponsorship(
                        item,
                        actor=request.user,
                        expected_version=form.cleaned_data["version"],
                        **values,
                    )
                except ValidationError as error:
                    attach_errors(form, error)
                    item.refresh_from_db()
                else:
                    messages.success(request, _("Đã lưu thông tin đỡ đầu."))
                    return redirect("sponsorship:detail", item.pk)
    else:
        form = SponsorshipForm(
            initial=initial_of(item), sponsors=sponsors, names=names, editing=True
        )
    return render(request, "sponsorship/sponsorship_form.html", {"form": form, "item": item})


# --- the sponsor's view ----------------------------------------------------------------------


def _sponsor_page(request: AuthedRequest, sponsor: Unit | str, label: str) -> dict[str, Any]:
    """The sponsor's communes in the year that the user may see; 404 when the user sees none of
    the sponsor's sponsorships in any year."""
    visible = queries.sponsorships_for_user(request.user)
    if isinstance(sponsor, Unit):
        mine = visible.filter(sponsor=sponsor)
    else:
        wanted = queries.agency_key(sponsor)
        free_text = visible.filter(sponsor__isnull=True).values_list("pk", "sponsor_name")
        mine = visible.filter(
            pk__in=[pk for pk, name in free_text if queries.agency_key(name) == wanted]
        )
    sees_sponsor = isinstance(sponsor, Unit) and (
        request.user.is_superuser
        or units_visible_to(request.user, VIEW_PERM).filter(pk=sponsor.pk).exists()
    )
    if not sees_sponsor and not mine.exists():
        raise Http404
    year = _year(request)
    rows = queries.sponsor_rows(sponsor, year, visible=visible)
    names, source = queries.criterion_names(year)
    return {
        "sponsor": sponsor if isinstance(sponsor, Unit) else None,
        "label": label,
        "year": year,
        "rows": [
            (
                row,
                reverse("criteria:scorecard", args=[row.item.commune.pk, row.item.assessment.year])
                if row.item.assessment is not None
                and request.user.has_perm(VIEW_NTM, row.item.commune)
                else "",
            )
            for row in rows
        ],
        "sentence": _("Năm %(year)s, %(sponsor)s đỡ đầu, giúp đỡ %(communes)s.")
        % {
            "year": year,
            "sponsor": label,
            "communes": formats.count(
                len({row.item.commune.pk for row in rows}), pgettext("đếm số xã", "xã")
            ),
        },
        "partial": not sees_sponsor,
        "names_source": source,
        "has_names": bool(names),
    }


def _agency_name(request: AuthedRequest) -> str:
    name = " ".join(request.GET.get("name", "").split())
    if not name:
        raise Http404
    return name


@login_required
def sponsor_view(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """The communes a Party organisation sponsors in a year, each with its latest evaluation."""
    queries.require_sponsorship(request.user)
    sponsor = get_object_or_404(Unit, pk=unit_id, tree=Unit.Tree.PARTY)
    context = _sponsor_page(request, sponsor, sponsor.name)
    context["xlsx"] = (
        f"{reverse('sponsorship:sponsor-xlsx', args=[unit_id])}?year={context['year']}"
    )
    return render(request, "sponsorship/sponsor_view.html", context)


@login_required
def agency_view(request: AuthedRequest) -> HttpResponse:
    """The same for an agency outside the Party tree, found by its name."""
    queries.require_sponsorship(request.user)
    name = _agency_name(request)
    context = _sponsor_page(request, name, name)
    context["xlsx"] = (
        f"{reverse('sponsorship:agency-xlsx')}?{urlencode({'name': name, 'year': context['year']})}"
    )
    return render(request, "sponsorship/sponsor_view.html", context)


def _sponsor_sheet(context: dict[str, Any]) -> bytes:
    rows = []
    for position, (row, _link) in enumerate(context["rows"], 1):
        assessment = row.item.assessment
        item = row.item.sponsorship
        rows.append(
            [
                position,
                row.item.commune.name,
                _years(item),
                assessment.year if assessment else "",
                row.level_label if assessment else _("chưa đánh giá"),
                formats.ratio(assessment.criteria_met, assessment.criteria_total)
                if assessment
                else "",
                row.set_label,
                "; ".join(f"{mark.label}: {mark.verdict_label}" for mark in row.marks),
                item.commitments,
                item.results,
            ]
        )
    sheet = Sheet(
        title=_("Xã được đỡ đầu năm %(year)s") % {"year": context["year"]},
        notes=[
            _("Đơn vị đỡ đầu: %(sponsor)s.") % {"sponsor": context["label"]},
            context["sentence"],
        ],
        header=[
            _("STT"),
            _("Xã"),
            _("Thời gian đỡ đầu"),
            _("Năm đánh giá"),
            _("Mức đạt"),
            _("Số tiêu chí đạt"),
            _("Theo bộ tiêu chí"),
            _("Tiêu chí giúp đỡ và kết quả đánh giá"),
            _("Nội dung cam kết"),
            _("Kết quả"),
        ],
        rows=rows,
        widths=[6, 28, 14, 12, 30, 14, 36, 60, 40, 40],
    )
    return workbook([sheet])


@login_required
def sponsor_view_xlsx(request: AuthedRequest, unit_id: int) -> HttpResponse:
    queries.require_sponsorship(request.user)
    sponsor = get_object_or_404(Unit, pk=unit_id, tree=Unit.Tree.PARTY)
    context = _sponsor_page(request, sponsor, sponsor.name)
    return xlsx_response(_sponsor_sheet(context), f"xa-do-dau-{sponsor.name}-{context['year']}")


@login_required
def agency_view_xlsx(request: AuthedRequest) -> HttpResponse:
    queries.require_sponsorship(request.user)
    name = _agency_name(request)
    context = _sponsor_page(request, name, name)
    return xlsx_response(_sponsor_sheet(context), f"xa-do-dau-{name}-{context['year']}")


urlpatterns: list[URLPattern] = [
    path("", sponsorship_list, name="list"),
    path("xlsx/", sponsorship_list_xlsx, name="list-xlsx"),
    path("new/", sponsorship_create, name="create"),
    path("<int:item_id>/", sponsorship_detail, name="detail"),
    path("<int:item_id>/edit/", sponsorship_edit, name="edit"),
    path("<int:item_id>/history/", sponsorship_history, name="history"),
    path("sponsor/<int:unit_id>/", sponsor_view, name="sponsor"),
    path("sponsor/<int:unit_id>/xlsx/", sponsor_view_xlsx, name="sponsor-xlsx"),
    path("agency/", agency_view, name="agency"),
    path("agency/xlsx/", agency_view_xlsx, name="agency-xlsx"),
]
