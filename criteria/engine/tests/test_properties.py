"""Properties that must hold for any framework, profile and values (hypothesis)."""

from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria.engine import (
    NOT_APPLICABLE,
    Criterion,
    Framework,
    Indicator,
    RegionOverride,
    Threshold,
    ThresholdValue,
    UnitProfile,
    Value,
    Verdict,
    evaluate,
)

# No example database: the suite writes nothing outside the engine package.
PROPERTIES = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

REGIONS = ("TDMNPB", "DBSH", "DNB")
GROUPS = ("N1", "N2", "N3")
YEARS = (2023, 2024)
VERIFIED = ("confirmed", "partial", "illustrative")
STATUSES = (*VERIFIED, "recalled", "uncertain", "unknown")

# Strategies are built once: building them inside each example costs more than the draws.
# Tenths as integers: much quicker to generate than st.decimals, same values in the end.
numbers = st.integers(min_value=-500, max_value=1500).map(lambda tenths: Decimal(tenths).scaleb(-1))
numeric_cell: st.SearchStrategy[ThresholdValue] = st.none() | numbers
boolean_cell: st.SearchStrategy[ThresholdValue] = st.none() | st.booleans()
numeric_cells = st.tuples(numeric_cell, numeric_cell, numeric_cell)
boolean_cells = st.tuples(boolean_cell, boolean_cell, boolean_cell)
variations = st.sampled_from(("none", "by_region", "by_group", "unknown"))
statuses = st.sampled_from(STATUSES)
year_sets = st.sampled_from(((), (2024,), YEARS))  # income-like thresholds cover some years
sizes = st.integers(0, 3)
small_sizes = st.integers(0, 2)


@st.composite
def thresholds(draw: st.DrawFn, *, boolean: bool) -> Threshold:
    cell, cells = (boolean_cell, boolean_cells) if boolean else (numeric_cell, numeric_cells)
    # Columns the variation does not use hold a trap value that would pass anything.
    trap: ThresholdValue = True if boolean else Decimal("-1000")
    variation = draw(variations)
    status = draw(statuses)

    def column(names: tuple[str, ...], used: bool) -> MappingProxyType[str, ThresholdValue]:
        found = draw(cells) if used else (trap,) * len(names)
        return MappingProxyType(dict(zip(names, found, strict=True)))

    def level() -> Threshold:
        return Threshold(
            regional_variation=variation,
            general=draw(cell) if variation in {"none", "unknown"} else trap,
            by_region=column(REGIONS, variation == "by_region"),
            by_group=column(GROUPS, variation == "by_group"),
            by_year=MappingProxyType({}),
            status=status,
            sub_thresholds=(),
            source="",
        )

    top = level()
    years = draw(year_sets)
    if not years:
        return top
    by_year = MappingProxyType({year: level() for year in years})
    empty: MappingProxyType[str, ThresholdValue] = MappingProxyType({})
    return Threshold(variation, None, empty, empty, by_year, status, (), "")


numeric_thresholds = st.none() | thresholds(boolean=False)
boolean_thresholds = st.none() | thresholds(boolean=True)


@st.composite
def indicators(draw: st.DrawFn, *, comparators: tuple[str, ...]) -> Indicator:
    boolean = "eq" in comparators and draw(st.booleans())
    return Indicator(
        code="",
        name="",
        value_type="boolean" if boolean else "percent",
        unit="",
        comparator="eq" if boolean else draw(st.sampled_from(comparators)),
        threshold=draw(boolean_thresholds if boolean else numeric_thresholds),
        optional=draw(st.booleans()),
        name_status="confirmed",
        notes="",
    )


@st.composite
def frameworks(draw: st.DrawFn, *, comparators: tuple[str, ...]) -> Framework:
    indicator = indicators(comparators=comparators)
    criteria = []
    for number in range(1, draw(sizes) + 1):
        items = tuple(
            replace(draw(indicator), code=f"{number}.{i}", name=f"Chỉ tiêu {number}.{i}")
            for i in range(1, draw(small_sizes) + 1)
        )
        criteria.append(Criterion(str(number), f"Tiêu chí {number}", "II", items))
    override = RegionOverride("dbkk_atk_as_tdmnpb", frozenset({"dac_biet_kho_khan"}), "TDMNPB")
    return Framework(
        set_id="thuoc-tinh",
        version=1,
        title="",
        level="xa_ntm",
        unit_type="xa",
        criteria=tuple(criteria),
        region_overrides=(override,),
        prerequisite_level=None,
        conditions=(),
        recognition=(),
        is_illustrative=False,
        legal_basis=MappingProxyType({}),
    )


any_frameworks = frameworks(comparators=("gte", "lte", "eq"))
ordered_frameworks = frameworks(comparators=("gte", "lte"))
profiles = st.builds(
    UnitProfile,
    region=st.sampled_from((None, *REGIONS)),
    group=st.sampled_from((None, *GROUPS)),
    flags=st.sampled_from((frozenset(), frozenset({"dac_biet_kho_khan"}), frozenset({"ven_do"}))),
)
any_value: st.SearchStrategy[Value | None] = (
    st.none() | numbers | st.booleans() | st.just(NOT_APPLICABLE)
)
years = st.sampled_from(YEARS)
indexes = st.integers(0, 100)


def draw_values(data: st.DataObject, framework: Framework) -> dict[str, Value]:
    """Some values missing, some of the wrong kind, some "không áp dụng"."""
    values: dict[str, Value] = {}
    for indicator in framework.indicators:
        value = data.draw(any_value)
        if value is not None:
            values[indicator.code] = value
    return values


def _applied_cell(threshold: Threshold | None, profile: UnitProfile, year: int) -> ThresholdValue:
    """The threshold cell that applies, if it is verified; a separate oracle from the engine."""
    if threshold is None or threshold.status not in VERIFIED:
        return None
    level = threshold.by_year.get(year) if threshold.by_year else threshold
    if level is None:
        return None
    region = "TDMNPB" if "dac_biet_kho_khan" in profile.flags else profile.region
    if level.regional_variation == "none":
        return level.general
    if threshold.status == "partial":
        return None
    if level.regional_variation == "by_region":
        return level.by_region.get(region) if region else None
    if level.regional_variation == "by_group":
        return level.by_group.get(profile.group) if profile.group else None
    return None


@PROPERTIES
@given(data=st.data(), profile=profiles, year=years, raise_by=numbers.map(abs))
def test_raising_a_floor_value_or_lowering_a_ceiling_value_never_loses_met(
    data: st.DataObject, profile: UnitProfile, year: int, raise_by: Decimal
) -> None:
    framework = data.draw(ordered_frameworks)
    if not framework.indicators:
        return
    values = {i.code: data.draw(numbers) for i in framework.indicators}
    before = evaluate(framework, profile, values, year=year)
    indicator = framework.indicators[data.draw(indexes) % len(framework.indicators)]
    better = dict(values)
    step = raise_by if indicator.comparator == "gte" else -raise_by
    better[indicator.code] = values[indicator.code] + step

    after = evaluate(framework, profile, better, year=year)

    assert not (
        before.indicator(indicator.code).status is Verdict.MET
        and after.indicator(indicator.code).status is not Verdict.MET
    )
    for old, new in zip(before.criteria, after.criteria, strict=True):
        assert not (old.status is Verdict.MET and new.status is Verdict.NOT_MET)
    assert not (before.status is Verdict.MET and after.status is Verdict.NOT_MET)


@PROPERTIES
@given(data=st.data(), profile=profiles, year=years)
def test_missing_values_and_unverified_thresholds_never_yield_met(
    data: st.DataObject, profile: UnitProfile, year: int
) -> None:
    framework = data.draw(any_frameworks)
    values = draw_values(data, framework)

    evaluation = evaluate(framework, profile, values, year=year)

    undecidable_criteria: set[str] = set()
    for criterion in framework.criteria:
        for indicator in criterion.indicators:
            result = evaluation.indicator(indicator.code)
            cell = _applied_cell(indicator.threshold, profile, year)
            if indicator.code not in values or cell is None:
                assert result.status is not Verdict.MET
                if cell is None:
                    assert result.threshold is None
                undecidable_criteria.add(criterion.number)
    for criterion_result in evaluation.criteria:
        if criterion_result.number in undecidable_criteria:
            assert criterion_result.status is not Verdict.MET
    if undecidable_criteria:
        assert evaluation.status is not Verdict.MET


@PROPERTIES
@given(data=st.data(), profile=profiles, year=years)
def test_a_criterion_is_the_conjunction_of_its_indicators(
    data: st.DataObject, profile: UnitProfile, year: int
) -> None:
    framework = data.draw(any_frameworks)
    values = draw_values(data, framework)

    evaluation = evaluate(framework, profile, values, year=year)

    for criterion in evaluation.criteria:
        statuses = [result.status for result in criterion.indicators]
        all_met = bool(statuses) and all(status is Verdict.MET for status in statuses)
        any_not_met = any(status is Verdict.NOT_MET for status in statuses)
        assert (criterion.status is Verdict.MET) == all_met
        assert (criterion.status is Verdict.NOT_MET) == any_not_met
        assert criterion.met == statuses.count(Verdict.MET)
        assert criterion.total == len(statuses)
    unit = [criterion.status for criterion in evaluation.criteria]
    assert (evaluation.status is Verdict.MET) == (bool(unit) and set(unit) == {Verdict.MET})
    assert (evaluation.status is Verdict.NOT_MET) == (Verdict.NOT_MET in unit)
