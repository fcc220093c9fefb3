"""Writing action programmes and plans: drafting, approving, new versions, concretising.

Life of a plan: a draft is edited freely; approval makes its targets binding and freezes it; a
change after approval is a new draft version (version_number + 1, linked to the previous one),
and the previous version becomes SUPERSEDED only when the new one is approved, so there is
always exactly one binding version and every earlier one stays readable as history.

Concretising (cụ thể hóa): a unit strictly below the parent plan's unit in the same tree — or a
unit that took over such a unit in a reorganisation (`plans.queries.plans.is_below`) — drafts its
own plan linked to an approved parent plan, with the parent's targets copied without values.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from common.versioning import save_versioned
from plans.models import Document, Plan, PlanItem, Target, TargetActual, TargetPlanValue
from plans.queries.plans import is_below
from units.models import Unit

EDITABLE_FIELDS = ["kind", "title", "start_year", "end_year", "goals", "document"]
AUDITED_FIELDS = [*EDITABLE_FIELDS, "status", "version_number", "parent"]
ITEM_FIELDS = ["kind", "order", "text"]
TARGET_COPY_FIELDS = [
    "code",
    "name",
    "group",
    "unit_of_measure",
    "direction",
    "baseline",
    "baseline_year",
    "parent_target",
    "responsible",
    "order",
]
# Years a programme may cover; anything outside is a typing slip (2201 for 2021).
FIRST_YEAR, LAST_YEAR = 1945, 2100


def _actor_user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) is not None else None


def current_status(plan: Plan) -> str:
    """The plan's status as stored now, the row locked until the end of the transaction, so a
    plan approved by someone else since it was read is not edited through a stale object."""
    plan.status = Plan.objects.select_for_update().values_list("status", flat=True).get(pk=plan.pk)
    return plan.status


def require_draft(plan: Plan) -> None:
    """Refuse an edit in place of an approved or superseded plan."""
    if current_status(plan) == Plan.Status.APPROVED:
        raise ValidationError(
            {
                "status": _(
                    "Chương trình, kế hoạch đã phê duyệt không sửa trực tiếp được; "
                    "hãy tạo phiên bản mới để điều chỉnh."
                )
            }
        )
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError({"status": _("Phiên bản này đã được thay thế, không sửa được nữa.")})


def _check_plan(
    unit: Unit,
    kind: str,
    title: str,
    start_year: int,
    end_year: int,
    parent: Plan | None,
    document: Document | None,
) -> None:
    errors: dict[str, str] = {}
    if kind not in Plan.Kind.values:
        errors["kind"] = _("Loại chương trình, kế hoạch không hợp lệ.")
    if not title.strip():
        errors["title"] = _("Nhập tên chương trình, kế hoạch.")
    for name, year in (("start_year", start_year), ("end_year", end_year)):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            errors[name] = _("Năm phải trong khoảng %(first)s–%(last)s.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
    if "end_year" not in errors and "start_year" not in errors and start_year > end_year:
        errors["end_year"] = _("Năm kết thúc phải sau hoặc bằng năm bắt đầu.")
    if parent is not None:
        if not is_below(unit, parent.unit):
            errors["parent"] = _(
                "Chỉ đơn vị cấp dưới của %(unit)s mới cụ thể hóa được chương trình này."
            ) % {"unit": parent.unit.name}
        elif start_year < parent.start_year or end_year > parent.end_year:
            errors["start_year"] = _(
                "Thời gian của kế hoạch phải nằm trong thời gian của chương trình cấp trên "
                "(%(start)s–%(end)s)."
            ) % {"start": parent.start_year, "end": parent.end_year}
    if document is not None and document.unit_id not in _same_body(unit):
        errors["document"] = _("Văn bản ban hành phải do chính đơn vị này ban hành.")
    if errors:
        raise ValidationError(errors)


def _same_body(unit: Unit) -> set[int]:
    """The unit and its counterpart in the other tree (a Party committee and its locality)."""
    ids = {unit.pk}
    if unit.admin_unit_id is not None:
        ids.add(unit.admin_unit_id)
    ids |= set(Unit.objects.filter(admin_unit=unit).values_list("pk", flat=True))
    return ids


@transaction.atomic
def create_plan(
    unit: Unit,
    kind: str,
    title: str,
    start_year: int,
    end_year: int,
    goals: str = "",
    parent: Plan | None = None,
    document: Document | None = None,
    *,
    actor: Any,
    is_demo: bool = False,
) -> Plan:
    """Draft an action programme or plan of a unit, concretising `parent` if given."""
    if parent is not None and parent.status != Plan.Status.APPROVED:
        raise ValidationError(
            {"parent": _("Chỉ cụ thể hóa được chương trình, kế hoạch đang có hiệu lực.")}
        )
    _check_plan(unit, kind, title, start_year, end_year, parent, document)
    plan = Plan.objects.create(
        unit=unit,
        kind=kind,
        title=title.strip(),
        start_year=start_year,
        end_year=end_year,
        goals=goals,
        parent=parent,
        document=document,
        is_demo=is_demo,
    )
    audit.record(
        actor,
        "plan.created",
        plan,
        unit=unit,
        changes={
            name: [None, value] for name, value in audit.snapshot(plan, AUDITED_FIELDS).items()
        },
    )
    return plan


@transaction.atomic
def update_plan(plan: Plan, *, actor: Any, expected_version: int, **fields: Any) -> Plan:
    """Correct a draft's kind, title, years, goals or document; refuses a stale form."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    require_draft(plan)
    before = audit.snapshot(plan, AUDITED_FIELDS)
    for name, value in fields.items():
        setattr(plan, name, value)
    if "title" in fields:
        plan.title = plan.title.strip()
    _check_plan(
        plan.unit,
        plan.kind,
        plan.title,
        plan.start_year,
        plan.end_year,
        plan.parent,
        plan.document,
    )
    if plan.targets.filter(plan_values__year__lt=plan.start_year).exists() or (
        plan.targets.filter(plan_values__year__gt=plan.end_year).exists()
    ):
        raise ValidationError(
            {"start_year": _("Đã có kế hoạch chỉ tiêu cho năm nằm ngoài thời gian mới.")}
        )
    save_versioned(plan, expected_version=expected_version, fields=list(fields))
    changes = audit.diff(before, audit.snapshot(plan, AUDITED_FIELDS))
    audit.record(actor, "plan.updated", plan, unit=plan.unit, changes=changes)
    return plan


def _check_item(kind: str, text: str) -> None:
    errors: dict[str, str] = {}
    if kind not in PlanItem.Kind.values:
        errors["kind"] = _("Loại nội dung không hợp lệ.")
    if not text.strip():
        errors["text"] = _("Nhập nội dung.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_item(plan: Plan, kind: str, text: str, order: int | None = None, *, actor: Any) -> PlanItem:
    """Add a key task, breakthrough or solution to a draft plan (last of its kind by default)."""
    require_draft(plan)
    _check_item(kind, text)
    if order is None:
        highest = plan.items.filter(kind=kind).aggregate(highest=Max("order"))["highest"]
        order = 1 if highest is None else highest + 1
    item = PlanItem.objects.create(plan=plan, kind=kind, order=order, text=text.strip())
    audit.record(
        actor,
        "plan_item.added",
        item,
        unit=plan.unit,
        changes={name: [None, value] for name, value in audit.snapshot(item, ITEM_FIELDS).items()},
        data={"plan": plan.pk},
    )
    return item


@transaction.atomic
def update_item(item: PlanItem, *, actor: Any, **fields: Any) -> PlanItem:
    """Reword or reorder an item of a draft plan."""
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    require_draft(item.plan)
    before = audit.snapshot(item, ITEM_FIELDS)
    for name, value in fields.items():
        setattr(item, name, value)
    _check_item(item.kind, item.text)
    item.text = item.text.strip()
    item.save(update_fields=list(fields))
    changes = audit.diff(before, audit.snapshot(item, ITEM_FIELDS))
    audit.record(
        actor,
        "plan_item.updated",
        item,
        unit=item.plan.unit,
        changes=changes,
        data={"plan": item.plan_id},
    )
    return item


@transaction.atomic
def remove_item(item: PlanItem, *, actor: Any) -> None:
    """Take an item out of a draft plan."""
    require_draft(item.plan)
    audit.record(
        actor,
        "plan_item.removed",
        item,
        unit=item.plan.unit,
        changes={name: [value, None] for name, value in audit.snapshot(item, ITEM_FIELDS).items()},
        data={"plan": item.plan_id},
    )
    item.delete()


@transaction.atomic
def approve_plan(plan: Plan, *, actor: Any) -> Plan:
    """Approve a draft: its targets become binding, and the version it replaces is superseded.

    Actuals already recorded on the superseded version are carried over by target code, so the
    new version goes on from what has happened; the old version keeps its own copy as history.
    """
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError({"status": _("Chỉ phê duyệt được bản dự thảo.")})
    before = audit.snapshot(plan, AUDITED_FIELDS)
    plan.status = Plan.Status.APPROVED
    plan.approved_at = timezone.now()
    plan.approved_by = _actor_user(actor)
    save_versioned(
        plan, expected_version=plan.version, fields=["status", "approved_at", "approved_by"]
    )
    data: dict[str, Any] = {}
    previous = (
        Plan.objects.select_for_update().filter(pk=plan.previous_version_id).first()
        if plan.previous_version_id is not None
        else None
    )
    if previous is not None and previous.status == Plan.Status.APPROVED:
        previous.status = Plan.Status.SUPERSEDED
        save_versioned(previous, expected_version=previous.version, fields=["status"])
        data = {
            "superseded_plan": previous.pk,
            "superseded_version": previous.version_number,
            "actuals_carried_over": _carry_actuals(previous, plan),
        }
    changes = audit.diff(before, audit.snapshot(plan, AUDITED_FIELDS))
    audit.record(actor, "plan.approved", plan, unit=plan.unit, changes=changes, data=data)
    return plan


def _carry_actuals(old: Plan, new: Plan) -> int:
    new_targets = {target.code: target for target in new.targets.all()}
    carried = 0
    for actual in TargetActual.objects.filter(target__plan=old).select_related("target"):
        target = new_targets.get(actual.target.code)
        if target is None or target.actuals.filter(year=actual.year).exists():
            continue
        TargetActual.objects.create(
            target=target,
            year=actual.year,
            value=actual.value,
            source=actual.source,
            note=actual.note,
            entered_by=actual.entered_by,
        )
        carried += 1
    return carried


def _copy_targets(source: Plan, destination: Plan, *, as_parent: bool) -> int:
    """Copy targets; `as_parent` links each copy to its source without values (concretising),
    otherwise the copy is exact, plan values included (a new version)."""
    count = 0
    for target in source.targets.order_by("group", "order", "code"):
        copy = Target(plan=destination)
        for name in TARGET_COPY_FIELDS:
            setattr(copy, name, getattr(target, name))
        if as_parent:
            # The subordinate sets its own baseline and values: the parent's are the sum of all.
            copy.parent_target = target
            copy.baseline = None
            copy.baseline_year = None
            copy.responsible = ""
        copy.save()
        if not as_parent:
            TargetPlanValue.objects.bulk_create(
                TargetPlanValue(
                    target=copy, year=value.year, value=value.value, low=value.low, high=value.high
                )
                for value in target.plan_values.all()
            )
        count += 1
    return count


@transaction.atomic
def new_version(plan: Plan, *, actor: Any) -> Plan:
    """Open a draft copy of an approved plan to change it; the approved one stays binding."""
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError(
            {"status": _("Chỉ tạo phiên bản mới từ chương trình, kế hoạch đang có hiệu lực.")}
        )
    if Plan.objects.filter(previous_version=plan).exists():
        raise ValidationError(
            {"status": _("Chương trình, kế hoạch này đã có một phiên bản mới đang soạn.")}
        )
    draft = Plan.objects.create(
        unit=plan.unit,
        kind=plan.kind,
        title=plan.title,
        start_year=plan.start_year,
        end_year=plan.end_year,
        goals=plan.goals,
        parent=plan.parent,
        document=plan.document,
        version_number=plan.version_number + 1,
        previous_version=plan,
        is_demo=plan.is_demo,
    )
    draft.implements.set(plan.implements.all())
    targets = _copy_targets(plan, draft, as_parent=False)
    PlanItem.objects.bulk_create(
        PlanItem(plan=draft, kind=item.kind, order=item.order, text=item.text)
        for item in plan.items.all()
    )
    audit.record(
        actor,
        "plan.versioned",
        draft,
        unit=plan.unit,
        changes={"version_number": [plan.version_number, draft.version_number]},
        data={"previous_plan": plan.pk, "targets": targets},
    )
    return draft


@transaction.atomic
def concretise(parent_plan: Plan, *, unit: Unit, actor: Any, title: str | None = None) -> Plan:
    """Draft a subordinate unit's plan carrying out an approved parent plan, its targets copied
    (linked through parent_target, without values) for the unit to set its own figures."""
    if parent_plan.status != Plan.Status.APPROVED:
        raise ValidationError(
            {"parent": _("Chỉ cụ thể hóa được chương trình, kế hoạch đang có hiệu lực.")}
        )
    if not is_below(unit, parent_plan.unit):
        raise ValidationError(
            {
                "unit": _("Chỉ đơn vị cấp dưới của %(unit)s mới cụ thể hóa được chương trình này.")
                % {"unit": parent_plan.unit.name}
            }
        )
    already = Plan.objects.filter(parent=parent_plan, unit=unit).exclude(
        status=Plan.Status.SUPERSEDED
    )
    if already.exists():
        raise ValidationError(
            {
                "unit": _("%(unit)s đã có kế hoạch cụ thể hóa chương trình này.")
                % {"unit": unit.name}
            }
        )
    plan_title = ((title or "").strip() or f"{parent_plan.title} – {unit.name}")[:400]
    _check_plan(
        unit,
        parent_plan.kind,
        plan_title,
        parent_plan.start_year,
        parent_plan.end_year,
        parent_plan,
        None,
    )
    plan = Plan.objects.create(
        unit=unit,
        kind=parent_plan.kind,
        title=plan_title,
        start_year=parent_plan.start_year,
        end_year=parent_plan.end_year,
        goals=parent_plan.goals,
        parent=parent_plan,
        is_demo=parent_plan.is_demo,
    )
    targets = _copy_targets(parent_plan, plan, as_parent=True)
    audit.record(
        actor,
        "plan.concretised",
        plan,
        unit=unit,
        changes={
            name: [None, value] for name, value in audit.snapshot(plan, AUDITED_FIELDS).items()
        },
        data={"parent_plan": parent_plan.pk, "targets": targets},
    )
    return plan
