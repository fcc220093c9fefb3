"""Forms of the sponsorship (đỡ đầu) screens: the list's filters, entry and correction."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sponsorship.queries import CRITERIA_NUMBERS, criterion_label
from units.models import Unit

BLANK: list[tuple[str, Any]] = [("", "—")]
FIRST_YEAR = 2000
LAST_YEAR = 2100


def year_field(label: Any, *, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": _("Hãy nhập năm."),
            "invalid": _("Năm phải là một số, ví dụ 2016."),
            "min_value": _("Năm phải từ %(limit_value)s trở về sau."),
            "max_value": _("Năm không được sau %(limit_value)s."),
        },
        widget=forms.NumberInput(attrs={"placeholder": "2016"}),
    )


def criteria_choices(names: dict[str, str]) -> list[tuple[str, str]]:
    return [(code, criterion_label(code, names)) for code in CRITERIA_NUMBERS]


class SponsorshipFilterForm(forms.Form):
    year = year_field(_("Năm"), required=False)
    q = forms.CharField(label=_("Tên đơn vị đỡ đầu, xã"), required=False, max_length=200)
    criterion = forms.ChoiceField(
        label=_("Tiêu chí giúp đỡ"),
        required=False,
        choices=BLANK,
        error_messages={"invalid_choice": _("Tiêu chí đã chọn không hợp lệ.")},
    )

    def __init__(self, *args: Any, names: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["criterion"]
        field.choices = BLANK + criteria_choices(names)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SponsorshipForm(forms.Form):
    """Entry (with the commune) and correction (with the version read when the form was opened)."""

    sponsor = UnitChoiceField(
        label=_("Tổ chức đảng đỡ đầu"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Chọn khi đơn vị đỡ đầu là tổ chức đảng trong danh mục."),
        error_messages={
            "invalid_choice": _("Tổ chức đảng đã chọn không có hoặc nằm ngoài phạm vi được giao.")
        },
    )
    sponsor_name = forms.CharField(
        label=_("Hoặc tên cơ quan, đơn vị đỡ đầu (ngoài danh mục)"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: Sở Tài chính, Công ty Điện lực tỉnh."),
        error_messages={"max_length": _("Tên cơ quan đỡ đầu dài quá %(limit_value)d ký tự.")},
    )
    commune = UnitChoiceField(
        label=_("Xã được đỡ đầu"),
        queryset=Unit.objects.none(),
        empty_label="—",
        error_messages={
            "required": _("Hãy chọn xã được đỡ đầu."),
            "invalid_choice": _("Xã đã chọn không có hoặc nằm ngoài phạm vi được giao."),
        },
    )
    start_year = year_field(_("Từ năm"), required=True)
    end_year = year_field(_("Đến năm"), required=False)
    criteria_codes = forms.MultipleChoiceField(
        label=_("Tiêu chí giúp đỡ"),
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Tiêu chí “%(value)s” không phải số tiêu chí từ 1 đến 19.")
        },
    )
    commitments = forms.CharField(
        label=_("Nội dung cam kết"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    results = forms.CharField(
        label=_("Kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        error_messages={"invalid": _("Phiên bản của biểu mẫu không hợp lệ; hãy tải lại trang.")},
    )

    def __init__(
        self,
        *args: Any,
        sponsors: QuerySet[Unit],
        communes: QuerySet[Unit] | None = None,
        names: dict[str, str],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["sponsor"].queryset = sponsors.order_by("path")
        fields["criteria_codes"].choices = criteria_choices(names)
        self.editing = editing
        if editing:
            del fields["commune"]
            fields["version"].required = True
            fields["version"].error_messages["required"] = _(
                "Thiếu phiên bản của biểu mẫu; hãy tải lại trang."
            )
        else:
            del fields["version"]
            fields["commune"].queryset = (
                communes if communes is not None else Unit.objects.none()
            ).order_by("path")

    def values(self) -> dict[str, Any]:
        """The editable values, as the services take them."""
        data = self.cleaned_data
        return {
            "sponsor": data["sponsor"],
            "sponsor_name": data["sponsor_name"],
            "start_year": data["start_year"],
            "end_year": data["end_year"],
            "criteria_codes": list(data["criteria_codes"]),
            "commitments": data["commitments"],
            "results": data["results"],
        }


def initial_of(item: Any) -> dict[str, Any]:
    """The form's starting values for a stored sponsorship."""
    return {
        "sponsor": item.sponsor_id,
        "sponsor_name": item.sponsor_name,
        "start_year": item.start_year,
        "end_year": item.end_year,
        "criteria_codes": list(item.criteria_codes),
        "commitments": item.commitments,
        "results": item.results,
        "version": item.version,
    }
