"""Assessing a target (chỉ tiêu) against its plan, in plain Python (domain spec §11).

The rule [U] — no legal source: this is the product's reporting convention, confirm with the
customer. Reports only ever say "vượt", "đạt" and "chưa đạt" ("17/17 chỉ tiêu đều đạt và vượt,
trong đó có 09 chỉ tiêu vượt"); no regulation read so far defines them, so this module writes
down what the seed reports imply:

- Higher is better (thu nhập bình quân đầu người ≥ 55,60 triệu đồng): actual above plan is
  "vượt", equal to plan is "đạt", below plan is "chưa đạt".
- Lower is better (tỷ lệ hộ nghèo ≤ 2%): actual below plan is "vượt", equal is "đạt", above is
  "chưa đạt". The plan is a ceiling, so doing better means staying further under it.
- Range [low, high], bounds included (e.g. tỷ lệ tăng dân số tự nhiên 0,8–1%): inside is "đạt",
  outside on either side is "chưa đạt". There is no "vượt" for a range: overshooting a band is
  as much a miss as undershooting it.
- No plan yet, or no actual yet: "không đánh giá". A missing figure is never counted as met or as
  missed; summaries count these separately.
- Tolerance (absolute, default 0): when |actual − plan| ≤ tolerance the target is "đạt" rather
  than "vượt" or "chưa đạt"; for a range it widens both bounds. Use it for estimates that reports
  round ("ước đạt"), never to turn a real miss into a pass.

A plan of 0 is still assessed by comparison (số vụ cháy nổ lớn: 0), only its % of plan is left
out. % of plan is actual / plan × 100 in every direction, lower-is-better included: reports give
the level reached ("giảm còn 1,8%") and the ratio only says how far the figure sits from the plan,
not whether that is good; read the assessment for that. It is left out for a range, for a plan of
0 or below (a ratio to a negative plan reads backwards) and when a figure is missing.

Figures are Decimal only: plans and actuals are entered as exact decimals and a float would
assess 55,60 against 55.599999… .
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum


class Direction(StrEnum):
    HIGHER_IS_BETTER = "tang"
    LOWER_IS_BETTER = "giam"
    RANGE = "khoang"

    @property
    def label(self) -> str:
        return _DIRECTION_LABELS[self]


_DIRECTION_LABELS = {
    Direction.HIGHER_IS_BETTER: "càng cao càng tốt",
    Direction.LOWER_IS_BETTER: "càng thấp càng tốt",
    Direction.RANGE: "trong khoảng",
}


class Assessment(StrEnum):
    EXCEEDED = "vuot"
    MET = "dat"
    NOT_MET = "chua_dat"
    NOT_ASSESSED = "khong_danh_gia"

    @property
    def label(self) -> str:
        return _ASSESSMENT_LABELS[self]

    @property
    def is_met_or_exceeded(self) -> bool:
        return self in (Assessment.MET, Assessment.EXCEEDED)


_ASSESSMENT_LABELS = {
    Assessment.EXCEEDED: "vượt",
    Assessment.MET: "đạt",
    Assessment.NOT_MET: "chưa đạt",
    Assessment.NOT_ASSESSED: "không đánh giá",
}

REASON_NO_PLAN = "Chưa có kế hoạch"
REASON_NO_ACTUAL = "Chưa có số liệu thực hiện"
REASON_ABOVE_PLAN = "Cao hơn kế hoạch"
REASON_EQUAL_PLAN = "Bằng kế hoạch"
REASON_BELOW_PLAN = "Thấp hơn kế hoạch"
REASON_WITHIN_TOLERANCE = "Trong mức sai lệch cho phép so với kế hoạch"
REASON_UNDER_CEILING = "Thấp hơn kế hoạch (chỉ tiêu càng thấp càng tốt)"
REASON_OVER_CEILING = "Cao hơn kế hoạch (chỉ tiêu càng thấp càng tốt)"
REASON_INSIDE_RANGE = "Trong khoảng kế hoạch"
REASON_WITHIN_RANGE_TOLERANCE = "Trong mức sai lệch cho phép so với khoảng kế hoạch"
REASON_BELOW_RANGE = "Thấp hơn khoảng kế hoạch"
REASON_ABOVE_RANGE = "Cao hơn khoảng kế hoạch"

_HUNDRED = Decimal(100)
# Enough digits for any ratio a report prints, whatever context the caller's thread has.
_PRECISION = 28


@dataclass(frozen=True)
class TargetFigures:
    """One target's figures for one period; `plan` for a direction, `plan_low`/`plan_high` for a range."""

    direction: Direction
    plan: Decimal | None = None
    plan_low: Decimal | None = None
    plan_high: Decimal | None = None
    actual: Decimal | None = None
    previous: Decimal | None = None
    baseline: Decimal | None = None
    tolerance: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if not isinstance(self.direction, Direction):
            raise TypeError(f"Chiều đánh giá không hợp lệ: {self.direction!r}")
        for name in (
            "plan",
            "plan_low",
            "plan_high",
            "actual",
            "previous",
            "baseline",
            "tolerance",
        ):
            _check_decimal(name, getattr(self, name))
        if self.tolerance < 0:
            raise ValueError(f"Sai lệch cho phép không được âm: {self.tolerance}")
        if self.direction is Direction.RANGE:
            if self.plan is not None:
                raise ValueError("Chỉ tiêu theo khoảng dùng cận dưới và cận trên, không dùng plan")
            if (self.plan_low is None) != (self.plan_high is None):
                raise ValueError("Khoảng kế hoạch phải có cả cận dưới và cận trên")
            if self.plan_low is not None and self.plan_high is not None:
                if self.plan_low > self.plan_high:
                    raise ValueError(
                        f"Cận dưới lớn hơn cận trên: {self.plan_low} > {self.plan_high}"
                    )
        elif self.plan_low is not None or self.plan_high is not None:
            raise ValueError("Chỉ chỉ tiêu theo khoảng mới có cận dưới và cận trên")


@dataclass(frozen=True)
class TargetResult:
    figures: TargetFigures
    assessment: Assessment
    percent_of_plan: Decimal | None
    change_on_previous: Decimal | None
    change_on_baseline: Decimal | None
    reason: str


@dataclass(frozen=True)
class Summary:
    total: int
    met_or_exceeded: int
    exceeded: int
    not_met: int
    not_assessed: int

    @property
    def met(self) -> int:
        """Met exactly, without the exceeded ones."""
        return self.met_or_exceeded - self.exceeded


def assess(figures: TargetFigures) -> TargetResult:
    """Judge one target's actual against its plan by the rule in the module docstring."""
    assessment, reason = _judge(figures)
    return TargetResult(
        figures=figures,
        assessment=assessment,
        percent_of_plan=_percent_of_plan(figures),
        change_on_previous=_difference(figures.actual, figures.previous),
        change_on_baseline=_difference(figures.actual, figures.baseline),
        reason=reason,
    )


def summarise(results: Iterable[TargetResult]) -> Summary:
    """Count results the way reports do: "{k}/{n} chỉ tiêu đạt và vượt, trong đó {m} chỉ tiêu vượt"."""
    assessments = [result.assessment for result in results]
    return Summary(
        total=len(assessments),
        met_or_exceeded=sum(1 for a in assessments if a.is_met_or_exceeded),
        exceeded=assessments.count(Assessment.EXCEEDED),
        not_met=assessments.count(Assessment.NOT_MET),
        not_assessed=assessments.count(Assessment.NOT_ASSESSED),
    )


def _judge(figures: TargetFigures) -> tuple[Assessment, str]:
    actual, tolerance = figures.actual, figures.tolerance
    if figures.direction is Direction.RANGE:
        low, high = figures.plan_low, figures.plan_high
        if low is None or high is None:
            return Assessment.NOT_ASSESSED, REASON_NO_PLAN
        if actual is None:
            return Assessment.NOT_ASSESSED, REASON_NO_ACTUAL
        if low <= actual <= high:
            return Assessment.MET, REASON_INSIDE_RANGE
        if low - tolerance <= actual <= high + tolerance:
            return Assessment.MET, REASON_WITHIN_RANGE_TOLERANCE
        if actual < low:
            return Assessment.NOT_MET, REASON_BELOW_RANGE
        return Assessment.NOT_MET, REASON_ABOVE_RANGE

    plan = figures.plan
    if plan is None:
        return Assessment.NOT_ASSESSED, REASON_NO_PLAN
    if actual is None:
        return Assessment.NOT_ASSESSED, REASON_NO_ACTUAL
    if actual == plan:
        return Assessment.MET, REASON_EQUAL_PLAN
    if abs(actual - plan) <= tolerance:
        return Assessment.MET, REASON_WITHIN_TOLERANCE
    if figures.direction is Direction.HIGHER_IS_BETTER:
        if actual > plan:
            return Assessment.EXCEEDED, REASON_ABOVE_PLAN
        return Assessment.NOT_MET, REASON_BELOW_PLAN
    if actual < plan:
        return Assessment.EXCEEDED, REASON_UNDER_CEILING
    return Assessment.NOT_MET, REASON_OVER_CEILING


def _percent_of_plan(figures: TargetFigures) -> Decimal | None:
    plan, actual = figures.plan, figures.actual
    if figures.direction is Direction.RANGE or plan is None or actual is None or plan <= 0:
        return None
    with localcontext() as context:
        context.prec = _PRECISION
        return actual / plan * _HUNDRED


def _difference(actual: Decimal | None, other: Decimal | None) -> Decimal | None:
    if actual is None or other is None:
        return None
    return actual - other


def _check_decimal(name: str, value: object) -> None:
    if value is None and name != "tolerance":
        return
    if not isinstance(value, Decimal):
        raise TypeError(f"{name} phải là Decimal: {value!r}")
    if not value.is_finite():
        raise ValueError(f"{name} phải là số hữu hạn: {value!r}")
