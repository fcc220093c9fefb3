from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Hành động (bắt đầu bằng)"), max_length=80, required=False)
    actor = forms.CharField(label=_("Người thực hiện"), max_length=150, required=False)
    target_type = forms.CharField(label=_("Loại đối tượng"), max_length=100, required=False)
    since = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
        return data
