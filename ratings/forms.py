"""Forms of the ratings screens: filters, the overview's year, organisation ratings and member
summaries. Rules of the scale (rank in the scale, score band, quota) are checked by the services;
their errors come back on the field they name (common.forms.attach_errors)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from common.formats import parse_number
from ratings.models import SCALES, RatingScale, ScaleVersion, scales_for_year
from units.models import Unit

BLANK: list[tuple[str, Any]] = [("", "—")]
FIRST_YEAR = 1990


def this_year() -> int:
    return timezone.localdate().year


def year_field(*, required: bool = True, label: Any = None) -> forms.IntegerField:
    """A year of review: from 1990 to this year."""
    return forms.IntegerField(
        label=label or _("Năm"),
        required=required,
        min_value=FIRST_YEAR,
        error_messages={
            "required": _("Hãy nhập năm xếp loại."),
            "invalid": _("Năm phải là một số, ví dụ 2025."),
            "min_value": _("Năm xếp loại phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm xếp loại không được sau năm nay (%(limit_value)s)."),
        },
    )


def _with_max_year(field: Any) -> None:
    """Years up to this year (read when the form is built, so the clock decides)."""
    limit = this_year()
    field.max_value = limit
    field.validators.append(MaxValueValidator(limit))
    field.widget.attrs["max"] = limit


def scale_choices(scales: list[RatingScale]) -> list[tuple[str, Any]]:
    return [(scale.version, ScaleVersion(scale.version).label) for scale in scales]


def rank_groups(scales: list[RatingScale], *, members: bool = False) -> list[tuple[Any, Any]]:
    """Ranks grouped by scale, for a <select> with one <optgroup> per scale."""
    return [
        (
            ScaleVersion(scale.version).label,
            [
                (rank.code, rank.label)
                for rank in (scale.member_ranks if members else scale.organisation_ranks)
            ],
        )
        for scale in scales
    ]


def filter_rank_groups() -> list[tuple[Any, Any]]:
    """Every organisation rank once, grouped by the scales that share it (the 2018 and 2025 scales
    have the same four ranks)."""
    groups: dict[tuple[str, ...], list[RatingScale]] = {}
    for scale in SCALES.values():
        groups.setdefault(tuple(r.code for r in scale.organisation_ranks), []).append(scale)
    return [
        (
            "; ".join(str(ScaleVersion(scale.version).label) for scale in scales),
            [(rank.code, rank.label) for rank in scales[0].organisation_ranks],
        )
        for scales in groups.values()
    ]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def unit_field(label: Any, *, required: bool) -> UnitChoiceField:
    return UnitChoiceField(
        label=label,
        queryset=Unit.objects.none(),
        required=required,
        error_messages={
            "required": _("Hãy chọn tổ chức đảng."),
            "invalid_choice": _("Tổ chức đã chọn không có hoặc nằm ngoài phạm vi được giao."),
        },
    )


def _parse_year(value: Any) -> int | None:
    text = str(value or "").strip()
    if text.isdigit() and FIRST_YEAR <= int(text) <= this_year():
        return int(text)
    return None


# --- overview and filters ------------------------------------------------------------------------


class YearForm(forms.Form):
    """The year of the overview (the unit is chosen separately, 404 outside scope)."""

    year = year_field(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_max_year(self.fields["year"])


GRASSROOTS_CHOICES = [
    ("", _("Tất cả")),
    ("yes", _("Tổ chức cơ sở đảng")),
    ("no", _("Không phải tổ chức cơ sở đảng")),
]


class RatingFilterForm(forms.Form):
    year = year_field(required=False)
    scale = forms.ChoiceField(
        label=_("Thang xếp loại"),
        required=False,
        choices=BLANK + list(ScaleVersion.choices),
        error_messages={"invalid_choice": _("Thang xếp loại đã chọn không có trong hệ thống.")},
    )
    rank = forms.ChoiceField(
        label=_("Mức xếp loại"),
        required=False,
        choices=BLANK + filter_rank_groups(),
        error_messages={"invalid_choice": _("Mức xếp loại đã chọn không có trong hệ thống.")},
    )
    grassroots = forms.ChoiceField(
        label=_("Cấp tổ chức"),
        required=False,
        choices=GRASSROOTS_CHOICES,
        error_messages={"invalid_choice": _("Giá trị đã chọn không hợp lệ.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_max_year(self.fields["year"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scale, rank = data.get("scale"), data.get("rank")
        if scale and rank and SCALES[scale].organisation_rank(rank) is None:
            self.add_error(
                "rank",
                _t("Mức xếp loại đã chọn không thuộc thang “%(s)s”.")
                % {"s": ScaleVersion(scale).label},
            )
        return data


class SummaryFilterForm(forms.Form):
    year = year_field(required=False)
    scale = forms.ChoiceField(
        label=_("Thang xếp loại"),
        required=False,
        choices=BLANK + list(ScaleVersion.choices),
        error_messages={"invalid_choice": _("Thang xếp loại đã chọn không có trong hệ thống.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_max_year(self.fields["year"])


# --- organisation ratings ------------------------------------------------------------------------


class ScaleChoiceField(forms.ChoiceField):
    """Accepts any known scale (the service says which years it covers); shows those offered."""

    def valid_value(self, value: Any) -> bool:
        return str(value) in SCALES


class RankChoiceField(forms.ChoiceField):
    """Accepts any known rank code (the service says whether it belongs to the scale)."""

    def valid_value(self, value: Any) -> bool:
        return any(
            rank.code == str(value)
            for scale in SCALES.values()
            for rank in scale.organisation_ranks
        )


class RatingForm(forms.Form):
    """Entry (unit and year chosen) or correction (unit and year fixed, with `version`)."""

    unit = unit_field(_("Tổ chức đảng được xếp loại"), required=True)
    year = year_field(label=_("Năm xếp loại"))
    scale_version = ScaleChoiceField(
        label=_("Thang xếp loại"),
        error_messages={"required": _("Hãy chọn thang xếp loại.")},
    )
    score = forms.CharField(
        label=_("Điểm (thang 100)"),
        required=False,
        max_length=10,
        help_text=_(
            "Bắt buộc với thang 100 điểm (366-QĐ/TW), ví dụ 85 hoặc 85,5; bỏ trống với thang không chấm điểm."
        ),
    )
    rank = RankChoiceField(
        label=_("Mức xếp loại"), error_messages={"required": _("Hãy chọn mức xếp loại.")}
    )
    is_exemplary = forms.BooleanField(
        label=_("Tiêu biểu (chỉ với mức trong sạch, vững mạnh của thang cũ)"), required=False
    )
    is_grassroots = forms.ChoiceField(
        label=_("Tổ chức cơ sở đảng"),
        required=False,
        choices=[
            ("", _("Theo loại tổ chức")),
            ("yes", _("Là tổ chức cơ sở đảng")),
            ("no", _("Không phải tổ chức cơ sở đảng")),
        ],
        error_messages={"invalid_choice": _("Giá trị đã chọn không hợp lệ.")},
    )
    approved_by_unit = unit_field(_("Cấp quyết định xếp loại"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi xếp mức thấp hơn mức theo điểm: ghi rõ lý do."),
    )
    exceptional_override = forms.BooleanField(
        label=_("Vượt tỷ lệ do thành tích đặc biệt"), required=False
    )
    override_note = forms.CharField(
        label=_("Lý do vượt tỷ lệ (thành tích đặc biệt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit] | None = None,
        deciding_units: QuerySet[Unit],
        year: int | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        _with_max_year(fields["year"])
        self.editing = editing
        if editing:
            del fields["unit"], fields["year"]
            fields["version"].required = True
        else:
            fields["unit"].queryset = (
                units if units is not None else Unit.objects.none()
            ).order_by("path")
            del fields["version"]
        fields["approved_by_unit"].queryset = deciding_units.order_by("path")
        chosen = year
        if chosen is None and self.is_bound and not editing:
            chosen = _parse_year(self.data.get("year"))
        if chosen is None:
            chosen = _parse_year(self.initial.get("year")) or this_year()
        self.offered_year = chosen
        self.offered = scales_for_year(chosen)
        fields["scale_version"].choices = BLANK + scale_choices(self.offered)
        fields["rank"].choices = BLANK + rank_groups(self.offered)

    def clean_score(self) -> Decimal | None:
        text = self.cleaned_data.get("score", "").strip()
        if not text:
            return None
        try:
            value = parse_number(text)
        except ValueError:
            raise forms.ValidationError(
                _t("Điểm “%(s)s” không phải là số: hãy nhập ví dụ 85 hoặc 85,5.") % {"s": text}
            ) from None
        if not Decimal(0) <= value <= Decimal(100):
            raise forms.ValidationError(_t("Điểm phải từ 0 đến 100."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        version = data.get("scale_version")
        year = self.offered_year if self.editing else data.get("year")
        if version and year and not SCALES[version].covers(year):
            offered = ", ".join(str(ScaleVersion(s.version).label) for s in scales_for_year(year))
            self.add_error(
                "scale_version",
                _t("Thang “%(v)s” không áp dụng cho năm %(y)s; năm %(y)s dùng: %(o)s.")
                % {"v": ScaleVersion(version).label, "y": year, "o": offered},
            )
        if data.get("exceptional_override") and not data.get("override_note", "").strip():
            self.add_error(
                "override_note", _t("Vượt tỷ lệ do thành tích đặc biệt phải có ghi chú lý do.")
            )
        return data

    @property
    def is_grassroots_value(self) -> bool | None:
        value = self.cleaned_data.get("is_grassroots", "")
        return None if value == "" else value == "yes"


# --- member summaries ----------------------------------------------------------------------------


COUNT_PREFIX = "count_"
TAIL_FIELDS = ("members_rated", "note")  # shown after the counts


class SummaryForm(forms.Form):
    """How many members got each rank: one count per rank of the chosen scale, and the total."""

    unit = unit_field(_("Tổ chức đảng"), required=True)
    year = year_field(label=_("Năm xếp loại"))
    scale_version = ScaleChoiceField(
        label=_("Thang xếp loại"),
        error_messages={"required": _("Hãy chọn thang xếp loại.")},
    )
    members_rated = forms.IntegerField(
        label=_("Tổng số đảng viên được xếp loại"),
        min_value=0,
        error_messages={
            "required": _("Hãy nhập tổng số đảng viên được xếp loại."),
            "invalid": _("Tổng số đảng viên phải là số nguyên."),
            "min_value": _("Tổng số đảng viên không được âm."),
        },
        help_text=_("Phải bằng tổng số đảng viên của các mức."),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    shown_scale = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit] | None = None,
        year: int | None = None,
        scale_version: str | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        _with_max_year(fields["year"])
        self.editing = editing
        if editing:
            del fields["unit"], fields["year"]
            fields["version"].required = True
        else:
            fields["unit"].queryset = (
                units if units is not None else Unit.objects.none()
            ).order_by("path")
            del fields["version"]
        chosen = year
        if chosen is None and self.is_bound and not editing:
            chosen = _parse_year(self.data.get("year"))
        if chosen is None:
            chosen = _parse_year(self.initial.get("year")) or this_year()
        self.offered_year = chosen
        self.offered = scales_for_year(chosen)
        fields["scale_version"].choices = BLANK + scale_choices(self.offered)
        version = scale_version
        if version is None and self.is_bound:
            version = str(self.data.get("scale_version", ""))
        if version is None:
            version = str(self.initial.get("scale_version", ""))
        if version not in SCALES:
            version = self.offered[0].version
        self.scale = SCALES[version]
        # The count fields on the page were those of `shown_scale`: a scale changed without
        # pressing "Chọn thang" leaves counts typed for other ranks, so nothing is saved.
        self.scale_changed = False
        if self.is_bound:
            shown = str(self.data.get("shown_scale", ""))
            self.scale_changed = shown not in ("", self.scale.version)
            bound: Any = self.data
            data = bound.copy()
            data["shown_scale"] = self.scale.version
            self.data = data
        else:
            self.initial["shown_scale"] = self.scale.version
        for rank in self.scale.member_ranks:
            fields[COUNT_PREFIX + rank.code] = forms.IntegerField(
                label=_t("Số đảng viên “%(r)s”") % {"r": rank.label},
                required=False,
                min_value=0,
                error_messages={
                    "invalid": _("Số đảng viên phải là số nguyên không âm."),
                    "min_value": _("Số đảng viên không được âm."),
                },
            )

    @property
    def count_fields(self) -> list[Any]:
        return [self[COUNT_PREFIX + rank.code] for rank in self.scale.member_ranks]

    @property
    def main_fields(self) -> list[Any]:
        return [
            self[name]
            for name in self.fields
            if not name.startswith(COUNT_PREFIX)
            and not self[name].is_hidden
            and name not in TAIL_FIELDS
        ]

    @property
    def tail_fields(self) -> list[Any]:
        return [self[name] for name in TAIL_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        version = data.get("scale_version")
        year = self.offered_year if self.editing else data.get("year")
        if version and year and not SCALES[version].covers(year):
            offered = ", ".join(str(ScaleVersion(s.version).label) for s in scales_for_year(year))
            self.add_error(
                "scale_version",
                _t("Thang “%(v)s” không áp dụng cho năm %(y)s; năm %(y)s dùng: %(o)s.")
                % {"v": ScaleVersion(version).label, "y": year, "o": offered},
            )
        if self.scale_changed:
            self.add_error(
                "scale_version",
                _t("Thang xếp loại đã đổi: hãy bấm “Chọn thang” để hiện các mức của thang mới."),
            )
            return data
        counts = self.counts
        total = sum(counts.values())
        rated = data.get("members_rated")
        if (
            rated is not None
            and not any(COUNT_PREFIX + code in self.errors for code in counts)
            and rated != total
        ):
            self.add_error(
                "members_rated",
                _t(
                    "Tổng số đảng viên được xếp loại (%(t)s) khác tổng các mức (%(s)s): "
                    "hãy kiểm tra lại số của từng mức."
                )
                % {"t": rated, "s": total},
            )
        return data

    @property
    def counts(self) -> dict[str, int]:
        data = getattr(self, "cleaned_data", {})
        return {
            rank.code: int(data.get(COUNT_PREFIX + rank.code) or 0)
            for rank in self.scale.member_ranks
        }
