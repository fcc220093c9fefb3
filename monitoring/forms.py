"""What a commune enters for a year, and how typed text becomes a value.

`entry_sections` turns the sets in force into the list of inputs (one per indicator code, since
NTM, nâng cao and kiểu mẫu of a period share one code space, plus the kiểu mẫu counts and the
recognition inputs); the entry screen and the Excel template both use it, so they always ask for
the same things. Numbers are typed the Vietnamese way ("55,61", "1.234,5").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import formats
from criteria.engine import (
    LEVELS,
    NOT_APPLICABLE,
    Framework,
    IndicatorResult,
    ResolvedThreshold,
    ThresholdValue,
    Value,
    Verdict,
    condition_value_key,
)
from monitoring.models import IndicatorValue
from monitoring.services import NOT_APPLICABLE_INPUT, EnteredValue

# Inputs of the kiểu mẫu conditions (QĐ 319/QĐ-TTg: km3, km4) and of recognition
# (QĐ 18/2022/QĐ-TTg Điều 4) are stored beside the indicators under these keys.
RECOGNITION_PREFIX = "rc."
CONDITION_VALUE_TYPES = {
    "count_gte": "count",
    "share_gte": "percent",
    "number_gte": "number",
    "boolean": "boolean",
}
BOOLEAN_CHOICES: tuple[tuple[str, Any], ...] = (
    ("", "—"),
    ("yes", gettext_lazy("Có")),
    ("no", gettext_lazy("Không")),
)
NOT_APPLICABLE_CHOICE: tuple[str, Any] = (NOT_APPLICABLE_INPUT, gettext_lazy("Không áp dụng"))
YES_WORDS = {"có", "co", "yes", "true", "đạt", "x", "1"}
NO_WORDS = {"không", "khong", "no", "false", "chưa đạt", "0"}
NOT_APPLICABLE_WORDS = {"không áp dụng", "khong ap dung", "na", "n/a", "kad"}
MAX_DECIMAL_PLACES = 4  # IndicatorValue.number keeps four decimals
MAX_WHOLE_DIGITS = 14
SHORT_LEVEL_LABELS = {
    "xa_ntm": "NTM",
    "xa_ntm_nang_cao": "NTM nâng cao",
    "xa_ntm_kieu_mau": "NTM kiểu mẫu",
}
COMPARATOR_SIGNS = {"gte": "≥", "lte": "≤", "eq": "="}
UNVERIFIED_STATUSES = frozenset({"recalled", "uncertain"})


# Entry fields -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryField:
    """One input of a commune's sheet: an indicator, a kiểu mẫu condition or a recognition input."""

    code: str
    name: str
    value_type: str  # boolean, percent, number, money_per_year, count
    unit: str = ""
    optional: bool = False
    kind: str = "indicator"  # indicator | condition | recognition
    levels: tuple[str, ...] = ()
    notes: str = ""

    @property
    def is_boolean(self) -> bool:
        return self.value_type == "boolean"

    @property
    def slug(self) -> str:
        """A safe HTML id part: "10.2" -> "10_2"."""
        return re.sub(r"[^0-9A-Za-z_]", "_", self.code)

    @property
    def input_name(self) -> str:
        return f"value-{self.code}"

    @property
    def note_name(self) -> str:
        return f"note-{self.code}"

    @property
    def label(self) -> str:
        """How messages name the input: "Chỉ tiêu 10 (Thu nhập bình quân…)"."""
        word = _("Chỉ tiêu") if self.kind == "indicator" else _("Điều kiện")
        return f"{word} {self.code} ({short_name(self.name)})"

    @property
    def choices(self) -> list[tuple[str, Any]]:
        extra: list[tuple[str, Any]] = [NOT_APPLICABLE_CHOICE] if self.optional else []
        return [*BOOLEAN_CHOICES, *extra]

    def parse(self, raw: Any) -> EnteredValue:
        """The value typed (or read from a cell), or a ValidationError naming the input."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if self.is_boolean:
            return self._parse_boolean(raw)
        if isinstance(raw, bool):
            raise ValidationError(_("%(label)s: cần một số, không phải Có/Không.") % self._ctx())
        if isinstance(raw, int | float | Decimal):
            number = Decimal(str(raw))
        else:
            try:
                number = parse_number(str(raw))
            except ValueError:
                raise ValidationError(
                    _("%(label)s: “%(text)s” không phải là số.")
                    % {**self._ctx(), "text": str(raw).strip()},
                    code="not_a_number",
                ) from None
        return self._check_number(number)

    def _ctx(self) -> dict[str, str]:
        return {"label": self.label}

    def _parse_boolean(self, raw: Any) -> EnteredValue:
        if isinstance(raw, bool):
            return raw
        text = " ".join(str(raw).strip().lower().split())
        if text in YES_WORDS:
            return True
        if text in NO_WORDS:
            return False
        if text in NOT_APPLICABLE_WORDS:
            if not self.optional:
                raise ValidationError(
                    _("%(label)s: chỉ tiêu không có mục “(nếu có)”, không thể chọn Không áp dụng.")
                    % self._ctx()
                )
            return NOT_APPLICABLE_INPUT
        allowed = "Có, Không" + (", Không áp dụng" if self.optional else "")
        raise ValidationError(
            _("%(label)s: “%(text)s” không hợp lệ; hãy ghi %(allowed)s.")
            % {**self._ctx(), "text": str(raw).strip(), "allowed": allowed}
        )

    def _check_number(self, number: Decimal) -> Decimal:
        if not number.is_finite():
            raise ValidationError(_("%(label)s: giá trị không phải là số hữu hạn.") % self._ctx())
        exponent = number.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if places > MAX_DECIMAL_PLACES:
            number = number.normalize()
            exponent = number.as_tuple().exponent
            places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            if places > MAX_DECIMAL_PLACES:
                raise ValidationError(
                    _("%(label)s: chỉ ghi tối đa %(places)s chữ số sau dấu phẩy.")
                    % {**self._ctx(), "places": MAX_DECIMAL_PLACES}
                )
        if abs(number) >= Decimal(10) ** MAX_WHOLE_DIGITS:
            raise ValidationError(_("%(label)s: số quá lớn.") % self._ctx())
        if self.value_type == "percent" and not Decimal(0) <= number <= Decimal(100):
            raise ValidationError(_("%(label)s: tỷ lệ phải từ 0 đến 100.") % self._ctx())
        if self.value_type == "count" and (number < 0 or number != number.to_integral_value()):
            raise ValidationError(
                _("%(label)s: số lượng phải là số nguyên không âm.") % self._ctx()
            )
        return number


def short_name(name: str, limit: int = 30) -> str:
    """A name cut at a word for messages: "Thu nhập bình quân đầu người…"."""
    if len(name) <= limit + 2:
        return name
    cut = name[:limit].rsplit(" ", 1)[0] if " " in name[:limit] else name[:limit]
    return cut.rstrip(" ,;:-–(") + "…"


@dataclass
class EntrySection:
    """A group of inputs on the screen: one criterion, the kiểu mẫu conditions or recognition."""

    key: str
    title: str
    fields: list[EntryField] = field(default_factory=list)


def parse_number(text: str) -> Decimal:
    """A value typed on the entry screen or in a workbook; a trailing "%" is allowed."""
    return formats.parse_number(text, allow_percent=True)


def _number_key(number: str) -> tuple[int, str]:
    head = number.split(".")[0]
    return (int(head) if head.isdigit() else 999, number)


def entry_sections(frameworks: Mapping[str, Framework]) -> list[EntrySection]:
    """The inputs of the sets in force, each code once, laid out by criterion."""
    sections: dict[str, EntrySection] = {}
    fields: dict[str, EntryField] = {}
    ordered = [frameworks[level] for level in LEVELS if level in frameworks]
    ordered += [fw for level, fw in frameworks.items() if level not in LEVELS]
    for framework in ordered:
        for criterion in framework.criteria:
            if not criterion.indicators:
                continue
            section = sections.setdefault(
                criterion.number,
                EntrySection(
                    criterion.number,
                    _("Tiêu chí %(number)s. %(name)s")
                    % {"number": criterion.number, "name": criterion.name},
                ),
            )
            for indicator in criterion.indicators:
                known = fields.get(indicator.code)
                if known is not None:
                    fields[indicator.code] = _with_level(known, framework.level)
                    continue
                fields[indicator.code] = EntryField(
                    code=indicator.code,
                    name=indicator.name,
                    value_type=indicator.value_type or "number",
                    unit=indicator.unit,
                    optional=indicator.optional,
                    levels=(framework.level,),
                    notes=indicator.notes,
                )
                section.fields.append(fields[indicator.code])
    result = sorted(sections.values(), key=lambda s: _number_key(s.key))
    for section in result:
        section.fields = [fields[f.code] for f in section.fields]

    conditions = EntrySection("km", _("Điều kiện xã NTM kiểu mẫu (QĐ 319/QĐ-TTg)"))
    for framework in ordered:
        for condition in framework.conditions:
            value_type = CONDITION_VALUE_TYPES.get(condition.kind)
            code = condition_value_key(condition)
            if value_type is None or code in fields:
                continue
            fields[code] = EntryField(
                code=code,
                name=condition.text or condition.id,
                value_type=value_type,
                unit=_("thôn / lĩnh vực") if value_type == "count" else "",
                kind="condition",
                levels=(framework.level,),
            )
            conditions.fields.append(fields[code])
    if conditions.fields:
        result.append(conditions)

    recognition = EntrySection("rc", _("Điều kiện công nhận (QĐ 18/2022/QĐ-TTg, Điều 4)"))
    ntm = frameworks.get("xa_ntm")
    for condition in ntm.recognition if ntm is not None else ():
        value_type = str(condition.params.get("value_type") or condition.kind)
        if condition.id == "meets_all_criteria" or value_type not in {"boolean", "percent"}:
            continue
        code = RECOGNITION_PREFIX + condition.id
        fields[code] = EntryField(
            code=code,
            name=condition.text or condition.id,
            value_type=value_type,
            unit="%" if value_type == "percent" else "",
            kind="recognition",
            levels=("xa_ntm",),
        )
        recognition.fields.append(fields[code])
    if recognition.fields:
        result.append(recognition)
    return result


def _with_level(known: EntryField, level: str) -> EntryField:
    if level in known.levels:
        return known
    return EntryField(
        code=known.code,
        name=known.name,
        value_type=known.value_type,
        unit=known.unit,
        optional=known.optional,
        kind=known.kind,
        levels=(*known.levels, level),
        notes=known.notes,
    )


def all_fields(sections: Iterable[EntrySection]) -> list[EntryField]:
    return [entry for section in sections for entry in section.fields]


# Showing values, thresholds and gaps ------------------------------------------------------------


def value_text(value: Any) -> str:
    """A value for an input or a cell: "55,61", "Có", "Không", "Không áp dụng"."""
    if value is None:
        return ""
    if value is NOT_APPLICABLE or value == NOT_APPLICABLE_INPUT:
        return "Không áp dụng"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, Decimal):
        return formats.number(_trimmed(value))
    return str(value)


def _trimmed(value: Decimal) -> Decimal:
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        return normal.quantize(Decimal(1))
    return normal


def input_text(value: IndicatorValue | None) -> str:
    """What an input shows for a stored value."""
    if value is None:
        return ""
    if value.not_applicable:
        return NOT_APPLICABLE_INPUT
    if value.flag is not None:
        return "yes" if value.flag else "no"
    if value.number is not None:
        return formats.number(_trimmed(Decimal(value.number)))
    return ""


def threshold_text(threshold: Any, comparator: str, unit: str = "", *, value_type: str = "") -> str:
    """A threshold as written in the sets: "≥ 80 %", "Có", "≥ 58 triệu đồng/người/năm"."""
    if threshold is None:
        return ""
    if isinstance(threshold, bool):
        return "Có" if threshold else "Không"
    sign = COMPARATOR_SIGNS.get(comparator, comparator)
    text = formats.number(_trimmed(Decimal(threshold)))
    unit = unit or ("%" if value_type == "percent" else "")
    return " ".join(part for part in (sign, text, unit) if part)


def gap_text(gap: Decimal | None, comparator: str, unit: str, value_type: str) -> str:
    """How far a value misses its threshold: "còn thiếu 2,9 triệu đồng"."""
    if gap is None:
        return ""
    amount = formats.number(_trimmed(gap.quantize(Decimal("0.01"))))
    if value_type == "percent":
        measure = "điểm phần trăm"
    elif value_type == "money_per_year":
        measure = unit.split("/")[0].strip() or "triệu đồng"
    else:
        measure = unit
    word = "còn thiếu" if comparator == "gte" else "vượt"
    return " ".join(part for part in (word, amount, measure) if part)


@dataclass(frozen=True)
class Judgement:
    """One level's threshold and verdict for one input, as the screen shows them."""

    level: str
    level_label: str
    threshold: str
    threshold_state: str  # known | unknown | unverified
    is_illustrative: bool
    status: Verdict
    gap: str = ""
    reason: str = ""

    @property
    def threshold_label(self) -> str:
        if self.threshold_state == "known":
            return self.threshold
        word = "chưa xác minh" if self.threshold_state == "unverified" else "chưa xác định"
        return f"{word} ({self.threshold})" if self.threshold else word


def indicator_judgement(
    entry: EntryField, result: IndicatorResult, *, level: str, is_illustrative: bool
) -> Judgement:
    """The screen's reading of one IndicatorResult."""
    shown: ThresholdValue
    if result.threshold is not None:
        state, shown = "known", result.threshold
    else:
        unverified = result.threshold_status in UNVERIFIED_STATUSES
        state = "unverified" if unverified else "unknown"
        shown = result.unverified_threshold
    return Judgement(
        level=level,
        level_label=SHORT_LEVEL_LABELS.get(level, level),
        threshold=threshold_text(shown, result.comparator, entry.unit, value_type=entry.value_type),
        threshold_state=state,
        is_illustrative=is_illustrative or result.threshold_status == "illustrative",
        status=result.status,
        gap=gap_text(result.gap, result.comparator, entry.unit, entry.value_type)
        if result.status is Verdict.NOT_MET
        else "",
        reason=result.reason,
    )


def threshold_of(
    entry: EntryField, resolved: ResolvedThreshold, comparator: str, *, is_illustrative: bool
) -> tuple[str, bool]:
    """A threshold resolved for a region, for the Excel header: (text, is_illustrative)."""
    if resolved.is_usable:
        text = threshold_text(resolved.value, comparator, entry.unit, value_type=entry.value_type)
        return text, is_illustrative or resolved.status == "illustrative"
    word = "chưa xác minh" if resolved.status in UNVERIFIED_STATUSES else "chưa xác định"
    if resolved.candidate is not None:
        shown = threshold_text(
            resolved.candidate, comparator, entry.unit, value_type=entry.value_type
        )
        return f"{word} ({shown})", False
    return word, False


# Forms ------------------------------------------------------------------------------------------


class ValuesForm(forms.Form):
    """Every input of a commune's sheet, with the sheet version it was opened at."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        data: Any = None,
        *,
        fields: list[EntryField],
        stored: Mapping[str, IndicatorValue],
        preview_url: str = "",
        disabled: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.entry_fields = fields
        self.stored = stored
        for entry in fields:
            attrs: dict[str, str] = {"id": f"input-{entry.slug}", "aria-label": entry.label}
            if preview_url:
                attrs.update(
                    {
                        "hx-post": preview_url,
                        "hx-target": f"#result-{entry.slug}",
                        "hx-swap": "outerHTML",
                        "hx-sync": "closest form:replace",
                    }
                )
            current = stored.get(entry.code)
            if entry.is_boolean:
                if preview_url:
                    attrs["hx-trigger"] = "change"
                self.fields[entry.input_name] = forms.ChoiceField(
                    choices=entry.choices,
                    required=False,
                    label=entry.label,
                    widget=forms.Select(attrs=attrs),
                    initial=input_text(current),
                    disabled=disabled,
                )
            else:
                attrs.update({"inputmode": "decimal", "autocomplete": "off", "size": "10"})
                if preview_url:
                    attrs["hx-trigger"] = "change, keyup changed delay:600ms"
                self.fields[entry.input_name] = forms.CharField(
                    required=False,
                    max_length=40,
                    label=entry.label,
                    widget=forms.TextInput(attrs=attrs),
                    initial=input_text(current),
                    disabled=disabled,
                )
            self.fields[entry.note_name] = forms.CharField(
                required=False,
                max_length=2000,
                label=gettext_lazy("Ghi chú"),
                widget=forms.TextInput(
                    attrs={"id": f"note-{entry.slug}", "aria-label": _("Ghi chú"), "size": "14"}
                ),
                initial=current.note if current else "",
                disabled=disabled,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for entry in self.entry_fields:
            raw = cleaned.get(entry.input_name)
            if entry.is_boolean:
                raw = {"yes": True, "no": False}.get(raw or "", raw or None)
            try:
                cleaned[entry.input_name] = entry.parse(raw)
            except ValidationError as error:
                self.add_error(entry.input_name, error)
                continue
            note = (cleaned.get(entry.note_name) or "").strip()
            if note and cleaned[entry.input_name] is None and entry.code not in self.stored:
                self.add_error(
                    entry.note_name,
                    _("%(label)s: hãy nhập giá trị trước khi ghi chú.") % {"label": entry.label},
                )
        return cleaned

    def entered_values(self) -> dict[str, EnteredValue]:
        return {e.code: self.cleaned_data.get(e.input_name) for e in self.entry_fields}

    def changed_notes(self) -> dict[str, str]:
        """Notes that differ from the stored ones (unchanged notes are not rewritten)."""
        notes = {}
        for entry in self.entry_fields:
            note = (self.cleaned_data.get(entry.note_name) or "").strip()
            current = self.stored.get(entry.code)
            if note != (current.note if current else ""):
                notes[entry.code] = note
        return notes

    def preview_values(self) -> dict[str, Value | None]:
        """What the engine should judge: the typed values, a bad one counting as missing."""
        values: dict[str, Value | None] = {}
        for entry in self.entry_fields:
            raw = self.data.get(entry.input_name, "")
            if entry.is_boolean:
                raw = {"yes": True, "no": False}.get(raw, raw)
            try:
                parsed = entry.parse(raw)
            except ValidationError:
                parsed = None
            if parsed == NOT_APPLICABLE_INPUT:
                values[entry.code] = NOT_APPLICABLE
            elif isinstance(parsed, Decimal | bool):
                values[entry.code] = parsed
            else:
                values[entry.code] = None
        return values


class ReturnForm(forms.Form):
    """Send submitted values back, or reopen approved ones, with the reason."""

    reason = forms.CharField(
        label=gettext_lazy("Lý do trả lại / mở lại"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Hãy ghi lý do trả lại hoặc mở lại số liệu.")},
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp minh chứng"),
        error_messages={"required": gettext_lazy("Hãy chọn tệp minh chứng.")},
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        error_messages={"required": gettext_lazy("Hãy chọn tệp Excel đã điền số liệu.")},
    )
