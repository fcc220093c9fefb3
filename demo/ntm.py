"""Years of NTM indicator values for the demo district, produced for the engine to judge.

DESIGN.md §5: in 2023 Huyện Bình Lục had 16 communes and a township; the seed report says
"02 xã đạt nông thôn mới kiểu mẫu, 02 xã đạt chuẩn nông thôn mới nâng cao; 06 xã hoàn thiện hồ
sơ đề nghị công nhận xã đạt chuẩn nông thôn mới nâng cao năm 2023. Đối với 06 xã còn lại đều đã
đạt từ 13-15/19 tiêu chí và từ 60/75 chỉ tiêu". The demo does not write those results down: it
writes indicator values for 2021–2024, and the engine (criteria.services.judge) finds them.

The official sets stay as they are. Where their thresholds are unknown the demo uses its own
"Hà Nam" sets in demo/data/criteria/, loaded as illustrative: every screen that uses them says
"ngưỡng minh họa". The values are generated from those thresholds with seeded, string-keyed
random numbers, so every run writes the same numbers; a second run writes nothing.

Which commune plays which role is a choice of the demo (ROLES below), not a fact: the seed names
only Vũ Bản (a photo caption "Đường nông thôn mới kiểu mẫu ở xã Vũ Bản").
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from audit import services as audit
from criteria.engine import Framework, Indicator, resolve_threshold
from criteria.loading import content_hash, load_sets, read_set_file, set_files
from criteria.models import CriteriaSet, Recognition, RoadmapEntry, SetVersion
from criteria.services import framework_for, sets_in_force
from monitoring import services as monitoring
from monitoring.models import ValueSheet
from monitoring.services import EnteredValue
from units.models import Unit

if TYPE_CHECKING:
    from demo.services import DemoSummary

ACTOR = "demo"
DATA_DIR = Path(__file__).resolve().parent / "data" / "criteria"
DEMO_SET_FILES = (
    DATA_DIR / "demo-ha-nam-xa-ntm-2021-2025.yaml",
    DATA_DIR / "demo-ha-nam-xa-ntm-nang-cao-2021-2025.yaml",
)
DISTRICT = "d352"  # Huyện Bình Lục
PROVINCE = "p35"  # Tỉnh Hà Nam
YEARS = (2021, 2022, 2023, 2024)
LOCKED_YEARS = frozenset({2021, 2022, 2023})  # approved and locked; 2024 is still being entered
ISSUER = "UBND tỉnh Hà Nam (minh họa)"
NOTE = "Dữ liệu minh họa của bản demo, không phải quyết định thật."

KIEU_MAU = CriteriaSet.Level.XA_NTM_KIEU_MAU
NANG_CAO = CriteriaSet.Level.XA_NTM_NANG_CAO
NTM = CriteriaSet.Level.XA_NTM

# Nâng cao criteria in the order a commune usually misses them (income and environment first).
HARD_ORDER = (10, 17, 18, 13, 15, 12, 2, 14, 8, 3, 6, 9, 5, 16, 11, 4, 1, 19, 7)
# A nâng cao criterion whose miss also breaks an NTM criterion, through this shared code.
NTM_BREAKS = {
    10: "10",
    17: "17.10",
    12: "12.2",
    6: "16",
    2: "2.3",
    14: "15.1",
    9: "9.2",
    3: "3.1",
    11: "11",
    5: "14.2",
}


@dataclass(frozen=True)
class Plan:
    """What a demo commune's data should show each year (2021, 2022, 2023, 2024)."""

    name: str
    role: str
    nang_cao_missed: tuple[int, int, int, int]  # nâng cao criteria not met
    ntm_missed: tuple[int, int, int, int] = (0, 0, 0, 0)  # NTM criteria not met
    kieu_mau_from: int | None = None  # first year the kiểu mẫu conditions are met
    kieu_mau_inputs: bool = False  # enters km3 / km4 (thôn thông minh, lĩnh vực nổi trội)
    first_missed: tuple[int, ...] = ()  # criteria put at the head of the commune's order
    craft_village: bool = False  # 13.4 (nếu có) applies
    capital_debt_years: tuple[int, ...] = ()  # years with outstanding XDCB debt


# DEMO ROLES (chosen for the demo, not facts), by commune code, with the seed's 2023 picture:
#  - kiểu mẫu (2): Vũ Bản, Bồ Đề — nâng cao recognised 2022, kiểu mẫu recognised late 2023;
#  - nâng cao (2): An Lão (recognised 12/2022, registered for kiểu mẫu 2024 and meets it in the
#    2024 data), Tràng An (recognised 3/2023, slips in 2024: criterion 17 no longer met);
#  - dossier (6): Bình Nghĩa, Đồng Du, An Ninh, Trung Lương, La Sơn, Tiêu Động — meet all 19
#    nâng cao criteria in 2023, registered for 2023, not recognised yet;
#  - the other six: 13–15/19 nâng cao criteria and ≥ 60/75 indicators in 2023; Hưng Công,
#    Bối Cầu, An Nội (merged into Bình An on 1/1/2025) registered for 2024, Ngọc Lũ, Đồn Xá,
#    An Đổ for 2025.
ROLES: Mapping[str, Plan] = {
    "13543": Plan("Xã Vũ Bản", "kieu_mau", (0, 0, 0, 0), kieu_mau_from=2023, kieu_mau_inputs=True),
    "13531": Plan(
        "Xã Bồ Đề",
        "kieu_mau",
        (0, 0, 0, 0),
        kieu_mau_from=2023,
        kieu_mau_inputs=True,
        craft_village=True,
    ),
    "13561": Plan("Xã An Lão", "nang_cao", (1, 0, 0, 0), kieu_mau_from=2024, kieu_mau_inputs=True),
    "13510": Plan(
        "Xã Tràng An", "nang_cao", (2, 0, 0, 1), kieu_mau_inputs=True, first_missed=(17,)
    ),
    "13504": Plan("Xã Bình Nghĩa", "dossier", (3, 1, 0, 0), ntm_missed=(1, 0, 0, 0)),
    "13516": Plan("Xã Đồng Du", "dossier", (4, 2, 0, 0)),
    "13528": Plan("Xã An Ninh", "dossier", (2, 1, 0, 0), craft_village=True),
    "13546": Plan("Xã Trung Lương", "dossier", (3, 2, 0, 0), ntm_missed=(1, 0, 0, 0)),
    "13555": Plan("Xã La Sơn", "dossier", (4, 1, 0, 0)),
    "13558": Plan("Xã Tiêu Động", "dossier", (3, 1, 0, 0)),
    "13522": Plan("Xã Hưng Công", "other", (8, 6, 4, 0), ntm_missed=(1, 0, 0, 0)),
    "13534": Plan("Xã Bối Cầu", "other", (9, 7, 5, 1), ntm_missed=(2, 1, 0, 0)),
    "13540": Plan("Xã An Nội", "other", (8, 5, 4, 0), ntm_missed=(1, 0, 0, 0)),
    "13519": Plan("Xã Ngọc Lũ", "other", (9, 7, 5, 3), ntm_missed=(2, 1, 0, 0)),
    "13525": Plan(
        "Xã Đồn Xá",
        "other",
        (10, 8, 6, 4),
        ntm_missed=(2, 1, 0, 0),
        craft_village=True,
        capital_debt_years=(2022, 2023),
    ),
    "13552": Plan("Xã An Đổ", "other", (10, 8, 6, 4), ntm_missed=(1, 0, 0, 0)),
}


@dataclass(frozen=True)
class Decision:
    code: str
    level: str
    number: str
    decided_on: dt.date


# Recognition decisions (fake numbers). NTM under the 2016–2020 set, before 2021.
RECOGNITIONS = (
    *(
        Decision(
            code, NTM, f"DEMO-{100 + index}/QĐ-UBND", dt.date(2014 + index % 6, 12, 10 + index)
        )
        for index, code in enumerate(sorted(ROLES))
    ),
    Decision("13543", NANG_CAO, "DEMO-2101/QĐ-UBND", dt.date(2022, 3, 15)),
    Decision("13531", NANG_CAO, "DEMO-2102/QĐ-UBND", dt.date(2022, 6, 20)),
    Decision("13561", NANG_CAO, "DEMO-2103/QĐ-UBND", dt.date(2022, 12, 26)),
    Decision("13510", NANG_CAO, "DEMO-2104/QĐ-UBND", dt.date(2023, 3, 28)),
    Decision("13543", KIEU_MAU, "DEMO-3101/QĐ-UBND", dt.date(2023, 11, 20)),
    Decision("13531", KIEU_MAU, "DEMO-3102/QĐ-UBND", dt.date(2023, 12, 25)),
)


@dataclass(frozen=True)
class Registration:
    code: str
    level: str
    target_year: int
    registered_on: dt.date


ROADMAP = (
    *(
        Registration(code, NANG_CAO, 2023, dt.date(2023, 1, 16))
        for code, plan in sorted(ROLES.items())
        if plan.role == "dossier"
    ),
    *(
        Registration(code, NANG_CAO, 2024, dt.date(2024, 1, 15))
        for code in ("13522", "13534", "13540")
    ),
    *(
        Registration(code, NANG_CAO, 2025, dt.date(2024, 1, 15))
        for code in ("13519", "13525", "13552")
    ),
    Registration("13561", KIEU_MAU, 2024, dt.date(2024, 1, 15)),
)


def build_ntm_demo(summary: DemoSummary) -> None:
    """Load the demo sets, then write the district's values, decisions and registrations."""
    summary.criteria_sets_loaded += _load_if_changed(set_files(), illustrative=False)
    summary.criteria_sets_loaded += _load_if_changed(DEMO_SET_FILES, illustrative=True)

    district = Unit.objects.get(key=DISTRICT)
    province = Unit.objects.get(key=PROVINCE)
    by_code: dict[str, Unit] = {}
    for year in YEARS:
        frameworks = _frameworks(year, province)
        communes = (
            Unit.objects.as_of(dt.date(year, 12, 31))
            .filter(parent=district, kind=Unit.Kind.COMMUNE)
            .order_by("code")
        )
        existing = set(
            ValueSheet.objects.filter(unit__in=communes, year=year).values_list(
                "unit_id", flat=True
            )
        )
        for commune in communes:
            plan = ROLES.get(commune.code)
            if plan is None or plan.name != commune.name:
                raise ValueError(f"Bản demo chưa có vai trò cho {commune.name} ({commune.code}).")
            by_code[commune.code] = commune
            if commune.pk in existing:
                continue  # written by an earlier run (or by someone): never rewritten
            values, units = values_for(commune.code, plan, year, frameworks, commune.region)
            _write_sheet(commune, year, values, units)
            summary.sheets_created += 1

    summary.recognitions_created += _record_decisions(by_code)
    summary.roadmap_created += _register_roadmap(by_code)


# Criteria sets ---------------------------------------------------------------------------------


def _load_if_changed(paths: Iterable[Path], *, illustrative: bool) -> int:
    """Load the files whose content is not yet the newest published version; return how many."""
    stale = []
    for path in paths:
        content = read_set_file(path)
        latest = (
            SetVersion.objects.filter(
                criteria_set__set_id=content["set_id"], status=SetVersion.Status.PUBLISHED
            )
            .select_related("criteria_set")
            .order_by("-number")
            .first()
        )
        if (
            latest is None
            or latest.content_hash != content_hash(content)
            or latest.criteria_set.is_illustrative
            != (illustrative or bool(content.get("illustrative")))
        ):
            stale.append(path)
    if stale:
        load_sets(stale, actor=ACTOR, illustrative=illustrative)
    return len(stale)


@dataclass(frozen=True)
class Frameworks:
    ntm: Framework
    nang_cao: Framework
    versions: Mapping[str, SetVersion]


def _frameworks(year: int, province: Unit) -> Frameworks:
    versions = sets_in_force(year, province=province)
    for level in (NTM, NANG_CAO):
        version = versions.get(level)
        if version is None or not version.criteria_set.is_illustrative:
            raise ValueError(f"Bộ tiêu chí minh họa cấp {level} năm {year} chưa được nạp.")
    return Frameworks(
        ntm=framework_for(versions[NTM]),
        nang_cao=framework_for(versions[NANG_CAO]),
        versions=versions,
    )


# Values ----------------------------------------------------------------------------------------

GOOD, NANG_CAO_MISS, NTM_MISS = "good", "nang_cao_miss", "ntm_miss"
ONE_DECIMAL = Decimal("0.1")


@dataclass
class Need:
    """What one code must be to be met, at each level whose set has it."""

    code: str
    value_type: str
    unit: str
    comparator: str
    required: bool | None = None  # boolean indicators
    ntm: Decimal | None = None
    nang_cao: Decimal | None = None
    optional: bool = False
    nang_cao_criterion: int | None = None
    in_ntm: bool = False
    levels: set[str] = field(default_factory=set)


def _needs(frameworks: Frameworks, region: str | None, year: int) -> dict[str, Need]:
    needs: dict[str, Need] = {}
    for level, framework in ((NTM, frameworks.ntm), (NANG_CAO, frameworks.nang_cao)):
        for criterion in framework.criteria:
            for indicator in criterion.indicators:
                need = needs.setdefault(
                    indicator.code,
                    Need(
                        indicator.code, indicator.value_type, indicator.unit, indicator.comparator
                    ),
                )
                _add_need(need, level, indicator, region, year)
                if level == NANG_CAO:
                    need.nang_cao_criterion = int(criterion.number)
                else:
                    need.in_ntm = True
                    need.optional = indicator.optional
    return needs


def _add_need(need: Need, level: str, indicator: Indicator, region: str | None, year: int) -> None:
    resolved = resolve_threshold(indicator.threshold, region=region, group=None, year=year)
    if not resolved.is_usable:
        raise ValueError(f"Chỉ tiêu {indicator.code} ({level}, {year}) chưa có ngưỡng dùng được.")
    if indicator.comparator != need.comparator:
        raise ValueError(f"Chỉ tiêu {indicator.code}: hai cấp so sánh khác nhau.")
    need.levels.add(level)
    if isinstance(resolved.value, bool):
        if need.required is not None and need.required is not resolved.value:
            raise ValueError(f"Chỉ tiêu {indicator.code}: hai cấp yêu cầu khác nhau.")
        need.required = resolved.value
    elif level == NTM:
        need.ntm = resolved.value
    else:
        need.nang_cao = resolved.value


def _can_miss_nang_cao_only(need: Need) -> bool:
    """Whether a value can miss the nâng cao level while meeting NTM."""
    if not need.in_ntm:
        return True
    if need.required is not None or need.ntm is None or need.nang_cao is None:
        return False
    if need.comparator == "gte":
        return need.nang_cao > need.ntm
    return need.nang_cao < need.ntm


def values_for(
    code: str, plan: Plan, year: int, frameworks: Frameworks, region: str | None
) -> tuple[dict[str, EnteredValue], dict[str, str]]:
    """The commune's values for a year and their units of measure, the same on every run."""
    index = YEARS.index(year)
    needs = _needs(frameworks, region, year)
    by_criterion: dict[int, list[str]] = {}
    for need in needs.values():
        if need.nang_cao_criterion is not None and _can_miss_nang_cao_only(need):
            by_criterion.setdefault(need.nang_cao_criterion, []).append(need.code)

    order = _order(code, plan)
    missed = order[: plan.nang_cao_missed[index]]
    breaks = [number for number in missed if number in NTM_BREAKS][: plan.ntm_missed[index]]
    if len(breaks) < plan.ntm_missed[index]:
        raise ValueError(f"{plan.name} {year}: không đủ tiêu chí để trượt chuẩn NTM như kế hoạch.")
    states: dict[str, str] = {}
    for number in missed:
        rng = random.Random(f"demo-ntm:{code}:{number}")
        candidates = sorted(by_criterion[number])
        if number in breaks:
            states[NTM_BREAKS[number]] = NTM_MISS
            candidates.remove(NTM_BREAKS[number])
            picks = 0 if not candidates or rng.random() < 0.6 else 1
        else:
            picks = min(len(candidates), 1 if rng.random() < 0.6 else 2)
        for chosen in rng.sample(candidates, picks):
            states[chosen] = NANG_CAO_MISS

    kieu_mau = plan.kieu_mau_from is not None and year >= plan.kieu_mau_from
    values: dict[str, EnteredValue] = {}
    units: dict[str, str] = {}
    for need in needs.values():
        rng = random.Random(f"demo-ntm:{code}:{need.code}")
        quality = Decimal(str(round(0.15 + 0.7 * rng.random(), 3)))
        progress = min(Decimal(1), quality + Decimal("0.06") * index)
        band = Decimal(
            str(round(0.2 + 0.6 * random.Random(f"{code}:{need.code}:{year}").random(), 3))
        )
        if need.optional and need.in_ntm and not plan.craft_village:
            values[need.code] = monitoring.NOT_APPLICABLE_INPUT
        else:
            state = states.get(need.code, GOOD)
            values[need.code] = _value(need, state, progress, band, kieu_mau=kieu_mau)
        if need.unit:
            units[need.code] = need.unit

    rng = random.Random(f"demo-ntm:{code}:recognition:{year}")
    if plan.kieu_mau_inputs:
        values["km3"] = Decimal(1 + int(rng.random() * 2)) if kieu_mau else Decimal(0)
        km4_from = (plan.kieu_mau_from or 9999) - 1
        values["km4"] = Decimal(1) if year >= km4_from else Decimal(0)
        units["km3"], units["km4"] = "thôn", "lĩnh vực"
    values["rc.no_capital_construction_debt"] = year not in plan.capital_debt_years
    values["rc.security_not_complex"] = True
    values["rc.resident_satisfaction"] = Decimal(880 + int(rng.random() * 100)) / 10
    units["rc.resident_satisfaction"] = "%"
    return values, units


def _order(code: str, plan: Plan) -> list[int]:
    """The commune's nâng cao criteria, hardest first: a few seeded swaps of HARD_ORDER."""
    order = [number for number in HARD_ORDER if number not in plan.first_missed]
    rng = random.Random(f"demo-ntm:{code}:order")
    for _ in range(6):
        position = int(rng.random() * 11)
        order[position], order[position + 1] = order[position + 1], order[position]
    return [*plan.first_missed, *order]


def _value(
    need: Need, state: str, progress: Decimal, band: Decimal, *, kieu_mau: bool
) -> EnteredValue:
    if need.required is not None:
        return need.required if state == GOOD else not need.required
    if need.code == "10":
        return _income(need, state, progress, band, kieu_mau=kieu_mau)
    if need.comparator == "gte":
        return _at_least(need, state, progress, band)
    return _at_most(need, state, progress, band)


def _income(need: Need, state: str, progress: Decimal, band: Decimal, *, kieu_mau: bool) -> Decimal:
    ntm, nang_cao = need.ntm, need.nang_cao
    assert ntm is not None and nang_cao is not None
    if state == NTM_MISS:
        value = ntm * (Decimal("0.88") + Decimal("0.09") * band)
    elif state == NANG_CAO_MISS:
        value = ntm + (nang_cao - ntm) * band
    elif kieu_mau:
        # Kiểu mẫu: ≥ 1.10 × the nâng cao income (QĐ 319/QĐ-TTg).
        value = nang_cao * (Decimal("1.12") + Decimal("0.08") * progress)
    else:
        # Nâng cao but below the kiểu mẫu income: between 1.005 and 1.075 × the threshold.
        value = nang_cao * (Decimal("1.005") + Decimal("0.07") * progress)
    return value.quantize(ONE_DECIMAL, ROUND_CEILING if state == GOOD else ROUND_FLOOR)


def _at_least(need: Need, state: str, progress: Decimal, band: Decimal) -> Decimal:
    required = max(v for v in (need.ntm, need.nang_cao) if v is not None)
    if need.value_type == "count":
        if state == GOOD:
            return required + int(progress * 3)
        return max(Decimal(0), required - 1)
    if state == GOOD:
        # A little above the threshold, more for a commune further ahead; never above 100 %.
        if need.value_type == "percent":
            ceiling = min(Decimal(100), max(required + 10, required * Decimal("1.6")))
        else:
            ceiling = required * Decimal("1.6") + 1
        value = required + (ceiling - required) * progress * Decimal("0.8")
        return min(ceiling, value.quantize(ONE_DECIMAL, ROUND_HALF_UP))
    if state == NTM_MISS:
        assert need.ntm is not None
        return (need.ntm * (Decimal("0.75") + Decimal("0.2") * band)).quantize(
            ONE_DECIMAL, ROUND_FLOOR
        )
    assert need.nang_cao is not None
    floor = need.ntm if need.ntm is not None else need.nang_cao * Decimal("0.6")
    return (floor + (need.nang_cao - floor) * band).quantize(ONE_DECIMAL, ROUND_FLOOR)


def _at_most(need: Need, state: str, progress: Decimal, band: Decimal) -> Decimal:
    allowed = min(v for v in (need.ntm, need.nang_cao) if v is not None)
    if state == GOOD:
        return (allowed * (Decimal("0.9") - Decimal("0.5") * progress)).quantize(
            ONE_DECIMAL, ROUND_HALF_UP
        )
    if state == NTM_MISS:
        assert need.ntm is not None
        return (need.ntm * (Decimal("1.1") + Decimal("0.3") * band)).quantize(
            ONE_DECIMAL, ROUND_CEILING
        )
    assert need.nang_cao is not None
    ceiling = need.ntm if need.ntm is not None else need.nang_cao * Decimal("1.6")
    return (need.nang_cao + (ceiling - need.nang_cao) * band).quantize(ONE_DECIMAL, ROUND_CEILING)


def _write_sheet(
    commune: Unit, year: int, values: dict[str, EnteredValue], units: dict[str, str]
) -> None:
    sheet = monitoring.open_sheet(commune, year, actor=ACTOR, is_demo=True)
    sheet = monitoring.save_values(sheet, values, actor=ACTOR, units_of_measure=units)
    if year in LOCKED_YEARS:
        sheet = monitoring.submit_sheet(sheet, actor=ACTOR)
        monitoring.approve_sheet(sheet, actor=ACTOR)


# Decisions and registrations -------------------------------------------------------------------


def _newest(set_id: str) -> SetVersion | None:
    return (
        SetVersion.objects.filter(criteria_set__set_id=set_id, status=SetVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )


def _record_decisions(communes: Mapping[str, Unit]) -> int:
    by_level: dict[str, SetVersion | None] = {
        NTM: None,  # recognised under the 2016–2020 set, before the demo's years
        NANG_CAO: _newest("demo-ha-nam-xa-ntm-nang-cao-2021-2025"),
        KIEU_MAU: _newest("xa-ntm-kieu-mau-2021-2025"),
    }
    created = 0
    for decision in RECOGNITIONS:
        unit = communes[decision.code]
        if Recognition.objects.filter(
            unit=unit, level=decision.level, decision_number=decision.number
        ).exists():
            continue
        recognition = Recognition.objects.create(
            unit=unit,
            level=decision.level,
            decision_number=decision.number,
            decided_on=decision.decided_on,
            issuer=ISSUER,
            set_version=by_level[decision.level],
            is_demo=True,
        )
        audit.record(ACTOR, "recognition.recorded", recognition, unit=unit, data={"note": NOTE})
        created += 1
    return created


def _register_roadmap(communes: Mapping[str, Unit]) -> int:
    created = 0
    for registration in ROADMAP:
        unit = communes[registration.code]
        if RoadmapEntry.objects.filter(unit=unit, level=registration.level).exists():
            continue
        entry = RoadmapEntry.objects.create(
            unit=unit,
            level=registration.level,
            target_year=registration.target_year,
            registered_on=registration.registered_on,
            note="Đăng ký minh họa của bản demo.",
            is_demo=True,
        )
        audit.record(ACTOR, "roadmap.registered", entry, unit=unit, data={"note": NOTE})
        created += 1
    return created
