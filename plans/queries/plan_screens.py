"""What the plan screens show of a plan's targets: one row per target for a chosen year, with
its assessment in the words reports use and its figures over the plan's years for the chart."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from plans.models import Plan, Target, TargetActual, TargetPlanValue
from plans.rules import phrasing
from plans.rules.targets import Assessment, TargetResult
from plans.services.targets import target_result

# Assessment → the colour classes of site.css.
BADGE_CLASSES = {
    Assessment.EXCEEDED: "st-dat",
    Assessment.MET: "st-dat",
    Assessment.NOT_MET: "st-chua_dat",
    Assessment.NOT_ASSESSED: "st-chua_xac_dinh",
}


@dataclass(frozen=True)
class YearPoint:
    """A target's plan (or range) and actual in one year, for the trend chart."""

    year: int
    plan: Decimal | None
    low: Decimal | None
    high: Decimal | None
    actual: Decimal | None


@dataclass(frozen=True)
class TargetRow:
    target: Target
    year: int
    result: TargetResult
    planned: TargetPlanValue | None
    actual: TargetActual | None
    series: list[YearPoint]
    percent_phrase: str
    change_phrase: str
    sentence: str

    @property
    def badge_class(self) -> str:
        return BADGE_CLASSES[self.result.assessment]

    @property
    def assessment_label(self) -> str:
        return self.result.assessment.label


@dataclass(frozen=True)
class TargetGroup:
    code: str
    label: Any
    rows: list[TargetRow]


def plan_years(plan: Plan) -> list[int]:
    return list(range(plan.start_year, plan.end_year + 1))


def target_rows(plan: Plan, year: int) -> list[TargetGroup]:
    """The plan's targets grouped by area, each assessed for `year`."""
    targets = list(plan.targets.all())
    ids = [target.pk for target in targets]
    planned: dict[tuple[int, int], TargetPlanValue] = {
        (row.target_id, row.year): row for row in TargetPlanValue.objects.filter(target_id__in=ids)
    }
    actuals: dict[tuple[int, int], TargetActual] = {
        (row.target_id, row.year): row for row in TargetActual.objects.filter(target_id__in=ids)
    }
    chart_years = [plan.start_year - 1, *plan_years(plan)]
    against = f"năm {year - 1}"
    groups: dict[str, list[TargetRow]] = {}
    for target in targets:
        result = target_result(target, year)
        series = []
        for chart_year in chart_years:
            plan_value = planned.get((target.pk, chart_year))
            actual = actuals.get((target.pk, chart_year))
            series.append(
                YearPoint(
                    year=chart_year,
                    plan=plan_value.value if plan_value else None,
                    low=plan_value.low if plan_value else None,
                    high=plan_value.high if plan_value else None,
                    actual=actual.value if actual else None,
                )
            )
        groups.setdefault(target.group, []).append(
            TargetRow(
                target=target,
                year=year,
                result=result,
                planned=planned.get((target.pk, year)),
                actual=actuals.get((target.pk, year)),
                series=series,
                percent_phrase=phrasing.percent_of_plan_phrase(result),
                change_phrase=phrasing.change_phrase(
                    result.change_on_previous, target.unit_of_measure, against
                ),
                sentence=phrasing.target_sentence(
                    target.name,
                    result.figures.actual,
                    target.unit_of_measure,
                    result,
                    against,
                ),
            )
        )
    return [
        TargetGroup(code=code, label=label, rows=groups[code])
        for code, label in Target.Group.choices
        if code in groups
    ]
