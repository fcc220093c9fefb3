"""The demo district's action programme, annual plan, targets, documents and tasks (issue "plans"
part 7), read from demo/data/plans.yaml and written through the plans services as actor "demo".

What the computation must give back (demo/tests/test_demo_plans.py): for 2021 the programme's
17 targets read "17/17 chỉ tiêu đạt và vượt, trong đó 09 chỉ tiêu vượt" and the income target
"… 55,61 triệu đồng, đạt 100,02% kế hoạch, tăng 5,09 triệu đồng so với năm 2020", as in the seed
report; the figures are not stored as results, the services assess them.

Idempotent: every row is looked up by a stable title, subject or code before it is created, so
a second run creates nothing. Plans, documents and tasks are created with `is_demo=True` through
the services (subtasks and concretising plans inherit it); reminders skip demo tasks.

The Huyện ủy (demo:party:d352) closed on 30/6/2025; the plans and tasks services do not check a
unit's validity dates, so its tasks (some due in 2030, so their status stays stable) are still
assigned to it, as they would have been before the reorganisation.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from plans.models import Document, Plan, PlanItem, TargetActual, Task
from plans.rules.targets import Direction
from plans.services import documents as document_services
from plans.services import plans as plan_services
from plans.services import targets as target_services
from plans.services import tasks as task_services
from units.models import Unit

if TYPE_CHECKING:
    from demo.services import DemoSummary

ACTOR = "demo"
DATA_FILE = Path(__file__).resolve().parent / "data" / "plans.yaml"
DISTRICT = "d352"  # Huyện Bình Lục


def load_plans_spec() -> dict[str, Any]:
    """The demo's plans data file."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def commune_party(code: str) -> Unit:
    """The Party committee of a commune of the demo district, by the commune's code."""
    commune = Unit.objects.get(parent__key=DISTRICT, code=code)
    return Unit.objects.get(key=f"demo:party:{commune.key}")


def programme_of(spec: dict[str, Any] | None = None) -> Plan | None:
    """The demo term programme, if built."""
    spec = spec or load_plans_spec()
    return Plan.objects.filter(
        unit__key=spec["party_district"],
        kind=Plan.Kind.TERM_PROGRAMME,
        title=spec["programme"]["title"],
        parent__isnull=True,
    ).first()


def build_plans_demo(summary: DemoSummary) -> None:
    """Documents, the term programme with its targets and actuals, the annual plan 2021, two
    commune plans concretising the programme, and tasks in every status."""
    spec = load_plans_spec()
    party = Unit.objects.get(key=spec["party_district"])
    documents = _register_documents(spec, summary, party)
    programme = _build_programme(spec, summary, party, documents)
    annual = _build_annual_plan(spec, summary, party, documents)
    communes = [commune_party(code) for code in spec["concretising_communes"]]
    _concretise(summary, programme, communes)
    plans = {"programme": programme, "annual": annual}
    by_code = dict(zip(spec["concretising_communes"], communes, strict=True))
    for row in spec["tasks"]:
        _build_task(summary, party, row, plans, documents, by_code)


def _register_documents(
    spec: dict[str, Any], summary: DemoSummary, party: Unit
) -> dict[str, Document]:
    existing = {
        document.subject: document
        for document in Document.objects.filter(unit=party, term=spec["term"])
    }
    for row in spec["documents"]:
        if row["subject"] in existing:
            continue
        document = document_services.register_document(
            party,
            row["type"],
            spec["issuer_code"],
            spec["term"],
            row["issued_on"],
            row["subject"],
            signer=spec["signer"],
            actor=ACTOR,
            is_demo=True,
        )
        existing[document.subject] = document
        summary.documents_created += 1
    return existing


def _add_items(plan: Plan, section: dict[str, Any]) -> None:
    for kind, key in (
        (PlanItem.Kind.KEY_TASK, "key_tasks"),
        (PlanItem.Kind.BREAKTHROUGH, "breakthroughs"),
        (PlanItem.Kind.SOLUTION, "solutions"),
    ):
        for text in section.get(key, []):
            plan_services.add_item(plan, kind, text, actor=ACTOR)


def _build_programme(
    spec: dict[str, Any], summary: DemoSummary, party: Unit, documents: dict[str, Document]
) -> Plan:
    section = spec["programme"]
    year = spec["year"]
    programme = programme_of(spec)
    if programme is None:
        programme = plan_services.create_plan(
            party,
            Plan.Kind.TERM_PROGRAMME,
            section["title"],
            section["start_year"],
            section["end_year"],
            goals=section["goals"],
            document=documents[section["document"]],
            actor=ACTOR,
            is_demo=True,
        )
        _add_items(programme, section)
        for row in spec["targets"]:
            target = target_services.add_target(
                programme,
                row["code"],
                row["name"],
                row["group"],
                unit_of_measure=row["unit"],
                direction=Direction(row["direction"]),
                baseline=_decimal(row["actual_2020"]),
                baseline_year=year - 1,
                actor=ACTOR,
            )
            target_services.set_plan_value(
                target,
                year,
                value=_decimal(row.get("plan")),
                low=_decimal(row.get("plan_low")),
                high=_decimal(row.get("plan_high")),
                actor=ACTOR,
            )
        plan_services.approve_plan(programme, actor=ACTOR)
        summary.plans_created += 1
    # Actuals are facts recorded on the approved programme: the year before and the year.
    targets = {target.code: target for target in programme.targets.all()}
    recorded = set(
        TargetActual.objects.filter(target__plan=programme).values_list("target__code", "year")
    )
    for row in spec["targets"]:
        for actual_year in (year - 1, year):
            if (row["code"], actual_year) in recorded:
                continue
            target_services.record_actual(
                targets[row["code"]],
                actual_year,
                Decimal(str(row[f"actual_{actual_year}"])),
                source="Số liệu minh họa của bản demo",
                actor=ACTOR,
            )
            summary.actuals_recorded += 1
    return programme


def _build_annual_plan(
    spec: dict[str, Any], summary: DemoSummary, party: Unit, documents: dict[str, Document]
) -> Plan:
    section = spec["annual_plan"]
    plan = Plan.objects.filter(
        unit=party, kind=Plan.Kind.ANNUAL_PROGRAMME, title=section["title"]
    ).first()
    if plan is not None:
        return plan
    plan = plan_services.create_plan(
        party,
        Plan.Kind.ANNUAL_PROGRAMME,
        section["title"],
        section["year"],
        section["year"],
        goals=section["goals"],
        actor=ACTOR,
        is_demo=True,
    )
    _add_items(plan, section)
    plan_services.approve_plan(plan, actor=ACTOR)
    document_services.link_document(documents[section["implements"]], plans=[plan], actor=ACTOR)
    summary.plans_created += 1
    return plan


def _concretise(summary: DemoSummary, programme: Plan, communes: list[Unit]) -> None:
    """The first commune concretises and approves its plan, the second keeps a draft."""
    for index, unit in enumerate(communes):
        if Plan.objects.filter(parent=programme, unit=unit).exists():
            continue
        plan = plan_services.concretise(programme, unit=unit, actor=ACTOR)
        if index == 0:
            plan_services.approve_plan(plan, actor=ACTOR)
        summary.plans_created += 1


def _finish(task: Task, row: dict[str, Any]) -> None:
    """Bring a new task to the state the data file describes (progress or completion)."""
    if row.get("progress"):
        task_services.report_progress(
            task,
            row["progress"],
            "Đã triển khai một phần (dữ liệu minh họa).",
            actor=ACTOR,
            expected_version=task.version,
        )
    if row.get("completed_on"):
        task_services.complete_task(task, row["completed_on"], actor=ACTOR)


def _build_task(
    summary: DemoSummary,
    party: Unit,
    row: dict[str, Any],
    plans: dict[str, Plan],
    documents: dict[str, Document],
    communes: dict[str, Unit],
) -> None:
    if Task.objects.filter(unit=party, title=row["title"], parent__isnull=True).exists():
        return
    document = documents[row["document"]] if row.get("document") else None
    task = task_services.create_task(
        party,
        row["title"],
        row["deadline"],
        actor=ACTOR,
        assigned_by_unit=party,
        plan=plans[row["plan"]],
        document=document,
        description="Nhiệm vụ minh họa của bản demo.",
        allow_past_deadline=True,
        is_demo=True,
    )
    summary.tasks_created += 1
    parts = row.get("subtasks", [])
    if parts:
        subtasks = task_services.split_task(
            task,
            [(communes[part["commune"]], part["title"], part["deadline"]) for part in parts],
            actor=ACTOR,
            allow_past_deadline=True,
        )
        for subtask, part in zip(subtasks, parts, strict=True):
            _finish(subtask, part)
            summary.tasks_created += 1
    _finish(task, row)
