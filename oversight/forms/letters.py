"""Forms of the letter and denunciation screens: receiving, classifying, routing, resolving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from oversight.models import Denunciation, DisciplineDecision, Letter, LetterKind
from oversight.models import ManagementLevel as Level
from units.models import Unit

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATE_ERRORS = {
    "required": _("Hãy nhập ngày."),
    "invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 18/09/2025."),
}
REQUIRED = {"required": _("Trường này là bắt buộc.")}
BLANK: list[tuple[str, Any]] = [("", "—")]


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


def choice(label: Any, choices: Any, *, required: bool = True, message: Any = None) -> Any:
    return forms.ChoiceField(
        label=label,
        choices=BLANK + list(choices),
        required=required,
        error_messages={
            "required": message or REQUIRED["required"],
            "invalid_choice": _("Giá trị đã chọn không hợp lệ."),
        },
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def unit_field(label: Any, *, required: bool = False) -> UnitChoiceField:
    return UnitChoiceField(
        label=label,
        queryset=Unit.objects.none(),
        required=required,
        error_messages={
            **REQUIRED,
            "invalid_choice": _("Tổ chức đã chọn không có hoặc nằm ngoài phạm vi được giao."),
        },
    )


class LetterFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Loại đơn"), required=False, choices=BLANK + LetterKind.choices
    )
    naming = forms.ChoiceField(
        label=_("Danh tính"), required=False, choices=BLANK + Letter.Naming.choices
    )
    state = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=BLANK)
    overdue = forms.BooleanField(label=_("Chỉ đơn quá hạn"), required=False)

    def __init__(self, *args: Any, states: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = BLANK + list(states)  # type: ignore[attr-defined]


class LetterReceiveForm(forms.Form):
    unit = unit_field(_("Tổ chức đảng tiếp nhận"), required=True)
    number = forms.CharField(
        label=_("Số vào sổ"),
        max_length=30,
        required=False,
        help_text=_("Để trống để lấy số tiếp theo trong năm."),
    )
    received_on = vn_date_field(_("Ngày nhận"))
    source = choice(_("Nguồn đơn"), Letter.Source.choices, message=_("Hãy chọn nguồn đơn."))
    sender_kind = choice(
        _("Người gửi là"), Letter.SenderKind.choices, message=_("Hãy chọn người gửi là ai.")
    )
    naming = choice(
        _("Danh tính"),
        Letter.Naming.choices,
        message=_("Hãy chọn đơn có tên, giấu tên hay mạo tên."),
    )
    summary = forms.CharField(
        label=_("Tóm tắt nội dung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Hãy tóm tắt nội dung đơn.")},
        help_text=_("Không ghi họ tên, địa chỉ người gửi vào phần tóm tắt."),
    )
    accused_unit = unit_field(_("Tổ chức đảng bị tố cáo, phản ánh"))
    accused_name = forms.CharField(
        label=_("Đảng viên bị tố cáo, phản ánh"), max_length=150, required=False
    )
    accused_level = choice(_("Cấp quản lý người bị tố cáo"), Level.choices, required=False)
    sender_full_name = forms.CharField(
        label=_("Họ và tên người gửi"), max_length=150, required=False
    )
    sender_address = forms.CharField(label=_("Địa chỉ người gửi"), max_length=300, required=False)
    sender_phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    sender_note = forms.CharField(
        label=_("Ghi chú về người gửi"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], accused_units: QuerySet[Unit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["unit"].queryset = units.order_by("path")
        fields["accused_unit"].queryset = accused_units.order_by("path")


class LetterClassifyForm(forms.Form):
    version = version_field()
    kind = choice(_("Loại đơn"), LetterKind.choices, message=_("Hãy chọn loại đơn."))
    competence = choice(
        _("Thẩm quyền"),
        Letter.Competence.choices,
        message=_("Hãy chọn đơn thuộc hay không thuộc thẩm quyền."),
    )
    handling = choice(_("Hướng xử lý"), Letter.Handling.choices, required=False)
    keep_as_information = forms.BooleanField(
        label=_("Đơn giấu tên, mạo tên có nội dung cụ thể: giữ làm thông tin phục vụ kiểm tra"),
        required=False,
    )
    accused_unit = unit_field(_("Tổ chức đảng bị tố cáo"))
    accused_name = forms.CharField(label=_("Đảng viên bị tố cáo"), max_length=150, required=False)
    accused_party_cell = unit_field(_("Đảng viên sinh hoạt tại chi bộ"))
    accused_is_committee_member = forms.BooleanField(label=_("Là cấp ủy viên"), required=False)
    accused_level = choice(_("Cấp quản lý"), Level.choices, required=False)
    competent_received_on = vn_date_field(_("Ngày tổ chức có thẩm quyền nhận đơn"), required=False)
    congress_opens_on = vn_date_field(_("Ngày khai mạc đại hội (nếu sắp đại hội)"), required=False)
    related_to_congress = forms.BooleanField(label=_("Liên quan đến đại hội"), required=False)
    deadline = vn_date_field(
        _("Thời hạn giải quyết (khi không có quy định áp dụng)"), required=False
    )
    decision = forms.ModelChoiceField(
        label=_("Quyết định kỷ luật bị khiếu nại"),
        queryset=DisciplineDecision.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Quyết định kỷ luật đã chọn không hợp lệ.")},
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        decisions: QuerySet[DisciplineDecision],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["accused_unit"].queryset = units.order_by("path")
        fields["accused_party_cell"].queryset = units.order_by("path")
        fields["decision"].queryset = decisions


ROUTE_ACTIONS = [
    ("giao_xu_ly", _("Giao giải quyết")),
    ("chuyen", _("Chuyển theo thẩm quyền")),
    ("huong_dan", _("Hướng dẫn, trả đơn")),
    ("luu", _("Lưu đơn")),
]


class LetterRouteForm(forms.Form):
    version = version_field()
    action = choice(_("Thao tác"), ROUTE_ACTIONS, message=_("Hãy chọn thao tác."))
    assigned_to = forms.CharField(label=_("Giao cho"), max_length=300, required=False)
    deadline = vn_date_field(_("Hạn xử lý"), required=False)
    transferred_to = forms.CharField(label=_("Chuyển đến"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LetterAnswerForm(forms.Form):
    version = version_field()
    answered_on = vn_date_field(_("Ngày trả lời, thông báo"))
    result = forms.CharField(
        label=_("Kết quả"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy nêu kết quả giải quyết đã trả lời người gửi.")},
    )


class DenunciationFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    state = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=BLANK)
    overdue = forms.BooleanField(label=_("Chỉ vụ quá hạn"), required=False)

    def __init__(self, *args: Any, states: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = BLANK + list(states)  # type: ignore[attr-defined]


class DenunciationActForm(forms.Form):
    version = version_field()
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    on = vn_date_field(_("Ngày"), required=False)


class DenunciationExtendForm(forms.Form):
    version = version_field()
    new_deadline = vn_date_field(
        _("Thời hạn mới (để trống: gia hạn tối đa theo quy định)"), required=False
    )


class DenunciationConcludeForm(forms.Form):
    version = version_field()
    result = choice(
        _("Kết quả"), Denunciation.Result.choices, message=_("Hãy chọn kết quả giải quyết.")
    )
    has_violation = forms.BooleanField(label=_("Có vi phạm"), required=False)
    discipline_required = forms.BooleanField(label=_("Phải thi hành kỷ luật"), required=False)
    concluded_on = vn_date_field(_("Ngày kết luận"))


class DenunciationNotifyForm(forms.Form):
    version = version_field()
    notified_on = vn_date_field(_("Ngày thông báo người tố cáo"))


class DenunciationDisciplineForm(forms.Form):
    violation_on = vn_date_field(_("Ngày vi phạm"))
    opened_on = vn_date_field(_("Ngày xem xét"))
    prospective_form = choice(
        _("Hình thức dự kiến"),
        [
            ("khien_trach", _("Khiển trách")),
            ("canh_cao", _("Cảnh cáo")),
            ("cach_chuc", _("Cách chức")),
            ("khai_tru", _("Khai trừ")),
            ("giai_tan", _("Giải tán")),
        ],
        required=False,
    )
