"""Forms of the plan screens: a plan, its items, targets, plan values, actuals, concretising.

Figures are typed the Vietnamese way ("55,61", "1.234,5"); `parse_decimal` reads them, and
plain "55.61" too, into an exact Decimal. Services check everything else and their
ValidationErrors land on the right field through `common.forms.attach_errors`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from common import formats
from plans.models import Document, Plan, PlanItem, Target
from plans.rules.targets import Direction
from units.models import Succession, Unit

# "1.234", "12.345.678": dots that group thousands, with no decimal comma.


def parse_decimal(text: str) -> Decimal | None:
    """A figure typed by a person (common.formats.parse_number), None when blank."""
    if not (text or "").strip():
        return None
    return formats.parse_number(text)


class VnDecimalField(forms.CharField):
    """A figure written the Vietnamese way, cleaned to a Decimal (None when left blank)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        try:
            return parse_decimal(text)
        except ValueError:
            raise forms.ValidationError(
                _("“%(text)s” không phải là số (ví dụ hợp lệ: 55,61 hoặc 1.234,5)."),
                code="invalid",
                params={"text": text},
            ) from None


def _year_field(label: Any, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        error_messages={
            "required": _("Nhập năm."),
            "invalid": _("Năm phải là một số nguyên, ví dụ 2021."),
        },
        **kwargs,
    )


class PlanForm(forms.Form):
    """A new plan (with its unit) or the correction of a draft (with the version it showed)."""

    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        error_messages={
            "required": _("Chọn đơn vị."),
            "invalid_choice": _("Đơn vị không có trong phạm vi được phân quyền."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Loại"),
        choices=Plan.Kind.choices,
        error_messages={"invalid_choice": _("Loại chương trình, kế hoạch không hợp lệ.")},
    )
    title = forms.CharField(
        label=_("Tên"),
        max_length=400,
        error_messages={"required": _("Nhập tên chương trình, kế hoạch.")},
    )
    start_year = _year_field(_("Từ năm"))
    end_year = _year_field(_("Đến năm"))
    goals = forms.CharField(label=_("Mục tiêu"), required=False, widget=forms.Textarea)
    document = forms.ModelChoiceField(
        label=_("Văn bản ban hành"),
        queryset=Document.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Văn bản không có trong danh sách.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit] | None = None,
        plan: Plan | None = None,
        **kwargs: Any,
    ) -> None:
        if plan is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": plan.kind,
                "title": plan.title,
                "start_year": plan.start_year,
                "end_year": plan.end_year,
                "goals": plan.goals,
                "document": plan.document_id,
                "version": plan.version,
            }
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit"]
        document_field: Any = self.fields["document"]
        if plan is not None:
            del self.fields["unit"]
            document_field.queryset = Document.objects.filter(
                Q(unit=plan.unit)
                | Q(unit_id=plan.unit.admin_unit_id)
                | Q(unit__admin_unit=plan.unit)
            )
        else:
            del self.fields["version"]
            unit_field.queryset = units if units is not None else Unit.objects.none()
            document_field.queryset = Document.objects.filter(unit__in=unit_field.queryset)

    def plan_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("kind", "title", "start_year", "end_year", "goals", "document")
        }


class ItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại"),
        choices=PlanItem.Kind.choices,
        error_messages={"invalid_choice": _("Loại nội dung không hợp lệ.")},
    )
    text = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Nhập nội dung.")},
    )


class TargetForm(forms.Form):
    code = forms.CharField(
        label=_("Mã"), max_length=20, error_messages={"required": _("Nhập mã chỉ tiêu.")}
    )
    name = forms.CharField(
        label=_("Tên chỉ tiêu"),
        max_length=400,
        error_messages={"required": _("Nhập tên chỉ tiêu.")},
    )
    group = forms.ChoiceField(
        label=_("Nhóm"),
        choices=Target.Group.choices,
        error_messages={"invalid_choice": _("Nhóm chỉ tiêu không hợp lệ.")},
    )
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=60, required=False)
    direction = forms.ChoiceField(
        label=_("Chiều đánh giá"),
        choices=[(d.value, d.label) for d in Direction],
        error_messages={"invalid_choice": _("Chiều đánh giá không hợp lệ.")},
    )
    baseline = VnDecimalField(label=_("Giá trị gốc"))
    baseline_year = _year_field(_("Năm gốc"), required=False)


class PlanValueForm(forms.Form):
    """The plan of a target for a year: one value, or a range for a range target."""

    year = _year_field(_("Năm"))
    value = VnDecimalField(label=_("Kế hoạch"))
    low = VnDecimalField(label=_("Từ (cận dưới)"))
    high = VnDecimalField(label=_("Đến (cận trên)"))

    def __init__(self, *args: Any, target: Target, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if target.direction == Direction.RANGE:
            del self.fields["value"]
        else:
            del self.fields["low"]
            del self.fields["high"]


class ActualForm(forms.Form):
    """What a target reached in a year; `version` is that of the actual the form showed."""

    year = _year_field(_("Năm"), widget=forms.HiddenInput)  # chosen by the page's year links
    value = VnDecimalField(label=_("Thực hiện"), required=True)
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].error_messages["required"] = _("Nhập giá trị thực hiện.")


def subordinate_units(plan: Plan, units: QuerySet[Unit]) -> QuerySet[Unit]:
    """Units among `units` that may concretise the plan: below its unit in the same tree, or
    taking over a unit below it (a merged commune)."""
    below = Q(path__startswith=plan.unit.path) & ~Q(pk=plan.unit.pk)
    successors = Q(
        pk__in=Succession.objects.filter(predecessor__path__startswith=plan.unit.path)
        .exclude(predecessor=plan.unit)
        .values("successor")
    )
    return units.filter(below | successors).order_by("path")


class ConcretiseForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị cấp dưới cụ thể hóa"),
        queryset=Unit.objects.none(),
        error_messages={
            "required": _("Chọn đơn vị cấp dưới."),
            "invalid_choice": _("Đơn vị này không phải đơn vị cấp dưới trong phạm vi của bạn."),
        },
    )
    title = forms.CharField(
        label=_("Tên kế hoạch"),
        max_length=400,
        required=False,
        help_text=_("Để trống để đặt theo tên chương trình cấp trên và tên đơn vị."),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["unit"]
        field.queryset = units
