"""The commune level chain: xã NTM → xã NTM nâng cao → xã NTM kiểu mẫu, then recognition.

Each level stands on the one below (QĐ 318/QĐ-TTg Phụ lục II; QĐ 319/QĐ-TTg), so a level counts
only when every level under it is met as well.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from criteria.engine.evaluate import (
    REASON_NO_DATA,
    REASON_WRONG_TYPE,
    Evaluation,
    IndicatorResult,
    UnitProfile,
    Value,
    Verdict,
    conjunction,
    effective_region,
    evaluate,
    judge_indicator,
    resolve_threshold,
)
from criteria.engine.framework import INCOME_CODE, Condition, Framework

NTM = "xa_ntm"
NANG_CAO = "xa_ntm_nang_cao"
KIEU_MAU = "xa_ntm_kieu_mau"
# Vietnamese wording of the rule-set conditions (the data files paraphrase them in English):
# QĐ 319/QĐ-TTg for km1–km4, QĐ 18/2022/QĐ-TTg Điều 4 for the recognition conditions.
CONDITION_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "km1_nang_cao": "Đạt chuẩn xã NTM nâng cao",
        "km2_income_premium": "Thu nhập bình quân đầu người cao hơn ít nhất 10% mức của xã NTM nâng cao",
        "km3_smart_village": "Có ít nhất 01 mô hình thôn thông minh",
        "km4_standout_field": "Có ít nhất 01 lĩnh vực nổi trội theo tiêu chí của tỉnh",
        "tieu_chi_cap_tinh": "Đạt các tiêu chí bổ sung của tỉnh",
        "meets_all_criteria": "Đạt đủ các tiêu chí của bộ tiêu chí",
        "no_capital_construction_debt": "Không có nợ đọng xây dựng cơ bản",
        "resident_satisfaction": "Tỷ lệ người dân hài lòng đạt yêu cầu",
        "security_not_complex": "Không thuộc địa bàn phức tạp về an ninh, trật tự",
    }
)

LEVELS = (NTM, NANG_CAO, KIEU_MAU)
LEVEL_LABELS: Mapping[str, str] = MappingProxyType(
    {
        NTM: "Xã đạt chuẩn NTM",
        NANG_CAO: "Xã NTM nâng cao",
        KIEU_MAU: "Xã NTM kiểu mẫu",
    }
)

RECOGNITION_VALUE_PREFIX = "rc."
REASON_SATISFACTION_UNKNOWN = "Tỷ lệ hài lòng yêu cầu chưa xác định"
# Id of the extra condition that carries a provincial kiểu mẫu set's own criteria.
PROVINCIAL_CRITERIA_ID = "tieu_chi_cap_tinh"

_KM_ID = re.compile(r"^(km\d+)_")


def level_label(level: str | None) -> str:
    return LEVEL_LABELS.get(level or "", "Chưa đạt chuẩn NTM")


@dataclass(frozen=True)
class LevelChain:
    ntm: Framework
    nang_cao: Framework | None = None
    kieu_mau: Framework | None = None


@dataclass(frozen=True)
class ConditionResult:
    id: str
    text: str
    status: Verdict
    detail: str


@dataclass(frozen=True)
class LevelStep:
    level: str
    status: Verdict
    evaluation: Evaluation | None
    conditions: tuple[ConditionResult, ...]
    reason: str

    @property
    def label(self) -> str:
        return level_label(self.level)


@dataclass(frozen=True)
class Qualification:
    level: str | None
    steps: tuple[LevelStep, ...]
    recognition: tuple[ConditionResult, ...]
    next_level: str | None

    @property
    def label(self) -> str:
        return level_label(self.level)

    def step(self, level: str) -> LevelStep | None:
        for step in self.steps:
            if step.level == level:
                return step
        return None


def condition_value_key(condition: Condition) -> str:
    """Where a condition's input sits in the values: "km3" for km3_smart_village, else its id."""
    match = _KM_ID.match(condition.id)
    return match.group(1) if match else condition.id


def qualify(
    chain: LevelChain, profile: UnitProfile, values: Mapping[str, Value], *, year: int
) -> Qualification:
    """The highest level a commune reaches in a year, each step with its reasons."""
    ntm_evaluation = evaluate(chain.ntm, profile, values, year=year)
    steps = [
        LevelStep(
            level=NTM,
            status=ntm_evaluation.status,
            evaluation=ntm_evaluation,
            conditions=(),
            reason=_evaluation_reason(ntm_evaluation),
        )
    ]
    if chain.nang_cao is not None:
        evaluation = evaluate(chain.nang_cao, profile, values, year=year)
        own = evaluation.status
        steps.append(
            _gated_step(
                NANG_CAO,
                _prerequisite(chain.nang_cao, steps),
                own,
                evaluation,
                (),
                _evaluation_reason(evaluation),
            )
        )
    if chain.kieu_mau is not None:
        steps.append(_kieu_mau_step(chain, steps, profile, values, year))

    level: str | None = None
    for step in steps:
        if step.status is not Verdict.MET:
            break
        level = step.level
    chain_levels = [step.level for step in steps]
    if level is None:
        next_level: str | None = chain_levels[0]
    else:
        position = chain_levels.index(level)
        next_level = chain_levels[position + 1] if position + 1 < len(chain_levels) else None
    return Qualification(
        level=level,
        steps=tuple(steps),
        recognition=_recognition(chain.ntm, steps, level, values),
        next_level=next_level,
    )


def _prerequisite(framework: Framework, steps: list[LevelStep]) -> tuple[str, Verdict]:
    """The level a step stands on and how that level came out."""
    required = framework.prerequisite_level or steps[-1].level
    for step in steps:
        if step.level == required:
            return required, step.status
    return required, Verdict.UNKNOWN


def _gated_step(
    level: str,
    prerequisite: tuple[str, Verdict],
    own: Verdict,
    evaluation: Evaluation | None,
    conditions: tuple[ConditionResult, ...],
    own_reason: str,
) -> LevelStep:
    required, required_status = prerequisite
    status = conjunction((required_status, own))
    if required_status is Verdict.NOT_MET:
        reason = f"Chưa đạt chuẩn {_short_label(required)}"
    elif own is Verdict.NOT_MET or required_status is Verdict.MET:
        reason = own_reason
    else:
        reason = f"Chưa xác định được đạt chuẩn {_short_label(required)}"
    return LevelStep(level, status, evaluation, conditions, reason)


def _kieu_mau_step(
    chain: LevelChain,
    steps: list[LevelStep],
    profile: UnitProfile,
    values: Mapping[str, Value],
    year: int,
) -> LevelStep:
    """Xã NTM kiểu mẫu: four conditions of QĐ 319/QĐ-TTg, some set by the province."""
    framework = chain.kieu_mau
    assert framework is not None
    evaluation = evaluate(framework, profile, values, year=year) if framework.criteria else None
    results = [
        _judge_condition(condition, chain, steps, profile, values, year)
        for condition in framework.conditions
    ]
    provincial = _provincial_criteria(evaluation)
    if provincial is not None:
        results.append(provincial)
    own = conjunction(result.status for result in results)
    if not results:
        own_reason = "Bộ tiêu chí kiểu mẫu chưa có điều kiện nào"
    elif own is Verdict.MET:
        own_reason = f"Đạt {len(results)}/{len(results)} điều kiện"
    else:
        failing = [CONDITION_LABELS.get(r.id, r.id) for r in results if r.status is own]
        word = "chưa đạt" if own is Verdict.NOT_MET else "chưa xác định"
        own_reason = f"Điều kiện {word}: {', '.join(failing)}"
    return _gated_step(
        KIEU_MAU, _prerequisite(framework, steps), own, evaluation, tuple(results), own_reason
    )


def _judge_condition(
    condition: Condition,
    chain: LevelChain,
    steps: list[LevelStep],
    profile: UnitProfile,
    values: Mapping[str, Value],
    year: int,
) -> ConditionResult:
    def result(status: Verdict, detail: str) -> ConditionResult:
        return ConditionResult(condition.id, condition.text, status, detail)

    params = condition.params
    if condition.kind == "level_attained":
        # km1 (QĐ 319/QĐ-TTg): the commune is xã NTM nâng cao under the 2021-2025 set.
        for step in steps:
            if step.level == NANG_CAO:
                return result(step.status, f"{step.label}: {step.status.label}")
        return result(Verdict.UNKNOWN, "Chưa có bộ tiêu chí xã NTM nâng cao để đối chiếu")
    if condition.kind == "ratio_to_reference":
        if "nâng cao" in str(params.get("reference", "")):
            return _income_condition(condition, chain, profile, values, year)
        return result(Verdict.UNKNOWN, "Mức tham chiếu chưa có trong dữ liệu")
    if condition.kind in {"count_gte", "share_gte", "number_gte"}:
        return _at_least(condition, values.get(condition_value_key(condition)))
    if condition.kind == "boolean":
        value = values.get(condition_value_key(condition))
        required = params.get("value", True)
        if value is None:
            return result(Verdict.UNKNOWN, REASON_NO_DATA)
        if not isinstance(value, bool):
            return result(Verdict.UNKNOWN, REASON_WRONG_TYPE)
        return result(Verdict.MET if value is required else Verdict.NOT_MET, "")
    return result(Verdict.UNKNOWN, "Điều kiện chưa xác định được cách đánh giá")


def _at_least(condition: Condition, value: Value | None) -> ConditionResult:
    required = condition.params.get("value")
    if not isinstance(required, Decimal):
        return ConditionResult(
            condition.id, condition.text, Verdict.UNKNOWN, "Mức yêu cầu chưa xác định"
        )
    if value is None:
        return ConditionResult(condition.id, condition.text, Verdict.UNKNOWN, REASON_NO_DATA)
    if not isinstance(value, Decimal) or not value.is_finite():
        return ConditionResult(condition.id, condition.text, Verdict.UNKNOWN, REASON_WRONG_TYPE)
    status = Verdict.MET if value >= required else Verdict.NOT_MET
    return ConditionResult(condition.id, condition.text, status, f"{value} (yêu cầu ≥ {required})")


def _income_condition(
    condition: Condition,
    chain: LevelChain,
    profile: UnitProfile,
    values: Mapping[str, Value],
    year: int,
) -> ConditionResult:
    """km2 (QĐ 319/QĐ-TTg): income ≥ 1.1 × the nâng cao income level at the same time."""

    def result(status: Verdict, detail: str) -> ConditionResult:
        return ConditionResult(condition.id, condition.text, status, detail)

    income = values.get(INCOME_CODE)
    kieu_mau = chain.kieu_mau
    if kieu_mau is not None and kieu_mau.has_indicator(INCOME_CODE):
        # A province may set the kiểu mẫu income itself (Nam Định QĐ 23-QĐ/UBND): judge it directly.
        indicator = kieu_mau.indicator(INCOME_CODE)
        resolved = resolve_threshold(
            indicator.threshold,
            region=effective_region(kieu_mau, profile),
            group=profile.group,
            year=year,
        )
        if resolved.is_usable:
            judged = judge_indicator(indicator, income, resolved)
            return result(judged.status, _income_detail(judged, f"mức của {kieu_mau.title}"))
    if chain.nang_cao is None or not chain.nang_cao.has_indicator(INCOME_CODE):
        return result(Verdict.UNKNOWN, "Chưa có mức thu nhập của bộ tiêu chí xã NTM nâng cao")
    reference_framework = chain.nang_cao
    resolved = resolve_threshold(
        reference_framework.indicator(INCOME_CODE).threshold,
        region=effective_region(reference_framework, profile),
        group=profile.group,
        year=year,
    )
    factor = condition.params.get("factor")
    if not resolved.is_usable or not isinstance(resolved.value, Decimal):
        return result(
            Verdict.UNKNOWN, f"Mức thu nhập xã NTM nâng cao năm {year}: {resolved.reason}"
        )
    if not isinstance(factor, Decimal):
        return result(Verdict.UNKNOWN, "Hệ số so với mức nâng cao chưa xác định")
    required = factor * resolved.value
    if income is None:
        return result(Verdict.UNKNOWN, REASON_NO_DATA)
    if not isinstance(income, Decimal) or not income.is_finite():
        return result(Verdict.UNKNOWN, REASON_WRONG_TYPE)
    detail = f"Thu nhập {income}; yêu cầu ≥ {factor} × {resolved.value} = {required}"
    return result(Verdict.MET if income >= required else Verdict.NOT_MET, detail)


def _income_detail(judged: IndicatorResult, reference: str) -> str:
    if judged.reason:
        return judged.reason
    return f"Thu nhập {judged.value}; {reference}: ≥ {judged.threshold}"


def _provincial_criteria(evaluation: Evaluation | None) -> ConditionResult | None:
    """A provincial kiểu mẫu set's own criteria, besides income (judged by km2), must all be met."""
    if evaluation is None:
        return None
    statuses = [
        result.status
        for criterion in evaluation.criteria
        for result in criterion.indicators
        if result.code != INCOME_CODE
    ]
    statuses += [Verdict.UNKNOWN for criterion in evaluation.criteria if not criterion.indicators]
    if not statuses:
        return None
    status = conjunction(statuses)
    return ConditionResult(
        PROVINCIAL_CRITERIA_ID,
        "Các tiêu chí khác của bộ tiêu chí xã NTM kiểu mẫu cấp tỉnh",
        status,
        status.label,
    )


def _recognition(
    ntm: Framework, steps: list[LevelStep], level: str | None, values: Mapping[str, Value]
) -> tuple[ConditionResult, ...]:
    """Conditions for recognition (QĐ 18/2022/QĐ-TTg Điều 4); reported, never changing the level."""
    qualified = next((step for step in steps if step.level == level), steps[0])
    results = []
    for condition in ntm.recognition:

        def result(
            status: Verdict, detail: str, condition: Condition = condition
        ) -> ConditionResult:
            return ConditionResult(condition.id, condition.text, status, detail)

        if condition.id == "meets_all_criteria":
            results.append(result(qualified.status, f"{qualified.label}: {qualified.reason}"))
            continue
        value = values.get(RECOGNITION_VALUE_PREFIX + condition.id)
        if condition.kind == "boolean":
            # security_not_complex: True means "not complex", the state recognition requires.
            if value is None:
                results.append(result(Verdict.UNKNOWN, REASON_NO_DATA))
            elif not isinstance(value, bool):
                results.append(result(Verdict.UNKNOWN, REASON_WRONG_TYPE))
            else:
                results.append(result(Verdict.MET if value else Verdict.NOT_MET, ""))
        elif condition.kind == "percent":
            required = condition.params.get("threshold")
            if not isinstance(required, Decimal):
                results.append(result(Verdict.UNKNOWN, REASON_SATISFACTION_UNKNOWN))
            elif value is None:
                results.append(result(Verdict.UNKNOWN, REASON_NO_DATA))
            elif not isinstance(value, Decimal) or not value.is_finite():
                results.append(result(Verdict.UNKNOWN, REASON_WRONG_TYPE))
            else:
                status = Verdict.MET if value >= required else Verdict.NOT_MET
                results.append(result(status, f"{value} % (yêu cầu ≥ {required} %)"))
        else:
            results.append(result(Verdict.UNKNOWN, "Điều kiện chưa xác định được cách đánh giá"))
    return tuple(results)


def _evaluation_reason(evaluation: Evaluation) -> str:
    met, total = evaluation.criteria_met, evaluation.criteria_total
    if total == 0:
        return "Bộ tiêu chí chưa có tiêu chí nào"
    if evaluation.status is Verdict.MET:
        return f"Đạt {met}/{total} tiêu chí"
    if evaluation.status is Verdict.NOT_MET:
        return f"Còn {len(evaluation.lagging)} tiêu chí chưa đạt (đạt {met}/{total})"
    return f"{len(evaluation.unknown)} tiêu chí chưa xác định (đạt {met}/{total})"


def _short_label(level: str) -> str:
    return {NTM: "NTM", NANG_CAO: "NTM nâng cao", KIEU_MAU: "NTM kiểu mẫu"}.get(level, level)
