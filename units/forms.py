from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from units.loading import region_codes
from units.models import Succession, Unit


class UnitForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Unit
        fields = ["name", "code", "valid_from", "valid_to", "region", "note"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_region(self) -> str:
        region = self.cleaned_data["region"].strip().upper()
        if region and region not in region_codes():
            raise forms.ValidationError(
                _("Vùng “%(region)s” không có trong danh mục vùng (%(known)s).")
                % {"region": region, "known": ", ".join(sorted(region_codes()))}
            )
        return region

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if code and not code.isdigit():
            raise forms.ValidationError(_("Mã đơn vị chỉ gồm chữ số, ví dụ 13504."))
        return code


class SuccessionForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("Đơn vị kế tục"),
        queryset=Unit.objects.none(),
        error_messages={"invalid_choice": _("Đơn vị kế tục không có trong phạm vi của bạn.")},
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Succession.Kind.choices)
    effective_on = forms.DateField(
        label=_("Ngày hiệu lực"), widget=forms.DateInput(attrs={"type": "date"})
    )
    basis = forms.CharField(label=_("Căn cứ (số, ngày văn bản)"), max_length=300, required=False)
    is_confirmed = forms.BooleanField(label=_("Đã đối chiếu văn bản"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, successors: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if successors is not None:
            self.fields["successor"].queryset = successors  # type: ignore[attr-defined]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm đơn vị"), max_length=100, required=False)
