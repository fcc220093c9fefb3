"""Task screens: a unit's board by status, the overdue list, a task with its progress history,
and the forms that report progress, complete, reopen, move a deadline and split a task."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.queries import units_visible_to
from common.forms import attach_errors
from common.types import AuthedRequest
from plans.forms.tasks import (
    CompleteForm,
    DeadlineForm,
    ProgressForm,
    ReopenForm,
    SplitFormSet,
    TaskCreateForm,
)
from plans.models import Document, Plan, Task
from plans.queries.plans import get_plan_for_user, plans_for_user
from plans.queries.tasks import (
    TASK_VISIBILITY_PERMS,
    due_soon,
    get_task_for_user,
    overdue_by_unit,
    task_status,
    tasks_for_user,
)
from plans.services import tasks as services
from units.models import Unit

MANAGE = "accounts.manage_plans"
UPDATE = "accounts.update_tasks"
DOCUMENT_READERS = ("accounts.view_plans", MANAGE)

# The board's sections, in the order work moves through them.
BOARD_ORDER = (
    Task.Status.NOT_STARTED,
    Task.Status.IN_PROGRESS,
    Task.Status.OVERDUE,
    Task.Status.DONE_ON_TIME,
    Task.Status.DONE_LATE,
)
STATUS_CSS = {
    Task.Status.NOT_STARTED: "st-chua_xac_dinh",
    Task.Status.IN_PROGRESS: "st-chua_xac_dinh",
    Task.Status.OVERDUE: "st-chua_dat",
    Task.Status.DONE_ON_TIME: "st-dat",
    Task.Status.DONE_LATE: "st-chua_dat",
}


@dataclass
class TaskRow:
    task: Task
    status: Task.Status

    @property
    def css(self) -> str:
        return STATUS_CSS[self.status]


@dataclass
class Section:
    status: Task.Status
    rows: list[TaskRow]

    @property
    def css(self) -> str:
        return STATUS_CSS[self.status]


def _today() -> dt.date:
    return timezone.localdate()


def _units_with_any(user: User, perms: tuple[str, ...]) -> QuerySet[Unit]:
    units = units_visible_to(user, perms[0])
    for perm in perms[1:]:
        units = units | units_visible_to(user, perm)
    return units


def _task_units(user: User) -> QuerySet[Unit]:
    """Units whose tasks the user may see (reading, updating or managing them)."""
    return _units_with_any(user, TASK_VISIBILITY_PERMS)


def _require_any(user: User, perms: tuple[str, ...]) -> None:
    if not any(user.has_perm(perm) for perm in perms):
        raise PermissionDenied


def _chosen_unit(request: AuthedRequest) -> Unit:
    """The unit of the board: ?unit= (404 outside scope), else the picker's, else the highest."""
    units = _task_units(request.user)
    text = request.GET.get("unit", "")
    if text:
        if not text.isdigit():
            raise Http404
        return get_object_or_404(units, pk=int(text))
    picked = request.picker.unit
    if picked is not None and units.filter(pk=picked.pk).exists():
        return picked
    first = units.order_by("level", "path").first()
    if first is None:
        raise PermissionDenied
    return first


def _rows(tasks: Any, today: dt.date) -> list[TaskRow]:
    return [TaskRow(task, task_status(task, today)) for task in tasks]


@login_required
def task_board(request: AuthedRequest) -> HttpResponse:
    """A unit's tasks grouped by status, with the person's own tasks due soon beside them."""
    _require_any(request.user, TASK_VISIBILITY_PERMS)
    unit = _chosen_unit(request)
    today = _today()
    below = request.GET.get("below") == "1"
    tasks = tasks_for_user(request.user)
    tasks = tasks.filter(unit__path__startswith=unit.path) if below else tasks.filter(unit=unit)
    plan: Plan | None = None
    plan_text = request.GET.get("plan", "")
    if plan_text:
        if not plan_text.isdigit():
            raise Http404
        plan = get_plan_for_user(request.user, int(plan_text))
        tasks = tasks.filter(plan=plan)
    rows = _rows(tasks, today)
    sections = [
        Section(status, [row for row in rows if row.status == status]) for status in BOARD_ORDER
    ]
    context = {
        "unit": unit,
        "units": _task_units(request.user).order_by("path"),
        "plan": plan,
        "plans": plans_for_user(request.user).filter(unit=unit),
        "below": below,
        "today": today,
        "sections": sections,
        "total": len(rows),
        "mine": _rows(due_soon(request.user, today), today),
        "can_create": request.user.has_perm(MANAGE),
    }
    template = "plans/task_board.html#board" if request.htmx else "plans/task_board.html"
    return render(request, template, context)


@login_required
def task_overdue(request: AuthedRequest) -> HttpResponse:
    """Overdue tasks of each unit in scope (the chosen unit and those below it), with counts."""
    _require_any(request.user, TASK_VISIBILITY_PERMS)
    unit = _chosen_unit(request)
    today = _today()
    units = _task_units(request.user).filter(path__startswith=unit.path).order_by("path")
    rows = [row for row in overdue_by_unit(units, today) if row.count]
    context = {
        "unit": unit,
        "today": today,
        "rows": rows,
        "total": sum(row.count for row in rows),
    }
    return render(request, "plans/task_overdue.html", context)


@login_required
def task_create(request: AuthedRequest) -> HttpResponse:
    """Assign a task to a unit in the manager's scope."""
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    units = units_visible_to(request.user, MANAGE)
    options: dict[str, Any] = {
        "units": units,
        "users": User.objects.filter(is_active=True, assignments__unit__in=units)
        .distinct()
        .order_by("username"),
        "plans": plans_for_user(request.user),
        "documents": Document.objects.filter(
            unit__in=_units_with_any(request.user, DOCUMENT_READERS)
        ).select_related("unit"),
    }
    initial: dict[str, Any] = {}
    picked = request.picker.unit
    if picked is not None and units.filter(pk=picked.pk).exists():
        initial["unit"] = picked.pk
    form = TaskCreateForm(request.POST or None, initial=initial, **options)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.create_task(
                data["unit"],
                data["title"],
                data["deadline"],
                actor=request.user,
                assigned_by_unit=data["assigned_by_unit"],
                assignee=data["assignee"],
                description=data["description"],
                plan=data["plan"],
                document=data["document"],
                source_note=data["source_note"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã giao nhiệm vụ “%s”.") % task.title)
            return redirect("plans:task-detail", task.pk)
    return render(request, "plans/task_form.html", {"form": form})


def _detail(request: AuthedRequest, task: Task, **bound: Any) -> HttpResponse:
    """The task page; `bound` replaces a form with the one just submitted, errors and all."""
    user = request.user
    today = _today()
    can_update = user.has_perm(UPDATE, task)
    can_manage = user.has_perm(MANAGE, task)
    initial = {"version": task.version}
    split_units = units_visible_to(user, MANAGE)
    context: dict[str, Any] = {
        "task": task,
        "status": task_status(task, today),
        "status_css": STATUS_CSS[task_status(task, today)],
        "updates": task.updates.select_related("author"),
        "subtasks": _rows(task.subtasks.select_related("unit", "assignee"), today),
        "can_update": can_update and task.completed_on is None,
        "can_manage": can_manage,
        "report_form": ProgressForm(initial={**initial, "progress": task.progress}),
        "complete_form": CompleteForm(initial=initial),
        "reopen_form": ReopenForm(initial=initial),
        "deadline_form": DeadlineForm(initial=initial),
        "split_formset": SplitFormSet(
            prefix="split", form_kwargs={"units": split_units}, initial=None
        ),
        "split_errors": [],
    }
    context.update(bound)
    return render(request, "plans/task_detail.html", context)


@login_required
def task_detail(request: AuthedRequest, task_id: int) -> HttpResponse:
    task = get_task_for_user(request.user, task_id)
    return _detail(request, task)


def _done(request: AuthedRequest, task: Task, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("plans:task-detail", task.pk)


@require_POST
@login_required
def task_report(request: AuthedRequest, task_id: int) -> HttpResponse:
    """Report progress with a note and optional evidence; a stale form gets a conflict message."""
    task = get_task_for_user(request.user, task_id, action="update")
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_progress(
                task,
                data["progress"],
                data["note"],
                data["evidence"],
                actor=request.user,
                expected_version=data["version"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            task.refresh_from_db()
        else:
            return _done(request, task, _("Đã ghi báo cáo tiến độ %s%%.") % task.progress)
    return _detail(request, task, report_form=form)


@require_POST
@login_required
def task_complete(request: AuthedRequest, task_id: int) -> HttpResponse:
    task = get_task_for_user(request.user, task_id, action="manage")
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.complete_task(
                task,
                form.cleaned_data["completed_on"],
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            task.refresh_from_db()
        else:
            return _done(request, task, _("Đã xác nhận hoàn thành nhiệm vụ."))
    return _detail(request, task, complete_form=form)


@require_POST
@login_required
def task_reopen(request: AuthedRequest, task_id: int) -> HttpResponse:
    task = get_task_for_user(request.user, task_id, action="manage")
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.reopen_task(
                task,
                form.cleaned_data["reason"],
                actor=request.user,
                progress=form.cleaned_data["progress"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            task.refresh_from_db()
        else:
            return _done(request, task, _("Đã mở lại nhiệm vụ."))
    return _detail(request, task, reopen_form=form)


@require_POST
@login_required
def task_deadline(request: AuthedRequest, task_id: int) -> HttpResponse:
    task = get_task_for_user(request.user, task_id, action="manage")
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            services.change_deadline(
                task,
                form.cleaned_data["deadline"],
                form.cleaned_data["reason"],
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            attach_errors(form, error)
            task.refresh_from_db()
        else:
            return _done(request, task, _("Đã điều chỉnh thời hạn nhiệm vụ."))
    return _detail(request, task, deadline_form=form)


@require_POST
@login_required
def task_split(request: AuthedRequest, task_id: int) -> HttpResponse:
    """Give parts of a task to units below, each with a title and a deadline."""
    task = get_task_for_user(request.user, task_id, action="manage")
    formset = SplitFormSet(
        request.POST, prefix="split", form_kwargs={"units": units_visible_to(request.user, MANAGE)}
    )
    errors: list[str] = []
    if formset.is_valid():
        parts = [
            (row["unit"], row["title"], row["deadline"])
            for row in formset.cleaned_data
            if row.get("unit")
        ]
        try:
            subtasks = services.split_task(task, parts, actor=request.user)
        except ValidationError as error:
            errors = list(error.messages)
        else:
            return _done(
                request, task, _("Đã giao %s nhiệm vụ cho đơn vị cấp dưới.") % len(subtasks)
            )
    return _detail(request, task, split_formset=formset, split_errors=errors)


urlpatterns: list[URLPattern] = [
    path("tasks/", task_board, name="task-board"),
    path("tasks/overdue/", task_overdue, name="task-overdue"),
    path("tasks/new/", task_create, name="task-create"),
    path("tasks/<int:task_id>/", task_detail, name="task-detail"),
    path("tasks/<int:task_id>/report/", task_report, name="task-report"),
    path("tasks/<int:task_id>/complete/", task_complete, name="task-complete"),
    path("tasks/<int:task_id>/reopen/", task_reopen, name="task-reopen"),
    path("tasks/<int:task_id>/deadline/", task_deadline, name="task-deadline"),
    path("tasks/<int:task_id>/split/", task_split, name="task-split"),
]
