"""Forms of the reception screens: sessions, visitors, matters and their steps, dialogues, filters.

Forms read and check what was typed; the services check the rules and name the field that is
wrong, and `common.forms.attach_errors` puts their message on that field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.periods import Period, period_choices
from oversight.models import Letter
from petitions.models import CitizenMatter, Dialogue, ReceptionSession
from units.models import Unit

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATE_ERRORS = {
    "required": _("Hãy nhập ngày."),
    "invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 18/09/2025."),
}
BLANK: list[tuple[str, Any]] = [("", "—")]
ALL_PERIODS = ""


def vn_date_field(label: Any, *, required: bool = True, required_message: Any = None) -> Any:
    """A date typed as dd/mm/yyyy (ISO also accepted), with Vietnamese errors."""
    errors = dict(DATE_ERRORS)
    if required_message:
        errors["required"] = required_message
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        error_messages=errors,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


def count_field(label: Any) -> Any:
    """A whole number of people, zero or more."""
    return forms.IntegerField(
        label=label,
        min_value=0,
        initial=0,
        error_messages={
            "required": _("Hãy nhập số (0 nếu không có)."),
            "invalid": _("Hãy nhập một số nguyên, ví dụ 12."),
            "min_value": _("Số không được âm."),
        },
    )


def text_field(label: Any, *, max_length: int, required_message: Any = None) -> Any:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required_message is not None,
        error_messages={
            "required": required_message or "",
            "max_length": _("Nội dung dài quá %(limit_value)d ký tự."),
        },
    )


def long_text(label: Any, *, required_message: Any = None, rows: int = 3) -> Any:
    return forms.CharField(
        label=label,
        required=required_message is not None,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message or ""},
    )


def choice(label: Any, choices: Any, *, message: Any, required: bool = True) -> Any:
    return forms.ChoiceField(
        label=label,
        choices=BLANK + list(choices),
        required=required,
        error_messages={
            "required": message,
            "invalid_choice": _("Giá trị đã chọn không hợp lệ."),
        },
    )


def version_field() -> Any:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CommitteeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def committee_field(label: Any) -> CommitteeField:
    return CommitteeField(
        label=label,
        queryset=Unit.objects.none(),
        error_messages={
            "required": _("Hãy chọn cấp ủy."),
            "invalid_choice": _("Cấp ủy đã chọn không có hoặc nằm ngoài phạm vi được giao."),
        },
    )


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.held_on:%d/%m/%Y} — {obj.unit.name} ({obj.get_kind_display()})"


# --- filters ---------------------------------------------------------------------------------


def period_options(current: Period, today: dt.date) -> list[tuple[str, Any]]:
    """Grouped options of the period <select>, with "every period" first."""
    options: list[tuple[str, Any]] = [(ALL_PERIODS, _("Mọi kỳ"))]
    for group, periods in period_choices(current, today):
        options.append((group, [(period.key, period.label) for period in periods]))
    return options


class ListFilterForm(forms.Form):
    """Committee (with its subordinates or not) and period, shared by every list."""

    unit_id = forms.ChoiceField(label=_("Cấp ủy"), required=False)
    with_subordinates = forms.BooleanField(label=_("Gồm cả cấp ủy trực thuộc"), required=False)
    period = forms.ChoiceField(
        label=_("Kỳ"),
        required=False,
        error_messages={"invalid_choice": _("Kỳ đã chọn không hợp lệ.")},
    )

    def __init__(
        self, *args: Any, committees: list[Unit], current: Period, today: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["unit_id"].choices = [("", _("Mọi cấp ủy trong phạm vi"))] + [
            (str(unit.pk), unit.name) for unit in committees
        ]
        fields["period"].choices = period_options(current, today)

    def chosen_period(self) -> Period | None:
        key = self.cleaned_data.get("period") or ""
        return Period.parse(key) if key else None


class SessionFilterForm(ListFilterForm):
    kind = forms.ChoiceField(
        label=_("Hình thức"), required=False, choices=BLANK + ReceptionSession.Kind.choices
    )


class DialogueFilterForm(ListFilterForm):
    kind = forms.ChoiceField(
        label=_("Hình thức"), required=False, choices=BLANK + Dialogue.Kind.choices
    )


class MatterFilterForm(ListFilterForm):
    kind = forms.ChoiceField(
        label=_("Loại vụ việc"), required=False, choices=BLANK + CitizenMatter.Kind.choices
    )
    state = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=BLANK + CitizenMatter.State.choices
    )
    overdue = forms.BooleanField(label=_("Chỉ vụ việc đang quá hạn"), required=False)


# --- sessions --------------------------------------------------------------------------------


class SessionForm(forms.Form):
    unit = committee_field(_("Cấp ủy"))
    host_name = text_field(
        _("Người chủ trì tiếp dân"),
        max_length=150,
        required_message=_("Hãy nhập họ tên người chủ trì tiếp dân."),
    )
    host_role = choice(
        _("Tư cách chủ trì"),
        ReceptionSession.HostRole.choices,
        message=_("Hãy chọn bí thư hay người được ủy quyền chủ trì."),
    )
    held_on = vn_date_field(_("Ngày tiếp dân"), required_message=_("Hãy nhập ngày tiếp dân."))
    kind = choice(
        _("Hình thức"),
        ReceptionSession.Kind.choices,
        message=_("Hãy chọn tiếp dân định kỳ hay đột xuất."),
    )
    place = text_field(_("Địa điểm"), max_length=300)
    visitor_count = count_field(_("Số lượt người được tiếp"))
    note = long_text(_("Ghi chú"), rows=2)
    version = version_field()

    def __init__(
        self, *args: Any, units: QuerySet[Unit] | None = None, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["unit"]
        else:
            del self.fields["version"]
            field: Any = self.fields["unit"]
            field.queryset = (units if units is not None else Unit.objects.none()).order_by("path")

    def session_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "host_name",
                "host_role",
                "held_on",
                "kind",
                "place",
                "visitor_count",
                "note",
            )
        }


class VisitorForm(forms.Form):
    full_name = text_field(
        _("Họ và tên"),
        max_length=150,
        required_message=_("Hãy nhập họ và tên người được tiếp."),
    )
    address = text_field(_("Địa chỉ"), max_length=300)


# --- matters ---------------------------------------------------------------------------------


class MatterForm(forms.Form):
    unit = committee_field(_("Cấp ủy tiếp nhận"))
    session = SessionChoiceField(
        label=_("Tiếp nhận tại phiên tiếp dân"),
        queryset=ReceptionSession.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Phiên tiếp dân đã chọn không có hoặc nằm ngoài phạm vi.")
        },
    )
    received_on = vn_date_field(_("Ngày tiếp nhận"), required_message=_("Hãy nhập ngày tiếp nhận."))
    kind = choice(
        _("Loại vụ việc"),
        CitizenMatter.Kind.choices,
        message=_("Hãy chọn khiếu nại, tố cáo, kiến nghị hay phản ánh."),
    )
    summary = long_text(
        _("Tóm tắt nội dung"), required_message=_("Hãy tóm tắt nội dung vụ việc."), rows=4
    )
    deadline = vn_date_field(_("Hạn giải quyết"), required=False)
    petitioner_name = text_field(_("Họ và tên người nêu vụ việc"), max_length=150)
    petitioner_address = text_field(_("Địa chỉ"), max_length=300)
    petitioner_phone = text_field(_("Điện thoại"), max_length=30)

    PERSONAL_FIELDS = ("petitioner_name", "petitioner_address", "petitioner_phone")

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        sessions: QuerySet[ReceptionSession],
        personal_data: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["unit"].queryset = units.order_by("path")
        fields["session"].queryset = sessions
        fields["summary"].help_text = _(
            "Không ghi họ tên, địa chỉ, điện thoại của công dân vào phần tóm tắt."
        )
        if not personal_data:
            for name in self.PERSONAL_FIELDS:
                del fields[name]

    def personal_fields(self) -> list[Any]:
        return [self[name] for name in self.PERSONAL_FIELDS if name in self.fields]

    def other_fields(self) -> list[Any]:
        return [field for field in self if field.name not in self.PERSONAL_FIELDS]


class MatterRouteForm(forms.Form):
    version = version_field()
    routed_to = text_field(
        _("Chuyển, giao cho"),
        max_length=300,
        required_message=_("Hãy nhập cơ quan, người được giao xử lý."),
    )
    routed_on = vn_date_field(
        _("Ngày chuyển, chỉ đạo xử lý"), required_message=_("Hãy nhập ngày chuyển xử lý.")
    )
    deadline = vn_date_field(_("Hạn giải quyết"), required=False)


class MatterForwardForm(forms.Form):
    version = version_field()
    forwarded_on = vn_date_field(_("Ngày chuyển"), required_message=_("Hãy nhập ngày chuyển."))
    naming = choice(
        _("Danh tính người gửi"),
        Letter.Naming.choices,
        message=_("Hãy chọn đơn có tên, giấu tên hay mạo tên."),
    )


class MatterNotifyForm(forms.Form):
    version = version_field()
    notified_on = vn_date_field(
        _("Ngày thông báo bằng văn bản"), required_message=_("Hãy nhập ngày thông báo.")
    )


class MatterAnswerForm(forms.Form):
    version = version_field()
    answered_on = vn_date_field(_("Ngày trả lời"), required_message=_("Hãy nhập ngày trả lời."))
    result = long_text(_("Kết quả giải quyết"), required_message=_("Hãy nhập kết quả giải quyết."))


class MatterCloseForm(forms.Form):
    version = version_field()


# --- dialogues -------------------------------------------------------------------------------


class DialogueForm(forms.Form):
    unit = committee_field(_("Cấp ủy"))
    held_on = vn_date_field(_("Ngày đối thoại"), required_message=_("Hãy nhập ngày đối thoại."))
    topic = text_field(
        _("Chủ đề"), max_length=300, required_message=_("Hãy nhập chủ đề đối thoại.")
    )
    host = text_field(
        _("Người chủ trì"), max_length=300, required_message=_("Hãy nhập người chủ trì đối thoại.")
    )
    kind = choice(
        _("Hình thức"),
        Dialogue.Kind.choices,
        message=_("Hãy chọn đối thoại định kỳ hay đột xuất."),
    )
    participant_count = count_field(_("Số người tham dự"))
    commitments = long_text(_("Nội dung tiếp thu, cam kết"))
    version = version_field()

    def __init__(
        self, *args: Any, units: QuerySet[Unit] | None = None, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["unit"]
        else:
            del self.fields["version"]
            field: Any = self.fields["unit"]
            field.queryset = (units if units is not None else Unit.objects.none()).order_by("path")

    def dialogue_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("held_on", "topic", "host", "kind", "participant_count", "commitments")
        }


# --- obligation ------------------------------------------------------------------------------


class ObligationFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False)
    unit_id = forms.ChoiceField(label=_("Cấp ủy"), required=False)

    def __init__(self, *args: Any, committees: list[Unit], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["year"].choices = [(str(y), str(y)) for y in range(today.year, 2018, -1)]
        fields["year"].error_messages["invalid_choice"] = _("Năm đã chọn không hợp lệ.")
        fields["unit_id"].choices = [("", _("Mọi cấp ủy trong phạm vi"))] + [
            (str(unit.pk), unit.name) for unit in committees
        ]
