"""Batch evaluation: a file of indicator values judged against one criteria set, and a bulk path.

`evaluate_file` reads a CSV (README "Batch evaluation"), checks every row and evaluates each unit
and year; `write_report` writes the results as JSON or CSV (`chidao evaluate`). `assess_in_bulk`
judges the values stored in the database for many communes and years and stores Assessments in
bulk (bench/evaluate_national.py).

Both go through the engine calls of `criteria.services.judge` (`judge_frameworks`, and
`BulkEvaluator` for a single set), so a file, the bulk path and the screens give the same
statuses for the same data; criteria/tests/test_evaluate_cli.py compares them.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit import services as audit
from criteria.engine import (
    NOT_APPLICABLE,
    Criterion,
    CriterionResult,
    Evaluation,
    Framework,
    Indicator,
    IndicatorResult,
    LevelChain,
    Qualification,
    ResolvedThreshold,
    UnitProfile,
    Value,
    Verdict,
    condition_value_key,
    conjunction,
    effective_region,
    evaluate,
    judge_criterion,
    judge_indicator,
    qualify,
    resolve_threshold,
)
from criteria.models import Assessment, CommuneProfile, CriteriaSet, Recognition, SetVersion
from criteria.services import (
    CHAIN_LEVELS,
    assessment_details,
    framework_for,
    province_of,
    sets_in_force,
)
from monitoring.models import IndicatorValue
from units.loading import REGIONS_FILE, region_codes
from units.models import Unit

COLUMNS = ("unit", "region", "group", "year", "indicator", "value")
REQUIRED_COLUMNS = ("unit", "year", "indicator", "value")
FORMATS = ("json", "csv")

NTM = CriteriaSet.Level.XA_NTM.value
NANG_CAO = CriteriaSet.Level.XA_NTM_NANG_CAO.value
KIEU_MAU = CriteriaSet.Level.XA_NTM_KIEU_MAU.value

# The words of the entry screen (monitoring/forms.py), and "không đạt".
TRUE_WORDS = frozenset({"có", "co", "đạt", "true", "yes", "x", "1"})
FALSE_WORDS = frozenset({"không", "khong", "không đạt", "chưa đạt", "false", "no", "0"})
NOT_APPLICABLE_WORDS = frozenset({"không áp dụng", "khong ap dung", "na", "n/a", "kad"})
# The value type of a kiểu mẫu condition's input (QĐ 319/QĐ-TTg), as the entry screen has it.
CONDITION_VALUE_TYPES = {
    "count_gte": "count",
    "share_gte": "percent",
    "number_gte": "number",
    "boolean": "boolean",
}
# IndicatorValue.number holds 18 digits, 4 of them after the decimal mark.
MAX_DECIMAL_PLACES = 4
MAX_WHOLE_DIGITS = 14
RECOGNITION_PREFIX = "rc."
UNIT_LEVEL_OF_TYPE = {
    "xa": Unit.Level.COMMUNE,
    "huyen": Unit.Level.DISTRICT,
    "thi_xa_thanh_pho_thuoc_tinh": Unit.Level.DISTRICT,
    "tinh": Unit.Level.PROVINCE,
}
FIRST_YEAR, LAST_YEAR = 1990, 2100
ID_CHUNK = 2000

_DIGITS = re.compile(r"\d+")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


class BatchError(Exception):
    """An input that cannot be evaluated; `errors` lists every problem with its row and column."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


# Reading values --------------------------------------------------------------------------


def parse_number(text: str) -> Decimal:
    """A number written "1.234,5" (Vietnamese) or "1234.5" (plain); ValueError says why not.

    The last separator of a number that has both "." and "," is the decimal mark and the other
    groups thousands. A single separator is the decimal mark, except "1,234" / "1.234" (one to
    three digits, not starting with 0, then exactly three): that could be either, so it is refused.
    A separator repeated ("1.234.567") groups thousands. A trailing "%" is dropped.
    """
    raw = text.strip()
    body = raw.removesuffix("%").strip()
    if not _NUMBER.fullmatch(body):
        raise ValueError(f"'{raw}' không phải là số")
    sign = "-" if body.startswith("-") else ""
    digits = body.lstrip("+-")
    separators = [char for char in digits if char in ".,"]
    if not separators:
        return Decimal(sign + digits)
    kinds = set(separators)
    if len(kinds) == 2:
        decimal_mark = separators[-1]
        if separators.count(decimal_mark) > 1:
            raise ValueError(f"'{raw}' có nhiều dấu thập phân '{decimal_mark}'")
        whole, fraction = digits.rsplit(decimal_mark, 1)
        return Decimal(sign + _ungrouped(whole, raw) + "." + fraction)
    mark = separators[0]
    if len(separators) > 1:
        return Decimal(sign + _ungrouped(digits, raw))
    whole, fraction = digits.split(mark)
    if len(fraction) == 3 and len(whole) <= 3 and not whole.startswith("0"):
        raise ValueError(
            f"'{raw}' có thể là {whole}{mark}{fraction} hoặc {whole}{fraction}: hãy bỏ dấu phân "
            f"cách hàng nghìn ({whole}{fraction}) hoặc thêm chữ số thập phân ({whole}{mark}{fraction}0)"
        )
    return Decimal(sign + whole + "." + fraction)


def _ungrouped(grouped: str, raw: str) -> str:
    """Digits grouped by thousands ("1.234.567") without their separators."""
    plain = grouped.replace(".", "").replace(",", "")
    groups = re.split(r"[.,]", grouped)
    if not (1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])):
        raise ValueError(f"'{raw}': dấu phân cách hàng nghìn phải chia các nhóm 3 chữ số")
    return plain


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def parse_boolean(text: str) -> bool:
    """Có/đạt/true/1 or không/không đạt/chưa đạt/false/0, in any case; ValueError otherwise."""
    word = _words(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(
        f"'{text.strip()}' không phải là giá trị có/không (dùng có, không, đạt, không đạt, 1, 0)"
    )


@dataclass(frozen=True)
class InputKind:
    """What a code of the values may hold: an indicator's value, a number or a yes/no."""

    kind: str  # "indicator", or the value type of a condition: boolean, percent, number, count
    indicator: Indicator | None = None


def parse_value(text: str, kind: InputKind) -> Value:
    """The value of one cell for a code, as the engine reads it; ValueError says why not."""
    word = _words(text)
    if not word:
        raise ValueError("không được để trống (bỏ dòng nếu chưa có số liệu)")
    indicator = kind.indicator
    if word in NOT_APPLICABLE_WORDS:
        if indicator is None or not indicator.optional:
            raise ValueError(
                "chỉ tiêu này không có mục (nếu có) nên không thể ghi 'không áp dụng'"
                if indicator is not None
                else "điều kiện này không thể ghi 'không áp dụng'"
            )
        return NOT_APPLICABLE
    if kind.kind == "boolean" or (indicator is not None and indicator.is_boolean):
        return parse_boolean(text)
    if indicator is not None and not indicator.is_numeric:
        # A value type the engine does not check (none given): a number, else a yes/no.
        try:
            return _finite(parse_number(text), text)
        except ValueError:
            return parse_boolean(text)
    if word in TRUE_WORDS - {"1"} or word in FALSE_WORDS - {"0"}:
        raise ValueError(f"cần một số, không phải '{text.strip()}'")
    number = _finite(parse_number(text), text)
    value_type = indicator.value_type if indicator is not None else kind.kind
    if value_type == "percent" and not Decimal(0) <= number <= Decimal(100):
        raise ValueError(f"tỷ lệ phải từ 0 đến 100 (%), không phải {text.strip()}")
    if value_type == "count" and (number < 0 or number != number.to_integral_value()):
        raise ValueError(f"số lượng phải là số nguyên không âm, không phải {text.strip()}")
    if value_type == "money_per_year" and number < 0:
        raise ValueError(f"thu nhập không được âm ({text.strip()})")
    return number


def _finite(number: Decimal, text: str) -> Decimal:
    """A number the database can store as it is, so the screens see the same value."""
    if not number.is_finite():
        raise ValueError(f"'{text.strip()}' không phải là số hữu hạn")
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMAL_PLACES:
        raise ValueError(
            f"'{text.strip()}' có quá {MAX_DECIMAL_PLACES} chữ số sau dấu thập phân "
            "(số liệu được lưu với tối đa 4 chữ số thập phân)"
        )
    if abs(number) >= Decimal(10) ** MAX_WHOLE_DIGITS:
        raise ValueError(f"'{text.strip()}' quá lớn")
    return number


@dataclass(frozen=True)
class InputRow:
    line: int
    cells: Mapping[str, str]

    def place(self, column: str) -> str:
        return f"Dòng {self.line}, cột '{column}'"


def read_rows(path: Path) -> list[InputRow]:
    """The data rows of a values CSV (UTF-8, optional BOM, "," or ";"), or BatchError."""
    label = f"Tệp {path.name}"
    try:
        content = path.read_bytes()
    except OSError as error:
        raise BatchError([f"{label}: không đọc được tệp ({error.strerror or error})."]) from error
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BatchError(
            [
                f"{label}: tệp không phải văn bản UTF-8 (byte lỗi ở vị trí {error.start}); "
                "hãy lưu lại dưới dạng 'CSV UTF-8'."
            ]
        ) from error
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise BatchError([f"{label}: tệp trống; dòng đầu phải là tiêu đề {','.join(COLUMNS)}."])
    first_line = text.lstrip().partition("\n")[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[InputRow] = []
    errors: list[str] = []
    try:
        header: list[str] = []
        while not any(header):
            header = [name.strip().lower() for name in next(reader)]
        header_line = reader.line_num
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        unknown = [name for name in header if name and name not in COLUMNS]
        repeated = sorted({name for name in header if name and header.count(name) > 1})
        if missing:
            errors.append(
                f"{label}, dòng {header_line}: thiếu cột {', '.join(map(repr, missing))}."
            )
        if unknown:
            errors.append(
                f"{label}, dòng {header_line}: không nhận cột {', '.join(map(repr, unknown))}; "
                f"các cột dùng được là {', '.join(COLUMNS)}."
            )
        if repeated:
            errors.append(
                f"{label}, dòng {header_line}: cột {', '.join(map(repr, repeated))} "
                "xuất hiện nhiều lần."
            )
        if errors:
            raise BatchError(errors)
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                errors.append(
                    f"Dòng {reader.line_num}: có {len(cells)} ô, nhiều hơn {len(header)} cột "
                    f"của dòng tiêu đề (dấu phân cách là '{delimiter}')."
                )
                continue
            values = dict.fromkeys(COLUMNS, "")
            values.update(
                (name, " ".join(cell.split())) for name, cell in zip(header, cells, strict=False)
            )
            rows.append(InputRow(reader.line_num, values))
    except StopIteration:
        raise BatchError([f"{label}: tệp không có dòng tiêu đề."]) from None
    except csv.Error as error:
        errors.append(f"Dòng {reader.line_num}: {error}.")
    if errors:
        raise BatchError(errors)
    if not rows:
        raise BatchError([f"{label}: không có dòng dữ liệu nào dưới dòng tiêu đề."])
    return rows


# The set and the units -------------------------------------------------------------------


def newest_published(set_id: str) -> SetVersion:
    """The newest published version of a loaded set (national or provincial layer)."""
    version = (
        SetVersion.objects.filter(criteria_set__set_id=set_id, status=SetVersion.Status.PUBLISHED)
        .select_related("criteria_set", "criteria_set__province")
        .order_by("-number")
        .first()
    )
    if version is None:
        known = CriteriaSet.objects.filter(set_id=set_id).exists()
        raise BatchError(
            [
                f"Bộ tiêu chí '{set_id}' chưa có phiên bản đã ban hành."
                if known
                else f"Không có bộ tiêu chí '{set_id}' (xem các bộ đã nạp bằng chidao load-criteria)."
            ]
        )
    return version


@dataclass(frozen=True)
class Subject:
    """The unit a row is about: a unit of the database, or one known only by the file."""

    code: str
    name: str
    unit: Unit | None = None

    @property
    def identity(self) -> tuple[str, object]:
        if self.unit is not None:
            return ("unit", self.unit.pk)
        return ("file", _words(self.code or self.name))

    @property
    def key(self) -> str:
        return self.unit.key if self.unit is not None else ""


def _existed_in(unit: Unit, year: int) -> bool:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (unit.valid_from is None or unit.valid_from <= end) and (
        unit.valid_to is None or unit.valid_to >= start
    )


def _where(unit: Unit) -> str:
    names = []
    node = unit.parent
    while node is not None:
        names.append(node.name)
        node = node.parent
    return f"{unit.code or unit.key} {unit.name}" + (f" ({', '.join(names)})" if names else "")


class UnitFinder:
    """Finds the unit of a `unit` cell by key, official code or name, in a few queries."""

    def __init__(self, cells: Iterable[str], level: int | None) -> None:
        cells = {cell for cell in cells if cell}
        units = Unit.objects.filter(tree=Unit.Tree.ADMINISTRATIVE).select_related(
            "parent", "parent__parent", "parent__parent__parent"
        )
        if level is not None:
            units = units.filter(level=level)
        self._by_key: dict[str, Unit] = {}
        self._by_code: dict[str, list[Unit]] = {}
        self._by_name: dict[str, list[Unit]] = {}
        chunks = _chunks(sorted(cells))
        for chunk in chunks:
            for unit in units.filter(key__in=chunk):
                self._by_key[unit.key] = unit
            for unit in units.filter(code__in=chunk):
                self._by_code.setdefault(unit.code, []).append(unit)
        names = {_words(cell) for cell in cells if not _DIGITS.fullmatch(cell)}
        names -= {_words(key) for key in self._by_key}
        if names:
            wanted = [pk for pk, name in units.values_list("pk", "name") if _words(name) in names]
            for chunk_ids in _chunks(wanted):
                for unit in units.filter(pk__in=chunk_ids):
                    self._by_name.setdefault(_words(unit.name), []).append(unit)

    def find(self, cell: str, year: int | None) -> Unit | None:
        """The unit the cell names in the year, None if the database has none; ValueError if
        the cell could name several units or names a unit that did not exist in the year."""
        if cell in self._by_key:
            unit = self._by_key[cell]
            if year is not None and not _existed_in(unit, year):
                raise ValueError(f"đơn vị {_where(unit)} không tồn tại trong năm {year}")
            return unit
        candidates = self._by_code.get(cell) or self._by_name.get(_words(cell)) or []
        if not candidates:
            return None
        in_year = [unit for unit in candidates if year is None or _existed_in(unit, year)]
        if not in_year:
            raise ValueError(
                f"'{cell}' là {', '.join(_where(unit) for unit in candidates)}, "
                f"không tồn tại trong năm {year}"
            )
        codes = sorted({unit.code or unit.key for unit in in_year})
        if len(codes) > 1:
            listed = "; ".join(_where(unit) for unit in sorted(in_year, key=lambda u: u.code))
            raise ValueError(
                f"tên '{cell}' trùng với {len(in_year)} đơn vị: {listed}; hãy ghi mã đơn vị"
            )
        if len(in_year) > 1 and year is not None:
            # A code kept through the 2025 reorganisation names the old and the new commune:
            # the year's result belongs to the unit in existence at the end of the year.
            at_end = [unit for unit in in_year if unit.exists_on(dt.date(year, 12, 31))]
            if len(at_end) == 1:
                return at_end[0]
            listed = "; ".join(f"{unit.key} {_where(unit)}" for unit in in_year)
            raise ValueError(f"'{cell}' ứng với nhiều đơn vị: {listed}; hãy ghi khóa đơn vị")
        return in_year[0]


def _chunks(items: Sequence[Any], size: int = ID_CHUNK) -> list[Sequence[Any]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


@cache
def group_codes() -> frozenset[str]:
    """Commune groups of 2026–2030 (regions.yaml, scheme nhom_xa_2026)."""
    scheme = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))["schemes"]["nhom_xa_2026"]
    return frozenset(group["code"] for group in scheme["groups"])


def profiles_for(units: Sequence[Unit], year: int) -> dict[int, UnitProfile]:
    """`criteria.services.profile_for` for many units, in two queries per 2,000 units."""
    stored: dict[int, CommuneProfile] = {}
    recognised: dict[int, str] = {}
    for chunk in _chunks([unit.pk for unit in units]):
        stored.update(
            (profile.unit_id, profile)
            for profile in CommuneProfile.objects.filter(unit_id__in=chunk, year=year)
        )
        rows = (
            Recognition.objects.filter(unit_id__in=chunk, decided_on__year__lte=year)
            .order_by("unit_id", "decided_on")
            .values_list("unit_id", "level")
        )
        recognised.update(rows)  # the latest decision of each unit comes last
    profiles = {}
    for unit in units:
        profile = stored.get(unit.pk)
        profiles[unit.pk] = UnitProfile(
            region=unit.region or None,
            group=(profile.group or None) if profile else None,
            flags=profile.flags if profile else frozenset(),
            recognised_level=recognised.get(unit.pk),
        )
    return profiles


# Evaluating ------------------------------------------------------------------------------


def judge_frameworks(
    frameworks: Mapping[str, Framework],
    profile: UnitProfile,
    values: Mapping[str, Value],
    *,
    year: int,
) -> tuple[dict[str, Evaluation], Qualification | None]:
    """Every level's evaluation and the level reached, with the engine calls of services.judge.

    `qualify` evaluates the NTM and nâng cao sets of the chain with the same arguments as judge's
    own `evaluate` calls, so their evaluations are taken from its steps instead of computed twice.
    """
    evaluations: dict[str, Evaluation] = {}
    qualification = None
    if NTM in frameworks:
        chain = LevelChain(
            ntm=frameworks[NTM],
            nang_cao=frameworks.get(NANG_CAO),
            kieu_mau=frameworks.get(KIEU_MAU),
        )
        qualification = qualify(chain, profile, values, year=year)
        for step in qualification.steps:
            if step.level != KIEU_MAU and step.evaluation is not None:
                evaluations[step.level] = step.evaluation
    for level, framework in frameworks.items():
        if level not in evaluations and framework.level != KIEU_MAU:
            evaluations[level] = evaluate(framework, profile, values, year=year)
    return evaluations, qualification


def chain_versions(
    version: SetVersion, year: int, *, province: Unit | None
) -> dict[str, SetVersion]:
    """The chosen version and, for nâng cao and kiểu mẫu, the levels below it in force that year.

    The province's own sets win for a known unit; a unit unknown to the database (province None)
    gets the national sets.
    """
    level = version.criteria_set.level
    if level not in CHAIN_LEVELS:
        return {level: version}
    position = CHAIN_LEVELS.index(level)
    chosen = {
        below: in_force
        for below, in_force in sets_in_force(year, province=province).items()
        if below in CHAIN_LEVELS and CHAIN_LEVELS.index(below) < position
    }
    chosen[level] = version
    return chosen


def accepted_codes(frameworks: Mapping[str, Framework], first: Framework) -> dict[str, InputKind]:
    """The codes a values file may give for these frameworks, and what each may hold."""
    accepted: dict[str, InputKind] = {}
    ordered = [first, *(framework for framework in frameworks.values() if framework is not first)]
    for framework in ordered:
        for indicator in framework.indicators:
            accepted.setdefault(indicator.code, InputKind("indicator", indicator))
        if framework.level == KIEU_MAU:
            for condition in framework.conditions:
                if condition.kind in CONDITION_VALUE_TYPES:
                    kind = InputKind(CONDITION_VALUE_TYPES[condition.kind])
                    accepted.setdefault(condition_value_key(condition), kind)
        if framework.level == NTM and NTM in frameworks:
            # Recognition conditions (QĐ 18/2022/QĐ-TTg Điều 4), read by qualify as "rc.<id>".
            for condition in framework.recognition:
                if condition.kind == "boolean":
                    accepted.setdefault(RECOGNITION_PREFIX + condition.id, InputKind("boolean"))
                elif condition.kind == "percent":
                    accepted.setdefault(RECOGNITION_PREFIX + condition.id, InputKind("percent"))
    return accepted


@dataclass
class _Case:
    subject: Subject
    year: int
    versions: dict[str, SetVersion]
    profile: UnitProfile
    region_line: int | None = None
    group_line: int | None = None
    values: dict[str, Value] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitYearResult:
    """One unit's result for a year against the chosen set, with the chain below it."""

    subject: Subject
    year: int
    level: str  # the chosen set's level
    profile: UnitProfile
    versions: Mapping[str, SetVersion]
    evaluation: Evaluation
    evaluations: Mapping[str, Evaluation]
    qualification: Qualification | None
    values: Mapping[str, Value]


@dataclass(frozen=True)
class BatchReport:
    version: SetVersion
    framework: Framework
    results: list[UnitYearResult]
    generated_at: dt.datetime

    @property
    def unit_count(self) -> int:
        return len({result.subject.identity for result in self.results})

    @property
    def year_count(self) -> int:
        return len({result.year for result in self.results})


def evaluate_file(set_id: str, path: Path) -> BatchReport:
    """Check every row of a values file and evaluate each unit and year; BatchError lists all
    problems (row, column, reason) and nothing is evaluated when there is one."""
    version = newest_published(set_id)
    framework = framework_for(version)
    rows = read_rows(path)
    return evaluate_rows(version, framework, rows)


def evaluate_rows(version: SetVersion, framework: Framework, rows: list[InputRow]) -> BatchReport:
    """The checks and evaluation of `evaluate_file`, for rows already read."""
    checker = _RowChecker(version, framework, rows)
    errors: list[str] = []
    for row in rows:
        errors.extend(checker.check(row))
    if errors:
        raise BatchError(errors)
    level = version.criteria_set.level
    results = []
    for case in checker.cases.values():
        frameworks = {lvl: framework_for(v) for lvl, v in case.versions.items()}
        evaluations, qualification = judge_frameworks(
            frameworks, case.profile, case.values, year=case.year
        )
        step = qualification.step(level) if qualification is not None else None
        if level in evaluations:
            chosen = evaluations[level]
        elif step is not None and step.evaluation is not None:
            chosen = step.evaluation
        else:
            # A kiểu mẫu set without criteria of its own: its conditions are in the chain.
            chosen = evaluate(framework, case.profile, case.values, year=case.year)
        results.append(
            UnitYearResult(
                subject=case.subject,
                year=case.year,
                level=level,
                profile=case.profile,
                versions=case.versions,
                evaluation=chosen,
                evaluations=evaluations,
                qualification=qualification,
                values=case.values,
            )
        )
    return BatchReport(version, framework, results, timezone.localtime())


class _RowChecker:
    """Checks rows one by one, gathering each unit and year's values into a case."""

    def __init__(self, version: SetVersion, framework: Framework, rows: list[InputRow]) -> None:
        self.version, self.framework = version, framework
        self.criteria_set = version.criteria_set
        self.regions, self.groups = region_codes(), group_codes()
        self.finder = UnitFinder(
            (row.cells["unit"] for row in rows), UNIT_LEVEL_OF_TYPE.get(self.criteria_set.unit_type)
        )
        self.cases: dict[tuple[tuple[str, object], int], _Case] = {}
        self._versions: dict[tuple[int | None, int], dict[str, SetVersion]] = {}
        self._accepted: dict[tuple[int, ...], dict[str, InputKind]] = {}
        self.profiles = self._known_profiles(rows)

    def _known_profiles(self, rows: list[InputRow]) -> dict[tuple[int, int], UnitProfile]:
        """The stored profiles of the known units of the file, in bulk for each year."""
        known_by_year: dict[int, dict[int, Unit]] = {}
        for row in rows:
            year = _year_or_none(row.cells["year"])
            try:
                unit = self.finder.find(row.cells["unit"], year) if year is not None else None
            except ValueError:
                continue
            if unit is not None and year is not None:
                known_by_year.setdefault(year, {})[unit.pk] = unit
        profiles = {}
        for year, units in known_by_year.items():
            for unit_id, profile in profiles_for(list(units.values()), year).items():
                profiles[(unit_id, year)] = profile
        return profiles

    def versions_for(self, province: Unit | None, year: int) -> dict[str, SetVersion]:
        key = (province.pk if province is not None else None, year)
        if key not in self._versions:
            self._versions[key] = chain_versions(self.version, year, province=province)
        return self._versions[key]

    def accepted_for(self, versions: Mapping[str, SetVersion]) -> dict[str, InputKind]:
        key = tuple(sorted(version.pk for version in versions.values()))
        if key not in self._accepted:
            frameworks = {level: framework_for(version) for level, version in versions.items()}
            self._accepted[key] = accepted_codes(frameworks, self.framework)
        return self._accepted[key]

    def check(self, row: InputRow) -> list[str]:
        """Every problem of one row; a good row's value goes into its case."""
        errors: list[str] = []
        year = self._year(row, errors)
        region = self._code_cell(row, "region", self.regions, "mã vùng", errors)
        group = self._code_cell(row, "group", self.groups, "mã nhóm xã", errors)
        unit, subject = self._unit(row, year, errors)
        province = province_of(unit) if unit is not None else None
        case: _Case | None = None
        if subject is not None and year is not None:
            identity = (subject.identity, year)
            case = self.cases.get(identity)
            if case is None:
                profile = self.profiles[(unit.pk, year)] if unit is not None else UnitProfile()
                case = self.cases[identity] = _Case(
                    subject, year, self.versions_for(province, year), profile
                )
            _check_profile(row, case, unit, region, group, errors)
        # Without a usable unit or year the code is checked against the national sets, so that
        # every problem of the row is reported at once.
        versions = (
            case.versions
            if case is not None
            else self.versions_for(None, year or self.criteria_set.start_year or 0)
        )
        code, value = self._value(row, self.accepted_for(versions), errors)
        if case is not None and code is not None:
            if code in case.lines:
                errors.append(
                    f"{row.place('indicator')}: chỉ tiêu '{code}' của "
                    f"{subject_label(case.subject)} năm {case.year} đã có ở dòng "
                    f"{case.lines[code]}."
                )
            else:
                case.lines[code] = row.line
        if not errors and case is not None and code is not None and value is not None:
            case.values[code] = value
        return errors

    def _year(self, row: InputRow, errors: list[str]) -> int | None:
        text = row.cells["year"]
        year = _year_or_none(text)
        start, end = self.criteria_set.start_year, self.criteria_set.end_year
        if year is None:
            reason = f"'{text}' không phải là năm (ví dụ 2024)" if text else "không được để trống"
            errors.append(f"{row.place('year')}: {reason}.")
        elif (start and year < start) or (end and year > end):
            errors.append(
                f"{row.place('year')}: năm {year} ngoài thời kỳ áp dụng của bộ "
                f"{self.criteria_set.set_id} ({start}–{end})."
            )
            return None
        return year

    @staticmethod
    def _code_cell(
        row: InputRow, column: str, allowed: frozenset[str], what: str, errors: list[str]
    ) -> str:
        text = row.cells[column].upper()
        if text and text not in allowed:
            errors.append(
                f"{row.place(column)}: '{row.cells[column]}' không phải {what} "
                f"({', '.join(sorted(allowed))})."
            )
            return ""
        return text

    def _unit(
        self, row: InputRow, year: int | None, errors: list[str]
    ) -> tuple[Unit | None, Subject | None]:
        cell = row.cells["unit"]
        if not cell:
            errors.append(f"{row.place('unit')}: không được để trống.")
            return None, None
        try:
            unit = self.finder.find(cell, year)
        except ValueError as error:
            errors.append(f"{row.place('unit')}: {error}.")
            return None, None
        if unit is not None and self.criteria_set.province_id is not None:
            # A provincial set applies in its own province only (criteria.services.sets_in_force).
            province = province_of(unit)
            if province is None or province.pk != self.criteria_set.province_id:
                errors.append(
                    f"{row.place('unit')}: {_where(unit)} không thuộc "
                    f"{self.criteria_set.province}, nơi áp dụng bộ {self.criteria_set.set_id}."
                )
                return unit, None
        return unit, _subject(cell, unit)

    def _value(
        self, row: InputRow, accepted: Mapping[str, InputKind], errors: list[str]
    ) -> tuple[str | None, Value | None]:
        code = row.cells["indicator"]
        if not code:
            errors.append(f"{row.place('indicator')}: không được để trống.")
            return None, None
        if code not in accepted:
            below = " hoặc các bộ cấp dưới đang áp dụng" if self._has_chain() else ""
            errors.append(
                f"{row.place('indicator')}: mã chỉ tiêu '{code}' không có trong bộ "
                f"{self.criteria_set.set_id}{below}."
            )
            return None, None
        try:
            return code, parse_value(row.cells["value"], accepted[code])
        except ValueError as error:
            errors.append(f"{row.place('value')}: {error}.")
            return code, None

    def _has_chain(self) -> bool:
        return self.criteria_set.level in (NANG_CAO, KIEU_MAU)


def _year_or_none(text: str) -> int | None:
    if not _DIGITS.fullmatch(text):
        return None
    year = int(text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def _subject(cell: str, unit: Unit | None) -> Subject:
    if unit is not None:
        return Subject(code=unit.code, name=unit.name, unit=unit)
    if _DIGITS.fullmatch(cell):
        return Subject(code=cell, name="")
    return Subject(code="", name=cell)


def subject_label(subject: Subject) -> str:
    return " ".join(part for part in (subject.code, subject.name) if part)


def _check_profile(
    row: InputRow,
    case: _Case,
    unit: Unit | None,
    region: str,
    group: str,
    errors: list[str],
) -> None:
    """Region and group: from the database for a known unit, from every row for another one."""
    profile = case.profile
    if unit is not None:
        if region and profile.region and region != profile.region:
            errors.append(
                f"{row.place('region')}: {_where(unit)} thuộc vùng {profile.region} trong cơ sở "
                f"dữ liệu, không phải {region} (để trống cột này để dùng vùng của đơn vị)."
            )
        elif region and not profile.region:
            _set_once(row, case, "region", region, errors)
        elif not profile.region and not region:
            errors.append(
                f"{row.place('region')}: {_where(unit)} chưa có vùng trong cơ sở dữ liệu; "
                "hãy ghi mã vùng."
            )
        if group and case.profile.group and group != case.profile.group:
            errors.append(
                f"{row.place('group')}: {_where(unit)} thuộc nhóm {case.profile.group} năm "
                f"{case.year} trong cơ sở dữ liệu, không phải {group}."
            )
        elif group and not case.profile.group:
            _set_once(row, case, "group", group, errors)
        return
    if not region:
        errors.append(
            f"{row.place('region')}: đơn vị '{row.cells['unit']}' không có trong cơ sở dữ liệu; "
            "hãy ghi mã vùng (TDMNPB, DBSH, BTB, DHNTB, TN, DNB, DBSCL)."
        )
    else:
        _set_once(row, case, "region", region, errors)
    if group:
        _set_once(row, case, "group", group, errors)


def _set_once(row: InputRow, case: _Case, column: str, value: str, errors: list[str]) -> None:
    """A region or group given in the file, the same on every row of a unit and year."""
    line = case.region_line if column == "region" else case.group_line
    current = case.profile.region if column == "region" else case.profile.group
    if line is not None:
        if current != value:
            errors.append(
                f"{row.place(column)}: {subject_label(case.subject)} năm {case.year} đã ghi "
                f"{column} {current} ở dòng {line}, không phải {value}."
            )
    elif column == "region":
        case.profile = replace(case.profile, region=value)
        case.region_line = row.line
    else:
        case.profile = replace(case.profile, group=value)
        case.group_line = row.line


# Writing results -------------------------------------------------------------------------


def _plain_number(number: Decimal) -> str:
    return format(number.normalize(), "f") if number == number else str(number)


def json_value(value: Any) -> Any:
    """A value or threshold in JSON: a number, true/false, "khong_ap_dung" or null."""
    if value is NOT_APPLICABLE:
        return NOT_APPLICABLE.value
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    return value


def text_value(value: Any) -> str:
    """A value or threshold in a CSV cell, readable back by this module: "có", "84.5"."""
    if value is None:
        return ""
    if value is NOT_APPLICABLE:
        return "không áp dụng"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return _plain_number(value)
    return str(value)


def _verdict(status: Verdict) -> dict[str, str]:
    return {"value": status.value, "label": status.label}


def result_dict(result: UnitYearResult) -> dict[str, Any]:
    """One unit and year as the JSON output writes it."""
    evaluation = result.evaluation
    qualification = result.qualification
    data: dict[str, Any] = {
        "unit": {
            "code": result.subject.code,
            "name": result.subject.name,
            "key": result.subject.key,
            "known": result.subject.unit is not None,
        },
        "year": result.year,
        "region": evaluation.region_applied,
        "group": evaluation.group_applied,
        "status": _verdict(evaluation.status),
        "criteria_met": evaluation.criteria_met,
        "criteria_total": evaluation.criteria_total,
        "indicators_met": evaluation.indicators_met,
        "indicators_total": evaluation.indicators_total,
        "criteria": [
            {
                "number": criterion.number,
                "name": criterion.name,
                "status": _verdict(criterion.status),
                "met": criterion.met,
                "total": criterion.total,
                "indicators": [
                    {
                        "code": indicator.code,
                        "name": indicator.name,
                        "unit": indicator.unit,
                        "value": json_value(indicator.value),
                        "threshold": json_value(indicator.threshold),
                        "comparator": indicator.comparator,
                        "status": _verdict(indicator.status),
                        "gap": json_value(indicator.gap),
                        "reason": indicator.reason,
                        "threshold_status": indicator.threshold_status,
                        "unverified_threshold": json_value(indicator.unverified_threshold),
                    }
                    for indicator in criterion.indicators
                ],
            }
            for criterion in evaluation.criteria
        ],
        "level": None,
        "level_status": None,
        "chain": [],
    }
    if qualification is not None:
        data["level"] = {"code": qualification.level, "label": qualification.label}
        for step in qualification.steps:
            version = result.versions.get(step.level)
            data["chain"].append(
                {
                    "level": step.level,
                    "label": step.label,
                    "set_id": version.criteria_set.set_id if version is not None else None,
                    "version": version.number if version is not None else None,
                    "status": _verdict(step.status),
                    "reason": step.reason,
                    "conditions": [
                        {
                            "id": condition.id,
                            "text": condition.text,
                            "status": _verdict(condition.status),
                            "detail": condition.detail,
                        }
                        for condition in step.conditions
                    ],
                }
            )
        chosen_step = qualification.step(result.level)
        if chosen_step is not None:
            data["level_status"] = {**_verdict(chosen_step.status), "reason": chosen_step.reason}
        data["recognition"] = [
            {
                "id": condition.id,
                "text": condition.text,
                "status": _verdict(condition.status),
                "detail": condition.detail,
            }
            for condition in qualification.recognition
        ]
    return data


def report_dict(report: BatchReport) -> dict[str, Any]:
    criteria_set = report.version.criteria_set
    return {
        "set": {
            "set_id": criteria_set.set_id,
            "title": criteria_set.title,
            "level": criteria_set.level,
            "province": str(criteria_set.province) if criteria_set.province else None,
            "is_illustrative": criteria_set.is_illustrative or report.framework.is_illustrative,
        },
        "version": report.version.number,
        "generated_at": report.generated_at.isoformat(),
        "results": [result_dict(result) for result in report.results],
    }


CSV_COLUMNS = (
    "set_id",
    "version",
    "unit_code",
    "unit_name",
    "unit_key",
    "known_unit",
    "year",
    "region",
    "group",
    "status",
    "status_label",
    "criteria_met",
    "criteria_total",
    "indicators_met",
    "indicators_total",
    "level_status",
    "level_status_label",
    "level",
    "level_label",
    "row_type",
    "criterion_number",
    "criterion_name",
    "criterion_status",
    "criterion_status_label",
    "criterion_met",
    "criterion_total",
    "code",
    "name",
    "value",
    "unit_of_measure",
    "comparator",
    "threshold",
    "indicator_status",
    "indicator_status_label",
    "gap",
    "reason",
    "threshold_status",
)
ROW_INDICATOR, ROW_CRITERION, ROW_CONDITION = "chi_tieu", "tieu_chi", "dieu_kien"


def csv_rows(report: BatchReport) -> Iterator[dict[str, Any]]:
    """One row per unit, year and indicator, each carrying its unit's and criterion's columns.

    A criterion without indicators gets one row (row_type "tieu_chi"); the kiểu mẫu conditions
    come as rows of type "dieu_kien", so that a unit with no indicator still appears.
    """
    criteria_set = report.version.criteria_set
    for result in report.results:
        data = result_dict(result)
        level = data["level"] or {}
        level_status = data["level_status"] or {}
        head = {
            "set_id": criteria_set.set_id,
            "version": report.version.number,
            "unit_code": result.subject.code,
            "unit_name": result.subject.name,
            "unit_key": result.subject.key,
            "known_unit": "có" if result.subject.unit is not None else "không",
            "year": result.year,
            "region": data["region"] or "",
            "group": data["group"] or "",
            "status": data["status"]["value"],
            "status_label": data["status"]["label"],
            "criteria_met": data["criteria_met"],
            "criteria_total": data["criteria_total"],
            "indicators_met": data["indicators_met"],
            "indicators_total": data["indicators_total"],
            "level_status": level_status.get("value", ""),
            "level_status_label": level_status.get("label", ""),
            "level": level.get("code") or "",
            "level_label": level.get("label", ""),
        }
        for criterion in result.evaluation.criteria:
            criterion_cells = {
                "criterion_number": criterion.number,
                "criterion_name": criterion.name,
                "criterion_status": criterion.status.value,
                "criterion_status_label": criterion.status.label,
                "criterion_met": criterion.met,
                "criterion_total": criterion.total,
            }
            if not criterion.indicators:
                yield {**head, "row_type": ROW_CRITERION, **criterion_cells}
            for indicator in criterion.indicators:
                yield {
                    **head,
                    "row_type": ROW_INDICATOR,
                    **criterion_cells,
                    "code": indicator.code,
                    "name": indicator.name,
                    "value": text_value(indicator.value),
                    "unit_of_measure": indicator.unit,
                    "comparator": indicator.comparator,
                    "threshold": text_value(indicator.threshold),
                    "indicator_status": indicator.status.value,
                    "indicator_status_label": indicator.status.label,
                    "gap": text_value(indicator.gap),
                    "reason": indicator.reason,
                    "threshold_status": indicator.threshold_status,
                }
        for step in data["chain"]:
            if step["level"] != result.level:
                continue
            for condition in step["conditions"]:
                yield {
                    **head,
                    "row_type": ROW_CONDITION,
                    "code": condition["id"],
                    "name": condition["text"],
                    "indicator_status": condition["status"]["value"],
                    "indicator_status_label": condition["status"]["label"],
                    "reason": condition["detail"],
                }


def write_report(report: BatchReport, path: Path, output_format: str) -> None:
    """Write the results as JSON or CSV, all at once: a failed write leaves no partial file."""
    if output_format not in FORMATS:
        raise ValueError(output_format)
    path = path.resolve()
    # Written beside the target and renamed over it; opened as usual, so the umask applies.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open(
            "w", encoding="utf-8-sig" if output_format == "csv" else "utf-8", newline=""
        ) as stream:
            if output_format == "json":
                json.dump(report_dict(report), stream, ensure_ascii=False, indent=2)
                stream.write("\n")
            else:
                writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, restval="")
                writer.writeheader()
                writer.writerows(csv_rows(report))
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def format_for(path: Path, requested: str | None) -> str:
    """The output format asked for, else "csv" for a .csv file and "json" otherwise."""
    if requested:
        return requested
    return "csv" if path.suffix.lower() == ".csv" else "json"


def vietnamese_number(value: float, places: int = 0) -> str:
    text = f"{value:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def summary_line(report: BatchReport, seconds: float) -> str:
    """The command's one line: how many units and years, which set, how long."""
    criteria_set = report.version.criteria_set
    return (
        f"Đã đánh giá {vietnamese_number(report.unit_count)} đơn vị × "
        f"{vietnamese_number(report.year_count)} năm theo bộ {criteria_set.set_id} "
        f"(phiên bản {report.version.number}) trong {vietnamese_number(seconds, 1)} giây."
    )


# The bulk path ---------------------------------------------------------------------------


@contextmanager
def fewer_collections(threshold: int = 50_000) -> Iterator[None]:
    """Collect garbage less often while a batch makes millions of small objects.

    The engine's results are frozen dataclasses without cycles, but the collector still
    runs every 700 allocations and walks the young objects each time, which costs about half
    the evaluation time. The objects that exist before the batch are frozen out of those walks
    and the young generation may grow to `threshold` objects; both are restored afterwards.
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


DetailEntry = list[str | None]


_STATUS_VALUES = {status: status.value for status in Verdict}


# One indicator of a plan: code, indicator, threshold resolved for the plan, the threshold as
# details write it, and the results of yes/no, "không áp dụng" and missing values it has reused.
_Slot = tuple[
    str,
    Indicator,
    ResolvedThreshold,
    str | None,
    dict[object, tuple[IndicatorResult, DetailEntry]],
]


class _Plan:
    """One framework resolved for a region, group and year."""

    def __init__(self, framework: Framework, region: str | None, group: str | None, year: int):
        self.criteria: list[tuple[int, Criterion, tuple[_Slot, ...]]] = []
        for index, criterion in enumerate(framework.criteria):
            slots: list[_Slot] = []
            for indicator in criterion.indicators:
                resolved = resolve_threshold(
                    indicator.threshold, region=region, group=group, year=year
                )
                usable = resolved.value if resolved.is_usable else None
                text = None if usable is None else str(usable)
                slots.append((indicator.code, indicator, resolved, text, {}))
            self.criteria.append((index, criterion, tuple(slots)))
        # Results of criteria whose indicator results were all reused, by their ids.
        self.criteria_results: dict[tuple[int, ...], CriterionResult] = {}


class BulkEvaluator:
    """The engine's `evaluate` for many units of one framework, faster, with the same results.

    The thresholds are resolved once per region, group and year, and the result of a yes/no,
    "không áp dụng" or missing value is reused (the engine's results are frozen and depend on
    nothing else). Every indicator and criterion result still comes from the engine's
    `judge_indicator` and `judge_criterion`; only evaluate's totals are summed here, and the
    tests compare both. Also gives `criteria.services.assessment_details` of each evaluation.
    """

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self._plans: dict[tuple[str | None, str | None, int], _Plan] = {}

    def evaluate(
        self, profile: UnitProfile, values: Mapping[str, Value], *, year: int
    ) -> tuple[Evaluation, dict[str, Any]]:
        """The evaluation of one unit's values, and its details as an Assessment stores them."""
        region = effective_region(self.framework, profile)
        key = (region, profile.group, year)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = _Plan(self.framework, region, profile.group, year)
        get = values.get
        criteria: list[CriterionResult] = []
        criteria_details: dict[str, str] = {}
        indicator_details: dict[str, DetailEntry] = {}
        for index, criterion, slots in plan.criteria:
            results: list[IndicatorResult] = []
            reusable = True
            for code, indicator, resolved, threshold_text, reused in slots:
                value = get(code)
                if value is None or value is True or value is False or value is NOT_APPLICABLE:
                    found = reused.get(value)
                    if found is None:
                        result = judge_indicator(indicator, value, resolved)
                        found = reused[value] = (result, _detail_entry(result))
                    result, indicator_details[code] = found
                else:
                    result = judge_indicator(indicator, value, resolved)
                    gap = result.gap
                    indicator_details[code] = [
                        _STATUS_VALUES[result.status],
                        threshold_text if result.threshold is not None else None,
                        None if gap is None else str(gap),
                    ]
                    reusable = False
                results.append(result)
            if reusable:
                ids = (index, *map(id, results))
                criterion_result = plan.criteria_results.get(ids)
                if criterion_result is None:
                    criterion_result = plan.criteria_results[ids] = judge_criterion(
                        criterion, results
                    )
            else:
                criterion_result = judge_criterion(criterion, results)
            criteria.append(criterion_result)
            criteria_details[criterion_result.number] = _STATUS_VALUES[criterion_result.status]
        evaluation = Evaluation(
            set_id=self.framework.set_id,
            version=self.framework.version,
            year=year,
            region_applied=region,
            status=conjunction(criterion.status for criterion in criteria),
            criteria=tuple(criteria),
            criteria_met=sum(criterion.status is Verdict.MET for criterion in criteria),
            criteria_total=len(criteria),
            indicators_met=sum(criterion.met for criterion in criteria),
            indicators_total=sum(criterion.total for criterion in criteria),
            group_applied=profile.group,
        )
        return evaluation, {"criteria": criteria_details, "indicators": indicator_details}


def _detail_entry(result: IndicatorResult) -> DetailEntry:
    # The per-indicator entry of criteria.services.assessment_details: [status, threshold, gap].
    return [
        result.status.value,
        None if result.threshold is None else str(result.threshold),
        None if result.gap is None else str(result.gap),
    ]


def iter_unit_values(
    year: int, *, units: QuerySet[Unit] | None = None, chunk_size: int = 20_000
) -> Iterator[tuple[int, dict[str, Value]]]:
    """Each unit's stored values for a year, as `monitoring.queries.values_for_units` reads
    them, streamed one unit at a time in one query (rows come in sheet order)."""
    rows = IndicatorValue.objects.filter(sheet__year=year)
    if units is not None:
        rows = rows.filter(sheet__unit__in=units)
    stream = (
        rows.order_by("sheet_id")
        .values_list("sheet__unit_id", "code", "number", "flag", "not_applicable")
        .iterator(chunk_size=chunk_size)
    )
    current: int | None = None
    values: dict[str, Value] = {}
    for unit_id, code, number, flag, not_applicable in stream:
        if unit_id != current:
            if current is not None:
                yield current, values
            current, values = unit_id, {}
        if not_applicable:
            values[code] = NOT_APPLICABLE
        elif number is not None:
            values[code] = Decimal(number)
        elif flag is not None:
            values[code] = flag
    if current is not None:
        yield current, values


@dataclass(frozen=True)
class BulkSummary:
    unit_years: int
    assessments: int
    values: int


ASSESSMENT_COLUMNS = (
    "unit",
    "year",
    "set_version",
    "status",
    "criteria_met",
    "criteria_total",
    "indicators_met",
    "indicators_total",
    "level",
    "details",
    "computed_at",
)


class _YearAssessor:
    """Judges units one by one for a year and writes their Assessments in batches."""

    def __init__(
        self,
        version: SetVersion,
        year: int,
        units: Sequence[Unit],
        batch_size: int,
        evaluators: dict[int, BulkEvaluator],
    ) -> None:
        self.version, self.year, self.batch_size = version, year, batch_size
        self.evaluators = evaluators
        self.profiles = profiles_for(units, year)
        level = version.criteria_set.level
        # Only nâng cao and kiểu mẫu need the province: the sets below them may be provincial.
        self.needs_province = level in CHAIN_LEVELS and level != NTM
        self.versions: dict[int | None, dict[str, SetVersion]] = {}
        self.frameworks: dict[int | None, dict[str, Framework]] = {}
        self.pending: list[tuple[Any, ...]] = []
        self.unit_years = self.assessments = 0

    def judge(self, unit: Unit, values: Mapping[str, Value]) -> None:
        province = province_of(unit) if self.needs_province else None
        key = province.pk if province is not None else None
        if key not in self.versions:
            self.versions[key] = chain_versions(self.version, self.year, province=province)
            self.frameworks[key] = {
                level: framework_for(version) for level, version in self.versions[key].items()
            }
        frameworks = self.frameworks[key]
        profile = self.profiles[unit.pk]
        records: list[tuple[str, Evaluation, dict[str, Any]]]
        reached: str | None = None
        if len(frameworks) == 1 and KIEU_MAU not in frameworks:
            # One set and no chain above it: the fast evaluation of the same engine calls.
            ((level, version),) = self.versions[key].items()
            evaluator = self.evaluators.get(version.pk)
            if evaluator is None:
                evaluator = self.evaluators[version.pk] = BulkEvaluator(frameworks[level])
            evaluation, details = evaluator.evaluate(profile, values, year=self.year)
            records = [(level, evaluation, details)]
            if level == NTM and evaluation.status is Verdict.MET:
                reached = NTM  # what criteria.engine.qualify gives for a chain of NTM alone
        else:
            evaluations, qualification = judge_frameworks(
                frameworks, profile, values, year=self.year
            )
            reached = qualification.level if qualification is not None else None
            records = [(level, ev, assessment_details(ev)) for level, ev in evaluations.items()]
        for level, evaluation, details in records:
            self.pending.append(
                (
                    unit.pk,
                    self.year,
                    self.versions[key][level].pk,
                    evaluation.status.value,
                    evaluation.criteria_met,
                    evaluation.criteria_total,
                    evaluation.indicators_met,
                    evaluation.indicators_total,
                    reached or "",
                    details,
                )
            )
        self.unit_years += 1
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        write_assessments(self.pending)
        self.assessments += len(self.pending)
        self.pending.clear()


def _upsert_sql() -> str:
    """One row of Assessment, inserted or, for a unit, year and version already judged, updated."""
    meta = Assessment._meta
    quote = connection.ops.quote_name
    column_of = {field.name: str(field.column) for field in meta.concrete_fields}
    columns = [column_of[name] for name in ASSESSMENT_COLUMNS]
    keys = [column_of[name] for name in ("unit", "year", "set_version")]
    updated = [column for column in columns if column not in keys]
    return (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(map(quote, keys))}) DO UPDATE SET "
        + ", ".join(f"{quote(column)} = EXCLUDED.{quote(column)}" for column in updated)
    )


def write_assessments(rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert or update Assessment rows (ASSESSMENT_COLUMNS but computed_at, set here).

    One statement executed for many rows (executemany) rather than bulk_create, which builds
    and has the driver parse one statement with eleven parameters per row: twice the cost on
    SQLite, and on PostgreSQL Django's UNNEST insert makes psycopg escape each JSON document
    as an array element, character by character (6.2 of 13.8 s under cProfile for 10,000
    Assessments).
    """
    if not rows:
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    adapt = connection.ops.adapt_json_value
    params = [(*row[:-1], adapt(row[-1], None), now) for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(_upsert_sql(), params)


@transaction.atomic
def assess_in_bulk(
    version: SetVersion,
    *,
    years: Iterable[int],
    units: QuerySet[Unit],
    actor: Any,
    batch_size: int = 1000,
) -> BulkSummary:
    """Judge every unit for each year against a set (with the chain below it, as the screens
    do) and store one Assessment per unit, year and level: the records of
    `criteria.services.assess_units`, read and written in bulk instead of a few queries each.

    For a batch job (command, task, benchmark): it changes the garbage collector's settings
    while it runs (`fewer_collections`)."""
    unit_list = list(units.select_related("parent", "parent__parent", "parent__parent__parent"))
    by_id = {unit.pk: unit for unit in unit_list}
    year_list = list(years)
    unit_years = assessments = values_read = 0
    evaluators: dict[int, BulkEvaluator] = {}
    with fewer_collections():
        for year in year_list:
            assessor = _YearAssessor(version, year, unit_list, batch_size, evaluators)
            seen: set[int] = set()
            for unit_id, values in iter_unit_values(year, units=units):
                if unit_id in by_id:
                    seen.add(unit_id)
                    values_read += len(values)
                    assessor.judge(by_id[unit_id], values)
            for unit in unit_list:
                if unit.pk not in seen:
                    assessor.judge(unit, {})  # no sheet: every indicator "chưa có số liệu"
            assessor.flush()
            unit_years += assessor.unit_years
            assessments += assessor.assessments
    audit.record(
        actor,
        "assessments.computed",
        None,
        data={
            "set": version.criteria_set.set_id,
            "version": version.number,
            "years": year_list,
            "units": len(unit_list),
        },
    )
    return BulkSummary(unit_years=unit_years, assessments=assessments, values=values_read)
