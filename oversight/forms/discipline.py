"""Forms of the discipline screens: cases, decisions, deferral, complaints and suspensions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from oversight.models import (
    ComplaintChangeReason,
    ComplaintContent,
    ComplaintResult,
    DisciplineDecision,
    DisciplineDeferral,
    DisciplineForm,
    MemberStatus,
    Rule,
    Suspension,
)
from oversight.workflow.machines import DISCIPLINE_CASE
from units.models import Unit

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATE_ERRORS = {
    "required": _("Hãy nhập ngày."),
    "invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 18/09/2025."),
}
REQUIRED = {"required": _("Trường này là bắt buộc.")}
BLANK: list[tuple[str, Any]] = [("", "—")]
SUBJECT_KINDS = [("dang_vien", _("Đảng viên")), ("to_chuc", _("Tổ chức đảng"))]


def vn_date_field(label: Any, *, required: bool = True) -> forms.DateField:
    """A date typed as dd/mm/yyyy (ISO also accepted), with Vietnamese errors."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def choice(label: Any, choices: Any, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices if required else BLANK + list(choices),
        required=required,
        error_messages={
            **REQUIRED,
            "invalid_choice": _("Giá trị đã chọn không hợp lệ."),
        },
    )


class UnitChoiceField(forms.ModelChoiceField):
    def __init__(self, label: Any, *, required: bool = True) -> None:
        super().__init__(
            label=label,
            queryset=Unit.objects.none(),
            required=required,
            error_messages={
                **REQUIRED,
                "invalid_choice": _("Tổ chức đảng đã chọn không có hoặc nằm ngoài phạm vi."),
            },
        )

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class DisciplineFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("Năm"),
        required=False,
        min_value=1990,
        max_value=2100,
        error_messages={"invalid": _("Năm phải là số, ví dụ 2025.")},
    )
    form = choice(_("Hình thức"), DisciplineForm.choices, required=False)
    state = choice(_("Trạng thái"), list(DISCIPLINE_CASE.states.items()), required=False)
    subject = choice(_("Đối tượng"), SUBJECT_KINDS, required=False)


class SubjectForm(forms.Form):
    """Who: a member (name, cell) or an organisation; the service checks one of the two."""

    subject_kind = choice(_("Đối tượng"), SUBJECT_KINDS)
    subject_unit = UnitChoiceField(_("Tổ chức đảng vi phạm / bị đình chỉ"), required=False)
    full_name = forms.CharField(label=_("Họ và tên đảng viên"), max_length=150, required=False)
    party_cell = UnitChoiceField(_("Sinh hoạt tại chi bộ"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("unit", "subject_unit", "party_cell"):
            if name in self.fields:
                self.fields[name].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("subject_kind") == "to_chuc":
            if not data.get("subject_unit"):
                self.add_error("subject_unit", _("Hãy chọn tổ chức đảng."))
            data["full_name"] = ""
        elif data.get("subject_kind") == "dang_vien":
            if not (data.get("full_name") or "").strip():
                self.add_error("full_name", _("Hãy nhập họ và tên đảng viên."))
            data["subject_unit"] = None
        return data


class DisciplineCaseForm(SubjectForm):
    unit = UnitChoiceField(_("Tổ chức đảng xem xét"))
    party_card_number = forms.CharField(label=_("Số thẻ đảng viên"), max_length=20, required=False)
    member_status = choice(_("Loại đảng viên"), MemberStatus.choices, required=False)
    holds_post = forms.BooleanField(label=_("Đang giữ chức vụ"), required=False)
    is_committee_member = forms.BooleanField(
        label=_("Là cấp ủy viên cùng cấp trở lên"), required=False
    )
    managed_by_higher = forms.BooleanField(
        label=_("Cán bộ thuộc diện cấp trên quản lý"), required=False
    )
    violation_on = vn_date_field(_("Ngày vi phạm"))
    opened_on = vn_date_field(_("Ngày xem xét"))
    prospective_form = choice(_("Hình thức dự kiến"), DisciplineForm.choices, required=False)
    article_violated = forms.CharField(
        label=_("Điều, khoản vi phạm (69-QĐ/TW)"), max_length=100, required=False
    )

    field_order = ["unit", "subject_kind"]


class ActionForm(forms.Form):
    action = forms.CharField(max_length=40, widget=forms.HiddenInput)
    version = version_field()


class DecisionForm(forms.Form):
    version = version_field()
    form = choice(_("Hình thức kỷ luật"), DisciplineForm.choices)
    body_kind = choice(_("Cơ quan quyết định"), DisciplineDecision.BodyKind.choices)
    body_level = choice(_("Cấp của cơ quan quyết định"), Rule.Level.choices, required=False)
    higher_assigned_duty = forms.BooleanField(
        label=_("Vi phạm nhiệm vụ do cấp trên giao"), required=False
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decided_on = vn_date_field(_("Ngày quyết định"))
    announced_on = vn_date_field(_("Ngày công bố"), required=False)
    authority_note = forms.CharField(
        label=_("Ghi chú thẩm quyền"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeferForm(forms.Form):
    version = version_field()
    reason = choice(_("Lý do chưa xem xét"), DisciplineDeferral.Reason.choices)
    started_on = vn_date_field(_("Từ ngày"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea({"rows": 2}))


class ResumeForm(forms.Form):
    version = version_field()
    ended_on = vn_date_field(_("Lý do chưa xem xét kết thúc ngày"))


class ComplaintForm(forms.Form):
    filed_on = vn_date_field(_("Ngày nhận đơn"))
    content = choice(_("Nội dung khiếu nại"), ComplaintContent.choices, required=False)


class ComplaintDecideForm(forms.Form):
    version = version_field()
    result = choice(_("Kết quả"), ComplaintResult.choices)
    change_reason = choice(_("Lý do thay đổi"), ComplaintChangeReason.choices, required=False)
    outcome = forms.CharField(
        label=_("Kết quả giải quyết"), widget=forms.Textarea({"rows": 3}), error_messages=REQUIRED
    )
    decided_on = vn_date_field(_("Ngày giải quyết"))


class ComplaintRejectForm(forms.Form):
    version = version_field()
    reason = forms.CharField(
        label=_("Lý do không thụ lý"), widget=forms.Textarea({"rows": 2}), error_messages=REQUIRED
    )


class SuspensionForm(SubjectForm):
    unit = UnitChoiceField(_("Tổ chức đảng quyết định"))
    kind = choice(_("Hình thức đình chỉ"), Suspension.Kind.choices)
    reason = forms.CharField(
        label=_("Lý do"), widget=forms.Textarea({"rows": 2}), error_messages=REQUIRED
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    started_on = vn_date_field(_("Từ ngày"))
    days = forms.IntegerField(
        label=_("Số ngày (để trống: theo quy định)"),
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("Số ngày phải là số nguyên."),
            "min_value": _("Số ngày phải từ 1 trở lên."),
        },
    )

    field_order = ["unit", "kind", "subject_kind"]


class ExtendForm(forms.Form):
    version = version_field()
    ends_on = vn_date_field(_("Đến ngày (sau gia hạn)"))


class LiftForm(forms.Form):
    version = version_field()
    lifted_on = vn_date_field(_("Ngày chấm dứt đình chỉ"))
