import json
from decimal import Decimal
from pathlib import Path

import pytest

from criteria.engine import Framework, FrameworkError, framework_from_dict, merge_layer
from criteria.engine.tests.factories import (
    boolean_dict,
    criteria_files,
    criterion_dict,
    framework_dict,
    indicator_dict,
    make_framework,
    real_content,
    real_framework,
)


@pytest.mark.parametrize("path", criteria_files(), ids=lambda path: path.stem)
def test_every_real_criteria_file_builds_a_framework(path: Path) -> None:
    framework = real_framework(path.stem)

    assert isinstance(framework, Framework)
    assert framework.set_id == path.stem
    assert framework.version == 1


def test_the_criteria_folder_holds_the_known_sets() -> None:
    names = {path.stem for path in criteria_files()}

    assert {"xa-ntm-2021-2025", "tinh-dong-nai-xa-ntm-2021-2025"} <= names
    assert "regions" not in names and "sources" not in names


def test_xa_ntm_2021_2025_has_nineteen_criteria_without_its_placeholder_slots() -> None:
    framework = real_framework("xa-ntm-2021-2025")

    assert len(framework.criteria) == 19
    assert framework.placeholders == ("13.5", "14.3", "15.4", "18.6")
    assert len(framework.indicators) == 58 - 4
    assert framework.legal_basis["number"] == "318/QĐ-TTg"
    assert framework.level == "xa_ntm" and framework.prerequisite_level is None


def test_numbers_become_decimals_and_booleans_stay_booleans() -> None:
    framework = real_framework("xa-ntm-2016-2020")

    stunting = framework.indicator("15.3").threshold
    assert stunting is not None
    assert stunting.general == Decimal("21.8")
    assert stunting.by_region["TN"] == Decimal("31.4")
    assert stunting.known_range == (Decimal("13.9"), Decimal("31.0"))
    housing = framework.indicator("9.1").threshold
    assert housing is not None and housing.general is False
    water = framework.indicator("17.1").threshold
    assert water is not None and water.sub_thresholds[0].general == Decimal("65")


def test_threshold_source_names_the_legal_basis_and_the_evidence() -> None:
    threshold = real_framework("xa-ntm-2021-2025").indicator("5").threshold

    assert threshold is not None
    assert threshold.source == "QĐ 318/QĐ-TTg, Phụ lục I; S51, S52"


def test_indicator_without_code_gets_a_stable_generated_code() -> None:
    framework = real_framework("xa-ntm-nang-cao-2021-2025")

    assert [indicator.code for indicator in framework.indicators] == ["2.x1", "17.x1"]
    assert real_framework("xa-ntm-nang-cao-2021-2025") == framework


def test_indicator_with_maps_to_takes_the_national_code_without_the_presumed_mark() -> None:
    framework = real_framework("tinh-dong-nai-xa-ntm-2021-2025")

    assert [i.code for i in framework.indicators] == ["17.1", "17.2", "17.6", "17.11"]


def test_indicator_is_optional_when_it_has_applicability_or_its_name_ends_with_neu_co() -> None:
    framework = real_framework("xa-ntm-2021-2025")
    ends_with_mark = make_framework(
        criterion_dict(8, indicator_dict("8.9", name="Có bến xe khách (nếu có)"))
    )

    assert framework.indicator("13.4").optional
    assert ends_with_mark.indicator("8.9").optional
    # "(nếu có)" inside 18.5 qualifies one part of the wording, not the whole indicator.
    assert not framework.indicator("18.5").optional
    assert not framework.indicator("1.1").optional


def test_region_override_of_dbkk_and_atk_communes_gets_its_flags() -> None:
    (override,) = real_framework("xa-ntm-2021-2025").region_overrides

    assert override.id == "dbkk_atk_as_tdmnpb"
    assert override.region == "TDMNPB"
    assert override.flags == frozenset({"dac_biet_kho_khan", "atk_huyen_ngheo"})


def test_region_override_reads_flags_any_of_when_given() -> None:
    content = framework_dict(criterion_dict(1, indicator_dict("1.1")))
    content["rules"]["region_override"] = [
        {"id": "bien_dao", "flags_any_of": ["xa_dao"], "effect": {"use_region": "DBSCL"}}
    ]

    (override,) = framework_from_dict(content).region_overrides

    assert override.flags == frozenset({"xa_dao"}) and override.region == "DBSCL"


def test_nang_cao_stands_on_ntm_and_kieu_mau_on_nang_cao() -> None:
    assert real_framework("xa-ntm-nang-cao-2021-2025").prerequisite_level == "xa_ntm"
    assert real_framework("xa-ntm-kieu-mau-2021-2025").prerequisite_level == "xa_ntm_nang_cao"
    # The 2018-2020 kiểu mẫu rule names NTM itself as its prerequisite.
    assert real_framework("xa-ntm-kieu-mau-2018-2020").prerequisite_level == "xa_ntm"


def test_kieu_mau_conditions_carry_their_check_as_params() -> None:
    framework = real_framework("xa-ntm-kieu-mau-2021-2025")

    kinds = {condition.id: condition.kind for condition in framework.conditions}
    assert kinds == {
        "km1_nang_cao": "level_attained",
        "km2_income_premium": "ratio_to_reference",
        "km3_smart_village": "count_gte",
        "km4_standout_field": "count_gte",
    }
    income = framework.conditions[1]
    assert income.params["factor"] == Decimal("1.1")
    assert framework.conditions[2].params["value"] == Decimal("1")
    assert framework.recognition == ()


def test_kieu_mau_2018_2020_keeps_unread_groups_as_undecidable_conditions() -> None:
    framework = real_framework("xa-ntm-kieu-mau-2018-2020")

    unknown = [condition for condition in framework.conditions if condition.kind == "unknown"]
    assert [condition.id for condition in unknown] == ["group_3_unknown", "group_4_unknown"]
    assert len(framework.conditions) == 13 + 2


def test_recognition_conditions_come_from_the_ntm_set() -> None:
    framework = real_framework("xa-ntm-2021-2025")

    assert [(c.id, c.kind) for c in framework.recognition] == [
        ("meets_all_criteria", "meets_all_criteria"),
        ("no_capital_construction_debt", "boolean"),
        ("resident_satisfaction", "percent"),
        ("security_not_complex", "boolean"),
    ]
    assert framework.recognition[2].params["threshold"] is None
    assert real_framework("xa-ntm-nang-cao-2021-2025").recognition == ()


def test_illustrative_sets_are_marked_and_accept_the_illustrative_status() -> None:
    framework = make_framework(
        criterion_dict(1, indicator_dict("1.1", threshold_status="illustrative")),
        illustrative=True,
    )

    assert framework.is_illustrative
    assert framework.indicator("1.1").threshold_status == "illustrative"
    assert not real_framework("xa-ntm-2021-2025").is_illustrative


def test_content_stored_as_json_builds_the_same_framework() -> None:
    content = real_content("tinh-nam-dinh-xa-ntm-kieu-mau-2021-2025")
    stored = json.loads(json.dumps(content))  # by_year keys become strings

    assert framework_from_dict(stored) == framework_from_dict(content)


def test_2016_2020_income_values_apply_to_2020_only() -> None:
    threshold = real_framework("xa-ntm-2016-2020").indicator("10").threshold

    assert threshold is not None
    assert list(threshold.by_year) == [2020]
    assert threshold.by_year[2020].by_region["DNB"] == Decimal("59")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"comparator": "gt"}, "phép so sánh 'gt'"),
        ({"threshold_status": "presumed"}, "trạng thái ngưỡng 'presumed'"),
        ({"threshold": {"regional_variation": "by_province", "general": 1}}, "regional_variation"),
        ({"threshold": {"regional_variation": "none", "general": "nhiều"}}, "không phải là số"),
        ({"code": 17.10}, "ngoặc kép"),
    ],
)
def test_broken_content_is_refused_with_a_vietnamese_message(
    change: dict[str, object], message: str
) -> None:
    content = framework_dict(criterion_dict(1, {**indicator_dict("1.1"), **change}))

    with pytest.raises(FrameworkError, match=message):
        framework_from_dict(content)


def test_two_indicators_with_one_code_are_refused() -> None:
    content = framework_dict(criterion_dict(1, indicator_dict("1.1"), indicator_dict("1.1")))

    with pytest.raises(FrameworkError, match="1.1 bị trùng"):
        framework_from_dict(content)


def test_looking_up_an_unknown_code_raises_key_error() -> None:
    with pytest.raises(KeyError):
        real_framework("xa-ntm-2021-2025").indicator("13.5")


# Provincial layers (README "Provincial layer") -------------------------------------------------


def test_dong_nai_layer_replaces_thresholds_and_keeps_the_national_codes() -> None:
    base = real_content("xa-ntm-2021-2025")
    layer = real_content("tinh-dong-nai-xa-ntm-2021-2025")

    framework = framework_from_dict(merge_layer(base, layer))

    assert framework.set_id == "tinh-dong-nai-xa-ntm-2021-2025"
    assert framework.base_set_id == "xa-ntm-2021-2025"
    assert framework.province == "Đồng Nai"
    assert len(framework.criteria) == 19
    assert len(framework.indicators) == 54
    water = framework.indicator("17.1")
    assert water.name.startswith("Tỷ lệ hộ được sử dụng nước sạch")  # national wording stays
    assert "Tỷ lệ hộ dân dùng nước sạch theo quy chuẩn" in water.notes
    assert water.threshold is not None
    assert water.threshold.by_year[2024].general == Decimal("84.5")
    assert water.threshold.status == "confirmed"
    assert water.threshold.source == "UBND tỉnh Đồng Nai; S54"
    waste = framework.indicator("17.6")
    assert waste.value_type == "percent" and waste.comparator == "gte"
    assert "giả định (presumed)" in waste.notes
    assert framework.indicator("17.3").threshold_status == "recalled"  # untouched


def test_merge_leaves_both_inputs_unchanged() -> None:
    base = real_content("xa-ntm-2021-2025")
    layer = real_content("tinh-dong-nai-xa-ntm-2021-2025")
    before = json.dumps([base, layer], sort_keys=True, default=str)

    merge_layer(base, layer)

    assert json.dumps([base, layer], sort_keys=True, default=str) == before


def test_nam_dinh_income_level_becomes_the_kieu_mau_income_indicator_10() -> None:
    base = real_content("xa-ntm-kieu-mau-2021-2025")
    layer = json.loads(json.dumps(real_content("tinh-nam-dinh-xa-ntm-kieu-mau-2021-2025")))

    framework = framework_from_dict(merge_layer(base, layer))

    income = framework.indicator("10")
    assert framework.criterion("10").name == "Thu nhập"
    assert income.threshold is not None
    assert income.threshold.by_year[2024].general == Decimal("93")
    assert "Coi là chỉ tiêu thu nhập 10" in income.notes
    assert [c.id for c in framework.conditions][:2] == ["km1_nang_cao", "km2_income_premium"]
    assert framework.prerequisite_level == "xa_ntm_nang_cao"
    assert framework.legal_basis["number"] == "23-QĐ/UBND"


def test_layer_rules_replace_base_rules_of_the_same_name_only() -> None:
    base = real_content("xa-ntm-kieu-mau-2021-2025")
    layer = real_content("tinh-nam-dinh-xa-ntm-kieu-mau-2021-2025")

    rules = merge_layer(base, layer)["rules"]

    assert rules["prerequisite"][0]["id"] == "nd_nang_cao"
    assert rules["conditions"] == base["rules"]["conditions"]


def test_layer_code_replaces_a_whole_indicator_and_a_new_code_is_added() -> None:
    base = framework_dict(criterion_dict(1, indicator_dict("1.1"), indicator_dict("1.2")))
    layer = framework_dict(
        criterion_dict(1, indicator_dict("1.2", name="Chỉ tiêu tỉnh 1.2", unit="km")),
        criterion_dict(1, indicator_dict("1.3")),
        criterion_dict(20, indicator_dict("20.1"), name="Tiêu chí riêng của tỉnh"),
        set_id="tinh-thu-nghiem",
        overrides="thu-nghiem",
    )

    framework = framework_from_dict(merge_layer(base, layer))

    assert [c.number for c in framework.criteria] == ["1", "20"]
    assert [i.code for i in framework.criterion("1").indicators] == ["1.1", "1.2", "1.3"]
    assert framework.indicator("1.2").name == "Chỉ tiêu tỉnh 1.2"
    assert framework.indicator("1.2").unit == "km"
    assert framework.criterion("20").name == "Tiêu chí riêng của tỉnh"


def test_an_unnumbered_provincial_criterion_stays_one_criterion() -> None:
    base = framework_dict(criterion_dict(1, indicator_dict("1.1")))
    own = [{**indicator_dict("a"), "code": None}, {**boolean_dict("b"), "code": None}]
    layer = framework_dict(
        {"number": None, "name": "Tiêu chí riêng của tỉnh", "indicators": own},
        set_id="tinh-thu-nghiem",
    )

    framework = framework_from_dict(merge_layer(base, layer))

    assert [c.name for c in framework.criteria] == ["Tiêu chí 1", "Tiêu chí riêng của tỉnh"]
    assert [i.code for i in framework.criteria[1].indicators] == ["x2.x1", "x2.x2"]


def test_a_layer_for_another_set_is_refused() -> None:
    base = real_content("xa-ntm-2016-2020")
    layer = real_content("tinh-dong-nai-xa-ntm-2021-2025")

    with pytest.raises(FrameworkError, match="xa-ntm-2021-2025"):
        merge_layer(base, layer)


def _raising_layer(threshold: dict[str, object], comparator: str = "gte") -> dict[str, object]:
    return framework_dict(
        criterion_dict(
            14,
            indicator_dict("14.2", comparator=comparator, threshold=threshold),
        ),
        set_id="tinh-thu-nghiem",
        overrides="xa-ntm-2016-2020",
        region="TDMNPB",
        raises_only=True,
    )


def test_raises_only_refuses_a_provincial_threshold_below_the_national_one() -> None:
    base = real_content("xa-ntm-2016-2020")  # 14.2: TDMNPB ≥ 70 %
    layer = _raising_layer({"regional_variation": "none", "general": 65})

    with pytest.raises(FrameworkError, match=r"Chỉ tiêu 14\.2: ngưỡng của tỉnh 65 thấp hơn"):
        merge_layer(base, layer)


def test_raises_only_accepts_a_provincial_threshold_that_keeps_or_raises_the_national_one() -> None:
    base = real_content("xa-ntm-2016-2020")

    for value in (70, 75):
        merged = merge_layer(base, _raising_layer({"regional_variation": "none", "general": value}))
        threshold = framework_from_dict(merged).indicator("14.2").threshold
        assert threshold is not None and threshold.general == Decimal(value)


def test_raises_only_refuses_a_ceiling_above_the_national_one() -> None:
    base = real_content("xa-ntm-2016-2020")  # 15.3 stunting: TDMNPB ≤ 26.7 %
    layer = framework_dict(
        criterion_dict(
            15,
            indicator_dict(
                "15.3", comparator="lte", threshold={"regional_variation": "none", "general": 30}
            ),
        ),
        set_id="tinh-thu-nghiem",
        region="TDMNPB",
        raises_only=True,
    )

    with pytest.raises(FrameworkError, match=r"Chỉ tiêu 15\.3: .* cao hơn mức tối đa quốc gia"):
        merge_layer(base, layer)


def test_raises_only_does_not_treat_unverified_national_numbers_as_a_floor() -> None:
    base = real_content("xa-ntm-2021-2025")  # 3.1: ≥ 80 % partial, regional cells unknown
    layer = framework_dict(
        criterion_dict(
            3, indicator_dict("3.1", threshold={"regional_variation": "none", "general": 75})
        ),
        set_id="tinh-thu-nghiem",
        region="DNB",
        raises_only=True,
    )

    threshold = framework_from_dict(merge_layer(base, layer)).indicator("3.1").threshold

    assert threshold is not None and threshold.general == Decimal("75")


def test_without_raises_only_a_province_may_set_a_lower_value() -> None:
    base = real_content("xa-ntm-2016-2020")
    layer = _raising_layer({"regional_variation": "none", "general": 65})
    del layer["raises_only"]

    threshold = framework_from_dict(merge_layer(base, layer)).indicator("14.2").threshold

    assert threshold is not None and threshold.general == Decimal("65")
