from decimal import Decimal

import pytest

from criteria.engine import (
    NOT_APPLICABLE,
    Evaluation,
    Framework,
    IndicatorResult,
    UnitProfile,
    Value,
    Verdict,
    evaluate,
    framework_from_dict,
    merge_layer,
)
from criteria.engine.tests.factories import (
    boolean_dict,
    criterion_dict,
    indicator_dict,
    make_framework,
    real_content,
    real_framework,
)

DBSH = UnitProfile(region="DBSH")


def _one(
    framework: Framework, value: Value | None, profile: UnitProfile = DBSH, *, year: int = 2024
) -> IndicatorResult:
    """The result of the framework's first indicator for one value."""
    values: dict[str, Value] = {} if value is None else {framework.indicators[0].code: value}
    evaluation = evaluate(framework, profile, values, year=year)
    return evaluation.criteria[0].indicators[0]


def _by_region(**overrides: object) -> Framework:
    return make_framework(
        criterion_dict(
            14,
            indicator_dict(
                "14.2",
                threshold={
                    "regional_variation": "by_region",
                    "general": 85,
                    "by_region": {"TDMNPB": 70, "DBSH": 90},
                },
                **overrides,
            ),
        )
    )


def test_verdicts_have_vietnamese_labels() -> None:
    assert [verdict.label for verdict in Verdict] == ["đạt", "chưa đạt", "chưa xác định"]
    assert Verdict.MET.value == "dat"
    assert isinstance(Verdict.MET, str)


def test_threshold_is_the_value_of_the_communes_region() -> None:
    framework = _by_region()

    in_delta = _one(framework, Decimal("80"))
    in_mountains = _one(framework, Decimal("80"), UnitProfile(region="TDMNPB"))

    assert (in_delta.status, in_delta.threshold, in_delta.gap) == (
        Verdict.NOT_MET,
        Decimal("90"),
        Decimal("10"),
    )
    assert (in_mountains.status, in_mountains.threshold) == (Verdict.MET, Decimal("70"))


def test_a_region_without_a_value_leaves_the_threshold_unknown() -> None:
    result = _one(_by_region(), Decimal("99"), UnitProfile(region="DNB"))

    assert result.status is Verdict.UNKNOWN
    assert result.reason == "Ngưỡng chưa xác định"
    assert result.threshold is None


def test_a_commune_without_a_region_cannot_use_regional_thresholds() -> None:
    result = _one(_by_region(), Decimal("99"), UnitProfile())

    assert result.status is Verdict.UNKNOWN and result.reason == "Ngưỡng chưa xác định"


def test_dbkk_and_atk_communes_use_the_tdmnpb_threshold() -> None:
    framework = _by_region()
    special = UnitProfile(region="DBSH", flags=frozenset({"dac_biet_kho_khan"}))
    other_flag = UnitProfile(region="DBSH", flags=frozenset({"ven_do"}))

    evaluation = evaluate(framework, special, {"14.2": Decimal("75")}, year=2024)

    assert evaluation.region_applied == "TDMNPB"
    assert evaluation.criteria[0].indicators[0].status is Verdict.MET
    assert _one(framework, Decimal("75"), other_flag).status is Verdict.NOT_MET


def test_year_dependent_threshold_uses_the_evaluation_year() -> None:
    framework = make_framework(
        criterion_dict(
            10,
            indicator_dict(
                "10",
                value_type="money_per_year",
                threshold={
                    "regional_variation": "by_region",
                    "by_year": {
                        2022: {"by_region": {"DBSH": 50}},
                        2024: {"by_region": {"DBSH": 55}},
                    },
                },
            ),
        )
    )

    assert _one(framework, Decimal("52.1"), year=2022).status is Verdict.MET
    later = _one(framework, Decimal("52.1"), year=2024)
    assert (later.status, later.threshold, later.gap) == (
        Verdict.NOT_MET,
        Decimal("55"),
        Decimal("2.9"),
    )
    missing_year = _one(framework, Decimal("99"), year=2023)
    assert missing_year.status is Verdict.UNKNOWN
    assert missing_year.reason == "Ngưỡng chưa xác định"


def test_group_thresholds_use_the_communes_group() -> None:
    framework = make_framework(
        criterion_dict(
            3,
            indicator_dict(
                "3.1",
                threshold={"regional_variation": "by_group", "by_group": {"N1": 90, "N3": 60}},
            ),
        )
    )

    assert _one(framework, Decimal("70"), UnitProfile(group="N3")).status is Verdict.MET
    assert _one(framework, Decimal("70"), UnitProfile(group="N1")).status is Verdict.NOT_MET
    assert _one(framework, Decimal("70"), UnitProfile(group="N2")).status is Verdict.UNKNOWN


def test_partial_threshold_is_used_only_when_it_binds_every_region() -> None:
    national = make_framework(criterion_dict(9, indicator_dict("9.2", threshold_status="partial")))
    regional = _by_region(threshold_status="partial")

    assert _one(national, Decimal("80")).status is Verdict.MET
    result = _one(regional, Decimal("99"))
    assert result.status is Verdict.UNKNOWN
    assert result.reason == "Ngưỡng chưa xác định"
    assert result.unverified_threshold == Decimal("90")


def test_unknown_regional_variation_never_applies_the_national_reference() -> None:
    framework = real_framework("xa-ntm-2021-2025")  # 3.1: ≥ 80 %, regional cells unknown

    result = evaluate(framework, DBSH, {"3.1": Decimal("100")}, year=2024).indicator("3.1")

    assert result.status is Verdict.UNKNOWN
    assert result.unverified_threshold == Decimal("80")


@pytest.mark.parametrize("status", ["recalled", "uncertain"])
def test_unverified_threshold_is_not_used_even_when_a_number_is_present(status: str) -> None:
    framework = make_framework(criterion_dict(1, indicator_dict("1.1", threshold_status=status)))

    result = _one(framework, Decimal("100"))

    assert result.status is Verdict.UNKNOWN
    assert result.reason == f"Ngưỡng chưa được xác minh ({status})"
    assert result.threshold is None and result.unverified_threshold == Decimal("80")


def test_threshold_with_unknown_status_or_no_value_is_unknown() -> None:
    unknown_status = make_framework(
        criterion_dict(1, indicator_dict("1.1", threshold_status="unknown"))
    )
    no_value = make_framework(
        criterion_dict(1, indicator_dict("1.1", threshold={"regional_variation": "none"}))
    )
    no_threshold = make_framework(criterion_dict(1, indicator_dict("1.1", threshold=None)))

    for framework in (unknown_status, no_value, no_threshold):
        result = _one(framework, Decimal("100"))
        assert (result.status, result.reason) == (Verdict.UNKNOWN, "Ngưỡng chưa xác định")


def test_illustrative_threshold_is_used() -> None:
    framework = make_framework(
        criterion_dict(1, indicator_dict("1.1", threshold_status="illustrative"))
    )

    assert _one(framework, Decimal("81")).status is Verdict.MET


def test_missing_value_is_unknown_never_met() -> None:
    framework = make_framework(criterion_dict(1, indicator_dict("1.1")))

    result = _one(framework, None)

    assert (result.status, result.reason) == (Verdict.UNKNOWN, "Chưa có số liệu")


@pytest.mark.parametrize(
    ("indicator", "value"),
    [
        (indicator_dict("1.1"), True),
        (boolean_dict("1.1"), Decimal("1")),
        (indicator_dict("1.1"), Decimal("NaN")),
        (indicator_dict("1.1"), 80.0),
    ],
)
def test_value_of_the_wrong_kind_is_unknown(indicator: dict[str, object], value: object) -> None:
    framework = make_framework(criterion_dict(1, indicator))

    result = _one(framework, value)  # type: ignore[arg-type]

    assert (result.status, result.reason) == (Verdict.UNKNOWN, "Giá trị không đúng kiểu")


def test_boolean_indicators_compare_with_the_required_answer() -> None:
    must_have = make_framework(criterion_dict(8, boolean_dict("8.1")))
    # 9.1 "Nhà tạm, dột nát": the required answer to "còn nhà tạm?" is Không (false).
    must_not_have = make_framework(
        criterion_dict(
            9, boolean_dict("9.1", threshold={"regional_variation": "none", "general": False})
        )
    )

    assert _one(must_have, True).status is Verdict.MET
    assert _one(must_have, False).status is Verdict.NOT_MET
    assert _one(must_not_have, False).status is Verdict.MET
    still_has = _one(must_not_have, True)
    assert (still_has.status, still_has.gap) == (Verdict.NOT_MET, None)


def test_gap_is_what_is_missing_for_a_floor_and_the_excess_for_a_ceiling() -> None:
    floor = make_framework(criterion_dict(1, indicator_dict("1.1")))
    ceiling = make_framework(
        criterion_dict(
            11,
            indicator_dict(
                "11", comparator="lte", threshold={"regional_variation": "none", "general": 6}
            ),
        )
    )

    short = _one(floor, Decimal("72.5"))
    assert (short.status, short.gap, short.reason) == (Verdict.NOT_MET, Decimal("7.5"), "")
    assert _one(floor, Decimal("80")).gap is None
    over = _one(ceiling, Decimal("7.25"))
    assert (over.status, over.gap) == (Verdict.NOT_MET, Decimal("1.25"))
    assert _one(ceiling, Decimal("6")).status is Verdict.MET


def test_not_applicable_counts_as_met_for_an_optional_indicator() -> None:
    framework = make_framework(
        criterion_dict(13, boolean_dict("13.4", name="Bảo tồn nghề truyền thống (nếu có)"))
    )

    result = _one(framework, NOT_APPLICABLE)

    assert (result.status, result.reason) == (Verdict.MET, "Không áp dụng (nếu có) – tính là đạt")
    assert result.value is NOT_APPLICABLE


def test_not_applicable_is_unknown_for_an_indicator_that_always_applies() -> None:
    framework = make_framework(criterion_dict(8, boolean_dict("8.1")))

    result = _one(framework, NOT_APPLICABLE)

    assert result.status is Verdict.UNKNOWN
    assert "không thể đánh dấu không áp dụng" in result.reason


def test_not_applicable_does_not_make_an_unverified_optional_indicator_met() -> None:
    framework = real_framework("xa-ntm-2021-2025")  # 13.4 "(nếu có)" is recalled

    result = evaluate(framework, DBSH, {"13.4": NOT_APPLICABLE}, year=2024).indicator("13.4")

    assert (result.status, result.reason) == (
        Verdict.UNKNOWN,
        "Ngưỡng chưa được xác minh (recalled)",
    )


def test_criterion_is_met_only_when_every_indicator_is_met() -> None:
    framework = make_framework(criterion_dict(1, indicator_dict("1.1"), indicator_dict("1.2")))

    def status(values: dict[str, Value]) -> tuple[Verdict, int, int]:
        criterion = evaluate(framework, DBSH, values, year=2024).criteria[0]
        return criterion.status, criterion.met, criterion.total

    assert status({"1.1": Decimal("90"), "1.2": Decimal("85")}) == (Verdict.MET, 2, 2)
    assert status({"1.1": Decimal("90"), "1.2": Decimal("5")}) == (Verdict.NOT_MET, 1, 2)
    assert status({"1.1": Decimal("90")}) == (Verdict.UNKNOWN, 1, 2)
    assert status({"1.2": Decimal("5")}) == (Verdict.NOT_MET, 0, 2)


def test_skeleton_criteria_without_indicators_are_unknown() -> None:
    framework = real_framework("xa-ntm-nang-cao-2021-2025")
    values: dict[str, Value] = {"2.x1": Decimal("100"), "17.x1": Decimal("100")}

    evaluation = evaluate(framework, DBSH, values, year=2024)

    assert evaluation.criteria[0].status is Verdict.UNKNOWN
    assert evaluation.criteria[0].total == 0
    assert evaluation.status is Verdict.UNKNOWN
    assert len(evaluation.unknown) == 19


def test_a_set_with_no_criteria_is_never_met() -> None:
    evaluation = evaluate(real_framework("tinh-hoan-thanh-ntm-2021-2025"), DBSH, {}, year=2024)

    assert evaluation.status is Verdict.UNKNOWN
    assert evaluation.criteria_total == 0


def _complete_values(framework: Framework, number: Decimal = Decimal("100")) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for indicator in framework.indicators:
        if indicator.is_boolean:
            threshold = indicator.threshold
            values[indicator.code] = (
                threshold.general if threshold and isinstance(threshold.general, bool) else True
            )
        else:
            values[indicator.code] = Decimal("0") if indicator.comparator == "lte" else number
    return values


def test_xa_ntm_2021_2025_with_every_value_present_is_unknown_not_met() -> None:
    framework = real_framework("xa-ntm-2021-2025")

    evaluation = evaluate(framework, DBSH, _complete_values(framework), year=2024)

    assert evaluation.status is Verdict.UNKNOWN
    assert (evaluation.criteria_total, evaluation.indicators_total) == (19, 54)
    assert evaluation.indicators_met == 3  # 3.2, 5 and 14.1: the only confirmed thresholds
    assert [c.number for c in evaluation.criteria if c.status is Verdict.MET] == ["5"]
    assert evaluation.lagging == ()


def test_a_failed_confirmed_indicator_makes_the_commune_not_met() -> None:
    framework = real_framework("xa-ntm-2021-2025")
    values = _complete_values(framework)
    values["5"] = Decimal("90")  # schools: 100 % in every region (QĐ 1491/QĐ-BGDĐT)

    evaluation = evaluate(framework, DBSH, values, year=2024)

    assert evaluation.status is Verdict.NOT_MET
    assert [criterion.number for criterion in evaluation.lagging] == ["5"]
    assert evaluation.indicator("5").gap == Decimal("10")


def test_xa_ntm_2016_2020_judges_its_confirmed_regional_values() -> None:
    framework = real_framework("xa-ntm-2016-2020")
    values: dict[str, Value] = {"14.2": Decimal("72"), "15.3": Decimal("27"), "10": Decimal("40")}

    evaluation = evaluate(framework, UnitProfile(region="TDMNPB"), values, year=2020)

    assert evaluation.indicator("14.2").status is Verdict.MET  # TDMNPB ≥ 70
    assert evaluation.indicator("15.3").gap == Decimal("0.3")  # TDMNPB ≤ 26.7
    assert evaluation.indicator("10").status is Verdict.MET  # TDMNPB ≥ 36 in 2020
    earlier = evaluate(framework, UnitProfile(region="TDMNPB"), values, year=2019)
    assert earlier.indicator("10").status is Verdict.UNKNOWN


def test_dong_nai_water_threshold_depends_on_the_year() -> None:
    merged = merge_layer(
        real_content("xa-ntm-2021-2025"), real_content("tinh-dong-nai-xa-ntm-2021-2025")
    )
    framework = framework_from_dict(merged)
    values: dict[str, Value] = {"17.1": Decimal("84"), "17.2": Decimal("100")}

    def result(year: int, code: str) -> tuple[Verdict, Decimal | None]:
        evaluation = evaluate(framework, UnitProfile(region="DNB"), values, year=year)
        found = evaluation.indicator(code)
        return found.status, found.gap

    assert result(2024, "17.1") == (Verdict.NOT_MET, Decimal("0.5"))
    assert result(2025, "17.1") == (Verdict.NOT_MET, Decimal("1"))
    assert result(2023, "17.1") == (Verdict.UNKNOWN, None)
    assert result(2023, "17.2") == (Verdict.MET, None)


def test_evaluation_records_set_version_year_and_counts() -> None:
    framework = framework_from_dict(
        real_content("xa-ntm-2021-2025") | {"set_id": "xa-ntm-2021-2025"}, version=3
    )

    evaluation = evaluate(framework, DBSH, {}, year=2023)

    assert isinstance(evaluation, Evaluation)
    assert (evaluation.set_id, evaluation.version, evaluation.year) == ("xa-ntm-2021-2025", 3, 2023)
    assert evaluation.region_applied == "DBSH"
    assert evaluation.indicators_met == 0 and evaluation.indicators_total == 54
