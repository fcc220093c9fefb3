"""The plans rules: target assessment, report phrasing and Party document symbols (no database)."""

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.rules.documents import (
    DOCUMENT_TYPES,
    count_phrase,
    document_symbol,
    next_number,
    parse_document_symbol,
)
from plans.rules.phrasing import (
    change_phrase,
    percent_of_plan_phrase,
    summary_sentence,
    target_sentence,
)
from plans.rules.targets import (
    Assessment,
    Direction,
    Summary,
    TargetFigures,
    TargetResult,
    assess,
    summarise,
)

PROJECT = Path(__file__).resolve().parents[2]
D = Decimal
HIGHER = Direction.HIGHER_IS_BETTER
LOWER = Direction.LOWER_IS_BETTER
RANGE = Direction.RANGE

# Seed 001 (Bình Lục, 2021): income per head 55,61 against a plan of 55,60; 50,52 in 2020.
INCOME = TargetFigures(HIGHER, plan=D("55.60"), actual=D("55.61"), previous=D("50.52"))


def higher(actual: str | None, plan: str | None = "100", tolerance: str = "0") -> Assessment:
    figures = TargetFigures(
        HIGHER,
        plan=None if plan is None else D(plan),
        actual=None if actual is None else D(actual),
        tolerance=D(tolerance),
    )
    return assess(figures).assessment


def lower(actual: str | None, plan: str | None = "2", tolerance: str = "0") -> Assessment:
    figures = TargetFigures(
        LOWER,
        plan=None if plan is None else D(plan),
        actual=None if actual is None else D(actual),
        tolerance=D(tolerance),
    )
    return assess(figures).assessment


def in_range(actual: str | None, tolerance: str = "0") -> Assessment:
    figures = TargetFigures(
        RANGE,
        plan_low=D("0.8"),
        plan_high=D("1.0"),
        actual=None if actual is None else D(actual),
        tolerance=D(tolerance),
    )
    return assess(figures).assessment


def result_with(assessment: Assessment) -> TargetResult:
    actual = {
        Assessment.EXCEEDED: D("101"),
        Assessment.MET: D("100"),
        Assessment.NOT_MET: D("99"),
        Assessment.NOT_ASSESSED: None,
    }[assessment]
    return assess(TargetFigures(HIGHER, plan=D("100"), actual=actual))


# --- the assessment rule ---------------------------------------------------------------------


def test_higher_is_better_above_plan_is_exceeded() -> None:
    assert higher("100.01") is Assessment.EXCEEDED


def test_higher_is_better_equal_to_plan_is_met() -> None:
    assert higher("100") is Assessment.MET
    assert higher("100.00") is Assessment.MET


def test_higher_is_better_below_plan_is_not_met() -> None:
    assert higher("99.99") is Assessment.NOT_MET


def test_lower_is_better_below_plan_is_exceeded() -> None:
    # Tỷ lệ hộ nghèo ≤ 2%: "giảm còn 1,8%" beats the plan.
    assert lower("1.8") is Assessment.EXCEEDED


def test_lower_is_better_equal_to_plan_is_met() -> None:
    assert lower("2.0") is Assessment.MET


def test_lower_is_better_above_plan_is_not_met() -> None:
    assert lower("2.1") is Assessment.NOT_MET


def test_range_inside_including_both_bounds_is_met() -> None:
    assert in_range("0.8") is Assessment.MET
    assert in_range("0.9") is Assessment.MET
    assert in_range("1.0") is Assessment.MET


def test_range_outside_on_either_side_is_not_met_and_never_exceeded() -> None:
    assert in_range("0.79") is Assessment.NOT_MET
    assert in_range("1.01") is Assessment.NOT_MET


def test_range_reasons_say_which_side_was_missed() -> None:
    below = assess(TargetFigures(RANGE, plan_low=D(1), plan_high=D(2), actual=D(0)))
    above = assess(TargetFigures(RANGE, plan_low=D(1), plan_high=D(2), actual=D(3)))

    assert below.reason == "Thấp hơn khoảng kế hoạch"
    assert above.reason == "Cao hơn khoảng kế hoạch"


def test_tolerance_turns_a_near_miss_or_a_near_overshoot_into_met() -> None:
    assert higher("99.95", tolerance="0.05") is Assessment.MET
    assert higher("100.05", tolerance="0.05") is Assessment.MET
    assert higher("99.94", tolerance="0.05") is Assessment.NOT_MET
    assert higher("100.06", tolerance="0.05") is Assessment.EXCEEDED
    assert lower("2.05", tolerance="0.05") is Assessment.MET
    assert lower("2.06", tolerance="0.05") is Assessment.NOT_MET
    assert lower("1.94", tolerance="0.05") is Assessment.EXCEEDED


def test_tolerance_widens_both_bounds_of_a_range() -> None:
    assert in_range("0.75", tolerance="0.05") is Assessment.MET
    assert in_range("1.05", tolerance="0.05") is Assessment.MET
    assert in_range("1.06", tolerance="0.05") is Assessment.NOT_MET


def test_missing_actual_is_not_assessed_in_every_direction() -> None:
    assert higher(None) is Assessment.NOT_ASSESSED
    assert lower(None) is Assessment.NOT_ASSESSED
    assert in_range(None) is Assessment.NOT_ASSESSED
    assert assess(TargetFigures(HIGHER, plan=D(1))).reason == "Chưa có số liệu thực hiện"


def test_missing_plan_is_not_assessed() -> None:
    assert higher("55.61", plan=None) is Assessment.NOT_ASSESSED
    assert lower("1.8", plan=None) is Assessment.NOT_ASSESSED
    no_range = assess(TargetFigures(RANGE, actual=D("0.9")))

    assert no_range.assessment is Assessment.NOT_ASSESSED
    assert no_range.reason == "Chưa có kế hoạch"


def test_zero_plan_is_assessed_but_has_no_percent_of_plan() -> None:
    # "Không để xảy ra cháy nổ lớn": a plan of 0 for a lower-is-better count.
    kept = assess(TargetFigures(LOWER, plan=D(0), actual=D(0)))
    broken = assess(TargetFigures(LOWER, plan=D(0), actual=D(2)))

    assert kept.assessment is Assessment.MET
    assert broken.assessment is Assessment.NOT_MET
    assert kept.percent_of_plan is None
    assert percent_of_plan_phrase(kept) == ""


def test_percent_of_plan_is_actual_over_plan_in_every_direction_but_not_for_a_range() -> None:
    poverty = assess(TargetFigures(LOWER, plan=D(2), actual=D("1.8")))
    band = assess(TargetFigures(RANGE, plan_low=D("0.8"), plan_high=D(1), actual=D("0.9")))

    assert poverty.percent_of_plan == D(90)
    assert band.percent_of_plan is None


def test_changes_are_against_the_previous_period_and_the_baseline() -> None:
    result = assess(
        TargetFigures(HIGHER, plan=D(50), actual=D("55.61"), previous=D("50.52"), baseline=D(40))
    )

    assert result.change_on_previous == D("5.09")
    assert result.change_on_baseline == D("15.61")
    assert assess(TargetFigures(HIGHER, plan=D(50), actual=D(1))).change_on_previous is None


def test_figures_refuse_floats_and_inconsistent_plans() -> None:
    with pytest.raises(TypeError):
        TargetFigures(HIGHER, plan=55.6, actual=D(1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cận dưới và cận trên"):
        TargetFigures(RANGE, plan_low=D(1))
    with pytest.raises(ValueError, match="Cận dưới lớn hơn cận trên"):
        TargetFigures(RANGE, plan_low=D(2), plan_high=D(1))
    with pytest.raises(ValueError):
        TargetFigures(RANGE, plan=D(1), plan_low=D(0), plan_high=D(2))
    with pytest.raises(ValueError):
        TargetFigures(HIGHER, plan=D(1), plan_high=D(2))
    with pytest.raises(ValueError, match="không được âm"):
        TargetFigures(HIGHER, plan=D(1), tolerance=D(-1))
    with pytest.raises(ValueError):
        TargetFigures(HIGHER, plan=D("NaN"))


def test_labels_are_the_words_reports_use() -> None:
    assert [a.label for a in Assessment] == ["vượt", "đạt", "chưa đạt", "không đánh giá"]
    assert Direction("giam") is LOWER
    assert LOWER.label == "càng thấp càng tốt"


def test_summarise_counts_each_assessment() -> None:
    results = [result_with(Assessment.EXCEEDED)] * 3 + [result_with(Assessment.MET)] * 7
    results += [result_with(Assessment.NOT_MET)] * 2 + [result_with(Assessment.NOT_ASSESSED)]

    summary = summarise(results)

    assert summary == Summary(total=13, met_or_exceeded=10, exceeded=3, not_met=2, not_assessed=1)
    assert summary.met == 7


# --- report phrasing -------------------------------------------------------------------------


def test_percent_of_plan_reads_like_the_seed_report() -> None:
    assert percent_of_plan_phrase(assess(INCOME)) == "đạt 100,02% kế hoạch"


def test_percent_of_plan_rounds_half_up_to_two_decimals() -> None:
    result = assess(TargetFigures(HIGHER, plan=D(200), actual=D("200.01")))  # 100,005%

    assert percent_of_plan_phrase(result) == "đạt 100,01% kế hoạch"


def test_change_reads_like_the_seed_report() -> None:
    delta = assess(INCOME).change_on_previous

    assert change_phrase(delta, "triệu đồng", "năm 2020") == "tăng 5,09 triệu đồng so với năm 2020"


def test_change_down_and_no_change() -> None:
    assert change_phrase(D("-0.20"), "triệu đồng", "năm 2020") == (
        "giảm 0,20 triệu đồng so với năm 2020"
    )
    assert change_phrase(D("0.00"), "triệu đồng", "năm 2020") == "không đổi so với năm 2020"
    assert change_phrase(None, "triệu đồng", "năm 2020") == ""


def test_change_in_percent_puts_the_sign_against_the_figure() -> None:
    assert change_phrase(D("-0.2"), "%", "năm 2020") == "giảm 0,2% so với năm 2020"
    assert change_phrase(D("0"), "%", "năm 2020") == "không đổi so với năm 2020"


def test_target_sentence_reads_like_the_seed_report() -> None:
    sentence = target_sentence(
        "thu nhập bình quân đầu người", D("55.61"), "triệu đồng", assess(INCOME), "năm 2020"
    )

    assert sentence == (
        "thu nhập bình quân đầu người 55,61 triệu đồng, đạt 100,02% kế hoạch, "
        "tăng 5,09 triệu đồng so với năm 2020"
    )


def test_target_sentence_leaves_out_what_it_cannot_compute() -> None:
    poverty = assess(TargetFigures(RANGE, plan_low=D(1), plan_high=D(2), actual=D("1.8")))

    assert target_sentence("tỷ lệ hộ nghèo", D("1.8"), "%", poverty, "năm 2020") == (
        "tỷ lệ hộ nghèo 1,8%"
    )
    assert target_sentence("tỷ lệ hộ nghèo", None, "%", poverty, "năm 2020") == (
        "tỷ lệ hộ nghèo chưa có số liệu thực hiện"
    )


def test_summary_sentence_when_all_targets_are_met_or_exceeded() -> None:
    summary = Summary(total=17, met_or_exceeded=17, exceeded=9, not_met=0, not_assessed=0)

    assert summary_sentence(summary) == "17/17 chỉ tiêu đạt và vượt, trong đó 09 chỉ tiêu vượt"


def test_summary_sentence_names_the_targets_not_met() -> None:
    summary = Summary(total=12, met_or_exceeded=10, exceeded=3, not_met=2, not_assessed=0)

    assert summary_sentence(summary) == (
        "10/12 chỉ tiêu đạt và vượt, trong đó 03 chỉ tiêu vượt; 02 chỉ tiêu chưa đạt"
    )


def test_summary_sentence_mentions_unassessed_targets_separately() -> None:
    summary = Summary(total=12, met_or_exceeded=10, exceeded=0, not_met=1, not_assessed=1)

    assert summary_sentence(summary) == (
        "10/12 chỉ tiêu đạt và vượt; 01 chỉ tiêu chưa đạt; 01 chỉ tiêu không đánh giá"
    )
    assert summary_sentence(summarise([])) == ""


# --- Party document symbols ------------------------------------------------------------------


def test_document_symbol_zero_pads_numbers_below_ten() -> None:
    assert document_symbol(5, "NQ", "HU") == "05-NQ/HU"
    assert document_symbol(9, "KH", "ĐU") == "09-KH/ĐU"
    assert document_symbol(127, "QĐ", "TW") == "127-QĐ/TW"
    assert document_symbol(1, "CTr", "UBKTTU") == "01-CTr/UBKTTU"


def test_document_symbol_refuses_bad_parts() -> None:
    with pytest.raises(ValueError):
        document_symbol(0, "NQ", "HU")
    with pytest.raises(ValueError):
        document_symbol(5, "NQ ", "HU")
    with pytest.raises(ValueError):
        document_symbol(5, "nq", "HU")
    with pytest.raises(ValueError):
        document_symbol(5, "NQ", "H/U")
    with pytest.raises(TypeError):
        document_symbol(True, "NQ", "HU")


def test_parse_document_symbol_reads_the_official_form_back() -> None:
    assert parse_document_symbol("05-NQ/HU") == (5, "NQ", "HU")
    assert parse_document_symbol("Số 24-BS/UBKTTU") == (24, "BS", "UBKTTU")
    assert parse_document_symbol("11- QĐi/TW") == (11, "QĐi", "TW")  # as typed in a seed report
    assert str(parse_document_symbol("5-NQ/HU")) == "05-NQ/HU"


@pytest.mark.parametrize("text", ["30/2020/NĐ-CP", "Số: 05-NQ/HU", "NQ/HU", "00-NQ/HU", ""])
def test_parse_document_symbol_refuses_other_forms_in_vietnamese(text: str) -> None:
    with pytest.raises(ValueError, match="Số"):
        parse_document_symbol(text)


def test_next_number_continues_after_the_highest_and_starts_at_one() -> None:
    assert next_number([]) == 1
    assert next_number([1, 2, 5]) == 6
    with pytest.raises(ValueError):
        next_number([0])


def test_count_phrase_follows_the_type_order_and_skips_zeros() -> None:
    counts = {"TT": 6, "NQ": 2, "CT": 3, "KL": 0}

    assert count_phrase(counts) == "ban hành 02 Nghị quyết, 03 Chỉ thị, 06 Thông tri"
    assert count_phrase({"CV": 12, "CTr": 1}) == "ban hành 01 Chương trình, 12 Công văn"
    assert count_phrase({}) == ""
    with pytest.raises(ValueError, match="QĐi"):
        count_phrase({"QĐi": 1})


def test_document_types_are_those_of_the_issue() -> None:
    assert list(DOCUMENT_TYPES) == [
        "NQ", "CT", "KL", "QC", "QĐ", "TT", "HD", "KH", "CTr", "TB", "BC", "TTr", "CV"
    ]  # fmt: skip


# --- properties and boundary -----------------------------------------------------------------

# No example database: the suite writes nothing outside the package.
PROPERTIES = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
RANK = {Assessment.NOT_MET: 0, Assessment.MET: 1, Assessment.EXCEEDED: 2}
# Hundredths as integers: quicker to draw than st.decimals, the same values in the end.
figures = st.integers(min_value=-10_000, max_value=10_000).map(lambda n: D(n).scaleb(-2))
steps = st.integers(min_value=0, max_value=10_000).map(lambda n: D(n).scaleb(-2))
tolerances = st.integers(min_value=0, max_value=500).map(lambda n: D(n).scaleb(-2))


@PROPERTIES
@given(plan=figures, actual=figures, step=steps, tolerance=tolerances)
def test_raising_the_actual_never_worsens_a_higher_is_better_target(
    plan: Decimal, actual: Decimal, step: Decimal, tolerance: Decimal
) -> None:
    before = assess(TargetFigures(HIGHER, plan=plan, actual=actual, tolerance=tolerance))
    after = assess(TargetFigures(HIGHER, plan=plan, actual=actual + step, tolerance=tolerance))

    assert RANK[after.assessment] >= RANK[before.assessment]


@PROPERTIES
@given(plan=figures, actual=figures, step=steps, tolerance=tolerances)
def test_lowering_the_actual_never_worsens_a_lower_is_better_target(
    plan: Decimal, actual: Decimal, step: Decimal, tolerance: Decimal
) -> None:
    before = assess(TargetFigures(LOWER, plan=plan, actual=actual, tolerance=tolerance))
    after = assess(TargetFigures(LOWER, plan=plan, actual=actual - step, tolerance=tolerance))

    assert RANK[after.assessment] >= RANK[before.assessment]


@pytest.mark.parametrize("module", ["plans.rules.targets", "plans.rules.documents"])
def test_rule_modules_import_without_django(module: str) -> None:
    # STYLE §3: the rules are plain Python; importing them must not pull Django in.
    completed = subprocess.run(
        [sys.executable, "-c", f"import sys, {module}; sys.exit('django' in sys.modules)"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr or f"{module} imported Django"
