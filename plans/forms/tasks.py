"""Forms of the task screens: assigning, reporting progress, completing, reopening, deadlines, splitting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from plans.models import Document, Plan
from units.models import Unit

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATE_ERRORS = {
    "required": _("Hãy nhập ngày."),
    "invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 18/09/2025."),
}
REQUIRED = {"required": _("Trường này là bắt buộc.")}


def vn_date_field(label: Any, *, required: bool = True) -> forms.DateField:
    """A date typed as dd/mm/yyyy (ISO also accepted), with Vietnamese errors."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("Ngày/tháng/năm, ví dụ 18/09/2025."),
    )


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class TaskCreateForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Đơn vị thực hiện"),
        queryset=Unit.objects.none(),
        error_messages={
            **REQUIRED,
            "invalid_choice": _("Đơn vị đã chọn không có hoặc nằm ngoài phạm vi được giao."),
        },
    )
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=400, error_messages=REQUIRED)
    description = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea)
    deadline = vn_date_field(_("Thời hạn"))
    assignee = forms.ModelChoiceField(
        label=_("Người thực hiện"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Người thực hiện đã chọn không hợp lệ.")},
    )
    assigned_by_unit = UnitChoiceField(
        label=_("Đơn vị giao"),
        queryset=Unit.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Đơn vị giao không hợp lệ.")},
    )
    plan = forms.ModelChoiceField(
        label=_("Chương trình, kế hoạch"),
        queryset=Plan.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Chương trình, kế hoạch đã chọn không hợp lệ.")},
    )
    document = forms.ModelChoiceField(
        label=_("Văn bản giao"),
        queryset=Document.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Văn bản đã chọn không hợp lệ.")},
    )
    source_note = forms.CharField(
        label=_("Nguồn khác (kết luận kiểm tra …)"), max_length=300, required=False
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        users: QuerySet[User],
        plans: QuerySet[Plan],
        documents: QuerySet[Document],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["unit"].queryset = units.order_by("path")
        fields["assigned_by_unit"].queryset = units.order_by("path")
        fields["assignee"].queryset = users
        fields["plan"].queryset = plans
        fields["document"].queryset = documents


class ProgressForm(forms.Form):
    version = version_field()
    progress = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "required": _("Hãy nhập tiến độ (%)."),
            "invalid": _("Tiến độ phải là số nguyên từ 0 đến 100."),
            "min_value": _("Tiến độ phải là số nguyên từ 0 đến 100."),
            "max_value": _("Tiến độ phải là số nguyên từ 0 đến 100."),
        },
    )
    note = forms.CharField(
        label=_("Nội dung báo cáo"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy nêu nội dung kết quả thực hiện.")},
    )
    evidence = forms.FileField(
        label=_("Minh chứng"),
        required=False,
        error_messages={"invalid": _("Tệp minh chứng không hợp lệ."), "empty": _("Tệp rỗng.")},
    )


class CompleteForm(forms.Form):
    version = version_field()
    completed_on = vn_date_field(_("Ngày hoàn thành"), required=False)


class ReopenForm(forms.Form):
    version = version_field()
    reason = forms.CharField(
        label=_("Lý do mở lại"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy nêu lý do mở lại nhiệm vụ.")},
    )
    progress = forms.IntegerField(
        label=_("Tiến độ khi mở lại (%)"),
        required=False,
        min_value=0,
        max_value=99,
        error_messages={
            "invalid": _("Tiến độ khi mở lại phải từ 0 đến 99."),
            "min_value": _("Tiến độ khi mở lại phải từ 0 đến 99."),
            "max_value": _("Tiến độ khi mở lại phải từ 0 đến 99."),
        },
    )


class DeadlineForm(forms.Form):
    version = version_field()
    deadline = vn_date_field(_("Thời hạn mới"))
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy nêu lý do điều chỉnh thời hạn.")},
    )


class SplitRowForm(forms.Form):
    """One subtask: a unit, its title and deadline. A row left empty is skipped."""

    unit = UnitChoiceField(
        label=_("Đơn vị nhận"),
        queryset=Unit.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Đơn vị đã chọn không có hoặc nằm ngoài phạm vi được giao.")
        },
    )
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=400, required=False)
    deadline = vn_date_field(_("Thời hạn"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["unit"]
        field.queryset = units.order_by("path")

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in ("unit", "title", "deadline"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(data.get(name) for name in ("unit", "title", "deadline")):
            if not data.get("unit") and "unit" not in self.errors:
                self.add_error("unit", _("Hãy chọn đơn vị nhận nhiệm vụ."))
            if not data.get("title"):
                self.add_error("title", _("Hãy nhập tên nhiệm vụ."))
            if not data.get("deadline") and "deadline" not in self.errors:
                self.add_error("deadline", _("Hãy nhập thời hạn."))
        return data


SplitFormSet = forms.formset_factory(SplitRowForm, extra=3, max_num=20, absolute_max=20)
