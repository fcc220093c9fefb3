"""Judging a unit's values against one framework (README "Evaluation rules").

The rule that runs through every function here: a result is "đạt" only when a verified threshold
and a value of the right kind say so. Missing data, an unknown or unverified threshold and a value
of the wrong kind give "chưa xác định", never "đạt".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum
from typing import TypeAlias

from criteria.engine.framework import (
    Criterion,
    Framework,
    Indicator,
    Threshold,
    ThresholdValue,
)


class Verdict(StrEnum):
    MET = "dat"
    NOT_MET = "chua_dat"
    UNKNOWN = "chua_xac_dinh"

    @property
    def label(self) -> str:
        return _VERDICT_LABELS[self]


_VERDICT_LABELS = {
    Verdict.MET: "đạt",
    Verdict.NOT_MET: "chưa đạt",
    Verdict.UNKNOWN: "chưa xác định",
}


class NotApplicable(Enum):
    """The value of a "(nếu có)" indicator that does not concern the commune."""

    NOT_APPLICABLE = "khong_ap_dung"

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE = NotApplicable.NOT_APPLICABLE

Value: TypeAlias = Decimal | bool | NotApplicable

# Reasons shown next to a result (Vietnamese, short).
REASON_NO_DATA = "Chưa có số liệu"
REASON_THRESHOLD_UNKNOWN = "Ngưỡng chưa xác định"
REASON_THRESHOLD_UNVERIFIED = "Ngưỡng chưa được xác minh"
REASON_NOT_APPLICABLE = "Không áp dụng (nếu có) – tính là đạt"
REASON_NOT_OPTIONAL = "Chỉ tiêu không có mục (nếu có) – không thể đánh dấu không áp dụng"
REASON_WRONG_TYPE = "Giá trị không đúng kiểu"

# Statuses whose numbers may decide pass or fail (README table); "partial" only for a national
# value that binds every region.
USABLE_STATUSES = frozenset({"confirmed", "partial", "illustrative"})
UNVERIFIED_STATUSES = frozenset({"recalled", "uncertain"})


@dataclass(frozen=True)
class UnitProfile:
    region: str | None = None
    group: str | None = None
    flags: frozenset[str] = frozenset()
    recognised_level: str | None = None


@dataclass(frozen=True)
class ResolvedThreshold:
    """The threshold that applies to one unit in one year, or why none applies."""

    value: ThresholdValue
    is_usable: bool
    reason: str
    status: str
    # The number found even when it may not be used (recalled, partial): for display only.
    candidate: ThresholdValue = None


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    name: str
    unit: str
    value: Value | None
    threshold: ThresholdValue
    comparator: str
    status: Verdict
    gap: Decimal | None
    reason: str
    threshold_status: str
    unverified_threshold: ThresholdValue = None


@dataclass(frozen=True)
class CriterionResult:
    number: str
    name: str
    status: Verdict
    met: int
    total: int
    indicators: tuple[IndicatorResult, ...]


@dataclass(frozen=True)
class Evaluation:
    set_id: str
    version: int
    year: int
    region_applied: str | None
    status: Verdict
    criteria: tuple[CriterionResult, ...]
    criteria_met: int
    criteria_total: int
    indicators_met: int
    indicators_total: int
    group_applied: str | None = None

    @property
    def lagging(self) -> tuple[CriterionResult, ...]:
        """Criteria not met."""
        return tuple(c for c in self.criteria if c.status is Verdict.NOT_MET)

    @property
    def unknown(self) -> tuple[CriterionResult, ...]:
        """Criteria that cannot be decided yet."""
        return tuple(c for c in self.criteria if c.status is Verdict.UNKNOWN)

    def indicator(self, code: str) -> IndicatorResult:
        for criterion in self.criteria:
            for result in criterion.indicators:
                if result.code == code:
                    return result
        raise KeyError(code)


def conjunction(statuses: Iterable[Verdict]) -> Verdict:
    """All of them: not met if any is not met, met if all are met (and there is one), else unknown."""
    seen = list(statuses)
    if any(status is Verdict.NOT_MET for status in seen):
        return Verdict.NOT_MET
    if seen and all(status is Verdict.MET for status in seen):
        return Verdict.MET
    return Verdict.UNKNOWN


def effective_region(framework: Framework, profile: UnitProfile) -> str | None:
    """The region whose thresholds apply: an override first, else the unit's own region."""
    # QĐ 318/QĐ-TTg: đặc biệt khó khăn and an toàn khu communes use the TDMNPB thresholds.
    for override in framework.region_overrides:
        if override.flags & profile.flags:
            return override.region
    return profile.region


def resolve_threshold(
    threshold: Threshold | None, *, region: str | None, group: str | None, year: int
) -> ResolvedThreshold:
    """The value that applies for a region or group in a year, if it may be used."""
    if threshold is None:
        return ResolvedThreshold(None, False, REASON_THRESHOLD_UNKNOWN, "unknown")
    status = threshold.status
    applied = threshold
    if threshold.by_year:
        by_year = threshold.by_year.get(year)
        if by_year is None:
            return ResolvedThreshold(None, False, REASON_THRESHOLD_UNKNOWN, status)
        applied = by_year
    variation = applied.regional_variation
    candidate: ThresholdValue
    if variation == "by_region":
        candidate = applied.by_region.get(region) if region else None
    elif variation == "by_group":
        candidate = applied.by_group.get(group) if group else None
    else:
        # "unknown": the general value is a national reference, shown but not applied.
        candidate = applied.general
    if candidate is None:
        return ResolvedThreshold(None, False, REASON_THRESHOLD_UNKNOWN, status)
    if status in UNVERIFIED_STATUSES:
        reason = f"{REASON_THRESHOLD_UNVERIFIED} ({status})"
        return ResolvedThreshold(None, False, reason, status, candidate)
    if status not in USABLE_STATUSES or variation == "unknown":
        return ResolvedThreshold(None, False, REASON_THRESHOLD_UNKNOWN, status, candidate)
    if status == "partial" and variation != "none":
        # Only the national reference is confirmed; the regional cell may differ.
        return ResolvedThreshold(None, False, REASON_THRESHOLD_UNKNOWN, status, candidate)
    return ResolvedThreshold(candidate, True, "", status, candidate)


def judge_indicator(
    indicator: Indicator, value: Value | None, resolved: ResolvedThreshold
) -> IndicatorResult:
    """One indicator's verdict for a value and the threshold resolved for the unit."""

    def result(status: Verdict, reason: str, gap: Decimal | None = None) -> IndicatorResult:
        return IndicatorResult(
            code=indicator.code,
            name=indicator.name,
            unit=indicator.unit,
            value=value,
            threshold=resolved.value if resolved.is_usable else None,
            comparator=indicator.comparator,
            status=status,
            gap=gap,
            reason=reason,
            threshold_status=resolved.status,
            unverified_threshold=None if resolved.is_usable else resolved.candidate,
        )

    if value is NOT_APPLICABLE:
        if not indicator.optional:
            return result(Verdict.UNKNOWN, REASON_NOT_OPTIONAL)
        # README rule 2: "(nếu có)" indicators that do not apply count as passed, but only an
        # indicator whose threshold is verified; an unverified one might not be optional at all.
        if not resolved.is_usable:
            return result(Verdict.UNKNOWN, resolved.reason)
        return result(Verdict.MET, REASON_NOT_APPLICABLE)
    if value is None:
        return result(Verdict.UNKNOWN, REASON_NO_DATA)
    if not _is_value_of_kind(indicator, value):
        return result(Verdict.UNKNOWN, REASON_WRONG_TYPE)
    if not resolved.is_usable:
        return result(Verdict.UNKNOWN, resolved.reason)
    threshold = resolved.value
    comparator = indicator.comparator
    if isinstance(value, bool) or isinstance(threshold, bool):
        if not (isinstance(value, bool) and isinstance(threshold, bool)):
            return result(Verdict.UNKNOWN, REASON_WRONG_TYPE)
        if comparator != "eq":
            return result(Verdict.UNKNOWN, REASON_THRESHOLD_UNKNOWN)
        return result(Verdict.MET if value is threshold else Verdict.NOT_MET, "")
    if not isinstance(value, Decimal) or not isinstance(threshold, Decimal):
        return result(Verdict.UNKNOWN, REASON_WRONG_TYPE)
    if comparator == "gte":
        if value >= threshold:
            return result(Verdict.MET, "")
        return result(Verdict.NOT_MET, "", threshold - value)
    if comparator == "lte":
        if value <= threshold:
            return result(Verdict.MET, "")
        return result(Verdict.NOT_MET, "", value - threshold)
    if comparator == "eq":
        return result(Verdict.MET if value == threshold else Verdict.NOT_MET, "")
    return result(Verdict.UNKNOWN, REASON_THRESHOLD_UNKNOWN)


def judge_criterion(criterion: Criterion, results: Iterable[IndicatorResult]) -> CriterionResult:
    """A criterion is met when every indicator is met (rule `all_indicators_met`)."""
    indicators = tuple(results)
    return CriterionResult(
        number=criterion.number,
        name=criterion.name,
        status=conjunction(result.status for result in indicators),
        met=sum(result.status is Verdict.MET for result in indicators),
        total=len(indicators),
        indicators=indicators,
    )


def evaluate(
    framework: Framework, profile: UnitProfile, values: Mapping[str, Value], *, year: int
) -> Evaluation:
    """Judge one unit's values for a year against one framework version."""
    region = effective_region(framework, profile)
    criteria = tuple(
        judge_criterion(
            criterion,
            (
                judge_indicator(
                    indicator,
                    values.get(indicator.code),
                    resolve_threshold(
                        indicator.threshold, region=region, group=profile.group, year=year
                    ),
                )
                for indicator in criterion.indicators
            ),
        )
        for criterion in framework.criteria
    )
    indicator_results = [result for criterion in criteria for result in criterion.indicators]
    return Evaluation(
        set_id=framework.set_id,
        version=framework.version,
        year=year,
        region_applied=region,
        # Xã NTM = every criterion met (QĐ 318/QĐ-TTg; QĐ 1980/QĐ-TTg); a set with no criteria
        # encoded cannot be met.
        status=conjunction(criterion.status for criterion in criteria),
        criteria=criteria,
        criteria_met=sum(criterion.status is Verdict.MET for criterion in criteria),
        criteria_total=len(criteria),
        indicators_met=sum(result.status is Verdict.MET for result in indicator_results),
        indicators_total=len(indicator_results),
        group_applied=profile.group,
    )


def _is_value_of_kind(indicator: Indicator, value: Decimal | bool) -> bool:
    if isinstance(value, bool):
        return not indicator.is_numeric
    if not isinstance(value, Decimal) or not value.is_finite():
        return False
    return not indicator.is_boolean
