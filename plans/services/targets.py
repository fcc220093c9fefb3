"""Targets (chỉ tiêu) of a plan: adding them, planning each year, recording what happened, and
assessing them in the words reports use (plans.rules.targets and plans.rules.phrasing).

Targets and plan values change only while the plan is a draft. Actuals are facts, not
commitments: they are recorded on the approved (binding) version, for any year of the plan and
for the year before it, which reports compare the first year against ("so với năm 2020").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit import services as audit
from common.versioning import conflict, save_versioned
from plans.models import Plan, Target, TargetActual, TargetPlanValue
from plans.rules import phrasing
from plans.rules.targets import Direction, Summary, TargetFigures, TargetResult, assess, summarise
from plans.services.plans import current_status, require_draft

TARGET_FIELDS = [
    "code",
    "name",
    "group",
    "unit_of_measure",
    "direction",
    "baseline",
    "baseline_year",
    "parent_target",
]
PLAN_VALUE_FIELDS = ["value", "low", "high"]
ACTUAL_FIELDS = ["value", "source", "note"]
# The columns are DecimalField(max_digits=18, decimal_places=4).
_PLACES = 4
_LIMIT = Decimal(10) ** (18 - _PLACES)


def _check_figure(errors: dict[str, str], name: str, value: Decimal | None) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        errors[name] = _("Giá trị phải là một số.")
    elif abs(value) >= _LIMIT:
        errors[name] = _("Giá trị quá lớn.")
    elif value != value.quantize(Decimal(1).scaleb(-_PLACES)):
        errors[name] = _("Giá trị có tối đa %(places)s chữ số thập phân.") % {"places": _PLACES}


def _figure(value: Decimal | None) -> Decimal | None:
    """A stored figure with the padding zeros of the column dropped (55.6100 -> 55.61), so that
    reports print the digits that were entered; whole numbers stay whole (100, not 1E+2)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


@transaction.atomic
def add_target(
    plan: Plan,
    code: str,
    name: str,
    group: str,
    unit_of_measure: str = "",
    direction: Direction | str = Direction.HIGHER_IS_BETTER,
    baseline: Decimal | None = None,
    baseline_year: int | None = None,
    parent_target: Target | None = None,
    *,
    actor: Any,
) -> Target:
    """Add a target to a draft plan; its code is unique within the plan."""
    require_draft(plan)
    code, name = code.strip(), name.strip()
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = _("Nhập mã chỉ tiêu.")
    elif plan.targets.filter(code=code).exists():
        errors["code"] = _("Mã chỉ tiêu “%(code)s” đã có trong chương trình này.") % {"code": code}
    if not name:
        errors["name"] = _("Nhập tên chỉ tiêu.")
    if group not in Target.Group.values:
        errors["group"] = _("Nhóm chỉ tiêu không hợp lệ.")
    try:
        direction = Direction(direction)
    except ValueError:
        errors["direction"] = _("Chiều đánh giá không hợp lệ.")
    _check_figure(errors, "baseline", baseline)
    if baseline_year is not None and not (plan.start_year - 10 <= baseline_year <= plan.end_year):
        errors["baseline_year"] = _("Năm gốc không hợp lý so với thời gian của chương trình.")
    if parent_target is not None and (
        plan.parent_id is None or parent_target.plan_id != plan.parent_id
    ):
        errors["parent_target"] = _(
            "Chỉ tiêu cấp trên phải thuộc chương trình mà kế hoạch này cụ thể hóa."
        )
    if errors:
        raise ValidationError(errors)
    target = Target.objects.create(
        plan=plan,
        code=code,
        name=name,
        group=group,
        unit_of_measure=unit_of_measure.strip(),
        direction=Direction(direction).value,
        baseline=baseline,
        baseline_year=baseline_year,
        parent_target=parent_target,
        order=plan.targets.count() + 1,
    )
    audit.record(
        actor,
        "target.added",
        target,
        unit=plan.unit,
        changes={
            name: [None, value] for name, value in audit.snapshot(target, TARGET_FIELDS).items()
        },
        data={"plan": plan.pk},
    )
    return target


@transaction.atomic
def set_plan_value(
    target: Target,
    year: int,
    value: Decimal | None = None,
    low: Decimal | None = None,
    high: Decimal | None = None,
    *,
    actor: Any,
) -> TargetPlanValue:
    """Set a draft target's planned value for a year, or its range [low, high] for a range target."""
    plan = target.plan
    require_draft(plan)
    errors: dict[str, str] = {}
    if not plan.start_year <= year <= plan.end_year:
        errors["year"] = _("Năm phải trong thời gian của chương trình (%(start)s–%(end)s).") % {
            "start": plan.start_year,
            "end": plan.end_year,
        }
    for name, figure in (("value", value), ("low", low), ("high", high)):
        _check_figure(errors, name, figure)
    if target.direction == Direction.RANGE:
        if value is not None:
            errors["value"] = _(
                "Chỉ tiêu theo khoảng nhập cận dưới và cận trên, không nhập một giá trị."
            )
        if low is None:
            errors["low"] = _("Nhập cận dưới của khoảng kế hoạch.")
        if high is None:
            errors["high"] = _("Nhập cận trên của khoảng kế hoạch.")
        if not errors and low is not None and high is not None and low > high:
            errors["high"] = _("Cận trên phải lớn hơn hoặc bằng cận dưới.")
    else:
        if low is not None or high is not None:
            errors["low"] = _(
                "Chỉ chỉ tiêu có chiều đánh giá “trong khoảng” mới nhập cận dưới và cận trên."
            )
        if value is None:
            errors["value"] = _("Nhập giá trị kế hoạch.")
    if errors:
        raise ValidationError(errors)
    planned = TargetPlanValue.objects.filter(target=target, year=year).first()
    before = audit.snapshot(planned, PLAN_VALUE_FIELDS) if planned else {}
    if planned is None:
        planned = TargetPlanValue(target=target, year=year)
    planned.value, planned.low, planned.high = value, low, high
    planned.save()
    audit.record(
        actor,
        "target.plan_value_set",
        target,
        unit=plan.unit,
        changes=audit.diff(before, audit.snapshot(planned, PLAN_VALUE_FIELDS)),
        data={"year": year},
    )
    return planned


@transaction.atomic
def record_actual(
    target: Target,
    year: int,
    value: Decimal,
    source: str = "",
    note: str = "",
    expected_version: int | None = None,
    *,
    actor: Any,
) -> TargetActual:
    """Record (or correct) what a target reached in a year, on the binding version of the plan.

    `expected_version` is the version of the actual the form showed, None for a new one: if
    someone saved it in between, the second save gets a ConflictError rather than overwriting.
    """
    plan = target.plan
    if current_status(plan) == Plan.Status.SUPERSEDED:
        raise ValidationError(
            {
                "status": _(
                    "Phiên bản này đã được thay thế; hãy ghi kết quả vào phiên bản hiện hành."
                )
            }
        )
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError(
            {"status": _("Chỉ ghi kết quả thực hiện khi chương trình, kế hoạch đã được phê duyệt.")}
        )
    errors: dict[str, str] = {}
    if not plan.start_year - 1 <= year <= plan.end_year:
        errors["year"] = _(
            "Năm phải trong thời gian của chương trình hoặc năm liền trước (%(start)s–%(end)s)."
        ) % {"start": plan.start_year - 1, "end": plan.end_year}
    if value is None:
        errors["value"] = _("Nhập giá trị thực hiện.")
    _check_figure(errors, "value", value)
    if errors:
        raise ValidationError(errors)
    entered_by = actor if getattr(actor, "pk", None) is not None else None
    actual = TargetActual.objects.filter(target=target, year=year).first()
    if actual is None:
        if expected_version is not None:
            raise conflict()
        actual = TargetActual(
            target=target, year=year, value=value, source=source, note=note, entered_by=entered_by
        )
        try:
            with transaction.atomic():
                actual.save()
        except IntegrityError:
            raise conflict() from None  # saved by someone else at the same moment
        before: dict[str, Any] = {}
    else:
        if expected_version is None:
            raise conflict()
        before = audit.snapshot(actual, ACTUAL_FIELDS)
        actual.value, actual.source, actual.note = value, source, note
        actual.entered_by = entered_by
        save_versioned(
            actual,
            expected_version=expected_version,
            fields=[*ACTUAL_FIELDS, "entered_by"],
        )
        actual.refresh_from_db(fields=["entered_at"])
    audit.record(
        actor,
        "target.actual_recorded",
        target,
        unit=plan.unit,
        changes=audit.diff(before, audit.snapshot(actual, ACTUAL_FIELDS)),
        data={"year": year, "actual": actual.pk},
    )
    return actual


# --- assessment ----------------------------------------------------------------------------


def _figures(
    target: Target,
    year: int,
    planned: TargetPlanValue | None,
    actual: Decimal | None,
    last_year: Decimal | None,
) -> TargetFigures:
    direction = Direction(target.direction)
    previous = last_year
    if previous is None and target.baseline_year == year - 1:
        previous = target.baseline
    is_range = direction is Direction.RANGE
    low = _figure(planned.low) if planned and is_range else None
    high = _figure(planned.high) if planned and is_range else None
    return TargetFigures(
        direction=direction,
        plan=_figure(planned.value) if planned and not is_range else None,
        plan_low=low if low is not None and high is not None else None,
        plan_high=high if low is not None and high is not None else None,
        actual=_figure(actual),
        previous=_figure(previous),
        baseline=_figure(target.baseline),
    )


def _results(targets: list[Target], year: int) -> list[TargetResult]:
    ids = [target.pk for target in targets]
    planned = {
        row.target_id: row for row in TargetPlanValue.objects.filter(target_id__in=ids, year=year)
    }
    actuals: dict[tuple[int, int], Decimal] = {
        (target_id, actual_year): value
        for target_id, actual_year, value in TargetActual.objects.filter(
            target_id__in=ids, year__in=[year, year - 1]
        ).values_list("target_id", "year", "value")
    }
    return [
        assess(
            _figures(
                target,
                year,
                planned.get(target.pk),
                actuals.get((target.pk, year)),
                actuals.get((target.pk, year - 1)),
            )
        )
        for target in targets
    ]


def target_result(target: Target, year: int) -> TargetResult:
    """A target assessed for a year: the year's plan and actual, against the year before (its
    actual, or the baseline when the baseline year is the year before) and the baseline."""
    return _results([target], year)[0]


def describe_target(target: Target, year: int) -> str:
    """ "Thu nhập bình quân đầu người 55,61 triệu đồng, đạt 100,02% kế hoạch, tăng 5,09 triệu
    đồng so với năm 2020" for a report."""
    result = target_result(target, year)
    return phrasing.target_sentence(
        target.name, result.figures.actual, target.unit_of_measure, result, f"năm {year - 1}"
    )


def plan_summary(plan: Plan, year: int) -> tuple[Summary, str]:
    """A plan's targets counted for a year, and the sentence reports use for them
    ("17/17 chỉ tiêu đạt và vượt, trong đó 09 chỉ tiêu vượt")."""
    summary = summarise(_results(list(plan.targets.all()), year))
    return summary, phrasing.summary_sentence(summary)
