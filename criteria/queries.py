"""Reads for the NTM screens: communes of an area, results, lagging criteria, progress."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet

from criteria.engine import Verdict
from criteria.models import CriteriaSet, Recognition, RoadmapEntry, SetVersion
from criteria.services import UnitResult, judge, province_of, sets_in_force
from monitoring.queries import values_for_units
from units.models import Unit

COMMUNE_KINDS = (Unit.Kind.COMMUNE,)


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def communes_of(area: Unit, year: int, *, visible: QuerySet[Unit]) -> list[Unit]:
    """Rural communes (xã) under an area that existed at some point in the year, in scope."""
    start, end = dt.date(year, 1, 1), year_end(year)
    units = (
        visible.filter(
            path__startswith=area.path, tree=Unit.Tree.ADMINISTRATIVE, kind__in=COMMUNE_KINDS
        )
        .exclude(valid_to__lt=start)
        .exclude(valid_from__gt=end)
        .select_related("parent")
        .order_by("name")
    )
    return list(units)


def judge_area(communes: list[Unit], year: int) -> list[UnitResult]:
    """Every commune's results for a year, with one values query for the whole area."""
    values = values_for_units(communes, year)
    versions_by_province: dict[int | None, dict[str, SetVersion]] = {}
    results = []
    for commune in communes:
        province = province_of(commune)
        key = province.pk if province else None
        if key not in versions_by_province:
            versions_by_province[key] = sets_in_force(year, province=province)
        results.append(
            judge(
                commune, year, versions=versions_by_province[key], values=values.get(commune.pk, {})
            )
        )
    return results


@dataclass
class Matrix:
    level: str
    criteria: list[tuple[str, str]]  # (number, name)
    rows: list[tuple[UnitResult, list[tuple[str, Verdict | None]]]]
    column_met: dict[str, int] = field(default_factory=dict)
    column_not_met: dict[str, int] = field(default_factory=dict)
    is_illustrative: bool = False

    @property
    def label(self) -> str:
        from criteria.engine import LEVEL_LABELS

        return str(LEVEL_LABELS.get(self.level, self.level))

    @property
    def lagging(self) -> list[tuple[str, str, int]]:
        """Criteria ranked by how many communes miss them (tiêu chí đạt thấp)."""
        ranked = [
            (number, name, self.column_not_met.get(number, 0)) for number, name in self.criteria
        ]
        return sorted(
            [row for row in ranked if row[2] > 0], key=lambda row: (-row[2], _number_key(row[0]))
        )


def _number_key(number: str) -> tuple[int, str]:
    head = number.split(".")[0]
    return (int(head) if head.isdigit() else 999, number)


def matrix(results: list[UnitResult], level: str) -> Matrix | None:
    """The commune × criterion table of one level."""
    evaluations = [(result, result.evaluations.get(level)) for result in results]
    first = next((evaluation for _result, evaluation in evaluations if evaluation), None)
    if first is None:
        return None
    version = next(r.versions[level] for r in results if level in r.versions)
    criteria = [(c.number, c.name) for c in first.criteria]
    table = Matrix(
        level=level,
        criteria=criteria,
        rows=[],
        is_illustrative=version.criteria_set.is_illustrative,
    )
    met: Counter[str] = Counter()
    not_met: Counter[str] = Counter()
    for result, evaluation in evaluations:
        statuses: dict[str, Verdict] = (
            {c.number: c.status for c in evaluation.criteria} if evaluation else {}
        )
        for number, status in statuses.items():
            if status == Verdict.MET:
                met[number] += 1
            elif status == Verdict.NOT_MET:
                not_met[number] += 1
        table.rows.append((result, [(number, statuses.get(number)) for number, _name in criteria]))
    table.column_met, table.column_not_met = dict(met), dict(not_met)
    return table


@dataclass(frozen=True)
class LevelCount:
    level: str | None
    label: str
    count: int  # communes whose data qualify for this level
    recognised: int = 0  # communes recognised at this level by a decision
    awaiting: int = 0  # qualifying by the data, recognised at a lower level (hồ sơ đề nghị)


def level_counts(results: list[UnitResult]) -> list[LevelCount]:
    """How many communes qualify for each level from the data, and how many are recognised."""
    from criteria.engine import LEVEL_LABELS

    qualified: Counter[str | None] = Counter()
    recognised: Counter[str | None] = Counter()
    awaiting: Counter[str | None] = Counter()
    for result in results:
        level = result.qualification.level if result.qualification else None
        qualified[level] += 1
        recognised[result.profile.recognised_level] += 1
        if level_rank(level) > level_rank(result.profile.recognised_level):
            awaiting[level] += 1
    rows = [
        LevelCount(
            level,
            str(LEVEL_LABELS.get(level, level)),
            qualified.get(level, 0),
            recognised.get(level, 0),
            awaiting.get(level, 0),
        )
        for level in reversed(list(LEVEL_LABELS))
    ]
    rows.append(LevelCount(None, "Chưa đạt chuẩn NTM hoặc chưa xác định", qualified.get(None, 0)))
    return rows


def recognitions_in(area: Unit, *, visible: QuerySet[Unit]) -> QuerySet[Recognition]:
    """Recognition decisions of the communes of an area."""
    return (
        Recognition.objects.filter(unit__in=visible.filter(path__startswith=area.path))
        .select_related("unit")
        .order_by("-decided_on", "unit__name")
    )


def roadmap_in(area: Unit, *, visible: QuerySet[Unit]) -> QuerySet[RoadmapEntry]:
    """Communes of an area registered to reach a level in a given year."""
    return (
        RoadmapEntry.objects.filter(unit__in=visible.filter(path__startswith=area.path))
        .select_related("unit")
        .order_by("target_year", "level", "unit__name")
    )


CHAIN = (
    CriteriaSet.Level.XA_NTM,
    CriteriaSet.Level.XA_NTM_NANG_CAO,
    CriteriaSet.Level.XA_NTM_KIEU_MAU,
)


def level_rank(level: str | None) -> int:
    """0 for none, then 1, 2, 3 along NTM → nâng cao → kiểu mẫu."""
    return CHAIN.index(level) + 1 if level in CHAIN else 0
