from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common import formats
from criteria.engine import Indicator
from criteria.models import SetVersion
from units.loading import region_codes

STATUS_CHOICES = [
    ("confirmed", _("Đã xác nhận theo văn bản")),
    ("recalled", _("Chưa xác nhận")),
    ("unknown", _("Chưa biết")),
    ("illustrative", _("Minh họa (không phải văn bản)")),
]
VARIATION_CHOICES = [
    ("none", _("Một mức chung")),
    ("by_region", _("Theo vùng")),
    ("by_group", _("Theo nhóm xã")),
    ("unknown", _("Chưa biết")),
]
GROUPS = ("N1", "N2", "N3")


def parse_threshold(text: str, indicator: Indicator) -> Decimal | bool | None:
    """A threshold typed by a person: "Có"/"Không" for yes/no indicators, else a number
    written the Vietnamese way ("1.234,5") or plainly ("1234.5")."""
    text = text.strip()
    if not text:
        return None
    if indicator.is_boolean:
        lowered = text.casefold()
        if lowered in {"có", "co", "đạt", "true", "1"}:
            return True
        if lowered in {"không", "khong", "false", "0"}:
            return False
        raise forms.ValidationError(_("Hãy nhập “Có” hoặc “Không”."))
    try:
        return formats.parse_number(text)
    except ValueError as error:
        raise forms.ValidationError(
            _("“%(text)s” không phải là số (ví dụ hợp lệ: 55,61).") % {"text": text}
        ) from error


class ThresholdForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    regional_variation = forms.ChoiceField(label=_("Cách áp dụng"), choices=VARIATION_CHOICES)
    year = forms.IntegerField(
        label=_("Chỉ áp dụng cho năm"),
        required=False,
        min_value=2010,
        max_value=2040,
        help_text=_("Để trống nếu ngưỡng áp dụng cho mọi năm của bộ tiêu chí."),
    )
    general = forms.CharField(label=_("Mức chung"), required=False, max_length=40)
    status = forms.ChoiceField(label=_("Trạng thái ngưỡng"), choices=STATUS_CHOICES)
    source = forms.CharField(
        label=_("Căn cứ (số, ngày văn bản, điều, phụ lục)"), required=False, max_length=300
    )

    def __init__(self, *args: Any, indicator: Indicator, draft: SetVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        for region in sorted(region_codes()):
            self.fields[f"region_{region}"] = forms.CharField(
                label=_("Vùng %s") % region, required=False, max_length=40
            )
        for group in GROUPS:
            self.fields[f"group_{group}"] = forms.CharField(
                label=_("Nhóm %s") % group, required=False, max_length=40
            )
        if not self.is_bound:
            threshold = indicator.threshold
            self.initial["version"] = draft.version
            self.initial["status"] = (
                threshold.status
                if threshold and threshold.status in dict(STATUS_CHOICES)
                else "unknown"
            )
            if threshold is not None:
                self.initial["regional_variation"] = threshold.regional_variation
                self.initial["general"] = _display(threshold.general)
                for region, value in threshold.by_region.items():
                    self.initial[f"region_{region}"] = _display(value)
                for group, value in threshold.by_group.items():
                    self.initial[f"group_{group}"] = _display(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parsed: dict[str, Decimal | bool | None] = {}
        for name in ["general"] + [n for n in self.fields if n.startswith(("region_", "group_"))]:
            try:
                parsed[name] = parse_threshold(data.get(name) or "", self.indicator)
            except forms.ValidationError as error:
                self.add_error(name, error)
        variation = data.get("regional_variation")
        if (
            variation == "none"
            and parsed.get("general") is None
            and data.get("status") == "confirmed"
        ):
            self.add_error("general", _("Ngưỡng đã xác nhận theo một mức chung cần có giá trị."))
        if (
            variation == "by_region"
            and data.get("status") == "confirmed"
            and not any(parsed.get(f"region_{region}") is not None for region in region_codes())
        ):
            self.add_error(None, _("Ngưỡng theo vùng cần ít nhất một giá trị vùng."))
        self.parsed = parsed
        return data

    def threshold_content(self) -> dict[str, Any]:
        """The threshold as the set's data file writes it."""

        def plain(value: Decimal | bool | None) -> Any:
            return float(value) if isinstance(value, Decimal) else value

        body: dict[str, Any] = {
            "regional_variation": self.cleaned_data["regional_variation"],
            "general": plain(self.parsed.get("general")),
            "by_region": {
                region: plain(self.parsed[f"region_{region}"])
                for region in sorted(region_codes())
                if self.parsed.get(f"region_{region}") is not None
            }
            or None,
            "by_group": {
                group: plain(self.parsed[f"group_{group}"])
                for group in GROUPS
                if self.parsed.get(f"group_{group}") is not None
            }
            or None,
        }
        year = self.cleaned_data.get("year")
        if year:
            existing = self.indicator.threshold
            by_year: dict[str, Any] = {}
            if existing is not None:
                for known_year, entry in existing.by_year.items():
                    by_year[str(known_year)] = {
                        "general": plain(entry.general),
                        "by_region": {k: plain(v) for k, v in entry.by_region.items()} or None,
                    }
            by_year[str(year)] = {k: v for k, v in body.items() if k != "regional_variation"}
            return {"regional_variation": body["regional_variation"], "by_year": by_year}
        return body


def _display(value: Decimal | bool | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return str(value.normalize()).replace(".", ",")


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Nội dung thay đổi và căn cứ ban hành"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
