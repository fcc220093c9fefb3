import json
from decimal import Decimal

from criteria.engine import (
    LEVEL_LABELS,
    LEVELS,
    NOT_APPLICABLE,
    LevelChain,
    Qualification,
    UnitProfile,
    Value,
    Verdict,
    framework_from_dict,
    level_label,
    merge_layer,
    qualify,
)
from criteria.engine.tests.factories import (
    illustrative_chain_contents,
    real_content,
    real_framework,
)

DBSH = UnitProfile(region="DBSH")
YEAR = 2024


def _chain(*, levels: int = 3) -> LevelChain:
    ntm, nang_cao, kieu_mau = (framework_from_dict(c) for c in illustrative_chain_contents())
    return LevelChain(
        ntm=ntm,
        nang_cao=nang_cao if levels >= 2 else None,
        kieu_mau=kieu_mau if levels >= 3 else None,
    )


def _values(**changes: Value) -> dict[str, Value]:
    """A commune that meets every level of the illustrative chain in 2024 (DBSH)."""
    values: dict[str, Value] = {
        "1.1": True,
        "10": Decimal("66"),  # nâng cao DBSH 2024: 60; kiểu mẫu needs 1.1 × 60 = 66
        "13.4": NOT_APPLICABLE,
        "17.1": Decimal("96"),
        "km3": Decimal("1"),
        "km4": Decimal("2"),
        "rc.no_capital_construction_debt": True,
        "rc.resident_satisfaction": Decimal("95"),
        "rc.security_not_complex": True,
    }
    values.update(changes)
    return values


def _statuses(qualification: Qualification) -> list[tuple[str, Verdict]]:
    return [(step.level, step.status) for step in qualification.steps]


def test_levels_are_the_commune_chain_with_vietnamese_labels() -> None:
    assert LEVELS == ("xa_ntm", "xa_ntm_nang_cao", "xa_ntm_kieu_mau")
    assert [LEVEL_LABELS[level] for level in LEVELS] == [
        "Xã đạt chuẩn NTM",
        "Xã NTM nâng cao",
        "Xã NTM kiểu mẫu",
    ]
    assert level_label(None) == "Chưa đạt chuẩn NTM"


def test_commune_meeting_everything_reaches_kieu_mau() -> None:
    qualification = qualify(_chain(), DBSH, _values(), year=YEAR)

    assert qualification.level == "xa_ntm_kieu_mau"
    assert qualification.label == "Xã NTM kiểu mẫu"
    assert qualification.next_level is None
    assert all(step.status is Verdict.MET for step in qualification.steps)
    kieu_mau = qualification.steps[2]
    assert [c.id for c in kieu_mau.conditions] == [
        "km1_nang_cao",
        "km2_income_premium",
        "km3_smart_village",
        "km4_standout_field",
    ]
    assert kieu_mau.conditions[1].detail == "Thu nhập 66; yêu cầu ≥ 1.1 × 60 = 66.0"
    assert kieu_mau.evaluation is None  # the national kiểu mẫu set is rules only


def test_income_below_the_kieu_mau_premium_stops_at_nang_cao() -> None:
    qualification = qualify(_chain(), DBSH, _values(**{"10": Decimal("65.9")}), year=YEAR)

    assert qualification.level == "xa_ntm_nang_cao"
    assert qualification.next_level == "xa_ntm_kieu_mau"
    kieu_mau = qualification.steps[2]
    assert kieu_mau.status is Verdict.NOT_MET
    assert kieu_mau.reason == (
        "Điều kiện chưa đạt: Thu nhập bình quân đầu người cao hơn ít nhất 10% mức của xã NTM nâng cao"
    )


def test_missing_smart_village_count_leaves_kieu_mau_undecided() -> None:
    values = _values()
    del values["km3"]

    qualification = qualify(_chain(), DBSH, values, year=YEAR)

    assert qualification.level == "xa_ntm_nang_cao"
    assert qualification.steps[2].status is Verdict.UNKNOWN
    assert qualification.steps[2].conditions[2].detail == "Chưa có số liệu"


def test_commune_below_the_nang_cao_water_level_stays_ntm() -> None:
    qualification = qualify(_chain(), DBSH, _values(**{"17.1": Decimal("92")}), year=YEAR)

    assert qualification.level == "xa_ntm"
    assert qualification.next_level == "xa_ntm_nang_cao"
    assert _statuses(qualification)[1:] == [
        ("xa_ntm_nang_cao", Verdict.NOT_MET),
        ("xa_ntm_kieu_mau", Verdict.NOT_MET),
    ]
    assert qualification.steps[2].reason == "Chưa đạt chuẩn NTM nâng cao"


def test_commune_failing_ntm_fails_every_level_above_even_with_high_values() -> None:
    qualification = qualify(_chain(), DBSH, _values(**{"1.1": False}), year=YEAR)

    assert qualification.level is None
    assert qualification.next_level == "xa_ntm"
    assert _statuses(qualification) == [
        ("xa_ntm", Verdict.NOT_MET),
        ("xa_ntm_nang_cao", Verdict.NOT_MET),
        ("xa_ntm_kieu_mau", Verdict.NOT_MET),
    ]
    nang_cao = qualification.steps[1]
    assert nang_cao.reason == "Chưa đạt chuẩn NTM"
    assert nang_cao.evaluation is not None and nang_cao.evaluation.status is Verdict.MET


def test_undecided_ntm_leaves_the_levels_above_undecided() -> None:
    values = _values()
    del values["1.1"]

    qualification = qualify(_chain(), DBSH, values, year=YEAR)

    assert qualification.level is None
    assert [status for _level, status in _statuses(qualification)] == [Verdict.UNKNOWN] * 3
    assert qualification.steps[1].reason == "Chưa xác định được đạt chuẩn NTM"


def test_chain_with_ntm_only_stops_there() -> None:
    qualification = qualify(_chain(levels=1), DBSH, _values(), year=YEAR)

    assert qualification.level == "xa_ntm"
    assert qualification.next_level is None
    assert qualification.steps[0].reason == "Đạt 4/4 tiêu chí"


def test_chain_with_ntm_and_nang_cao_reaches_nang_cao() -> None:
    qualification = qualify(_chain(levels=2), DBSH, _values(), year=YEAR)

    assert qualification.level == "xa_ntm_nang_cao"
    assert qualification.next_level is None


def test_nang_cao_income_of_another_year_is_unknown_so_kieu_mau_is_undecided() -> None:
    qualification = qualify(_chain(), DBSH, _values(), year=2025)

    assert qualification.level == "xa_ntm"
    income = qualification.steps[2].conditions[1]
    assert income.status is Verdict.UNKNOWN
    assert "Ngưỡng chưa xác định" in income.detail


def test_provincial_kieu_mau_income_is_judged_directly() -> None:
    ntm, nang_cao, kieu_mau = illustrative_chain_contents()
    layer = json.loads(json.dumps(real_content("tinh-nam-dinh-xa-ntm-kieu-mau-2021-2025")))
    chain = LevelChain(
        ntm=framework_from_dict(ntm),
        nang_cao=framework_from_dict(nang_cao),
        kieu_mau=framework_from_dict(merge_layer(kieu_mau, layer)),
    )

    # Nam Định 2024: ≥ 93 million, above the national rule's 66 for this demo chain.
    below = qualify(chain, DBSH, _values(**{"10": Decimal("90")}), year=YEAR)
    above = qualify(chain, DBSH, _values(**{"10": Decimal("95")}), year=YEAR)

    assert below.level == "xa_ntm_nang_cao"
    assert below.steps[2].conditions[1].status is Verdict.NOT_MET
    assert above.level == "xa_ntm_kieu_mau"
    assert above.steps[2].evaluation is not None
    assert above.steps[2].evaluation.indicator("10").threshold == Decimal("93")


def test_provincial_kieu_mau_criteria_beyond_income_must_be_met_too() -> None:
    ntm, nang_cao, kieu_mau = illustrative_chain_contents()
    kieu_mau["criteria"] = [
        {
            "number": 21,
            "name": "Chuyển đổi số",
            "indicators": [
                {
                    "code": "21.1",
                    "name": "Thôn có mạng wifi công cộng",
                    "value_type": "boolean",
                    "comparator": "eq",
                    "threshold": {"regional_variation": "none", "general": True},
                    "threshold_status": "illustrative",
                }
            ],
        }
    ]
    chain = LevelChain(*(framework_from_dict(c) for c in (ntm, nang_cao, kieu_mau)))

    without = qualify(chain, DBSH, _values(), year=YEAR)
    with_wifi = qualify(chain, DBSH, _values(**{"21.1": True}), year=YEAR)

    assert without.level == "xa_ntm_nang_cao"
    assert without.steps[2].conditions[-1].id == "tieu_chi_cap_tinh"
    assert with_wifi.level == "xa_ntm_kieu_mau"


def test_kieu_mau_without_a_nang_cao_set_is_undecided() -> None:
    ntm, _nang_cao, kieu_mau = illustrative_chain_contents()
    chain = LevelChain(ntm=framework_from_dict(ntm), kieu_mau=framework_from_dict(kieu_mau))

    qualification = qualify(chain, DBSH, _values(), year=YEAR)

    assert qualification.level == "xa_ntm"
    assert qualification.steps[1].level == "xa_ntm_kieu_mau"
    assert qualification.steps[1].status is Verdict.UNKNOWN


def test_recognition_conditions_are_reported_without_changing_the_level() -> None:
    qualification = qualify(_chain(), DBSH, _values(), year=YEAR)

    statuses = {c.id: c.status for c in qualification.recognition}
    assert statuses == {
        "meets_all_criteria": Verdict.MET,
        "no_capital_construction_debt": Verdict.MET,
        # QĐ 18/2022/QĐ-TTg: the commune rate required was not found, so never decided.
        "resident_satisfaction": Verdict.UNKNOWN,
        "security_not_complex": Verdict.MET,
    }
    satisfaction = qualification.recognition[2]
    assert satisfaction.detail == "Tỷ lệ hài lòng yêu cầu chưa xác định"


def test_recognition_reads_rc_values_and_the_ntm_step() -> None:
    values = _values(**{"1.1": False, "rc.security_not_complex": False})
    del values["rc.no_capital_construction_debt"]

    qualification = qualify(_chain(), DBSH, values, year=YEAR)

    statuses = {c.id: (c.status, c.detail) for c in qualification.recognition}
    assert statuses["meets_all_criteria"][0] is Verdict.NOT_MET
    assert statuses["no_capital_construction_debt"] == (Verdict.UNKNOWN, "Chưa có số liệu")
    assert statuses["security_not_complex"] == (Verdict.NOT_MET, "")
    assert qualification.level is None


def test_real_2021_2025_chain_never_qualifies_on_unknown_thresholds() -> None:
    ntm = real_framework("xa-ntm-2021-2025")
    chain = LevelChain(
        ntm=ntm,
        nang_cao=real_framework("xa-ntm-nang-cao-2021-2025"),
        kieu_mau=real_framework("xa-ntm-kieu-mau-2021-2025"),
    )
    values: dict[str, Value] = {
        indicator.code: True if indicator.is_boolean else Decimal("100")
        for indicator in ntm.indicators
    }
    values.update({"9.1": False, "11": Decimal("0"), "15.3": Decimal("0")})
    values.update({"km3": Decimal("5"), "km4": Decimal("5")})

    qualification = qualify(chain, DBSH, values, year=YEAR)

    assert qualification.level is None
    assert [status for _level, status in _statuses(qualification)] == [Verdict.UNKNOWN] * 3
