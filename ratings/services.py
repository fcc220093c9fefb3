"""Recording quality ratings of Party organisations and member summaries (spec §10).

Each service checks the scale, writes in one transaction and records the audit event. The scale must
cover the year (366-QĐ/TW from 2025, the four unscored ranks of 132/124 for 2018–2024, the legacy
"trong sạch vững mạnh" scale any year). A rank must belong to the rating's scale; on the 100-point
scale it must match the score band, except that a lower rank than the band is allowed with a note
(the extra conditions of 366-QĐ/TW Điều 11 were not met, or a disqualifier applies). On every scale
with HTXSNV and HTTNV ranks, HTXSNV above the quota share of HTTNV among the organisations of that
scale rated by the same deciding level is refused unless marked as exceptional achievement with a
note.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from common.versioning import save_versioned
from ratings.models import (
    SCALES,
    MemberRatingSummary,
    OrganisationRating,
    RatingScale,
    ScaleVersion,
    scales_for_year,
)
from ratings.queries import quota_for, quota_peers
from units.models import Unit

GRASSROOTS_KINDS = frozenset(
    {Unit.Kind.PARTY_COMMUNE, Unit.Kind.PARTY_GRASSROOTS, Unit.Kind.PARTY_CELL}
)
RATING_FIELDS = [
    "scale_version",
    "score",
    "rank",
    "is_exemplary",
    "is_grassroots",
    "approved_by_unit",
    "note",
    "exceptional_override",
    "override_note",
]


def _scale(scale_version: str, year: int) -> RatingScale:
    scale = SCALES.get(scale_version)
    if scale is None:
        raise ValidationError(
            {
                "scale_version": _("Thang xếp loại '%(v)s' không có trong hệ thống.")
                % {"v": scale_version}
            }
        )
    if not scale.covers(year):
        offered = ", ".join(str(ScaleVersion(s.version).label) for s in scales_for_year(year))
        raise ValidationError(
            {
                "scale_version": _(
                    "Thang '%(v)s' chỉ áp dụng cho các năm %(years)s; năm %(y)s dùng: %(offered)s."
                )
                % {"v": scale.label, "years": scale.years_label, "y": year, "offered": offered}
            }
        )
    return scale


def _party_unit(unit: Unit, field: str) -> None:
    if unit.tree != Unit.Tree.PARTY:
        raise ValidationError({field: _("Chỉ xếp loại được tổ chức đảng.")})


def _check_rank(scale: RatingScale, rank: str, score: Decimal | None, note: str) -> None:
    found = scale.organisation_rank(rank)
    if found is None:
        choices = ", ".join(r.code for r in scale.organisation_ranks)
        raise ValidationError(
            {
                "rank": _("Mức xếp loại '%(r)s' không thuộc thang '%(s)s' (chọn: %(c)s).")
                % {"r": rank, "s": scale.label, "c": choices}
            }
        )
    if not scale.scored:
        if score is not None:
            raise ValidationError(
                {"score": _("Thang '%(s)s' không chấm điểm: bỏ trống điểm.") % {"s": scale.label}}
            )
        return
    if score is None:
        raise ValidationError({"score": _("Thang 100 điểm phải có điểm.")})
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError({"score": _("Điểm phải từ 0 đến 100.")})
    band = scale.band(score)
    assert band is not None
    order = [r.code for r in scale.organisation_ranks]
    if order.index(rank) < order.index(band.code):
        raise ValidationError(
            {
                "rank": _("Điểm %(s)s chỉ đạt mức '%(b)s', không thể xếp '%(r)s'.")
                % {"s": score, "b": band.label, "r": found.label}
            }
        )
    if rank != band.code and not note.strip():
        raise ValidationError(
            {
                "note": _("Xếp '%(r)s' thấp hơn mức theo điểm ('%(b)s') phải ghi rõ lý do.")
                % {"r": found.label, "b": band.label}
            }
        )


def _decimal_score(score: Decimal | int | str | None) -> Decimal | None:
    if score is None or score == "":
        return None
    try:
        value = Decimal(str(score))
    except InvalidOperation:
        raise ValidationError(
            {"score": _("Điểm '%(s)s' không phải là số.") % {"s": score}}
        ) from None
    if not value.is_finite():
        raise ValidationError({"score": _("Điểm '%(s)s' không phải là số.") % {"s": score}})
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def record_organisation_rating(
    unit: Unit,
    *,
    actor: Any,
    year: int,
    scale_version: str,
    rank: str,
    score: Decimal | int | str | None = None,
    is_grassroots: bool | None = None,
    is_exemplary: bool = False,
    approved_by_unit: Unit | None = None,
    note: str = "",
    exceptional_override: bool = False,
    override_note: str = "",
    expected_version: int | None = None,
) -> OrganisationRating:
    """Record (or, with `expected_version`, correct) the rank a Party organisation got for a year."""
    _party_unit(unit, "unit")
    scale = _scale(scale_version, year)
    value = _decimal_score(score)
    note, override_note = note.strip(), override_note.strip()
    _check_rank(scale, rank, value, note)
    if is_exemplary and rank != "trong_sach_vung_manh":
        raise ValidationError(
            {
                "is_exemplary": _(
                    "Chỉ tổ chức đạt 'trong sạch, vững mạnh' (thang cũ) mới có thể 'tiêu biểu'."
                )
            }
        )
    if exceptional_override and not override_note:
        raise ValidationError(
            {"override_note": _("Vượt tỷ lệ do thành tích đặc biệt phải có ghi chú lý do.")}
        )
    if exceptional_override and rank != "htxsnv":
        raise ValidationError(
            {"exceptional_override": _("Chỉ mức hoàn thành xuất sắc nhiệm vụ mới cần vượt tỷ lệ.")}
        )
    if approved_by_unit is not None:
        _party_unit(approved_by_unit, "approved_by_unit")
        if approved_by_unit.pk == unit.pk or not unit.path.startswith(approved_by_unit.path):
            raise ValidationError(
                {
                    "approved_by_unit": _(
                        "Cấp quyết định xếp loại phải là cấp trên của tổ chức được xếp loại."
                    )
                }
            )
    if is_grassroots is None:
        is_grassroots = unit.kind in GRASSROOTS_KINDS

    values: dict[str, Any] = {
        "scale_version": scale_version,
        "score": value,
        "rank": rank,
        "is_exemplary": is_exemplary,
        "is_grassroots": is_grassroots,
        "approved_by_unit": approved_by_unit,
        "note": note,
        "exceptional_override": exceptional_override,
        "override_note": override_note,
    }
    existing = OrganisationRating.objects.select_for_update().filter(unit=unit, year=year).first()
    if existing is None:
        rating = OrganisationRating.objects.create(unit=unit, year=year, **values)
        changes: dict[str, list[Any]] = {}
        action = "organisation_rating.recorded"
    else:
        if expected_version is None:
            raise ValidationError(
                {
                    "year": _("%(u)s đã có xếp loại năm %(y)s; hãy mở bản ghi đó để sửa.")
                    % {"u": unit, "y": year}
                }
            )
        changes = {
            name: [getattr(existing, name), new]
            for name, new in values.items()
            if getattr(existing, name) != new
        }
        for name, new in values.items():
            setattr(existing, name, new)
        save_versioned(existing, expected_version=expected_version, fields=RATING_FIELDS)
        rating = existing
        action = "organisation_rating.changed"
    if scale.has_quota and rank == "htxsnv" and not exceptional_override:
        _enforce_quota(rating)
    audit.record(
        actor,
        action,
        rating,
        unit=unit,
        changes=changes,
        data={
            "year": year,
            "scale_version": scale_version,
            "rank": rank,
            "score": str(value) if value is not None else None,
        },
    )
    return rating


def _enforce_quota(rating: OrganisationRating) -> None:
    """Refuse an HTXSNV above the quota among the organisations of the same scale rated by the same
    deciding level (without one, by the same directly superior organisation)."""
    check = quota_for(quota_peers(rating), rating.year, scale_version=rating.scale_version)
    if check.limit is not None and check.htxsnv - len(check.overrides) > check.limit:
        raise ValidationError(
            {
                "rank": _(
                    "Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ: %(msg)s Chỉ ghi nhận khi đánh dấu "
                    "thành tích đặc biệt và ghi rõ lý do."
                )
                % {"msg": check.message}
            }
        )


@transaction.atomic
def record_member_summary(
    unit: Unit,
    *,
    actor: Any,
    year: int,
    scale_version: str,
    counts: dict[str, int],
    members_rated: int | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> MemberRatingSummary:
    """Record how many members of a Party organisation got each rank in a year."""
    _party_unit(unit, "unit")
    scale = _scale(scale_version, year)
    known = {rank.code for rank in scale.member_ranks}
    clean: dict[str, int] = {}
    for code, number in counts.items():
        if code not in known:
            raise ValidationError(
                {
                    "counts": _("Mức xếp loại '%(r)s' không thuộc thang '%(s)s'.")
                    % {"r": code, "s": scale.label}
                }
            )
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise ValidationError(
                {"counts": _("Số đảng viên mức '%(r)s' phải là số nguyên không âm.") % {"r": code}}
            )
        clean[code] = number
    total = sum(clean.values())
    if members_rated is None:
        members_rated = total
    if members_rated != total:
        raise ValidationError(
            {
                "members_rated": _(
                    "Tổng số đảng viên được xếp loại (%(t)s) khác tổng các mức (%(s)s)."
                )
                % {"t": members_rated, "s": total}
            }
        )
    values: dict[str, Any] = {
        "scale_version": scale_version,
        "counts": clean,
        "members_rated": members_rated,
        "note": note.strip(),
    }
    existing = MemberRatingSummary.objects.select_for_update().filter(unit=unit, year=year).first()
    if existing is None:
        summary = MemberRatingSummary.objects.create(unit=unit, year=year, **values)
        changes: dict[str, list[Any]] = {}
        action = "member_rating_summary.recorded"
    else:
        if expected_version is None:
            raise ValidationError(
                {
                    "year": _(
                        "%(u)s đã có tổng hợp xếp loại đảng viên năm %(y)s; hãy mở bản ghi đó để sửa."
                    )
                    % {"u": unit, "y": year}
                }
            )
        changes = {
            n: [getattr(existing, n), v] for n, v in values.items() if getattr(existing, n) != v
        }
        for name, new in values.items():
            setattr(existing, name, new)
        save_versioned(existing, expected_version=expected_version, fields=list(values))
        summary = existing
        action = "member_rating_summary.changed"
    audit.record(
        actor,
        action,
        summary,
        unit=unit,
        changes=changes,
        data={"year": year, "scale_version": scale_version, "counts": clean},
    )
    return summary
