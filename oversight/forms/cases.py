"""Forms of the inspection and supervision screens: programmes, topics, cases and their file.

Each field carries its own Vietnamese messages naming it; services check the rules and their
ValidationErrors land on the field they name through `common.forms.attach_errors`. Forms that
change a versioned record carry the `version` the page showed (optimistic locking).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.models import (
    CaseDocument,
    CaseSubject,
    MemberContent,
    OrganisationContent,
    OversightCase,
    OversightType,
    ProgrammeTopic,
    Rule,
    SubjectKind,
)
from units.models import Unit

TIME_UNITS = (Rule.Unit.DAYS, Rule.Unit.WORKING_DAYS, Rule.Unit.MONTHS, Rule.Unit.YEARS)


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=_("Ngày/tháng/năm, ví dụ 18/09/2025."),
        error_messages={
            "required": _("Nhập “%(field)s”.") % {"field": label},
            "invalid": _("“%(field)s” phải là ngày dạng ngày/tháng/năm, ví dụ 18/09/2025.")
            % {"field": label},
        },
    )


def _choice(label: Any, choices: Any, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices if required else [("", "—"), *choices],
        required=required,
        error_messages={
            "required": _("Chọn “%(field)s”.") % {"field": label},
            "invalid_choice": _("“%(field)s” không hợp lệ.") % {"field": label},
        },
    )


def _text(
    label: Any, *, max_length: int | None = None, required: bool = True, rows: int = 0
) -> Any:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
        error_messages={
            "required": _("Nhập “%(field)s”.") % {"field": label},
            "max_length": _("“%(field)s” dài quá %(limit)s ký tự.")
            % {"field": label, "limit": max_length},
        },
    )


def _units(label: Any, *, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Unit.objects.none(),
        required=required,
        error_messages={
            "required": _("Chọn “%(field)s”.") % {"field": label},
            "invalid_choice": _("“%(field)s”: tổ chức không có trong phạm vi được phân quyền.")
            % {"field": label},
        },
    )


def _version() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Thiếu phiên bản của hồ sơ; hãy tải lại trang."),
            "invalid": _("Phiên bản của hồ sơ không hợp lệ; hãy tải lại trang."),
        },
    )


def _optional_int(label: Any, low: int, high: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        error_messages={
            "invalid": _("“%(field)s” phải là số nguyên.") % {"field": label},
            "min_value": _("“%(field)s” phải từ %(low)s đến %(high)s.")
            % {"field": label, "low": low, "high": high},
            "max_value": _("“%(field)s” phải từ %(low)s đến %(high)s.")
            % {"field": label, "low": low, "high": high},
        },
        min_value=low,
        max_value=high,
    )


CONTENT_CHOICES = [
    (str(_("Tổ chức đảng")), [(f"tc:{c}", label) for c, label in OrganisationContent.choices]),
    (str(_("Đảng viên")), [(f"dv:{c}", label) for c, label in MemberContent.choices]),
]


def split_contents(values: list[str]) -> tuple[list[str], list[str]]:
    """Organisation and member codes of a grouped content choice ("tc:…", "dv:…")."""
    organisation = [v.split(":", 1)[1] for v in values if v.startswith("tc:")]
    member = [v.split(":", 1)[1] for v in values if v.startswith("dv:")]
    return organisation, member


class ProgrammeForm(forms.Form):
    unit = _units(_("Tổ chức đảng"))
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Nhập “Năm”."),
            "invalid": _("“Năm” phải là một số nguyên, ví dụ 2025."),
            "min_value": _("“Năm” phải từ 2000 đến 2100."),
            "max_value": _("“Năm” phải từ 2000 đến 2100."),
        },
    )
    title = _text(_("Tên chương trình"), max_length=400)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["unit"]
        field.queryset = units


class TopicForm(forms.Form):
    content = _text(_("Nội dung chuyên đề"), max_length=500)
    type = _choice(_("Loại"), OversightType.choices, required=False)
    planned_subjects = _text(_("Đối tượng dự kiến"), required=False, rows=2)
    planned_quarter = _optional_int(_("Quý dự kiến"), 1, 4)
    planned_month = _optional_int(_("Tháng dự kiến"), 1, 12)


class VersionForm(forms.Form):
    """A button on a versioned record (approve a programme)."""

    version = _version()


def rule_choices(on: dt.date) -> list[tuple[str, str]]:
    """Time-limit rules in force on `on`, labelled with value, basis and confidence."""
    rows = (
        Rule.objects.filter(unit__in=TIME_UNITS, amount__isnull=False, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .select_related("legal_document")
        .order_by("key", "scope")
    )
    return [(f"{rule.key}|{rule.scope}", rule_label(rule)) for rule in rows]


def rule_label(rule: Rule) -> str:
    """“key (scope): 45 ngày — QĐ 331 Điều 10 — Đã xác nhận” (or “chưa xác nhận”)."""
    scope = f" ({rule.scope})" if rule.scope else ""
    basis = rule.legal_document.code + (f" {rule.article}" if rule.article else "")
    confidence = str(_("chưa xác nhận")) if rule.is_unconfirmed else rule.get_confidence_display()
    return f"{rule.key}{scope}: {rule.value} {rule.get_unit_display()} — {basis} — {confidence}"


class CaseForm(forms.Form):
    """Open a case: what, by whom, in which role, from which topic, with which deadline."""

    unit = _units(_("Tổ chức đảng tiến hành"))
    title = _text(_("Nội dung"), max_length=500)
    type = _choice(_("Loại"), OversightType.choices)
    performer_kind = _choice(_("Chủ thể"), SubjectKind.choices)
    mode = _choice(_("Vai trò"), OversightCase.Mode.choices)
    topic = forms.ModelChoiceField(
        label=_("Chuyên đề trong chương trình"),
        queryset=ProgrammeTopic.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("“Chuyên đề trong chương trình” không có trong phạm vi của bạn.")
        },
    )
    decision_number = _text(_("Số quyết định"), max_length=60, required=False)
    decided_on = _date(_("Ngày quyết định"), required=False)
    rule = _choice(_("Tính thời hạn theo quy định"), [], required=False)
    deadline = _date(_("Thời hạn"), required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        topics: QuerySet[ProgrammeTopic],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = units
        topic_field: Any = self.fields["topic"]
        topic_field.queryset = topics
        rule_field: Any = self.fields["rule"]
        rule_field.choices = [("", "—"), *rule_choices(timezone.localdate())]
        rule_field.help_text = _(
            "Chọn quy định để tính thời hạn từ ngày quyết định (theo quy định có hiệu lực vào "
            "ngày đó), hoặc để trống và nhập thời hạn."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("rule") and not data.get("deadline") and "deadline" not in self.errors:
            self.add_error("deadline", _("Nhập “Thời hạn” hoặc chọn quy định để tính."))
        if data.get("rule") and not data.get("decided_on") and "decided_on" not in self.errors:
            self.add_error(
                "decided_on", _("Nhập “Ngày quyết định” để tính thời hạn theo quy định.")
            )
        return data

    def rule_key_scope(self) -> tuple[str | None, str | None]:
        value = self.cleaned_data.get("rule") or ""
        if not value:
            return None, None
        key, _sep, scope = value.partition("|")
        return key, scope


class ActForm(forms.Form):
    """One step of a machine, on the version the page showed."""

    action = forms.CharField(
        max_length=40, error_messages={"required": _("Chọn thao tác cần thực hiện.")}
    )
    version = _version()


class SubjectForm(forms.Form):
    kind = _choice(
        _("Đối tượng là"),
        [("to_chuc_dang", _("Tổ chức đảng")), ("dang_vien", _("Đảng viên"))],
    )
    subject_unit = _units(_("Tổ chức đảng"), required=False)
    full_name = _text(_("Họ và tên đảng viên"), max_length=150, required=False)
    party_cell = _units(_("Sinh hoạt tại chi bộ"), required=False)
    is_committee_member = forms.BooleanField(label=_("Là cấp ủy viên"), required=False)
    party_card_number = _text(_("Số thẻ đảng viên"), max_length=20, required=False)
    content_categories = forms.MultipleChoiceField(
        label=_("Nội dung kiểm tra, giám sát"),
        choices=CONTENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("“Nội dung kiểm tra, giám sát” không hợp lệ.")},
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("subject_unit", "party_cell"):
            field: Any = self.fields[name]
            field.queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        organisation, member = split_contents(data.get("content_categories") or [])
        if kind == "to_chuc_dang":
            if not data.get("subject_unit") and "subject_unit" not in self.errors:
                self.add_error("subject_unit", _("Chọn “Tổ chức đảng” được kiểm tra, giám sát."))
            if member:
                self.add_error(
                    "content_categories",
                    _("Đối tượng là tổ chức đảng: chỉ chọn nội dung của tổ chức đảng."),
                )
            data["codes"] = organisation
        elif kind == "dang_vien":
            if not (data.get("full_name") or "").strip() and "full_name" not in self.errors:
                self.add_error("full_name", _("Nhập “Họ và tên đảng viên”."))
            if organisation:
                self.add_error(
                    "content_categories",
                    _("Đối tượng là đảng viên: chỉ chọn nội dung của đảng viên."),
                )
            data["codes"] = member
        return data

    def subject_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        if data["kind"] == "to_chuc_dang":
            return {"subject_unit": data["subject_unit"], "content_categories": data["codes"]}
        return {
            "full_name": data["full_name"],
            "party_cell": data.get("party_cell"),
            "is_committee_member": data.get("is_committee_member", False),
            "party_card_number": data.get("party_card_number", ""),
            "content_categories": data["codes"],
        }


class SubjectResultForm(forms.Form):
    has_violation = forms.BooleanField(label=_("Kết luận có vi phạm"), required=False)
    discipline_required = forms.BooleanField(label=_("Phải thi hành kỷ luật"), required=False)
    version = _version()


class DocumentForm(forms.Form):
    step = _choice(_("Bước"), CaseDocument.Step.choices)
    kind = _choice(_("Loại tài liệu"), CaseDocument.Kind.choices)
    number = _text(_("Số, ký hiệu"), max_length=60, required=False)
    issued_on = _date(_("Ngày"), required=False)
    title = _text(_("Trích yếu"), max_length=300)
    file = forms.FileField(
        label=_("Tệp"),
        required=False,
        help_text=_("PDF, JPG, PNG, DOCX, XLSX; tối đa 20 MB."),
        error_messages={
            "invalid": _("“Tệp” không hợp lệ; hãy chọn lại tệp."),
            "empty": _("“Tệp” rỗng; hãy chọn tệp có nội dung."),
        },
    )


class ConclusionForm(forms.Form):
    """The conclusion, with one result (violation, discipline) per subject of the case."""

    issued_on = _date(_("Ngày kết luận"))
    strengths = _text(_("Ưu điểm"), required=False, rows=3)
    shortcomings = _text(_("Hạn chế, khuyết điểm"), required=False, rows=3)
    violations = _text(_("Vi phạm"), required=False, rows=3)
    violation_categories = forms.MultipleChoiceField(
        label=_("Nội dung vi phạm"),
        choices=CONTENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("“Nội dung vi phạm” không hợp lệ.")},
    )
    discipline_required = forms.BooleanField(label=_("Phải thi hành kỷ luật"), required=False)
    version = _version()

    def __init__(self, *args: Any, subjects: list[CaseSubject], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subjects = subjects
        for subject in subjects:
            self.fields[f"subject_{subject.pk}_violation"] = forms.BooleanField(
                label=_("%(subject)s: có vi phạm") % {"subject": subject}, required=False
            )
            self.fields[f"subject_{subject.pk}_discipline"] = forms.BooleanField(
                label=_("%(subject)s: phải thi hành kỷ luật") % {"subject": subject},
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for subject in self.subjects:
            if data.get(f"subject_{subject.pk}_discipline") and not data.get(
                f"subject_{subject.pk}_violation"
            ):
                self.add_error(
                    f"subject_{subject.pk}_discipline",
                    _("%(subject)s: chỉ phải thi hành kỷ luật khi kết luận có vi phạm.")
                    % {"subject": subject},
                )
        return data

    def conclusion_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        organisation, member = split_contents(data.get("violation_categories") or [])
        return {
            "issued_on": data["issued_on"],
            "strengths": data.get("strengths", ""),
            "shortcomings": data.get("shortcomings", ""),
            "violations": data.get("violations", ""),
            "violation_categories": list(dict.fromkeys([*organisation, *member])),
            # A subject that must be disciplined makes the conclusion require discipline.
            "discipline_required": bool(data.get("discipline_required"))
            or any(data.get(f"subject_{s.pk}_discipline") for s in self.subjects),
            "subject_results": {
                s.pk: (
                    bool(data.get(f"subject_{s.pk}_violation")),
                    bool(data.get(f"subject_{s.pk}_discipline")),
                )
                for s in self.subjects
            },
        }


class RecommendationForm(forms.Form):
    text = _text(_("Nội dung kiến nghị"), rows=3)
    owner_unit = _units(_("Đơn vị thực hiện"))
    deadline = _date(_("Thời hạn"))

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["owner_unit"]
        field.queryset = units
