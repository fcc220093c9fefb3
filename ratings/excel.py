"""The ratings exports: the same figures as the pages, built from the same queries (common.xlsx)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from common.xlsx import Sheet
from ratings.models import OrganisationRating
from ratings.queries import QuotaGroup, Rates, RatesTable, scale_label


def _headline_notes(rates: Rates) -> list[str]:
    notes = [
        f"{share.phrase} ({share.fraction}; {share.scale_label})" for share in rates.organisations
    ]
    notes += [f"{share.phrase} ({share.fraction}; {share.scale_label})" for share in rates.members]
    return notes or [_("Chưa có xếp loại nào trong năm.")]


def overview_sheets(table: RatesTable, rates: Rates, groups: Sequence[QuotaGroup]) -> list[Sheet]:
    """Rates per directly subordinate organisation and of the whole, then the quota checks."""
    header = [_("Tổ chức đảng")]
    for column in table.columns:
        header += [f"{column.scale_label}: {text}" for text in column.headers]
    rows: list[list[Any]] = []
    for row in table.rows:
        name = _("Cộng: %(u)s") % {"u": row.unit.name} if row.is_total else row.unit.name
        rows.append([name, *row.cells])
    rates_sheet = Sheet(
        title=_("Tỷ lệ xếp loại"),
        header=header,
        rows=rows,
        notes=[
            _("Xếp loại chất lượng năm %(y)s: %(u)s") % {"y": table.year, "u": table.unit.name},
            *_headline_notes(rates),
            _("Tỷ lệ tính theo phần trăm, làm tròn một chữ số thập phân; không gộp các thang."),
        ],
        widths=[40] + [18] * (len(header) - 1),
    )
    quota_sheet = Sheet(
        title=_("Tỷ lệ HTXSNV"),
        header=[
            _("Cấp quyết định xếp loại"),
            _("Thang xếp loại"),
            _("Hoàn thành xuất sắc nhiệm vụ"),
            _("Hoàn thành tốt nhiệm vụ"),
            _("Tỷ lệ tối đa (%)"),
            _("Số HTXSNV tối đa"),
            _("Vượt tỷ lệ"),
            _("Có ghi chú thành tích đặc biệt"),
            _("Quy định"),
        ],
        rows=[
            [
                group.label,
                scale_label(group.scale_version),
                group.check.htxsnv,
                group.check.httnv,
                group.check.ratio_percent,
                group.check.limit,
                group.check.exceeded if group.check.checked else _("Không kiểm tra được"),
                len(group.check.overrides),
                group.check.rule_label,
            ]
            for group in groups
        ],
        widths=[40, 30, 14, 14, 12, 12, 12, 14, 40],
    )
    return [rates_sheet, quota_sheet]


def ratings_sheet(ratings: Iterable[OrganisationRating]) -> Sheet:
    """One row per rating, in the list's order."""
    return Sheet(
        title=_("Xếp loại tổ chức đảng"),
        header=[
            _("Tổ chức đảng"),
            _("Năm"),
            _("Thang xếp loại"),
            _("Điểm"),
            _("Mức xếp loại"),
            _("Tổ chức cơ sở đảng"),
            _("Cấp quyết định xếp loại"),
            _("Vượt tỷ lệ do thành tích đặc biệt"),
            _("Lý do vượt tỷ lệ"),
            _("Ghi chú"),
        ],
        rows=[
            [
                rating.unit.name,
                rating.year,
                scale_label(rating.scale_version),
                rating.score,
                rating.rank_label,
                rating.is_grassroots,
                rating.approved_by_unit.name if rating.approved_by_unit else "",
                rating.exceptional_override,
                rating.override_note,
                rating.note,
            ]
            for rating in ratings
        ],
        widths=[40, 8, 30, 8, 30, 12, 30, 12, 30, 30],
    )


def summary_sheets(tables: Sequence[dict[str, Any]]) -> list[Sheet]:
    """One sheet per scale: a column per rank, the total, the good-or-better count and share."""
    sheets = []
    for table in tables:
        scale = table["scale"]
        sheets.append(
            Sheet(
                title=table["label"],
                header=[
                    _("Tổ chức đảng"),
                    _("Năm"),
                    *[rank.label for rank in scale.member_ranks],
                    _("Tổng số đảng viên được xếp loại"),
                    _("Số hoàn thành tốt nhiệm vụ trở lên"),
                    _("Tỷ lệ (%)"),
                    _("Ghi chú"),
                ],
                rows=[
                    [
                        row["summary"].unit.name,
                        row["summary"].year,
                        *row["counts"],
                        row["summary"].members_rated,
                        row["good"],
                        row["percent"],
                        row["summary"].note,
                    ]
                    for row in table["rows"]
                ],
                notes=[_("Thang xếp loại: %(s)s") % {"s": table["label"]}],
                widths=[40, 8] + [16] * len(scale.member_ranks) + [16, 16, 10, 30],
            )
        )
    if not sheets:
        sheets.append(
            Sheet(
                title=_("Xếp loại đảng viên"),
                header=[_("Tổ chức đảng"), _("Năm")],
                rows=[],
                notes=[_("Không có tổng hợp xếp loại đảng viên nào.")],
            )
        )
    return sheets
