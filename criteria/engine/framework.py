"""Criteria frameworks as frozen dataclasses, built from the YAML schema of the criteria files.

Plain Python on purpose (STYLE §3): the engine knows nothing about Django or the database, so a
set can be read and tested on its own. `framework_from_dict` takes a dict as `yaml.safe_load` (or a
JSON round trip of it) gives it; `merge_layer` lays a provincial set over a national one.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from types import MappingProxyType
from typing import Any, TypeAlias

ThresholdValue: TypeAlias = Decimal | bool | None

REGIONAL_VARIATIONS = frozenset({"none", "by_region", "by_group", "unknown"})
THRESHOLD_STATUSES = frozenset(
    {"confirmed", "partial", "recalled", "uncertain", "unknown", "illustrative"}
)
COMPARATORS = frozenset({"gte", "lte", "eq"})
NUMERIC_VALUE_TYPES = frozenset({"percent", "number", "money_per_year", "count"})
BOOLEAN_VALUE_TYPE = "boolean"

# Income is criterion 10, one indicator coded "10" (QĐ 318/QĐ-TTg, Phụ lục I; QĐ 1980/QĐ-TTg).
INCOME_CODE = "10"
INCOME_VALUE_TYPE = "money_per_year"

OPTIONAL_MARK = "(nếu có)"
PRESUMED_MARK = " (presumed)"

# QĐ 318/QĐ-TTg: xã đặc biệt khó khăn and xã an toàn khu of poor districts use the TDMNPB values.
DEFAULT_OVERRIDE_FLAGS: Mapping[str, frozenset[str]] = MappingProxyType(
    {"dbkk_atk_as_tdmnpb": frozenset({"dac_biet_kho_khan", "atk_huyen_ngheo"})}
)

# Explicit prerequisite rule ids and the level each one requires.
_PREREQUISITE_IDS: Mapping[str, str] = MappingProxyType(
    {
        "is_xa_ntm": "xa_ntm",
        "is_xa_ntm_nang_cao": "xa_ntm_nang_cao",
        "is_huyen_ntm": "huyen_ntm",
    }
)
# The level below each advanced level: nâng cao needs NTM (QĐ 318/QĐ-TTg, Phụ lục II), kiểu mẫu
# needs nâng cao (QĐ 319/QĐ-TTg).
_PREVIOUS_LEVEL: Mapping[str, str] = MappingProxyType(
    {
        "xa_ntm_nang_cao": "xa_ntm",
        "xa_ntm_kieu_mau": "xa_ntm_nang_cao",
        "huyen_ntm_nang_cao": "huyen_ntm",
    }
)


class FrameworkError(ValueError):
    """Content that cannot become a framework; the message is in Vietnamese for the editor."""


@dataclass(frozen=True)
class SubThreshold:
    """A part of a composite cell ("≥ 95 % (≥ 60 % nước sạch)"): shown, never judged."""

    measure: str
    comparator: str
    general: ThresholdValue
    by_region: Mapping[str, ThresholdValue] = field(default_factory=lambda: MappingProxyType({}))
    applies_to_regions: tuple[str, ...] = ()
    known_range: tuple[Decimal, Decimal] | None = None


@dataclass(frozen=True)
class Threshold:
    regional_variation: str
    general: ThresholdValue
    by_region: Mapping[str, ThresholdValue]
    by_group: Mapping[str, ThresholdValue]
    by_year: Mapping[int, Threshold]
    status: str
    sub_thresholds: tuple[SubThreshold, ...]
    source: str
    known_range: tuple[Decimal, Decimal] | None = None
    set_by: str = ""


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    value_type: str
    unit: str
    comparator: str
    threshold: Threshold | None
    optional: bool
    name_status: str
    notes: str
    applicability: str = ""
    evidence: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()

    @property
    def is_boolean(self) -> bool:
        return self.value_type == BOOLEAN_VALUE_TYPE

    @property
    def is_numeric(self) -> bool:
        return self.value_type in NUMERIC_VALUE_TYPES

    @property
    def threshold_status(self) -> str:
        return self.threshold.status if self.threshold is not None else "unknown"


@dataclass(frozen=True)
class Criterion:
    number: str
    name: str
    group: str
    indicators: tuple[Indicator, ...]
    name_status: str = ""


@dataclass(frozen=True)
class RegionOverride:
    id: str
    flags: frozenset[str]
    region: str
    status: str = ""


@dataclass(frozen=True)
class Condition:
    """A rule that is not an indicator: kiểu mẫu conditions, entry conditions, recognition."""

    id: str
    kind: str
    text: str
    status: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Framework:
    set_id: str
    version: int
    title: str
    level: str
    unit_type: str
    criteria: tuple[Criterion, ...]
    region_overrides: tuple[RegionOverride, ...]
    prerequisite_level: str | None
    conditions: tuple[Condition, ...]
    recognition: tuple[Condition, ...]
    is_illustrative: bool
    legal_basis: Mapping[str, Any]
    placeholders: tuple[str, ...] = ()
    period: tuple[int, int] | None = None
    completeness: str = ""
    province: str | None = None
    base_set_id: str | None = None

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(indicator for criterion in self.criteria for indicator in criterion.indicators)

    @cached_property
    def _by_code(self) -> Mapping[str, Indicator]:
        return MappingProxyType({indicator.code: indicator for indicator in self.indicators})

    def indicator(self, code: str) -> Indicator:
        """The indicator with this code; KeyError when the set has none."""
        return self._by_code[code]

    def has_indicator(self, code: str) -> bool:
        return code in self._by_code

    def criterion(self, number: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.number == number:
                return criterion
        raise KeyError(number)


# Building from dicts ---------------------------------------------------------------------------


def framework_from_dict(data: Mapping[str, Any], *, version: int = 1) -> Framework:
    """Build a framework from the YAML schema of the criteria files (README "Schema")."""
    if not isinstance(data, Mapping):
        raise FrameworkError("Bộ tiêu chí phải là một bảng khóa – giá trị.")
    set_id = _text(data.get("set_id"))
    if not set_id:
        raise FrameworkError("Bộ tiêu chí thiếu set_id.")
    legal_basis = data.get("legal_basis") or {}
    if not isinstance(legal_basis, Mapping):
        raise FrameworkError(f"Bộ tiêu chí {set_id}: legal_basis phải là một bảng khóa – giá trị.")
    rules = data.get("rules") or {}
    if not isinstance(rules, Mapping):
        raise FrameworkError(f"Bộ tiêu chí {set_id}: rules phải là một bảng khóa – giá trị.")
    level = _text(data.get("level"))
    citation = legal_citation(legal_basis)

    criteria: list[Criterion] = []
    placeholders: list[str] = []
    seen_codes: set[str] = set()
    for position, raw_criterion in enumerate(_list(data.get("criteria"), "criteria", set_id), 1):
        criterion, skipped = _criterion(raw_criterion, position, citation, set_id)
        for indicator in criterion.indicators:
            if indicator.code in seen_codes:
                raise FrameworkError(
                    f"Bộ tiêu chí {set_id}: mã chỉ tiêu {indicator.code} bị trùng; "
                    "mỗi chỉ tiêu cần một mã riêng để gắn số liệu."
                )
            seen_codes.add(indicator.code)
        criteria.append(criterion)
        placeholders.extend(skipped)

    period = data.get("period")
    period_years: tuple[int, int] | None = None
    if isinstance(period, Mapping) and period.get("start_year") and period.get("end_year"):
        period_years = (int(period["start_year"]), int(period["end_year"]))

    return Framework(
        set_id=set_id,
        version=version,
        title=_text(data.get("title")),
        level=level,
        unit_type=_text(data.get("unit_type")),
        criteria=tuple(criteria),
        region_overrides=_region_overrides(rules.get("region_override"), set_id),
        prerequisite_level=_prerequisite_level(level, rules.get("prerequisite")),
        conditions=_conditions(rules),
        recognition=_recognition(rules.get("recognition_conditions")),
        is_illustrative=data.get("illustrative") is True,
        legal_basis=_freeze(legal_basis, decimals=False),
        placeholders=tuple(placeholders),
        period=period_years,
        completeness=_text(data.get("completeness")),
        province=_text(data.get("province")) or None,
        base_set_id=_text(data.get("overrides")) or None,
    )


def legal_citation(legal_basis: Mapping[str, Any] | None) -> str:
    """A short citation for display, e.g. "QĐ 318/QĐ-TTg, Phụ lục I"."""
    if not legal_basis:
        return ""
    number = _text(legal_basis.get("number"))
    if number and "QĐ" in number and not number.startswith("QĐ"):
        number = f"QĐ {number}"
    parts = [number or _text(legal_basis.get("issuer"))]
    annex = _text(legal_basis.get("annex"))
    if annex:
        parts.append(annex)
    return ", ".join(part for part in parts if part)


def strip_presumed(code: str) -> tuple[str, bool]:
    """A `maps_to` code without its " (presumed)" mark, and whether the mark was there."""
    if code.endswith(PRESUMED_MARK):
        return code[: -len(PRESUMED_MARK)].strip(), True
    return code.strip(), False


def _criterion(raw: Any, position: int, citation: str, set_id: str) -> tuple[Criterion, list[str]]:
    if not isinstance(raw, Mapping):
        raise FrameworkError(f"Bộ tiêu chí {set_id}: tiêu chí thứ {position} không hợp lệ.")
    number = _code(raw.get("number"), set_id) or f"x{position}"
    indicators: list[Indicator] = []
    placeholders: list[str] = []
    raw_indicators = _list(raw.get("indicators"), f"tiêu chí {number}", set_id)
    for index, raw_indicator in enumerate(raw_indicators, 1):
        if not isinstance(raw_indicator, Mapping):
            raise FrameworkError(
                f"Bộ tiêu chí {set_id}: chỉ tiêu thứ {index} của tiêu chí {number} không hợp lệ."
            )
        code = _indicator_code(raw_indicator, number, index, set_id)
        if _is_placeholder(raw_indicator):
            # README: such slots "may not exist"; judging them would invent an indicator.
            placeholders.append(code)
            continue
        indicators.append(_indicator(raw_indicator, code, citation, set_id))
    criterion = Criterion(
        number=number,
        name=_text(raw.get("name")),
        group=_text(raw.get("group")),
        indicators=tuple(indicators),
        name_status=_text(raw.get("name_status")),
    )
    return criterion, placeholders


def _is_placeholder(raw: Mapping[str, Any]) -> bool:
    # A slot with a translated name only (name_en) is known to exist, so it is kept.
    return raw.get("name") is None and raw.get("name_en") is None and raw.get("threshold") is None


def _indicator_code(raw: Mapping[str, Any], number: str, index: int, set_id: str) -> str:
    code = _code(raw.get("code"), set_id)
    if code:
        return code
    maps_to = _text(raw.get("maps_to"))
    if maps_to:
        return strip_presumed(maps_to)[0]
    return f"{number}.x{index}"


def _indicator(raw: Mapping[str, Any], code: str, citation: str, set_id: str) -> Indicator:
    where = f"Bộ tiêu chí {set_id}, chỉ tiêu {code}"
    comparator = _text(raw.get("comparator"))
    if comparator and comparator not in COMPARATORS:
        raise FrameworkError(f"{where}: phép so sánh '{comparator}' không hợp lệ (gte, lte, eq).")
    status = _text(raw.get("threshold_status")) or "unknown"
    if status not in THRESHOLD_STATUSES:
        raise FrameworkError(f"{where}: trạng thái ngưỡng '{status}' không hợp lệ.")
    evidence = tuple(_text(item) for item in raw.get("evidence") or ())
    source = _text(raw.get("threshold_source")) or _text(raw.get("source")) or citation
    if evidence:
        source = "; ".join(part for part in (source, ", ".join(evidence)) if part)
    raw_threshold = raw.get("threshold")
    threshold = (
        None
        if raw_threshold is None
        else _threshold(raw_threshold, status=status, source=source, parent=None, where=where)
    )
    name = _text(raw.get("name")) or _text(raw.get("name_en"))
    applicability = _text(raw.get("applicability"))
    conflicts = raw.get("conflicts") or ()
    return Indicator(
        code=code,
        name=name,
        value_type=_text(raw.get("value_type")),
        unit=_text(raw.get("unit")),
        comparator=comparator,
        threshold=threshold,
        # Only a whole indicator marked "(nếu có)" may be skipped; the mark inside a longer
        # wording (18.5 of QĐ 318) qualifies one part of it, not the indicator.
        optional=bool(applicability) or _text(raw.get("name")).endswith(OPTIONAL_MARK),
        name_status=_text(raw.get("name_status")),
        notes=_text(raw.get("notes")),
        applicability=applicability,
        evidence=evidence,
        conflicts=tuple(_text(item) for item in conflicts),
    )


def _threshold(raw: Any, *, status: str, source: str, parent: str | None, where: str) -> Threshold:
    if not isinstance(raw, Mapping):
        # A bare value in by_year (Nam Định: {2021: 66}) is that year's single value.
        return Threshold(
            regional_variation="none",
            general=_value(raw, where),
            by_region=MappingProxyType({}),
            by_group=MappingProxyType({}),
            by_year=MappingProxyType({}),
            status=status,
            sub_thresholds=(),
            source=source,
        )
    by_region = _value_map(raw.get("by_region"), where)
    by_group = _value_map(raw.get("by_group"), where)
    variation = _text(raw.get("regional_variation")) or parent or "unknown"
    if variation not in REGIONAL_VARIATIONS:
        raise FrameworkError(f"{where}: regional_variation '{variation}' không hợp lệ.")
    by_year: dict[int, Threshold] = {}
    for year, entry in (raw.get("by_year") or {}).items():
        by_year[_year(year, where)] = _threshold(
            entry, status=status, source=source, parent=variation, where=f"{where}, năm {year}"
        )
    general = _value(raw.get("general"), where)
    known_range = _range(raw.get("known_range"), where)
    sub_thresholds = tuple(_sub_threshold(item, where) for item in raw.get("sub_thresholds") or ())
    applies_to_year = raw.get("applies_to_year")
    if applies_to_year is not None and not by_year:
        # QĐ 1980/QĐ-TTg income values are the 2020 targets; earlier years followed separate
        # guidance, so the values must not be applied to other years.
        by_year[_year(applies_to_year, where)] = Threshold(
            regional_variation=variation,
            general=general,
            by_region=by_region,
            by_group=by_group,
            by_year=MappingProxyType({}),
            status=status,
            sub_thresholds=sub_thresholds,
            source=source,
            known_range=known_range,
        )
    return Threshold(
        regional_variation=variation,
        general=general,
        by_region=by_region,
        by_group=by_group,
        by_year=MappingProxyType(by_year),
        status=status,
        sub_thresholds=sub_thresholds,
        source=source,
        known_range=known_range,
        set_by=_text(raw.get("set_by")),
    )


def _sub_threshold(raw: Any, where: str) -> SubThreshold:
    if not isinstance(raw, Mapping):
        raise FrameworkError(f"{where}: sub_thresholds phải là danh sách bảng khóa – giá trị.")
    return SubThreshold(
        measure=_text(raw.get("measure")),
        comparator=_text(raw.get("comparator")),
        general=_value(raw.get("general"), where),
        by_region=_value_map(raw.get("by_region"), where),
        applies_to_regions=tuple(_text(code) for code in raw.get("applies_to_regions") or ()),
        known_range=_range(raw.get("known_range"), where),
    )


def _region_overrides(raw: Any, set_id: str) -> tuple[RegionOverride, ...]:
    if not isinstance(raw, list):
        return ()  # a prose description ("as in xa-ntm-2021-2025") is not an override
    overrides = []
    for item in raw:
        if not isinstance(item, Mapping):
            continue
        override_id = _text(item.get("id"))
        effect = item.get("effect") or {}
        region = _text(effect.get("use_region")) if isinstance(effect, Mapping) else ""
        if not region:
            raise FrameworkError(
                f"Bộ tiêu chí {set_id}: quy tắc vùng {override_id} thiếu use_region."
            )
        flags_any_of = item.get("flags_any_of")
        if flags_any_of:
            flags = frozenset(_text(flag) for flag in flags_any_of)
        else:
            flags = DEFAULT_OVERRIDE_FLAGS.get(override_id, frozenset())
        overrides.append(
            RegionOverride(
                id=override_id, flags=flags, region=region, status=_text(item.get("status"))
            )
        )
    return tuple(overrides)


def _prerequisite_level(level: str, raw: Any) -> str | None:
    items = raw if isinstance(raw, list) else []
    for item in items:
        if isinstance(item, Mapping) and _text(item.get("id")) in _PREREQUISITE_IDS:
            return _PREREQUISITE_IDS[_text(item.get("id"))]
    level_rules = [item for item in items if isinstance(item, Mapping) and "check" not in item]
    # Kiểu mẫu always stands on nâng cao (QĐ 319/QĐ-TTg), with or without a written rule.
    if level == "xa_ntm_kieu_mau" or level_rules:
        return _PREVIOUS_LEVEL.get(level)
    return None


def _conditions(rules: Mapping[str, Any]) -> tuple[Condition, ...]:
    conditions: list[Condition] = []
    for item in _mappings(rules.get("prerequisite")):
        # Entry conditions with a check (huyện NTM, QĐ 320/QĐ-TTg Phụ lục I) are conditions too;
        # those without one only name the level below.
        if "check" in item:
            conditions.append(_condition(item, status=""))
    for item in _mappings(rules.get("conditions")):
        conditions.append(_condition(item, status=""))
    for group in _mappings(rules.get("groups")):
        # Rule sets grouped by theme (kiểu mẫu 2018-2020): a group that could not be read stays
        # as one undecidable condition, so the set can never be met on the groups that were read.
        group_status = _text(group.get("status"))
        group_conditions = list(_mappings(group.get("conditions")))
        if not group_conditions:
            name = _text(group.get("name")) or _text(group.get("name_en"))
            conditions.append(
                Condition(
                    id=f"group_{_text(group.get('group'))}_unknown",
                    kind="unknown",
                    text=f"Nhóm {_text(group.get('group'))} {name}".strip()
                    + " – nội dung chưa xác định",
                    status=group_status or "unknown",
                    params=MappingProxyType({}),
                )
            )
        for item in group_conditions:
            conditions.append(_condition(item, status=group_status))
    return tuple(conditions)


def _condition(item: Mapping[str, Any], *, status: str) -> Condition:
    check = item.get("check")
    if isinstance(check, list):
        kind = "all_of"
        params: Mapping[str, Any] = _freeze({"checks": check}, decimals=True)
    elif isinstance(check, Mapping):
        kind = _text(check.get("type")) or "unknown"
        params = _freeze(check, decimals=True)
    else:
        kind = "unknown"
        params = MappingProxyType({})
    text = _text(item.get("text")) or _text(item.get("name")) or _text(item.get("name_en"))
    return Condition(
        id=_text(item.get("id")),
        kind=kind,
        text=text,
        status=_text(item.get("status")) or status,
        params=params,
    )


def _recognition(raw: Any) -> tuple[Condition, ...]:
    # A string ("same four conditions as xa-ntm-2021-2025") points at the NTM set: the level
    # chain reads recognition from there (QĐ 18/2022/QĐ-TTg Điều 4).
    if not isinstance(raw, Mapping):
        return ()
    status = _text(raw.get("status"))
    result = []
    for item in _mappings(raw.get("conditions")):
        condition_id = _text(item.get("id"))
        value_type = _text(item.get("value_type"))
        params = {key: item[key] for key in ("value_type", "threshold") if key in item}
        result.append(
            Condition(
                id=condition_id,
                kind=value_type or condition_id,
                text=_text(item.get("text")),
                status=_text(item.get("status")) or status,
                params=_freeze(params, decimals=True),
            )
        )
    return tuple(result)


# Merging a provincial layer --------------------------------------------------------------------


def merge_layer(base: Mapping[str, Any], layer: Mapping[str, Any]) -> dict[str, Any]:
    """A provincial set laid over the national set it implements (README "Provincial layer")."""
    base_id = _text(base.get("set_id"))
    overrides = _text(layer.get("overrides"))
    if overrides and base_id and overrides != base_id:
        raise FrameworkError(
            f"Bộ tiêu chí {_text(layer.get('set_id'))} áp dụng trên bộ {overrides}, "
            f"không phải bộ {base_id}."
        )
    merged: dict[str, Any] = copy.deepcopy(dict(base))
    for key in ("set_id", "title", "legal_basis", "province", "region"):
        if key in layer:
            merged[key] = copy.deepcopy(layer[key])
    merged["overrides"] = base_id or None
    merged["illustrative"] = base.get("illustrative") is True or layer.get("illustrative") is True
    rules = dict(merged.get("rules") or {})
    rules.update(copy.deepcopy(dict(layer.get("rules") or {})))
    merged["rules"] = rules

    raises_only = layer.get("raises_only") is True
    province = _text(layer.get("province")) or _text(layer.get("set_id"))
    layer_region = _text(layer.get("region")) or None
    layer_source = legal_citation(layer.get("legal_basis"))
    criteria: list[dict[str, Any]] = [dict(c) for c in merged.get("criteria") or []]
    for criterion in criteria:
        criterion["indicators"] = [dict(i) for i in criterion.get("indicators") or []]
    merged["criteria"] = criteria

    unnumbered: dict[int, dict[str, Any]] = {}
    for layer_criterion in layer.get("criteria") or []:
        for raw in layer_criterion.get("indicators") or []:
            indicator = copy.deepcopy(dict(raw))
            indicator["source"] = layer_source
            target, notes = _layer_target(indicator)
            found = _find_indicator(criteria, target) if target else None
            if found is not None and target is not None:
                current = found[0]["indicators"][found[1]]
                if raises_only:
                    _check_raises_only(target, current, indicator, layer_region)
                if "maps_to" in raw or notes:
                    replacement = _mapped_indicator(current, indicator, province, notes)
                else:
                    replacement = indicator
                found[0]["indicators"][found[1]] = replacement
                continue
            if target is not None:
                indicator["code"] = target
                indicator.pop("maps_to", None)
                parts = [*notes, _text(indicator.get("notes"))]
                indicator["notes"] = "; ".join(part for part in parts if part)
            number = layer_criterion.get("number")
            if number is None and target is not None:
                number = target.split(".")[0]
            if number is None:
                # An unnumbered provincial criterion becomes one new criterion, not one per indicator.
                slot = id(layer_criterion)
                if slot not in unnumbered:
                    unnumbered[slot] = _criterion_for(criteria, None, layer_criterion)
                unnumbered[slot]["indicators"].append(indicator)
            else:
                _criterion_for(criteria, number, layer_criterion)["indicators"].append(indicator)
    return merged


def _layer_target(indicator: dict[str, Any]) -> tuple[str | None, list[str]]:
    """The national code a layer indicator stands for, and notes on how that was decided."""
    code = _text(indicator.get("code"))
    if code:
        return code, []
    maps_to = _text(indicator.get("maps_to"))
    if maps_to:
        target, presumed = strip_presumed(maps_to)
        if presumed:
            return target, [f"Ánh xạ sang chỉ tiêu quốc gia {target} là giả định (presumed)"]
        return target, []
    if _text(indicator.get("value_type")) == INCOME_VALUE_TYPE:
        # Provincial kiểu mẫu sets (Nam Định) give the income level without a code; the national
        # income indicator is "10", which the kiểu mẫu income condition (QĐ 319/QĐ-TTg) reads.
        return INCOME_CODE, [f"Coi là chỉ tiêu thu nhập {INCOME_CODE} (suy ra từ đơn vị tiền/năm)"]
    return None, []


def _mapped_indicator(
    current: Mapping[str, Any], layer: Mapping[str, Any], province: str, notes: list[str]
) -> dict[str, Any]:
    # The national code and name stay, so values keep their key; the province's wording and
    # threshold travel with it.
    replaced = dict(current)
    for key in ("threshold", "threshold_status", "comparator", "unit", "value_type", "evidence"):
        if key in layer:
            replaced[key] = copy.deepcopy(layer[key])
    replaced["source"] = layer.get("source")
    replaced.pop("threshold_source", None)
    replaced.pop("unverified_hint", None)
    replaced.pop("conflicts", None)
    parts = [f"Cấp tỉnh ({province}): {_text(layer.get('name'))}", *notes]
    if _text(layer.get("notes")):
        parts.append(_text(layer.get("notes")))
    replaced["notes"] = "; ".join(parts)
    return replaced


def _find_indicator(criteria: list[dict[str, Any]], code: str) -> tuple[dict[str, Any], int] | None:
    for criterion in criteria:
        for index, indicator in enumerate(criterion["indicators"]):
            if _text(indicator.get("code")) == code:
                return criterion, index
    return None


def _criterion_for(
    criteria: list[dict[str, Any]], number: Any, layer_criterion: Mapping[str, Any]
) -> dict[str, Any]:
    for criterion in criteria:
        if number is not None and _text(criterion.get("number")) == _text(number):
            return criterion
    added = {
        key: copy.deepcopy(value)
        for key, value in layer_criterion.items()
        if key not in {"indicators", "number"}
    }
    added["number"] = number
    added["indicators"] = []
    criteria.append(added)
    return added


def _check_raises_only(
    code: str, base: Mapping[str, Any], layer: Mapping[str, Any], region: str | None
) -> None:
    """Provinces may set or raise a national threshold, never lower it."""
    base_comparator = _text(base.get("comparator"))
    comparator = _text(layer.get("comparator")) or base_comparator
    if comparator not in {"gte", "lte"} or (base_comparator and base_comparator != comparator):
        return  # a different kind of measure: nothing to compare
    if _text(base.get("threshold_status")) not in {"confirmed", "partial", "illustrative"}:
        return  # an unverified national number is not a floor anyone can rely on
    where = f"chỉ tiêu {code}"
    base_points = _known_points(base.get("threshold"), where)
    for year, scope, value in _points(layer.get("threshold"), None, where):
        scope = scope or region
        for base_year, base_scope, base_value in base_points:
            if year is not None and base_year is not None and year != base_year:
                continue
            if base_scope is not None and base_scope != scope:
                continue
            lower = comparator == "gte" and value < base_value
            higher = comparator == "lte" and value > base_value
            if not (lower or higher):
                continue
            context = ", ".join(
                part
                for part in (
                    f"năm {base_year}" if base_year is not None else "",
                    f"vùng {base_scope}" if base_scope else "",
                )
                if part
            )
            context = f" ({context})" if context else ""
            if lower:
                raise FrameworkError(
                    f"Chỉ tiêu {code}: ngưỡng của tỉnh {value} thấp hơn ngưỡng quốc gia "
                    f"{base_value}{context} – tỉnh chỉ được giữ nguyên hoặc nâng ngưỡng."
                )
            raise FrameworkError(
                f"Chỉ tiêu {code}: ngưỡng của tỉnh {value} cao hơn mức tối đa quốc gia "
                f"{base_value}{context} – tỉnh chỉ được giữ nguyên hoặc siết chặt ngưỡng."
            )


def _known_points(raw: Any, where: str) -> list[tuple[int | None, str | None, Decimal]]:
    # The general value binds every region only when the set has no regional columns.
    return [
        point
        for point in _points(raw, None, where)
        if point[1] is not None or _variation_at(raw, point[0]) == "none"
    ]


def _variation_at(raw: Any, year: int | None) -> str:
    if not isinstance(raw, Mapping):
        return "none"
    variation = _text(raw.get("regional_variation")) or "unknown"
    if year is not None:
        for key, entry in (raw.get("by_year") or {}).items():
            if _year(key, "") == year and isinstance(entry, Mapping):
                return _text(entry.get("regional_variation")) or variation
    return variation


def _points(raw: Any, year: int | None, where: str) -> list[tuple[int | None, str | None, Decimal]]:
    """Every numeric value of a threshold as (year, region or group, value)."""
    if raw is None:
        return []
    if not isinstance(raw, Mapping):
        value = _value(raw, where)
        return [(year, None, value)] if isinstance(value, Decimal) else []
    points: list[tuple[int | None, str | None, Decimal]] = []
    general = _value(raw.get("general"), where)
    if isinstance(general, Decimal):
        points.append((year, None, general))
    for key in ("by_region", "by_group"):
        for scope, value in _value_map(raw.get(key), where).items():
            if isinstance(value, Decimal):
                points.append((year, scope, value))
    for entry_year, entry in (raw.get("by_year") or {}).items():
        points.extend(_points(entry, _year(entry_year, where), where))
    return points


# Small converters ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _code(value: Any, set_id: str) -> str:
    if isinstance(value, float):
        # YAML reads 17.10 unquoted as 17.1: refuse rather than silently rename an indicator.
        raise FrameworkError(f"Bộ tiêu chí {set_id}: mã {value!r} phải viết trong ngoặc kép.")
    return _text(value)


def _list(value: Any, what: str, set_id: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise FrameworkError(f"Bộ tiêu chí {set_id}: {what} phải là một danh sách.")
    return value


def _mappings(value: Any) -> Iterable[Mapping[str, Any]]:
    if not isinstance(value, list):
        return ()
    return [item for item in value if isinstance(item, Mapping)]


def _value(raw: Any, where: str) -> ThresholdValue:
    """A threshold value as Decimal (never float) or bool."""
    if raw is None or isinstance(raw, bool):
        return raw
    if isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, int | float | str):
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation as error:
            raise FrameworkError(f"{where}: '{raw}' không phải là số.") from error
    else:
        raise FrameworkError(f"{where}: giá trị ngưỡng '{raw}' không hợp lệ.")
    if not number.is_finite():
        raise FrameworkError(f"{where}: '{raw}' không phải là số hữu hạn.")
    return number


def _value_map(raw: Any, where: str) -> Mapping[str, ThresholdValue]:
    if not raw:
        return MappingProxyType({})
    if not isinstance(raw, Mapping):
        raise FrameworkError(f"{where}: by_region / by_group phải là bảng khóa – giá trị.")
    return MappingProxyType({_text(key): _value(value, where) for key, value in raw.items()})


def _year(raw: Any, where: str) -> int:
    # JSON storage turns the integer keys of by_year into strings.
    try:
        return int(str(raw))
    except ValueError as error:
        raise FrameworkError(f"{where}: năm '{raw}' không hợp lệ.") from error


def _range(raw: Any, where: str) -> tuple[Decimal, Decimal] | None:
    if not isinstance(raw, list) or len(raw) != 2:
        return None
    low, high = _value(raw[0], where), _value(raw[1], where)
    if isinstance(low, Decimal) and isinstance(high, Decimal):
        return low, high
    return None


def _freeze(value: Any, *, decimals: bool) -> Any:
    """A read-only copy; with decimals, every number becomes a Decimal."""
    if isinstance(value, Mapping):
        return MappingProxyType(
            {key: _freeze(item, decimals=decimals) for key, item in value.items()}
        )
    if isinstance(value, list | tuple):
        return tuple(_freeze(item, decimals=decimals) for item in value)
    if decimals and isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    return value
