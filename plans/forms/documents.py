"""Forms of the document register: registering a document and linking it to plans and tasks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from plans.forms.tasks import REQUIRED, UnitChoiceField, vn_date_field
from plans.models import Plan, Task
from plans.rules.documents import DOCUMENT_TYPES
from units.models import Unit


class DocumentCreateForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Cơ quan ban hành"),
        queryset=Unit.objects.none(),
        error_messages={
            **REQUIRED,
            "invalid_choice": _("Đơn vị đã chọn không có hoặc nằm ngoài phạm vi được giao."),
        },
    )
    type_code = forms.ChoiceField(
        label=_("Thể loại"),
        choices=[(code, f"{name} ({code})") for code, name in DOCUMENT_TYPES.items()],
        error_messages={
            **REQUIRED,
            "invalid_choice": _("Thể loại văn bản “%(value)s” không có trong danh mục."),
        },
    )
    number = forms.IntegerField(
        label=_("Số"),
        required=False,
        min_value=1,
        help_text=_("Để trống để lấy số tiếp theo của thể loại trong nhiệm kỳ."),
        error_messages={
            "invalid": _("Số văn bản là số nguyên từ 01."),
            "min_value": _("Số văn bản là số nguyên từ 01."),
        },
    )
    issuer_code = forms.CharField(
        label=_("Ký hiệu cơ quan"),
        max_length=20,
        help_text=_("Ví dụ HU, ĐU, TU."),
        error_messages=REQUIRED,
    )
    term = forms.CharField(
        label=_("Nhiệm kỳ"), max_length=9, help_text=_("Ví dụ 2020-2025"), error_messages=REQUIRED
    )
    issued_on = vn_date_field(_("Ngày ban hành"))
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    subject = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy nhập trích yếu văn bản.")},
    )
    file = forms.FileField(
        label=_("Tệp văn bản"),
        required=False,
        error_messages={"invalid": _("Tệp không hợp lệ."), "empty": _("Tệp rỗng.")},
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["unit"]
        field.queryset = units.order_by("path")


class DocumentLinkForm(forms.Form):
    plans = forms.ModelMultipleChoiceField(
        label=_("Chương trình, kế hoạch thực hiện văn bản"),
        queryset=Plan.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Chương trình, kế hoạch đã chọn không hợp lệ.")},
    )
    tasks = forms.ModelMultipleChoiceField(
        label=_("Nhiệm vụ do văn bản giao"),
        queryset=Task.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Nhiệm vụ đã chọn không hợp lệ.")},
    )

    def __init__(
        self, *args: Any, plans: QuerySet[Plan], tasks: QuerySet[Task], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["plans"].queryset = plans
        fields["tasks"].queryset = tasks
