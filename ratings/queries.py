"""Reads over quality ratings: who sees which, the HTXSNV quota and the headline rates (spec §10, §13.5).

Shares are computed per scale version and never merged: a legacy "trong sạch vững mạnh" figure and a
"hoàn thành tốt nhiệm vụ trở lên" figure are different facts and are reported with their own wording.
Ratings are seen where the user holds `accounts.view_ratings` on the rated organisation; changing them
needs `accounts.manage_ratings` there; anything else answers 404 (STYLE §6).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.queries import units_visible_to
from common.formats import percent
from oversight.models import Confidence
from oversight.rules import UNCONFIRMED_LABEL, NoRuleInForce, rule_in_force
from ratings.models import (
    SCALES,
    MemberRatingSummary,
    OrganisationRating,
    RatingScale,
    ScaleVersion,
    scales_for_year,
)
from units.models import Unit

QUOTA_RULE_KEY = "xep_loai.htxs_toi_da_ty_le_httnv"
VIEW_PERM = "accounts.view_ratings"
MANAGE_PERM = "accounts.manage_ratings"
QUOTA_RANKS = ("htxsnv", "httnv")


def share_percent(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage rounded half up to one decimal: 48/55 -> Decimal("87.3")."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def scale_label(version: str) -> str:
    """The name of a scale as shown on screen."""
    try:
        return str(ScaleVersion(version).label)
    except ValueError:
        return version


# --- who sees what -------------------------------------------------------------------------------


def rating_units(user: Any, perm: str = VIEW_PERM) -> QuerySet[Unit]:
    """Party organisations where the user holds `perm` (reading ratings by default)."""
    return units_visible_to(user, perm).filter(tree=Unit.Tree.PARTY)


def _check_action(user: Any, obj: OrganisationRating | MemberRatingSummary, action: str) -> None:
    if action not in ("view", "manage"):
        raise ValueError(f"Thao tác không hợp lệ: {action!r}")
    if action == "manage" and not user.has_perm(MANAGE_PERM, obj):
        raise PermissionDenied


def ratings_for_user(user: Any) -> QuerySet[OrganisationRating]:
    """Ratings of the Party organisations where the user holds view_ratings."""
    return (
        OrganisationRating.objects.filter(unit__in=units_visible_to(user, VIEW_PERM))
        .select_related("unit", "approved_by_unit")
        .order_by("-year", "unit__path")
    )


def get_rating_for_user(user: Any, rating_id: int, action: str = "view") -> OrganisationRating:
    """One rating: 404 outside the user's scope, 403 when managing without manage_ratings."""
    rating = get_object_or_404(ratings_for_user(user), pk=rating_id)
    _check_action(user, rating, action)
    return rating


def summaries_for_user(user: Any) -> QuerySet[MemberRatingSummary]:
    """Member summaries of the Party organisations where the user holds view_ratings."""
    return (
        MemberRatingSummary.objects.filter(unit__in=units_visible_to(user, VIEW_PERM))
        .select_related("unit")
        .order_by("-year", "unit__path")
    )


def get_summary_for_user(user: Any, summary_id: int, action: str = "view") -> MemberRatingSummary:
    """One member summary: 404 outside the user's scope, 403 when managing without the right."""
    summary = get_object_or_404(summaries_for_user(user), pk=summary_id)
    _check_action(user, summary, action)
    return summary


def ratings_in(unit_subtree: Unit, year: int) -> QuerySet[OrganisationRating]:
    return OrganisationRating.objects.filter(
        unit__path__startswith=unit_subtree.path, year=year
    ).select_related("unit")


def subordinate_units(unit: Unit, year: int) -> list[Unit]:
    """The Party organisations directly under `unit` that existed during `year`."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return list(
        Unit.objects.filter(parent=unit, tree=Unit.Tree.PARTY)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .order_by("path")
    )


# --- the HTXSNV quota ----------------------------------------------------------------------------


def rule_date(year: int) -> dt.date:
    """The day whose rules govern the ratings of `year`: the review is made at the end of the year."""
    return dt.date(year, 12, 31)


@dataclass(frozen=True)
class QuotaRule:
    """The quota rule in force for a year's ratings, or what is known of its absence."""

    year: int
    ratio_percent: Decimal | None  # e.g. 20; None when no rule is in force
    confirmed: bool
    label: str  # "366-QĐ/TW, 20%, chưa xác nhận"
    confidence: str  # "Chưa xác nhận", "Nguồn thứ cấp", "Đã xác nhận"; "" without a rule
    document: str
    article: str
    note: str
    effective_from: dt.date | None
    effective_to: dt.date | None


def quota_rule_in_force(year: int) -> QuotaRule:
    """The rule `xep_loai.htxs_toi_da_ty_le_httnv` for the ratings of `year`, with its source."""
    try:
        rule = rule_in_force(QUOTA_RULE_KEY, rule_date(year))
    except NoRuleInForce:
        label = f"không có quy định '{QUOTA_RULE_KEY}' cho năm {year}"
        return QuotaRule(year, None, False, label, "", "", "", "", None, None)
    confirmed = rule.confidence == Confidence.CONFIRMED
    source = rule.legal_document.code if rule.legal_document else ""
    label = f"{source}, {rule.value}%".lstrip(", ")
    if not confirmed:
        label += f", {UNCONFIRMED_LABEL}"
    amount = rule.amount
    if amount is not None and amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))  # 20.0000 read from the rule is shown "20"
    return QuotaRule(
        year,
        amount,
        confirmed,
        label,
        str(Confidence(rule.confidence).label),
        source,
        rule.article,
        rule.note,
        rule.effective_from,
        rule.effective_to,
    )


def quota_rule(year: int) -> tuple[Decimal | None, bool, str]:
    """The ceiling in percent, whether it is confirmed, and a label naming its source."""
    rule = quota_rule_in_force(year)
    return rule.ratio_percent, rule.confirmed, rule.label


def quota_scale_for(year: int) -> RatingScale | None:
    """The scale of `year` that has HTXSNV and HTTNV ranks (the quota applies to it)."""
    return next((scale for scale in scales_for_year(year) if scale.has_quota), None)


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
    scale_version: str = ""

    @property
    def justified(self) -> bool:
        """Exceeded, but every HTXSNV over the limit carries an exceptional-achievement note."""
        if not self.exceeded or self.limit is None:
            return not self.exceeded
        return self.htxsnv - len(self.overrides) <= self.limit

    @property
    def checked(self) -> bool:
        """Whether a rule was in force to check against (unknown otherwise)."""
        return self.limit is not None


def quota_for(
    ratings: QuerySet[OrganisationRating], year: int, *, scale_version: str | None = None
) -> QuotaCheck:
    """HTXSNV against the quota share of HTTNV among `ratings` of one scale (by default the scale
    of `year` that has those ranks); other scales are left out, never merged."""
    if scale_version is None:
        scale = quota_scale_for(year)
        scale_version = scale.version if scale else ""
    rows = list(ratings.filter(scale_version=scale_version, rank__in=QUOTA_RANKS))
    return _quota_of(rows, year, scale_version)


def _quota_of(rows: list[OrganisationRating], year: int, scale_version: str) -> QuotaCheck:
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
            scale_version,
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
        year,
        len(best),
        good,
        ratio,
        limit,
        exceeded,
        confirmed,
        label,
        overrides,
        message,
        scale_version,
    )


def quota_check(unit_subtree: Unit, year: int) -> QuotaCheck:
    """HTXSNV count against the quota share of HTTNV among organisations rated in the subtree."""
    return quota_for(ratings_in(unit_subtree, year), year)


def quota_peers(rating: OrganisationRating) -> QuerySet[OrganisationRating]:
    """The ratings the quota counts together with `rating`: same year and scale, decided by the
    same level (without one recorded, those of the same directly superior organisation)."""
    peers = OrganisationRating.objects.filter(
        year=rating.year,
        scale_version=rating.scale_version,
        approved_by_unit=rating.approved_by_unit,
    ).select_related("unit")
    if rating.approved_by_unit is None:
        peers = peers.filter(unit__parent=rating.unit.parent)
    return peers


@dataclass(frozen=True)
class QuotaGroup:
    """The quota among the organisations one level decides on (or, without a recorded deciding
    level, the organisations directly under one superior)."""

    deciding: Unit | None
    superior: Unit | None
    scale_version: str
    check: QuotaCheck

    @property
    def scale_label(self) -> str:
        return scale_label(self.scale_version)

    @property
    def label(self) -> str:
        if self.deciding is not None:
            return self.deciding.name
        name = self.superior.name if self.superior else "—"
        return f"{name} (cấp trên trực tiếp; chưa ghi cấp quyết định)"


def quota_groups(unit: Unit, year: int) -> list[QuotaGroup]:
    """The quota of every deciding level within `unit`'s subtree, scale by scale."""
    versions = [scale.version for scale in SCALES.values() if scale.has_quota]
    rows = (
        OrganisationRating.objects.filter(
            year=year, scale_version__in=versions, rank__in=QUOTA_RANKS
        )
        .filter(
            Q(approved_by_unit__path__startswith=unit.path)
            | Q(approved_by_unit__isnull=True, unit__parent__path__startswith=unit.path)
        )
        .select_related("unit", "unit__parent", "approved_by_unit")
        .order_by("unit__path")
    )
    grouped: dict[tuple[str, str, int], list[OrganisationRating]] = {}
    heads: dict[tuple[str, str, int], tuple[Unit | None, Unit | None]] = {}
    for row in rows:
        if row.approved_by_unit is not None:
            key = (row.scale_version, "deciding", row.approved_by_unit.pk)
            heads[key] = (row.approved_by_unit, None)
        else:
            parent = row.unit.parent
            key = (row.scale_version, "parent", parent.pk if parent else 0)
            heads[key] = (None, parent)
        grouped.setdefault(key, []).append(row)

    def order(key: tuple[str, str, int]) -> tuple[int, str]:
        deciding, superior = heads[key]
        head = deciding or superior
        return (versions.index(key[0]), head.path if head else "")

    return [
        QuotaGroup(*heads[key], key[0], _quota_of(grouped[key], year, key[0]))
        for key in sorted(grouped, key=order)
    ]


# --- headline rates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    scale_version: str
    part: int
    whole: int
    percent: Decimal | None
    phrase: str
    legacy: bool

    @property
    def scale_label(self) -> str:
        return scale_label(self.scale_version)

    @property
    def fraction(self) -> str:
        return f"{self.part}/{self.whole}"


@dataclass(frozen=True)
class Rates:
    organisations: tuple[Share, ...]  # one per scale version found, never merged
    members: tuple[Share, ...]


def _versions(rows: Iterable[OrganisationRating | MemberRatingSummary]) -> list[str]:
    """Scale versions found, in the order of SCALES (newest first)."""
    found = {row.scale_version for row in rows}
    return [version for version in SCALES if version in found]


def _organisation_shares(rows: list[OrganisationRating]) -> tuple[Share, ...]:
    """Shares of the grassroots ratings `rows`, one per scale."""
    shares = []
    for version in _versions(rows):
        scale = SCALES[version]
        mine = [row for row in rows if row.scale_version == version]
        wanted = {
            rank.code
            for rank in scale.organisation_ranks
            if (rank.headline if scale.legacy else rank.good_or_better)
        }
        part = sum(1 for row in mine if row.rank in wanted)
        value = share_percent(part, len(mine))
        phrase = f"{percent(value)} tổ chức cơ sở đảng {scale.organisation_phrase}"
        shares.append(Share(version, part, len(mine), value, phrase, scale.legacy))
    return tuple(shares)


def organisation_shares(unit_subtree: Unit, year: int) -> tuple[Share, ...]:
    return _organisation_shares(list(ratings_in(unit_subtree, year).filter(is_grassroots=True)))


def _covering(rows: Iterable[MemberRatingSummary]) -> list[MemberRatingSummary]:
    """Of summaries ordered by unit path, those that count each member once: a summary of an
    organisation already covers its subordinate organisations, so those below it are left out."""
    taken: list[MemberRatingSummary] = []
    for row in rows:
        if not any(row.unit.path.startswith(top.unit.path) for top in taken):
            taken.append(row)
    return taken


def _member_summaries(unit_subtree: Unit, year: int) -> list[MemberRatingSummary]:
    return list(
        MemberRatingSummary.objects.filter(unit__path__startswith=unit_subtree.path, year=year)
        .select_related("unit")
        .order_by("unit__path")
    )


def member_summaries_covering(unit_subtree: Unit, year: int) -> list[MemberRatingSummary]:
    """The summaries of the subtree that together count each member once."""
    return _covering(_member_summaries(unit_subtree, year))


def _member_shares(rows: list[MemberRatingSummary]) -> tuple[Share, ...]:
    """Shares of members rated good or better in the covering summaries `rows`, one per scale."""
    shares = []
    for version in _versions(rows):
        scale = SCALES[version]
        mine = [row for row in rows if row.scale_version == version]
        good = [rank.code for rank in scale.member_ranks if rank.good_or_better]
        part = sum(row.count(code) for row in mine for code in good)
        whole = sum(row.members_rated for row in mine)
        value = share_percent(part, whole)
        phrase = f"tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt {percent(value)}"
        shares.append(Share(version, part, whole, value, phrase, scale.legacy))
    return tuple(shares)


def member_shares(unit_subtree: Unit, year: int) -> tuple[Share, ...]:
    return _member_shares(member_summaries_covering(unit_subtree, year))


def rates(unit_subtree: Unit, year: int) -> Rates:
    """Share of grassroots organisations rated good or better (legacy: trong sạch vững mạnh) and
    share of members rated good or better, in the subtree for the year."""
    return Rates(organisation_shares(unit_subtree, year), member_shares(unit_subtree, year))


@dataclass(frozen=True)
class RatesColumn:
    kind: str  # "organisations" or "members"
    scale_version: str

    @property
    def scale_label(self) -> str:
        return scale_label(self.scale_version)

    @property
    def headers(self) -> tuple[str, str, str]:
        scale = SCALES[self.scale_version]
        if self.kind == "organisations":
            return (
                _("Tổ chức cơ sở đảng được xếp loại"),
                _("Số %(phrase)s") % {"phrase": scale.organisation_phrase},
                _("Tỷ lệ"),
            )
        return (
            _("Đảng viên được xếp loại"),
            _("Số hoàn thành tốt nhiệm vụ trở lên"),
            _("Tỷ lệ"),
        )


@dataclass(frozen=True)
class RatesRow:
    unit: Unit
    is_total: bool
    rates: Rates
    cells: tuple[int | Decimal | None, ...]  # (whole, part, percent) per column


@dataclass(frozen=True)
class RatesTable:
    unit: Unit
    year: int
    columns: tuple[RatesColumn, ...]
    rows: tuple[RatesRow, ...]  # each directly subordinate organisation, then the whole subtree


def _cells(rates_of: Rates, columns: Iterable[RatesColumn]) -> tuple[int | Decimal | None, ...]:
    cells: list[int | Decimal | None] = []
    for column in columns:
        found = rates_of.organisations if column.kind == "organisations" else rates_of.members
        share = next((s for s in found if s.scale_version == column.scale_version), None)
        if share is None:
            cells += [None, None, None]
        else:
            cells += [share.whole, share.part, share.percent]
    return tuple(cells)


def rates_per_unit(unit: Unit, year: int) -> RatesTable:
    """The rates of each Party organisation directly under `unit`, then of `unit`'s whole subtree,
    one group of columns per scale found (organisations, then members)."""
    children = subordinate_units(unit, year)
    # Two queries for the whole subtree; each child's rates are taken from them.
    ratings = list(ratings_in(unit, year).filter(is_grassroots=True))
    summaries = _member_summaries(unit, year)

    def rates_below(top: Unit) -> Rates:
        return Rates(
            _organisation_shares([r for r in ratings if r.unit.path.startswith(top.path)]),
            _member_shares(_covering(s for s in summaries if s.unit.path.startswith(top.path))),
        )

    computed = [(child, rates_below(child), False) for child in children]
    computed.append((unit, rates_below(unit), True))
    organisation_versions = {s.scale_version for _u, r, _t in computed for s in r.organisations}
    member_versions = {s.scale_version for _u, r, _t in computed for s in r.members}
    columns = tuple(
        [RatesColumn("organisations", v) for v in SCALES if v in organisation_versions]
        + [RatesColumn("members", v) for v in SCALES if v in member_versions]
    )
    rows = tuple(
        RatesRow(child, is_total, result, _cells(result, columns))
        for child, result, is_total in computed
    )
    return RatesTable(unit, year, columns, rows)
