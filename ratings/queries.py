"""Reads over quality ratings: the HTXSNV quota and the headline rates of a subtree (spec §10, §13.5).

Shares are computed per scale version and never merged: a legacy "trong sạch vững mạnh" figure and a
"hoàn thành tốt nhiệm vụ trở lên" figure are different facts and are reported with their own wording.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from common.formats import percent
from oversight.models import Confidence
from oversight.rules import UNCONFIRMED_LABEL, NoRuleInForce, rule_in_force
from ratings.models import SCALE_366, SCALES, MemberRatingSummary, OrganisationRating
from units.models import Unit

QUOTA_RULE_KEY = "xep_loai.htxs_toi_da_ty_le_httnv"


def share_percent(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage rounded half up to one decimal: 48/55 -> Decimal("87.3")."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def ratings_in(unit_subtree: Unit, year: int) -> QuerySet[OrganisationRating]:
    return OrganisationRating.objects.filter(
        unit__path__startswith=unit_subtree.path, year=year
    ).select_related("unit")


def rule_date(year: int) -> dt.date:
    """The day whose rules govern the ratings of `year`: the review is made at the end of the year."""
    return dt.date(year, 12, 31)


@dataclass(frozen=True)
class QuotaCheck:
    year: int
    htxsnv: int
    httnv: int
    ratio_percent: Decimal | None  # the rule's ceiling, e.g. 20; None when no rule is in force
    limit: Decimal | None  # ratio_percent % of httnv
    exceeded: bool
    rule_confirmed: bool
    rule_label: str  # "366-QĐ/TW, 20% (chưa xác nhận)"
    overrides: tuple[tuple[str, str], ...]  # (organisation, override note) of HTXSNV ratings
    message: str

    @property
    def justified(self) -> bool:
        """Exceeded, but every HTXSNV over the limit carries an exceptional-achievement note."""
        if not self.exceeded or self.limit is None:
            return not self.exceeded
        return self.htxsnv - len(self.overrides) <= self.limit


def quota_rule(year: int) -> tuple[Decimal | None, bool, str]:
    """The ceiling in percent, whether it is confirmed, and a label naming its source."""
    try:
        rule = rule_in_force(QUOTA_RULE_KEY, rule_date(year))
    except NoRuleInForce:
        return None, False, f"không có quy định '{QUOTA_RULE_KEY}' cho năm {year}"
    confirmed = rule.confidence == Confidence.CONFIRMED
    source = rule.legal_document.code if rule.legal_document else ""
    label = f"{source}, {rule.value}%".lstrip(", ")
    if not confirmed:
        label += f", {UNCONFIRMED_LABEL}"
    return rule.amount, confirmed, label


def quota_for(ratings: QuerySet[OrganisationRating], year: int) -> QuotaCheck:
    rows = list(ratings.filter(scale_version=SCALE_366.version, rank__in=("htxsnv", "httnv")))
    best = [row for row in rows if row.rank == "htxsnv"]
    good = len(rows) - len(best)
    ratio, confirmed, label = quota_rule(year)
    overrides = tuple((str(r.unit), r.override_note) for r in best if r.exceptional_override)
    if ratio is None:
        return QuotaCheck(
            year,
            len(best),
            good,
            None,
            None,
            False,
            False,
            label,
            overrides,
            f"Không kiểm tra được tỷ lệ HTXSNV: {label}.",
        )
    limit = ratio * good / 100
    exceeded = len(best) > limit
    message = (
        f"{len(best)} tổ chức hoàn thành xuất sắc nhiệm vụ / {good} hoàn thành tốt nhiệm vụ; "
        f"tối đa {ratio.normalize():f}% số hoàn thành tốt nhiệm vụ ({label})"
    )
    if exceeded:
        message += f": vượt tỷ lệ, {len(overrides)} trường hợp có ghi chú thành tích đặc biệt."
    else:
        message += ": trong tỷ lệ."
    return QuotaCheck(
        year, len(best), good, ratio, limit, exceeded, confirmed, label, overrides, message
    )


def quota_check(unit_subtree: Unit, year: int) -> QuotaCheck:
    """HTXSNV count against the quota share of HTTNV among organisations rated in the subtree."""
    return quota_for(ratings_in(unit_subtree, year), year)


@dataclass(frozen=True)
class Share:
    scale_version: str
    part: int
    whole: int
    percent: Decimal | None
    phrase: str
    legacy: bool


@dataclass(frozen=True)
class Rates:
    organisations: tuple[Share, ...]  # one per scale version found, never merged
    members: tuple[Share, ...]


def organisation_shares(unit_subtree: Unit, year: int) -> tuple[Share, ...]:
    shares = []
    rows = list(ratings_in(unit_subtree, year).filter(is_grassroots=True))
    for version in sorted({row.scale_version for row in rows}):
        scale = SCALES[version]
        mine = [row for row in rows if row.scale_version == version]
        legacy = not scale.scored
        wanted = {
            rank.code
            for rank in scale.organisation_ranks
            if (rank.headline if legacy else rank.good_or_better)
        }
        part = sum(1 for row in mine if row.rank in wanted)
        value = share_percent(part, len(mine))
        phrase = f"{percent(value)} tổ chức cơ sở đảng {scale.organisation_phrase}"
        shares.append(Share(version, part, len(mine), value, phrase, legacy))
    return tuple(shares)


def member_summaries_covering(unit_subtree: Unit, year: int) -> list[MemberRatingSummary]:
    """The summaries that together count each member once: a summary of an organisation already
    covers its subordinate organisations, so those below it are left out."""
    rows = (
        MemberRatingSummary.objects.filter(unit__path__startswith=unit_subtree.path, year=year)
        .select_related("unit")
        .order_by("unit__path")
    )
    taken: list[MemberRatingSummary] = []
    for row in rows:
        if not any(row.unit.path.startswith(top.unit.path) for top in taken):
            taken.append(row)
    return taken


def member_shares(unit_subtree: Unit, year: int) -> tuple[Share, ...]:
    shares = []
    rows = member_summaries_covering(unit_subtree, year)
    for version in sorted({row.scale_version for row in rows}):
        scale = SCALES[version]
        mine = [row for row in rows if row.scale_version == version]
        good = [rank.code for rank in scale.member_ranks if rank.good_or_better]
        part = sum(row.count(code) for row in mine for code in good)
        whole = sum(row.members_rated for row in mine)
        value = share_percent(part, whole)
        phrase = f"tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt {percent(value)}"
        shares.append(Share(version, part, whole, value, phrase, not scale.scored))
    return tuple(shares)


def rates(unit_subtree: Unit, year: int) -> Rates:
    """Share of grassroots organisations rated good or better (legacy: trong sạch vững mạnh) and
    share of members rated good or better, in the subtree for the year."""
    return Rates(organisation_shares(unit_subtree, year), member_shares(unit_subtree, year))
