"""Forms of the model (mô hình) screens: the list's filters, the counts' years, entry and edit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from movements.models import MovementModel
from movements.queries import MEASURES
from movements.services import EARLIEST_YEAR
from units.models import Unit

BLANK: list[tuple[str, Any]] = [("", "—")]
LATEST_YEAR = 2100
MEASURE_LABELS = {
    "recognised": _("Được công nhận trong kỳ"),
    "active": _("Được công nhận trong kỳ, đang hoạt động"),
    "replicated": _("Được công nhận trong kỳ, đã nhân rộng"),
    "total": _("Hiện có trong sổ (mọi năm)"),
}


def year_field(label: Any, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=EARLIEST_YEAR,
        max_value=LATEST_YEAR,
        error_messages={
            "required": _("Hãy nhập năm."),
            "invalid": _("Năm phải là một số, ví dụ 2023."),
            "min_value": _("Năm phải từ %(limit_value)s trở về sau."),
            "max_value": _("Năm không được sau %(limit_value)s."),
        },
        widget=forms.NumberInput(attrs={"placeholder": "2023"}),
    )


class YearRangeForm(forms.Form):
    year_from = year_field(_("Công nhận từ năm"))
    year_to = year_field(_("đến năm"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("year_from"), data.get("year_to")
        if first is not None and last is not None and last < first:
            self.add_error("year_to", _("Năm cuối phải sau hoặc bằng năm đầu."))
        return data


class ModelFilterForm(YearRangeForm):
    field = forms.ChoiceField(
        label=_("Lĩnh vực"),
        required=False,
        choices=BLANK + list(MovementModel.Field.choices),
        error_messages={"invalid_choice": _("Lĩnh vực đã chọn không hợp lệ.")},
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=BLANK + list(MovementModel.Status.choices),
        error_messages={"invalid_choice": _("Tình trạng đã chọn không hợp lệ.")},
    )
    q = forms.CharField(label=_("Tên mô hình, đơn vị"), required=False, max_length=200)

    field_order = ["field", "status", "year_from", "year_to", "q"]


class CountsForm(YearRangeForm):
    measure = forms.ChoiceField(
        label=_("Số liệu theo đơn vị"),
        required=False,
        choices=[(key, MEASURE_LABELS[key]) for key in MEASURES],
        error_messages={"invalid_choice": _("Loại số liệu đã chọn không hợp lệ.")},
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class MovementModelForm(forms.Form):
    """Entry (with the unit) and correction (with the version read when the form was opened)."""

    unit = UnitChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        empty_label="—",
        error_messages={
            "required": _("Hãy chọn đơn vị có mô hình."),
            "invalid_choice": _("Đơn vị đã chọn không có hoặc nằm ngoài phạm vi được giao."),
        },
    )
    name = forms.CharField(
        label=_("Tên mô hình"),
        max_length=300,
        error_messages={
            "required": _("Tên mô hình không được để trống."),
            "max_length": _("Tên mô hình dài quá %(limit_value)d ký tự."),
        },
    )
    field = forms.ChoiceField(
        label=_("Lĩnh vực"),
        choices=BLANK + list(MovementModel.Field.choices),
        error_messages={
            "required": _("Hãy chọn lĩnh vực của mô hình."),
            "invalid_choice": _("Lĩnh vực của mô hình không hợp lệ."),
        },
    )
    recognised_year = year_field(_("Năm được công nhận"))
    recognised_by = forms.CharField(
        label=_("Cấp, cơ quan công nhận"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Tên cơ quan công nhận dài quá %(limit_value)d ký tự.")},
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=list(MovementModel.Status.choices),
        initial=MovementModel.Status.DANG_DUY_TRI,
        error_messages={
            "required": _("Hãy chọn tình trạng của mô hình."),
            "invalid_choice": _("Tình trạng của mô hình không hợp lệ."),
        },
    )
    description = forms.CharField(
        label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        error_messages={"invalid": _("Phiên bản của biểu mẫu không hợp lệ; hãy tải lại trang.")},
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit] | None = None, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["unit"]
            self.fields["version"].required = True
            self.fields["version"].error_messages["required"] = _(
                "Thiếu phiên bản của biểu mẫu; hãy tải lại trang."
            )
        else:
            del self.fields["version"]
            field: Any = self.fields["unit"]
            field.queryset = (units if units is not None else Unit.objects.none()).order_by("path")

    def model_values(self) -> dict[str, Any]:
        """The editable values, as the services take them."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "field": data["field"],
            "recognised_year": data["recognised_year"],
            "recognised_by": data["recognised_by"].strip(),
            "status": data["status"],
            "description": data["description"],
        }


def initial_of(model: MovementModel) -> dict[str, Any]:
    """The form's starting values for a stored model."""
    return {
        "name": model.name,
        "field": model.field,
        "recognised_year": model.recognised_year,
        "recognised_by": model.recognised_by,
        "status": model.status,
        "description": model.description,
        "version": model.version,
    }
