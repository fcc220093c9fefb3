"""Annual quality ratings of Party organisations and member summaries (spec party-oversight.md §10).

The rating scales are code constants, not rows: a scale is law, and each rating keeps the
`scale_version` it was made under, so a legacy "trong sạch vững mạnh" rating is never read as a
"hoàn thành tốt nhiệm vụ" one. Members are not stored individually: each Party organisation records
how many of its members got each rank.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import Unit


@dataclass(frozen=True)
class Rank:
    code: str
    label: str
    min_score: Decimal | None = None  # inclusive; None: no lower bound or no score on this scale
    below_score: Decimal | None = None  # exclusive upper bound
    good_or_better: bool = False  # counts in "hoàn thành tốt nhiệm vụ trở lên"
    headline: bool = False  # counts in the legacy headline "đạt trong sạch vững mạnh"

    def fits(self, score: Decimal) -> bool:
        above = self.min_score is None or score >= self.min_score
        below = self.below_score is None or score < self.below_score
        return above and below


@dataclass(frozen=True)
class RatingScale:
    version: str
    label: str
    basis: str
    scored: bool  # ratings carry a 0–100 score whose band decides the rank
    organisation_ranks: tuple[Rank, ...]  # best first
    member_ranks: tuple[Rank, ...]  # best first
    organisation_phrase: str  # what the headline share of grassroots organisations is called
    first_year: int | None = None  # None: no lower bound
    last_year: int | None = None  # None: no upper bound
    # The "trong sạch vững mạnh" scale: its headline share counts the `headline` rank only.
    legacy: bool = False

    def covers(self, year: int) -> bool:
        """Whether ratings of `year` may be made on this scale."""
        after = self.first_year is None or year >= self.first_year
        before = self.last_year is None or year <= self.last_year
        return after and before

    @property
    def has_quota(self) -> bool:
        """The HTXSNV quota applies to scales with both HTXSNV and HTTNV ranks."""
        codes = {rank.code for rank in self.organisation_ranks}
        return {"htxsnv", "httnv"} <= codes

    @property
    def years_label(self) -> str:
        if self.first_year and self.last_year:
            return f"{self.first_year}–{self.last_year}"
        if self.first_year:
            return f"từ {self.first_year}"
        if self.last_year:
            return f"đến {self.last_year}"
        return "mọi năm"

    def organisation_rank(self, code: str) -> Rank | None:
        return next((rank for rank in self.organisation_ranks if rank.code == code), None)

    def member_rank(self, code: str) -> Rank | None:
        return next((rank for rank in self.member_ranks if rank.code == code), None)

    def band(self, score: Decimal) -> Rank | None:
        """The organisation rank whose score band holds `score` (scored scales only)."""
        return next((rank for rank in self.organisation_ranks if rank.fits(score)), None)


D = Decimal
_RANKS_366 = (
    Rank("htxsnv", "Hoàn thành xuất sắc nhiệm vụ", D(90), None, good_or_better=True),
    Rank("httnv", "Hoàn thành tốt nhiệm vụ", D(70), D(90), good_or_better=True),
    Rank("htnv", "Hoàn thành nhiệm vụ", D(50), D(70)),
    Rank("khtnv", "Không hoàn thành nhiệm vụ", None, D(50)),
)

SCALE_366 = RatingScale(
    version="366-2025",
    label="Thang 100 điểm (366-QĐ/TW)",
    basis="366-QĐ/TW ngày 30/8/2025; 43-HD/BTCTW ngày 31/10/2025 (spec §10) [C]",
    scored=True,
    organisation_ranks=_RANKS_366,
    member_ranks=_RANKS_366,
    organisation_phrase="hoàn thành tốt nhiệm vụ trở lên",
    first_year=2025,
)

# The four unscored ranks used for the reviews of 2018 to 2024: 132-QĐ/TW (08/3/2018) until it was
# replaced by 124-QĐ/TW (04/10/2023), itself replaced by 366-QĐ/TW for 2025 (spec §1, §10). 132 is
# not in the legal register (oversight/data/legal_documents.yaml): [S]. No score, no bands.
_RANKS_2018 = (
    Rank("htxsnv", "Hoàn thành xuất sắc nhiệm vụ", good_or_better=True),
    Rank("httnv", "Hoàn thành tốt nhiệm vụ", good_or_better=True),
    Rank("htnv", "Hoàn thành nhiệm vụ"),
    Rank("khtnv", "Không hoàn thành nhiệm vụ"),
)

SCALE_2018 = RatingScale(
    version="132-2018",
    label="Bốn mức, không chấm điểm (132-QĐ/TW, 124-QĐ/TW)",
    basis=(
        "132-QĐ/TW ngày 08/3/2018 [S] (chưa có trong sổ văn bản); "
        "124-QĐ/TW ngày 04/10/2023 [C], thay bằng 366-QĐ/TW từ năm 2025"
    ),
    scored=False,
    organisation_ranks=_RANKS_2018,
    member_ranks=_RANKS_2018,
    organisation_phrase="hoàn thành tốt nhiệm vụ trở lên",
    first_year=2018,
    last_year=2024,
)

# [U] Legacy organisation scale, used for tổ chức cơ sở đảng until the 2018 switch: recalled,
# HD 27-HD/BTCTW 2014 exists [C] but the list is unconfirmed (spec §10 "Legacy terminology").
# "Tiêu biểu" is a sub-label of trong sạch vững mạnh, stored as OrganisationRating.is_exemplary.
_LEGACY_ORGANISATION_RANKS = (
    Rank("trong_sach_vung_manh", "Trong sạch, vững mạnh", good_or_better=True, headline=True),
    Rank("hoan_thanh_tot", "Hoàn thành tốt nhiệm vụ", good_or_better=True),
    Rank("hoan_thanh", "Hoàn thành nhiệm vụ"),
    Rank("yeu_kem", "Yếu kém"),
)
# [U] Legacy member scale ("đủ tư cách, hoàn thành xuất sắc/tốt/… nhiệm vụ"), spec §10: unconfirmed.
_LEGACY_MEMBER_RANKS = (
    Rank("hoan_thanh_xuat_sac", "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ", good_or_better=True),
    Rank("hoan_thanh_tot", "Đủ tư cách, hoàn thành tốt nhiệm vụ", good_or_better=True),
    Rank("hoan_thanh", "Đủ tư cách, hoàn thành nhiệm vụ"),
    Rank("khong_hoan_thanh", "Không hoàn thành nhiệm vụ"),
)

SCALE_LEGACY_TSVM = RatingScale(
    version="legacy-tsvm",
    label="Thang cũ: trong sạch, vững mạnh [U]",
    basis="HD 27-HD/BTCTW 2014 và các văn bản trước 2018 (spec §10) [U]",
    scored=False,
    organisation_ranks=_LEGACY_ORGANISATION_RANKS,
    member_ranks=_LEGACY_MEMBER_RANKS,
    organisation_phrase="đạt trong sạch vững mạnh",
    legacy=True,
)

# Newest first: the order in which scales are offered for a year.
SCALES: dict[str, RatingScale] = {s.version: s for s in (SCALE_366, SCALE_2018, SCALE_LEGACY_TSVM)}


def scales_for_year(year: int) -> list[RatingScale]:
    """The scales a rating of `year` may be made on: the one in force, and the legacy scale,
    which stays available for any year (local reports still use its wording)."""
    return [scale for scale in SCALES.values() if scale.covers(year)]


class ScaleVersion(models.TextChoices):
    R366_2025 = SCALE_366.version, _("Thang 100 điểm (366-QĐ/TW)")
    R132_2018 = SCALE_2018.version, _("Bốn mức, không chấm điểm (132-QĐ/TW, 124-QĐ/TW)")
    LEGACY_TSVM = SCALE_LEGACY_TSVM.version, _("Thang cũ: trong sạch, vững mạnh")


class OrganisationRating(models.Model):
    """The quality rank a Party organisation got for one year, under the scale of that year."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("Tổ chức đảng được xếp loại"),
        on_delete=models.PROTECT,
        related_name="quality_ratings",
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    scale_version = models.CharField(
        _("Thang xếp loại"), max_length=16, choices=ScaleVersion.choices
    )
    score = models.DecimalField(
        _("Điểm (thang 100)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rank = models.CharField(_("Mức xếp loại"), max_length=32)
    is_exemplary = models.BooleanField(_("Tiêu biểu"), default=False)
    is_grassroots = models.BooleanField(_("Tổ chức cơ sở đảng"), default=False)
    approved_by_unit = models.ForeignKey(
        Unit,
        verbose_name=_("Cấp quyết định xếp loại"),
        on_delete=models.PROTECT,
        related_name="approved_quality_ratings",
        null=True,
        blank=True,
    )
    note = models.TextField(_("Ghi chú"), blank=True)
    exceptional_override = models.BooleanField(
        _("Vượt tỷ lệ do thành tích đặc biệt"), default=False
    )
    override_note = models.TextField(_("Lý do vượt tỷ lệ"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("xếp loại tổ chức đảng")
        verbose_name_plural = _("xếp loại tổ chức đảng")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unique_rating_unit_year"),
            models.CheckConstraint(
                condition=models.Q(scale_version__in=ScaleVersion.values),
                name="rating_scale_known",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | models.Q(score__gte=0, score__lte=100, scale_version=ScaleVersion.R366_2025),
                name="rating_score_on_100_scale",
            ),
            models.CheckConstraint(
                condition=models.Q(exceptional_override=False) | ~models.Q(override_note=""),
                name="rating_override_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.year}: {self.rank_label}"

    @property
    def scale(self) -> RatingScale:
        return SCALES[self.scale_version]

    @property
    def rank_label(self) -> str:
        rank = self.scale.organisation_rank(self.rank)
        label = rank.label if rank else self.rank
        return f"{label} tiêu biểu" if self.is_exemplary else label


class MemberRatingSummary(models.Model):
    """How many members of one Party organisation got each rank in one year.

    `counts` maps the rank codes of `scale_version`'s member ranks to numbers of members; their
    sum is `members_rated`.
    """

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("Tổ chức đảng"),
        on_delete=models.PROTECT,
        related_name="member_rating_summaries",
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    scale_version = models.CharField(
        _("Thang xếp loại"), max_length=16, choices=ScaleVersion.choices
    )
    counts = models.JSONField(_("Số đảng viên theo mức xếp loại"), default=dict)
    members_rated = models.PositiveIntegerField(_("Tổng số đảng viên được xếp loại"))
    note = models.TextField(_("Ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("tổng hợp xếp loại đảng viên")
        verbose_name_plural = _("tổng hợp xếp loại đảng viên")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="unique_member_summary_unit_year"
            ),
            models.CheckConstraint(
                condition=models.Q(scale_version__in=ScaleVersion.values),
                name="member_summary_scale_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.year}: {self.members_rated} đảng viên"

    @property
    def scale(self) -> RatingScale:
        return SCALES[self.scale_version]

    def count(self, rank: str) -> int:
        return int(self.counts.get(rank, 0))
