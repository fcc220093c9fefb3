"""Entering a commune's indicator values for a year, approving them, and the Excel exchange."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BoundField
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.queries import get_unit_for_user, units_visible_to
from audit.queries import history_of
from common.forms import attach_errors
from common.types import AuthedRequest
from criteria.engine import (
    LEVELS,
    NOT_APPLICABLE,
    Framework,
    Value,
    Verdict,
    condition_value_key,
    conjunction,
    resolve_threshold,
)
from criteria.models import CriteriaSet, SetVersion
from criteria.services import (
    UnitResult,
    framework_for,
    judge,
    profile_for,
    province_of,
    sets_in_force,
)
from monitoring import evidence as evidence_service
from monitoring import excel, queries, services
from monitoring.forms import (
    SHORT_LEVEL_LABELS,
    EntryField,
    EntrySection,
    EvidenceForm,
    Judgement,
    ReturnForm,
    UploadForm,
    ValuesForm,
    all_fields,
    entry_sections,
    indicator_judgement,
    threshold_of,
    threshold_text,
    value_text,
)
from monitoring.models import Evidence, IndicatorValue, ValueSheet
from units.models import Unit

VIEW = "accounts.view_ntm"
ENTER = "accounts.enter_indicators"
APPROVE = "accounts.approve_indicators"
KIEU_MAU = "xa_ntm_kieu_mau"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Helpers ----------------------------------------------------------------------------------------


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise Http404


def _commune(request: AuthedRequest, unit_id: int) -> Unit:
    """A commune (xã) the user may see NTM data of, or 404."""
    unit = get_unit_for_user(request.user, unit_id, perm=VIEW)
    if unit.tree != Unit.Tree.ADMINISTRATIVE or unit.kind != Unit.Kind.COMMUNE:
        raise Http404
    return unit


def _year_param(request: AuthedRequest) -> int:
    text = request.GET.get("year", "")
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return request.picker.period.year


def _frameworks(versions: dict[str, SetVersion]) -> dict[str, Framework]:
    return {level: framework_for(version) for level, version in versions.items()}


def _engine_values(stored: dict[str, IndicatorValue]) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for code, row in stored.items():
        if row.not_applicable:
            values[code] = NOT_APPLICABLE
        elif row.number is not None:
            values[code] = Decimal(row.number)
        elif row.flag is not None:
            values[code] = row.flag
    return values


def _communes_of_area(request: AuthedRequest, area: Unit, perm: str = VIEW) -> QuerySet[Unit]:
    """Communes (xã) of an area that existed on the picker's date, within the user's scope."""
    return (
        Unit.objects.as_of(request.picker.on)
        .filter(
            tree=Unit.Tree.ADMINISTRATIVE,
            kind=Unit.Kind.COMMUNE,
            path__startswith=area.path,
            pk__in=units_visible_to(request.user, perm).values("pk"),
        )
        .select_related("parent")
        .order_by("path")
    )


# The entry screen -------------------------------------------------------------------------------


@dataclass
class Row:
    field: EntryField
    input: BoundField | None
    note: BoundField | None
    stored: IndicatorValue | None
    judgements: list[Judgement]
    evidence: list[Evidence] = dataclasses.field(default_factory=list)

    @property
    def status(self) -> Verdict:
        return conjunction(j.status for j in self.judgements)

    @property
    def show_levels(self) -> bool:
        return len(self.judgements) > 1

    @property
    def display(self) -> str:
        """The stored value, read-only: "55,61", "Có", "Không áp dụng"."""
        if self.stored is None:
            return ""
        return value_text(NOT_APPLICABLE if self.stored.not_applicable else self.stored.value)


@dataclass(frozen=True)
class SectionStatus:
    label: str
    status: Verdict
    detail: str = ""


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row]
    statuses: list[SectionStatus]

    @property
    def slug(self) -> str:
        return slugify(self.key) or "section"


@dataclass
class EntryPage:
    unit: Unit
    year: int
    versions: dict[str, SetVersion]
    frameworks: dict[str, Framework]
    fields: list[EntryField]
    sections: list[EntrySection]
    sheet: ValueSheet | None
    stored: dict[str, IndicatorValue]

    @property
    def is_open(self) -> bool:
        return self.sheet is None or self.sheet.status == ValueSheet.Status.DRAFT


def _entry_page(unit: Unit, year: int) -> EntryPage:
    versions = sets_in_force(year, province=province_of(unit))
    frameworks = _frameworks(versions)
    sections = entry_sections(frameworks)
    sheet = queries.sheet_for(unit, year)
    stored: dict[str, IndicatorValue] = {}
    if sheet is not None:
        stored = {row.code: row for row in sheet.values.prefetch_related("evidence")}
    return EntryPage(
        unit, year, versions, frameworks, all_fields(sections), sections, sheet, stored
    )


def _judgements(page: EntryPage, result: UnitResult) -> dict[str, list[Judgement]]:
    """Each input's threshold and verdict at each level of the sets in force."""
    by_code = {entry.code: entry for entry in page.fields}
    found: dict[str, list[Judgement]] = {code: [] for code in by_code}
    evaluations = dict(result.evaluations)
    qualification = result.qualification
    kieu_mau = qualification.step(KIEU_MAU) if qualification else None
    if kieu_mau is not None and kieu_mau.evaluation is not None:
        evaluations[KIEU_MAU] = kieu_mau.evaluation
    for level in [*LEVELS, *(lv for lv in evaluations if lv not in LEVELS)]:
        evaluation = evaluations.get(level)
        if evaluation is None:
            continue
        illustrative = page.frameworks[level].is_illustrative
        for criterion in evaluation.criteria:
            for indicator in criterion.indicators:
                if indicator.code in by_code:
                    found[indicator.code].append(
                        indicator_judgement(
                            by_code[indicator.code],
                            indicator,
                            level=level,
                            is_illustrative=illustrative,
                        )
                    )
    framework = page.frameworks.get(KIEU_MAU)
    if framework is not None and kieu_mau is not None:
        outcomes = {c.id: c for c in kieu_mau.conditions}
        for condition in framework.conditions:
            code = condition_value_key(condition)
            outcome = outcomes.get(condition.id)
            if code not in by_code or outcome is None:
                continue
            required = condition.params.get("value")
            entry = by_code[code]
            found[code].append(
                Judgement(
                    level=KIEU_MAU,
                    level_label=SHORT_LEVEL_LABELS[KIEU_MAU],
                    threshold=threshold_text(
                        required, "gte", entry.unit, value_type=entry.value_type
                    )
                    if condition.kind != "boolean"
                    else "Có",
                    threshold_state="known" if required is not None else "unknown",
                    is_illustrative=framework.is_illustrative,
                    status=outcome.status,
                    reason=outcome.detail if outcome.status is not Verdict.MET else "",
                )
            )
    ntm = page.frameworks.get("xa_ntm")
    if ntm is not None and qualification is not None:
        outcomes = {c.id: c for c in qualification.recognition}
        for condition in ntm.recognition:
            code = f"rc.{condition.id}"
            outcome = outcomes.get(condition.id)
            if code not in by_code or outcome is None:
                continue
            entry = by_code[code]
            required = condition.params.get("threshold")
            if entry.is_boolean:
                text, state = "Có", "known"
            elif required is None:
                text, state = "", "unknown"
            else:
                text, state = threshold_text(required, "gte", "%"), "known"
            found[code].append(
                Judgement(
                    level="recognition",
                    level_label=_("Công nhận"),
                    threshold=text,
                    threshold_state=state,
                    is_illustrative=ntm.is_illustrative,
                    status=outcome.status,
                    reason=outcome.detail if outcome.status is not Verdict.MET else "",
                )
            )
    return found


def _section_statuses(
    section: EntrySection, result: UnitResult, rows: list[Row]
) -> list[SectionStatus]:
    statuses = []
    for level in LEVELS:
        evaluation = result.evaluations.get(level)
        if evaluation is None:
            step = result.qualification.step(level) if result.qualification else None
            evaluation = step.evaluation if step is not None else None
        if evaluation is None:
            continue
        for criterion in evaluation.criteria:
            if criterion.number == section.key and criterion.total:
                statuses.append(
                    SectionStatus(
                        SHORT_LEVEL_LABELS[level],
                        criterion.status,
                        f"{criterion.met}/{criterion.total}",
                    )
                )
    if not statuses and rows:
        statuses.append(SectionStatus("", conjunction(row.status for row in rows)))
    return statuses


def _summary(page: EntryPage, result: UnitResult) -> list[SectionStatus]:
    lines = []
    for level in LEVELS:
        evaluation = result.evaluations.get(level)
        if evaluation is not None:
            lines.append(
                SectionStatus(
                    str(CriteriaSet.Level(level).label),
                    evaluation.status,
                    _("%(met)s/%(total)s tiêu chí đạt")
                    % {"met": evaluation.criteria_met, "total": evaluation.criteria_total},
                )
            )
        elif level == KIEU_MAU and result.qualification is not None:
            step = result.qualification.step(level)
            if step is not None:
                lines.append(
                    SectionStatus(str(CriteriaSet.Level(level).label), step.status, step.reason)
                )
    return lines


def _render_entry(
    request: AuthedRequest,
    page: EntryPage,
    *,
    form: ValuesForm | None = None,
    return_form: ReturnForm | None = None,
    template: str = "monitoring/sheet_entry.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    unit, year, sheet = page.unit, page.year, page.sheet
    can_enter = request.user.has_perm(ENTER, unit)
    editable = can_enter and page.is_open
    preview_url = reverse("monitoring:preview", args=[unit.pk, year]) if editable else ""
    if form is None:
        form = ValuesForm(
            initial={"version": sheet.version if sheet else ""},
            fields=page.fields,
            stored=page.stored,
            preview_url=preview_url,
            disabled=not editable,
        )
    values: dict[str, Value] = _engine_values(page.stored)
    if form.is_bound:
        values = {code: value for code, value in form.preview_values().items() if value is not None}
    result = judge(unit, year, versions=page.versions, values=values)
    judgements = _judgements(page, result)
    sections = []
    for entry_section in page.sections:
        rows = [
            Row(
                field=entry,
                input=form[entry.input_name],
                note=form[entry.note_name],
                stored=page.stored.get(entry.code),
                judgements=judgements.get(entry.code, []),
                evidence=list(page.stored[entry.code].evidence.all())
                if entry.code in page.stored
                else [],
            )
            for entry in entry_section.fields
        ]
        sections.append(
            Section(
                entry_section.key,
                entry_section.title,
                rows,
                _section_statuses(entry_section, result, rows),
            )
        )
    can_approve = sheet is not None and queries.approves_from_above(request.user, unit)
    context = {
        "unit": unit,
        "year": year,
        "sheet": sheet,
        "form": form,
        "sections": sections,
        "summary": _summary(page, result),
        "qualification": result.qualification,
        "versions": [page.versions[level] for level in LEVELS if level in page.versions],
        "is_illustrative": any(fw.is_illustrative for fw in page.frameworks.values()),
        "can_enter": can_enter,
        "editable": editable,
        "can_approve": can_approve,
        "return_form": return_form
        or ReturnForm(initial={"version": sheet.version if sheet else ""}),
        "evidence_form": EvidenceForm(),
        "region": profile_for(unit, year).region,
        **(extra or {}),
    }
    return render(request, template, context)


@login_required
def entry(request: AuthedRequest, unit_id: int, year: int) -> HttpResponse:
    """A commune's values for a year, by criterion, with thresholds and verdicts; saving them."""
    _check_year(year)
    unit = _commune(request, unit_id)
    page = _entry_page(unit, year)
    if request.method != "POST":
        return _render_entry(request, page)
    if not request.user.has_perm(ENTER, unit):
        raise PermissionDenied
    preview_url = reverse("monitoring:preview", args=[unit.pk, year]) if page.is_open else ""
    form = ValuesForm(request.POST, fields=page.fields, stored=page.stored, preview_url=preview_url)
    if not form.is_valid():
        return _render_entry(request, page, form=form)
    try:
        sheet = services.open_sheet(unit, year, actor=request.user)
        sheet = services.save_values(
            sheet,
            form.entered_values(),
            actor=request.user,
            expected_version=form.cleaned_data["version"] or 1,
            units_of_measure={entry.code: entry.unit for entry in page.fields if entry.unit},
            notes=form.changed_notes(),
        )
    except ValidationError as error:
        attach_errors(form, error)
        return _render_entry(request, _entry_page(unit, year), form=form)
    if request.POST.get("action") != "submit":
        messages.success(request, _("Đã lưu số liệu."))
        return redirect("monitoring:entry", unit.pk, year)
    try:
        services.submit_sheet(sheet, actor=request.user)
    except ValidationError as error:
        # The values are saved; only sending them failed, so the page reloads on the new version.
        messages.error(
            request,
            _("Đã lưu số liệu nhưng chưa gửi duyệt được: %(reason)s")
            % {"reason": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("Đã lưu và gửi số liệu lên cấp trên duyệt."))
    return redirect("monitoring:entry", unit.pk, year)


@require_POST
@login_required
def preview(request: AuthedRequest, unit_id: int, year: int) -> HttpResponse:
    """The verdict of one input re-evaluated with the values typed so far (nothing is saved)."""
    _check_year(year)
    unit = _commune(request, unit_id)
    if not request.user.has_perm(ENTER, unit):
        raise PermissionDenied
    page = _entry_page(unit, year)
    form = ValuesForm(request.POST, fields=page.fields, stored=page.stored)
    form.is_valid()  # fills the errors shown beside the input
    trigger = request.htmx.trigger_name or request.POST.get("field", "")
    code = trigger.removeprefix("value-")
    if code not in {entry.code for entry in page.fields}:
        raise Http404
    return _render_entry(
        request,
        page,
        form=form,
        template="monitoring/sheet_entry.html#preview",
        extra={"code": code},
    )


def _sheet_or_404(unit: Unit, year: int) -> ValueSheet:
    return get_object_or_404(ValueSheet.objects.select_related("unit"), unit=unit, year=year)


def _stale(request: AuthedRequest, sheet: ValueSheet) -> bool:
    posted = request.POST.get("version", "")
    if posted.isdigit() and int(posted) != sheet.version:
        messages.error(
            request,
            _(
                "Bảng số liệu này đã được người khác thay đổi sau khi bạn mở. "
                "Hãy xem lại nội dung mới trước khi duyệt hoặc mở lại."
            ),
        )
        return True
    return False


@require_POST
@login_required
def approve(request: AuthedRequest, unit_id: int, year: int) -> HttpResponse:
    """The level above approves submitted values; they are locked from now on."""
    _check_year(year)
    unit = _commune(request, unit_id)
    if not queries.approves_from_above(request.user, unit):
        raise PermissionDenied
    sheet = _sheet_or_404(unit, year)
    if not _stale(request, sheet):
        try:
            services.approve_sheet(sheet, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã duyệt số liệu; số liệu được khóa."))
    return redirect("monitoring:entry", unit.pk, year)


@require_POST
@login_required
def reopen(request: AuthedRequest, unit_id: int, year: int) -> HttpResponse:
    """The level above sends submitted values back, or reopens approved ones, with a reason."""
    _check_year(year)
    unit = _commune(request, unit_id)
    if not queries.approves_from_above(request.user, unit):
        raise PermissionDenied
    sheet = _sheet_or_404(unit, year)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _render_entry(request, _entry_page(unit, year), return_form=form)
    if not _stale(request, sheet):
        try:
            services.return_sheet(sheet, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã trả lại / mở lại số liệu để xã sửa."))
    return redirect("monitoring:entry", unit.pk, year)


@login_required
def history(request: AuthedRequest, unit_id: int, year: int) -> HttpResponse:
    """Every recorded change of a commune's sheet for a year."""
    _check_year(year)
    unit = _commune(request, unit_id)
    sheet = _sheet_or_404(unit, year)
    return render(
        request, "audit/object_history.html", {"object": sheet, "events": history_of(sheet)[:500]}
    )


# Evidence ---------------------------------------------------------------------------------------


@require_POST
@login_required
def upload_evidence(request: AuthedRequest, unit_id: int, year: int, code: str) -> HttpResponse:
    """Attach a file proving one value."""
    _check_year(year)
    unit = _commune(request, unit_id)
    if not request.user.has_perm(ENTER, unit):
        raise PermissionDenied
    page = _entry_page(unit, year)
    entry = next((e for e in page.fields if e.code == code), None)
    if entry is None:
        raise Http404
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            sheet = services.open_sheet(unit, year, actor=request.user)
            evidence_service.attach_evidence(
                sheet, code, form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Đã tải minh chứng cho %(label)s.") % {"label": entry.label}
            )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("file", [])))
    url = reverse("monitoring:entry", args=[unit.pk, year])
    return redirect(f"{url}#row-{entry.slug}")


def _evidence_for_user(request: AuthedRequest, evidence_id: int) -> Evidence:
    evidence = get_object_or_404(
        Evidence.objects.select_related("value__sheet__unit"), pk=evidence_id
    )
    get_unit_for_user(request.user, evidence.value.sheet.unit_id, perm=VIEW)
    return evidence


@login_required
def download_evidence(request: AuthedRequest, evidence_id: int) -> FileResponse:
    """An evidence file, for people who may see the commune's values."""
    evidence = _evidence_for_user(request, evidence_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


@require_POST
@login_required
def remove_evidence(request: AuthedRequest, evidence_id: int) -> HttpResponse:
    """Remove an evidence file from an open sheet."""
    evidence = _evidence_for_user(request, evidence_id)
    sheet = evidence.value.sheet
    if not request.user.has_perm(ENTER, sheet.unit):
        raise PermissionDenied
    try:
        evidence_service.remove_evidence(evidence, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa minh chứng “%(name)s”.") % {"name": evidence.name})
    return redirect("monitoring:entry", sheet.unit_id, sheet.year)


# The list of communes ---------------------------------------------------------------------------


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    """The communes in the user's scope with the state of their values for a year."""
    year = _year_param(request)
    on = request.picker.on
    visible = units_visible_to(request.user, VIEW)
    communes = list(
        Unit.objects.as_of(on)
        .filter(tree=Unit.Tree.ADMINISTRATIVE, kind=Unit.Kind.COMMUNE, pk__in=visible.values("pk"))
        .select_related("parent")
        .order_by("path")
    )
    sheets = queries.sheets_of(communes, year)
    areas = (
        Unit.objects.as_of(on)
        .filter(
            tree=Unit.Tree.ADMINISTRATIVE,
            level__in=[Unit.Level.PROVINCE, Unit.Level.DISTRICT],
            pk__in=visible.values("pk"),
        )
        .order_by("path")
    )
    context = {
        "year": year,
        "on": on,
        "years": list(range(year - 3, year + 2)),
        "rows": [(commune, sheets.get(commune.pk)) for commune in communes],
        "areas": areas,
        "can_enter": request.user.has_perm(ENTER),
    }
    return render(request, "monitoring/sheet_list.html", context)


# Excel ------------------------------------------------------------------------------------------


def _area(request: AuthedRequest, unit_id: int) -> Unit:
    area = get_unit_for_user(request.user, unit_id, perm=VIEW)
    if area.tree != Unit.Tree.ADMINISTRATIVE:
        raise Http404
    return area


def _versions_for(request: AuthedRequest, area: Unit, year: int) -> dict[str, SetVersion]:
    """The sets of the template: those in force for the area, or the one named by ?set_id=."""
    set_id = request.GET.get("set_id", "")
    if not set_id:
        return sets_in_force(year, province=province_of(area))
    version = (
        SetVersion.objects.filter(criteria_set__set_id=set_id, status=SetVersion.Status.PUBLISHED)
        .select_related("criteria_set")
        .order_by("-number")
        .first()
    )
    if version is None:
        raise Http404
    return {version.criteria_set.level: version}


def _header_thresholds(
    frameworks: dict[str, Framework], fields: list[EntryField], region: str | None, year: int
) -> dict[str, str]:
    """Each column's threshold for the area's region, per level when a code has several."""
    texts: dict[str, list[tuple[str, str]]] = {entry.code: [] for entry in fields}
    by_code = {entry.code: entry for entry in fields}
    for level in [lv for lv in LEVELS if lv in frameworks] + [
        lv for lv in frameworks if lv not in LEVELS
    ]:
        framework = frameworks[level]
        for indicator in framework.indicators:
            if indicator.code not in by_code:
                continue
            resolved = resolve_threshold(indicator.threshold, region=region, group=None, year=year)
            text, illustrative = threshold_of(
                by_code[indicator.code],
                resolved,
                indicator.comparator,
                is_illustrative=framework.is_illustrative,
            )
            if illustrative:
                text += " (minh họa)"
            texts[indicator.code].append((SHORT_LEVEL_LABELS.get(level, level), text))
        for condition in framework.conditions:
            code = condition_value_key(condition)
            required = condition.params.get("value")
            if code in by_code and not texts[code]:
                entry = by_code[code]
                shown = (
                    threshold_text(required, "gte", entry.unit, value_type=entry.value_type)
                    if required is not None
                    else "chưa xác định"
                )
                texts[code].append((SHORT_LEVEL_LABELS.get(level, level), shown))
        for condition in framework.recognition:
            code = f"rc.{condition.id}"
            if code in by_code and not texts[code]:
                required = condition.params.get("threshold")
                if by_code[code].is_boolean:
                    shown = "Có"
                elif required is None:
                    shown = "chưa xác định"
                else:
                    shown = threshold_text(required, "gte", "%")
                texts[code].append(("", shown))
    result = {}
    for code, pairs in texts.items():
        if len(pairs) == 1:
            result[code] = pairs[0][1]
        elif pairs:
            result[code] = "; ".join(f"{label}: {text}" for label, text in pairs)
        else:
            result[code] = "chưa xác định"
    return result


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def excel_template(request: AuthedRequest, unit_id: int, year: int) -> HttpResponse:
    """An Excel template for the communes of an area and a year, filled with existing values."""
    _check_year(year)
    area = _area(request, unit_id)
    versions = _versions_for(request, area, year)
    frameworks = _frameworks(versions)
    fields = all_fields(entry_sections(frameworks))
    communes = list(_communes_of_area(request, area))
    region = area.region or (communes[0].region if communes else "") or None
    content = excel.template_workbook(
        fields=fields,
        thresholds=_header_thresholds(frameworks, fields, region, year),
        communes=communes,
        values=queries.values_for_units(communes, year),
        area=area,
        year=year,
        on=request.picker.on,
        sets=[versions[level] for level in sorted(versions, key=_level_order)],
    )
    return _xlsx(content, f"mau-so-lieu-ntm-{slugify(area.name) or area.pk}-{year}.xlsx")


def _level_order(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


@login_required
def excel_upload(request: AuthedRequest, unit_id: int, year: int) -> HttpResponse:
    """Check an Excel file (dry run) and import it in one transaction when nothing is wrong."""
    _check_year(year)
    area = _area(request, unit_id)
    if not request.user.has_perm(ENTER):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    plan: excel.ImportPlan | None = None
    imported: int | None = None
    if request.method == "POST" and form.is_valid():
        versions = sets_in_force(year, province=province_of(area))
        fields = all_fields(entry_sections(_frameworks(versions)))
        communes = list(_communes_of_area(request, area))
        writable = set(
            units_visible_to(request.user, ENTER)
            .filter(pk__in=[c.pk for c in communes])
            .values_list("pk", flat=True)
        )
        upload = form.cleaned_data["file"]
        plan = excel.read_upload(
            upload,
            size=upload.size,
            fields=fields,
            communes=communes,
            writable=writable,
            sheets=queries.sheets_of(communes, year),
            current=queries.values_for_units(communes, year),
            area=area,
            year=year,
        )
        if plan.ok and request.POST.get("action") == "import":
            try:
                imported = services.import_values(
                    plan.rows,
                    year,
                    actor=request.user,
                    units_of_measure={e.code: e.unit for e in fields if e.unit},
                    area=area,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Đã nhập số liệu từ Excel: %(count)s xã có thay đổi.") % {"count": imported},
                )
                return redirect(f"{reverse('monitoring:index')}?year={year}")
    context = {"area": area, "year": year, "form": form, "plan": plan, "on": request.picker.on}
    return render(request, "monitoring/excel_upload.html", context)


@login_required
def export_matrix(request: AuthedRequest, unit_id: int, year: int) -> HttpResponse:
    """The commune × criterion table of an area and year as an Excel file."""
    _check_year(year)
    area = _area(request, unit_id)
    level = request.GET.get("level", "xa_ntm")
    if level not in CriteriaSet.Level.values:
        raise Http404
    communes = list(_communes_of_area(request, area))
    stored = queries.values_for_units(communes, year)
    versions_by_province: dict[int | None, dict[str, SetVersion]] = {}
    results: list[UnitResult] = []
    for commune in communes:
        province = province_of(commune)
        key = province.pk if province else None
        if key not in versions_by_province:
            versions_by_province[key] = sets_in_force(year, province=province)
        results.append(
            judge(
                commune,
                year,
                versions=versions_by_province[key],
                values=stored.get(commune.pk, {}),
            )
        )
    criteria: list[tuple[str, str]] = []
    illustrative = False
    for result in results:
        evaluation = result.evaluations.get(level)
        if evaluation is not None:
            criteria = [(c.number, c.name) for c in evaluation.criteria]
            illustrative = result.versions[level].criteria_set.is_illustrative
            break
    header = [
        _("Mã ĐVHC"),
        _("Tên đơn vị"),
        *[f"TC {number}. {name}" for number, name in criteria],
        _("Kết quả chung"),
        _("Số tiêu chí đạt"),
        _("Số tiêu chí chưa đạt"),
        _("Số tiêu chí chưa xác định"),
    ]
    rows: list[list[Any]] = []
    met_by_column = [0] * len(criteria)
    not_met_by_column = [0] * len(criteria)
    for result in results:
        evaluation = result.evaluations.get(level)
        statuses: dict[str, Verdict] = (
            {c.number: c.status for c in evaluation.criteria} if evaluation else {}
        )
        cells: list[Verdict | None] = [statuses.get(number) for number, _name in criteria]
        for index, status in enumerate(cells):
            met_by_column[index] += status is Verdict.MET
            not_met_by_column[index] += status is Verdict.NOT_MET
        rows.append(
            [
                result.unit.code,
                result.unit.name,
                *cells,
                evaluation.status if evaluation else None,
                sum(s is Verdict.MET for s in cells),
                sum(s is Verdict.NOT_MET for s in cells),
                sum(s is Verdict.UNKNOWN or s is None for s in cells),
            ]
        )
    rows.append(["", _("Số xã đạt"), *met_by_column, "", "", "", ""])
    rows.append(["", _("Số xã chưa đạt"), *not_met_by_column, "", "", "", ""])
    level_label = str(CriteriaSet.Level(level).label)
    title = f"{level_label} — {area.name} — {_('năm')} {year}"
    notes = [
        _("Cơ cấu đơn vị tại ngày %(day)s; %(count)s xã.")
        % {"day": request.picker.on.strftime("%d/%m/%Y"), "count": len(communes)}
    ]
    if illustrative:
        notes.append(_("Ngưỡng minh họa: không phải số liệu chính thức."))
    content = excel.write_table(title, header, rows, notes=notes)
    return _xlsx(content, f"danh-gia-{slugify(level)}-{slugify(area.name) or area.pk}-{year}.xlsx")
