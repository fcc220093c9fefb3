"""Entering, submitting, approving and reopening a commune's indicator values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from common.versioning import save_versioned
from monitoring.models import IndicatorValue, ValueSheet
from units.models import Unit

# What a value may be when entered: a number, yes/no, "không áp dụng", or nothing (cleared).
EnteredValue = Decimal | bool | str | None
NOT_APPLICABLE_INPUT = "na"
CODE_MAX_LENGTH = IndicatorValue._meta.get_field("code").max_length or 64


@transaction.atomic
def open_sheet(unit: Unit, year: int, *, actor: Any, is_demo: bool = False) -> ValueSheet:
    """The commune's sheet for a year, created on first use."""
    sheet, created = ValueSheet.objects.get_or_create(
        unit=unit, year=year, defaults={"is_demo": is_demo}
    )
    if created:
        audit.record(actor, "sheet.opened", sheet, unit=unit, data={"year": year})
    return sheet


def _plain(value: IndicatorValue | None) -> Any:
    if value is None:
        return None
    if value.not_applicable:
        return NOT_APPLICABLE_INPUT
    return value.value


@transaction.atomic
def save_values(
    sheet: ValueSheet,
    values: Mapping[str, EnteredValue],
    *,
    actor: Any,
    expected_version: int | None = None,
    units_of_measure: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
) -> ValueSheet:
    """Write values into a sheet that is not locked; every changed value is audited."""
    sheet = ValueSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.is_locked:
        raise ValidationError(
            _("Số liệu năm %(year)s của %(unit)s đã được duyệt và khóa; hãy mở lại để sửa.")
            % {"year": sheet.year, "unit": sheet.unit}
        )
    if sheet.status == ValueSheet.Status.SUBMITTED:
        raise ValidationError(_("Số liệu đã gửi duyệt; chờ duyệt hoặc mở lại để sửa."))
    if expected_version is not None and expected_version != sheet.version:
        raise ValidationError(
            _(
                "Bảng số liệu này đã được người khác thay đổi sau khi bạn mở. "
                "Hãy tải lại trang để xem nội dung mới rồi sửa lại."
            ),
            code="conflict",
        )
    existing = {value.code: value for value in sheet.values.all()}
    changes: dict[str, list[Any]] = {}
    units_of_measure = units_of_measure or {}
    notes = notes or {}
    for code, raw in values.items():
        if not code or len(code) > CODE_MAX_LENGTH:
            raise ValidationError(
                {"code": _("Mã chỉ tiêu “%s” không hợp lệ (tối đa 64 ký tự).") % code[:80]}
            )
        current = existing.get(code)
        before = _plain(current)
        number: Decimal | None = None
        flag: bool | None = None
        not_applicable = False
        if isinstance(raw, bool):
            flag = raw
        elif isinstance(raw, Decimal):
            number = raw
        elif raw == NOT_APPLICABLE_INPUT:
            not_applicable = True
        elif raw is not None:
            raise ValidationError({code: _("Giá trị của chỉ tiêu %s không hợp lệ.") % code})
        if raw is None and current is None:
            continue
        if current is None:
            current = IndicatorValue(sheet=sheet, code=code)
        current.number, current.flag, current.not_applicable = number, flag, not_applicable
        current.unit_of_measure = units_of_measure.get(code, current.unit_of_measure)
        current.note = notes.get(code, current.note)
        current.entered_by = actor if getattr(actor, "pk", None) else None
        after = _plain(current)
        if before != after or code in notes:
            current.version += 1 if current.pk else 0
            current.save()
            if before != after:
                changes[code] = [before, after]
    if changes:
        ValueSheet.objects.filter(pk=sheet.pk).update(version=sheet.version + 1)
        sheet.version += 1
        audit.record(actor, "values.saved", sheet, unit=sheet.unit, changes=changes)
    return sheet


@transaction.atomic
def submit_sheet(sheet: ValueSheet, *, actor: Any) -> ValueSheet:
    """Send the year's values to the level above for approval."""
    if sheet.status != ValueSheet.Status.DRAFT:
        raise ValidationError(_("Chỉ gửi duyệt được bảng số liệu đang nhập."))
    if not sheet.values.exists():
        raise ValidationError(_("Bảng số liệu chưa có giá trị nào để gửi duyệt."))
    sheet.status = ValueSheet.Status.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.submitted_by = actor if getattr(actor, "pk", None) else None
    save_versioned(
        sheet,
        expected_version=sheet.version,
        fields=["status", "submitted_at", "submitted_by"],
    )
    audit.record(actor, "sheet.submitted", sheet, unit=sheet.unit)
    return sheet


@transaction.atomic
def approve_sheet(sheet: ValueSheet, *, actor: Any) -> ValueSheet:
    """Approve submitted values; they are locked from now on."""
    if sheet.status != ValueSheet.Status.SUBMITTED:
        raise ValidationError(_("Chỉ duyệt được bảng số liệu đã gửi duyệt."))
    sheet.status = ValueSheet.Status.APPROVED
    sheet.approved_at = timezone.now()
    sheet.approved_by = actor if getattr(actor, "pk", None) else None
    save_versioned(
        sheet, expected_version=sheet.version, fields=["status", "approved_at", "approved_by"]
    )
    audit.record(actor, "sheet.approved", sheet, unit=sheet.unit)
    return sheet


@transaction.atomic
def return_sheet(sheet: ValueSheet, *, actor: Any, reason: str) -> ValueSheet:
    """Send submitted values back to the commune, or reopen approved ones for a correction."""
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại hoặc mở lại số liệu.")})
    if sheet.status == ValueSheet.Status.DRAFT:
        raise ValidationError(_("Bảng số liệu đang ở trạng thái nhập, không cần mở lại."))
    before = sheet.status
    sheet.status = ValueSheet.Status.DRAFT
    sheet.reopen_reason = reason
    save_versioned(sheet, expected_version=sheet.version, fields=["status", "reopen_reason"])
    audit.record(
        actor,
        "sheet.reopened",
        sheet,
        unit=sheet.unit,
        changes={"status": [before, ValueSheet.Status.DRAFT]},
        data={"reason": reason},
    )
    return sheet


@transaction.atomic
def import_values(
    rows: Sequence[tuple[Unit, Mapping[str, EnteredValue]]],
    year: int,
    *,
    actor: Any,
    units_of_measure: Mapping[str, str] | None = None,
    area: Unit | None = None,
) -> int:
    """Write many communes' values for a year at once (an Excel import): all or nothing.

    A commune whose sheet is submitted or approved is an error for the whole import, never
    silently skipped; returns how many sheets changed.
    """
    blocked = [
        sheet
        for sheet in ValueSheet.objects.select_for_update()
        .filter(unit__in=[unit.pk for unit, _values in rows], year=year)
        .select_related("unit")
        if sheet.status != ValueSheet.Status.DRAFT
    ]
    if blocked:
        names = ", ".join(f"{sheet.unit} ({sheet.get_status_display()})" for sheet in blocked)
        raise ValidationError(
            _("Không nhập được: số liệu năm %(year)s của %(names)s đã gửi duyệt hoặc đã duyệt.")
            % {"year": year, "names": names}
        )
    changed = 0
    for unit, values in rows:
        sheet = open_sheet(unit, year, actor=actor)
        before = sheet.version
        sheet = save_values(sheet, values, actor=actor, units_of_measure=units_of_measure)
        changed += sheet.version != before
    audit.record(
        actor,
        "values.imported",
        None,
        unit=area,
        data={"year": year, "units": len(rows), "changed": changed},
    )
    return changed
