"""Reads about tasks: their status on a given day, who may see them, what is overdue or due soon.

Status is derived from the clock, never stored (domain spec §11; real-time tracking under
08-QC/TW): a stored status would go stale the night a deadline passes. `task_status` is the one
place the rule lives; `status_q` is the same rule as an SQL filter for lists and counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.queries import units_visible_to
from plans.models import Task
from units.models import Unit

# Capabilities that let a person see a unit's tasks: readers, and those who update or manage them.
TASK_VISIBILITY_PERMS = ("accounts.view_plans", "accounts.update_tasks", "accounts.manage_plans")
# Capability checked on the task (on its unit) for each action of `get_task_for_user`.
TASK_ACTION_PERMS = {"update": "accounts.update_tasks", "manage": "accounts.manage_plans"}


def task_status(task: Task, today: dt.date) -> Task.Status:
    """The task's status on `today`: done on time or late, overdue, in progress or not started.

    A completed task keeps the verdict of its completion day for ever; an open task turns
    OVERDUE the day after its deadline (the deadline day itself is still on time).
    """
    if task.completed_on is not None:
        if task.completed_on <= task.deadline:
            return Task.Status.DONE_ON_TIME
        return Task.Status.DONE_LATE
    if today > task.deadline:
        return Task.Status.OVERDUE
    if task.progress > 0 or task.started_on is not None:
        return Task.Status.IN_PROGRESS
    return Task.Status.NOT_STARTED


def status_q(status: str, today: dt.date) -> Q:
    """`task_status(task, today) == status` as an SQL filter, for lists and counts by status."""
    is_open = Q(completed_on__isnull=True)
    if status == Task.Status.DONE_ON_TIME:
        return Q(completed_on__isnull=False, completed_on__lte=F("deadline"))
    if status == Task.Status.DONE_LATE:
        return Q(completed_on__isnull=False, completed_on__gt=F("deadline"))
    if status == Task.Status.OVERDUE:
        return is_open & Q(deadline__lt=today)
    started = Q(progress__gt=0) | Q(started_on__isnull=False)
    if status == Task.Status.IN_PROGRESS:
        return is_open & Q(deadline__gte=today) & started
    if status == Task.Status.NOT_STARTED:
        return is_open & Q(deadline__gte=today) & ~started
    raise ValueError(f"Trạng thái nhiệm vụ không hợp lệ: {status!r}")


def is_tree_complete(task: Task) -> bool:
    """Whether the task and every subtask below it, at any depth, are completed."""
    if task.completed_on is None:
        return False
    return all(is_tree_complete(sub) for sub in task.subtasks.all())


def _visible_q(user: Any) -> Q:
    query = Q(assignee=user) if user.is_authenticated else Q(pk__in=[])
    for perm in TASK_VISIBILITY_PERMS:
        query |= Q(unit__in=units_visible_to(user, perm))
    return query


def tasks_for_user(user: Any) -> QuerySet[Task]:
    """Tasks of the units where the user reads, updates or manages tasks, and tasks assigned to them.

    `accounts.update_tasks` alone (a commune data officer) is enough to see the unit's tasks:
    a person who must report on a task has to be able to open it.
    """
    return (
        Task.objects.filter(_visible_q(user))
        .select_related("unit", "assignee", "assigned_by_unit", "parent", "plan", "document")
        .order_by("deadline", "title", "pk")
    )


def get_task_for_user(user: Any, task_id: int, action: str = "view") -> Task:
    """One task: 404 outside the user's tasks, 403 without the capability the action needs.

    "view" needs only visibility; "update" (report progress) needs accounts.update_tasks and
    "manage" (split, change deadline, complete, reopen) accounts.manage_plans at the task's unit.
    """
    if action != "view" and action not in TASK_ACTION_PERMS:
        raise ValueError(f"Thao tác không hợp lệ: {action!r}")
    task = get_object_or_404(tasks_for_user(user), pk=task_id)
    if action != "view" and not user.has_perm(TASK_ACTION_PERMS[action], task):
        raise PermissionDenied
    return task


def overdue_q(today: dt.date) -> Q:
    """Open tasks whose deadline has passed (the SQL form of OVERDUE)."""
    return Q(completed_on__isnull=True, deadline__lt=today)


@dataclass
class UnitOverdue:
    """The overdue tasks of one unit on a day."""

    unit: Unit
    tasks: list[Task] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.tasks)


def overdue_by_unit(units: Iterable[Unit], today: dt.date) -> list[UnitOverdue]:
    """For each unit (in the order given) its own overdue tasks, oldest deadline first.

    Only tasks assigned to the unit itself are counted, not those of the units below it, so a
    district's figure does not double the communes' ones.
    """
    units = list(units)
    rows = {unit.pk: UnitOverdue(unit) for unit in units}
    tasks = (
        Task.objects.filter(overdue_q(today), unit__in=[unit.pk for unit in units])
        .select_related("unit", "assignee")
        .order_by("deadline", "title", "pk")
    )
    for task in tasks:
        rows[task.unit_id].tasks.append(task)
    return [rows[unit.pk] for unit in units]


def due_soon(user: Any, today: dt.date, days: int = 7) -> QuerySet[Task]:
    """The user's open tasks due between today and `days` days later, for the in-app reminders.

    "The user's" means assigned to them, or at a unit where they update tasks or manage plans;
    overdue tasks are not here (see `overdue_by_unit`).
    """
    mine = Q(assignee=user) if user.is_authenticated else Q(pk__in=[])
    for perm in ("accounts.update_tasks", "accounts.manage_plans"):
        mine |= Q(unit__in=units_visible_to(user, perm))
    return (
        Task.objects.filter(
            mine,
            completed_on__isnull=True,
            deadline__gte=today,
            deadline__lte=today + dt.timedelta(days=days),
        )
        .select_related("unit", "assignee")
        .order_by("deadline", "title", "pk")
    )
