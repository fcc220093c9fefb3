"""Changes to tasks (nhiệm vụ): assigning, splitting to units below, progress, deadlines, reminders.

Rules chosen here (domain spec §11; "rõ người, rõ việc, rõ thời gian, rõ kết quả"):

- A new task's deadline may not be in the past, unless `allow_past_deadline=True`: that is for
  back-filling tasks already assigned on paper before the system was used, and is kept in the
  audit data so back-filled tasks can be told apart.
- Subtasks go only to units strictly below the task's unit (by the unit tree's path), with a
  deadline not after the parent's.
- Progress never goes down through a report: a report states work done, and every report stays
  in the history. A figure reported by mistake is corrected by a manager through `reopen_task`,
  which is audited with its reason.
- Progress 100 completes the task on the day of the report. A parent task is complete only
  when it and all its subtasks are: it cannot be completed (or reported at 100) while a subtask
  is open, and a subtask of a completed parent cannot be reopened before the parent is.
  Completing every subtask does not complete the parent by itself: the assigning unit confirms.
- A completed task's deadline is not changed (that would turn "late" into "on time"); reopen it
  first. A deadline change needs a reason.
- Reminders are keyed by (task, kind, deadline): a new deadline gets new reminders by itself.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from audit import services as audit
from common.formats import long_date
from common.versioning import save_versioned
from plans.models import Document, Plan, Reminder, Task, TaskUpdate
from plans.queries.tasks import is_tree_complete, task_status
from units.models import Unit

logger = logging.getLogger(__name__)

TASK_FIELDS = ["title", "unit", "assignee", "deadline", "started_on", "completed_on", "progress"]
# Who is e-mailed about a task besides its assignee: people holding one of these capabilities
# through a role assigned at the task's unit itself (not at a unit above it), so a province
# administrator is not mailed about every commune's tasks.
REMINDER_PERMS = ("manage_plans", "update_tasks")


def _today() -> dt.date:
    return timezone.localdate()


def _check_deadline(deadline: dt.date, *, allow_past: bool, field: str = "deadline") -> None:
    if not allow_past and deadline < _today():
        raise ValidationError(
            {
                field: _("Thời hạn không được trước ngày hôm nay (%(today)s).")
                % {"today": _today().strftime("%d/%m/%Y")}
            }
        )


def _open_subtasks(task: Task) -> list[Task]:
    return [sub for sub in task.subtasks.all() if not is_tree_complete(sub)]


@transaction.atomic
def create_task(
    unit: Unit,
    title: str,
    deadline: dt.date,
    *,
    actor: Any,
    assigned_by_unit: Unit | None = None,
    assignee: Any = None,
    description: str = "",
    plan: Plan | None = None,
    document: Document | None = None,
    source_note: str = "",
    allow_past_deadline: bool = False,
    is_demo: bool = False,
) -> Task:
    """Assign a task to a unit (and a person) with a deadline, from a plan, document or conclusion."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Hãy nhập tên nhiệm vụ.")})
    _check_deadline(deadline, allow_past=allow_past_deadline)
    task = Task.objects.create(
        unit=unit,
        title=title,
        deadline=deadline,
        assigned_by_unit=assigned_by_unit,
        assignee=assignee,
        description=description,
        plan=plan,
        document=document,
        source_note=source_note,
        is_demo=is_demo,
    )
    audit.record(
        actor,
        "task.created",
        task,
        unit=unit,
        changes={name: [None, value] for name, value in audit.snapshot(task, TASK_FIELDS).items()},
        data={"back_filled": deadline < _today()},
    )
    return task


@transaction.atomic
def split_task(
    task: Task,
    parts: Sequence[tuple[Unit, str, dt.date]],
    *,
    actor: Any,
    allow_past_deadline: bool = False,
) -> list[Task]:
    """Split a task into subtasks for units below its unit, each due no later than the task."""
    if not parts:
        raise ValidationError({"parts": _("Hãy nêu ít nhất một đơn vị nhận nhiệm vụ.")})
    if task.completed_on is not None:
        raise ValidationError(_("Nhiệm vụ đã hoàn thành, không giao tiếp cho đơn vị cấp dưới."))
    errors: list[str] = []
    for unit, title, deadline in parts:
        if unit.pk == task.unit_id or not unit.path.startswith(task.unit.path):
            errors.append(
                _("%(unit)s không phải đơn vị cấp dưới của %(parent)s.")
                % {"unit": unit, "parent": task.unit}
            )
        if deadline > task.deadline:
            errors.append(
                _(
                    "Thời hạn của %(unit)s (%(deadline)s) sau thời hạn nhiệm vụ cấp trên (%(parent)s)."
                )
                % {
                    "unit": unit,
                    "deadline": deadline.strftime("%d/%m/%Y"),
                    "parent": task.deadline.strftime("%d/%m/%Y"),
                }
            )
        if not title.strip():
            errors.append(_("Hãy nhập tên nhiệm vụ giao cho %(unit)s.") % {"unit": unit})
        if not allow_past_deadline and deadline < _today():
            errors.append(
                _("Thời hạn của %(unit)s không được trước ngày hôm nay.") % {"unit": unit}
            )
    if errors:
        raise ValidationError({"parts": errors})
    subtasks = [
        Task.objects.create(
            unit=unit,
            title=title.strip(),
            deadline=deadline,
            parent=task,
            assigned_by_unit=task.unit,
            plan=task.plan,
            document=task.document,
            source_note=task.source_note,
            is_demo=task.is_demo,
        )
        for unit, title, deadline in parts
    ]
    audit.record(
        actor,
        "task.split",
        task,
        unit=task.unit,
        data={
            "subtasks": [
                {"id": sub.pk, "unit": sub.unit, "title": sub.title, "deadline": sub.deadline}
                for sub in subtasks
            ]
        },
    )
    return subtasks


@transaction.atomic
def report_progress(
    task: Task,
    progress: int,
    note: str,
    evidence: File[Any] | None = None,
    *,
    actor: Any,
    expected_version: int,
) -> TaskUpdate:
    """Report progress on a task with a note and optional evidence; 100% completes it today."""
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Tiến độ phải là số nguyên từ 0 đến 100.")})
    if not note.strip():
        raise ValidationError({"note": _("Hãy nêu nội dung kết quả thực hiện.")})
    if task.completed_on is not None:
        raise ValidationError(
            {"progress": _("Nhiệm vụ đã hoàn thành; muốn báo cáo tiếp, hãy mở lại nhiệm vụ.")}
        )
    if progress < task.progress:
        raise ValidationError(
            {
                "progress": _(
                    "Tiến độ không được giảm (đã báo cáo %(before)s%%). "
                    "Nếu đã báo cáo nhầm, đề nghị người quản lý mở lại nhiệm vụ."
                )
                % {"before": task.progress}
            }
        )
    if progress == 100:
        _check_subtasks_complete(task, field="progress")
    before = audit.snapshot(task, TASK_FIELDS)
    today = _today()
    task.progress = progress
    if task.started_on is None:
        task.started_on = today
    if progress == 100:
        task.completed_on = today
    save_versioned(
        task,
        expected_version=expected_version,
        fields=["progress", "started_on", "completed_on"],
    )
    update = TaskUpdate(task=task, author=_user_or_none(actor), progress=progress, note=note)
    if evidence is not None:
        update.evidence.save(evidence.name or "minh-chung", evidence, save=False)
    update.save()
    audit.record(
        actor,
        "task.progress_reported",
        task,
        unit=task.unit,
        changes=audit.diff(before, audit.snapshot(task, TASK_FIELDS)),
        data={"update": update.pk, "note": note, "evidence": update.evidence.name or ""},
    )
    return update


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) is not None else None


def _check_subtasks_complete(task: Task, *, field: str | None = None) -> None:
    open_subtasks = _open_subtasks(task)
    if open_subtasks:
        message = _("Còn nhiệm vụ cấp dưới chưa hoàn thành: %(tasks)s.") % {
            "tasks": "; ".join(f"{sub.title} ({sub.unit})" for sub in open_subtasks)
        }
        raise ValidationError({field: message} if field else message)


@transaction.atomic
def complete_task(
    task: Task,
    completed_on: dt.date | None = None,
    *,
    actor: Any,
    expected_version: int | None = None,
) -> Task:
    """Mark a task completed (today, or the day it was really finished); progress becomes 100%."""
    completed_on = completed_on or _today()
    if task.completed_on is not None:
        raise ValidationError(_("Nhiệm vụ đã hoàn thành."))
    if completed_on > _today():
        raise ValidationError({"completed_on": _("Ngày hoàn thành không được sau hôm nay.")})
    _check_subtasks_complete(task)
    before = audit.snapshot(task, TASK_FIELDS)
    task.completed_on = completed_on
    task.progress = 100
    task.started_on = task.started_on or completed_on
    save_versioned(
        task,
        expected_version=task.version if expected_version is None else expected_version,
        fields=["completed_on", "progress", "started_on"],
    )
    audit.record(
        actor,
        "task.completed",
        task,
        unit=task.unit,
        changes=audit.diff(before, audit.snapshot(task, TASK_FIELDS)),
        data={"status": task_status(task, _today()).value},
    )
    return task


@transaction.atomic
def reopen_task(
    task: Task,
    reason: str,
    *,
    actor: Any,
    progress: int | None = None,
    expected_version: int | None = None,
) -> Task:
    """Reopen a completed task, or correct a mistaken progress figure, stating why."""
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy nêu lý do mở lại nhiệm vụ.")})
    if progress is None:
        progress = min(task.progress, 99)
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 99:
        raise ValidationError({"progress": _("Tiến độ khi mở lại phải từ 0 đến 99.")})
    parent = task.parent
    if parent is not None and parent.completed_on is not None:
        raise ValidationError(
            _("Nhiệm vụ cấp trên “%(parent)s” đã hoàn thành; hãy mở lại nhiệm vụ cấp trên trước.")
            % {"parent": parent.title}
        )
    before = audit.snapshot(task, TASK_FIELDS)
    task.completed_on = None
    task.progress = progress
    save_versioned(
        task,
        expected_version=task.version if expected_version is None else expected_version,
        fields=["completed_on", "progress"],
    )
    audit.record(
        actor,
        "task.reopened",
        task,
        unit=task.unit,
        changes=audit.diff(before, audit.snapshot(task, TASK_FIELDS)),
        data={"reason": reason},
    )
    return task


@transaction.atomic
def change_deadline(
    task: Task,
    new_deadline: dt.date,
    reason: str,
    *,
    actor: Any,
    expected_version: int | None = None,
) -> Task:
    """Move a task's deadline, stating why; reminders start again for the new deadline."""
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy nêu lý do điều chỉnh thời hạn.")})
    if task.completed_on is not None:
        raise ValidationError({"deadline": _("Nhiệm vụ đã hoàn thành, không điều chỉnh thời hạn.")})
    if new_deadline == task.deadline:
        raise ValidationError({"deadline": _("Thời hạn mới trùng thời hạn cũ.")})
    _check_deadline(new_deadline, allow_past=False)
    if task.parent is not None and new_deadline > task.parent.deadline:
        raise ValidationError(
            {
                "deadline": _("Thời hạn không được sau thời hạn nhiệm vụ cấp trên (%(parent)s).")
                % {"parent": task.parent.deadline.strftime("%d/%m/%Y")}
            }
        )
    later = [sub for sub in task.subtasks.all() if sub.deadline > new_deadline]
    if later:
        raise ValidationError(
            {
                "deadline": _("Thời hạn mới trước thời hạn của nhiệm vụ cấp dưới: %(tasks)s.")
                % {"tasks": "; ".join(f"{sub.title} ({sub.unit})" for sub in later)}
            }
        )
    before = audit.snapshot(task, TASK_FIELDS)
    task.deadline = new_deadline
    save_versioned(
        task,
        expected_version=task.version if expected_version is None else expected_version,
        fields=["deadline"],
    )
    # A deadline moved back to a date already reminded of is reminded of again.
    Reminder.objects.filter(task=task, deadline=new_deadline).delete()
    audit.record(
        actor,
        "task.deadline_changed",
        task,
        unit=task.unit,
        changes=audit.diff(before, audit.snapshot(task, TASK_FIELDS)),
        data={"reason": reason},
    )
    return task


# ---------------------------------------------------------------------------------------------
# Reminders


def reminder_recipients(task: Task) -> list[str]:
    """E-mail addresses to remind: the assignee, and holders of REMINDER_PERMS at the task's unit."""
    addresses: set[str] = set()
    if task.assignee is not None and task.assignee.is_active and task.assignee.email:
        addresses.add(task.assignee.email)
    assignments = RoleAssignment.objects.filter(
        unit=task.unit,
        user__is_active=True,
        role__group__permissions__content_type__app_label="accounts",
        role__group__permissions__codename__in=REMINDER_PERMS,
    ).exclude(user__email="")
    addresses.update(assignments.values_list("user__email", flat=True))
    return sorted(addresses)


def reminder_message(task: Task, kind: str, today: dt.date) -> tuple[str, str]:
    """Subject and body of a reminder e-mail, in Vietnamese."""
    days = (task.deadline - today).days
    if kind == Reminder.Kind.BEFORE_DEADLINE:
        when = "đến hạn hôm nay" if days == 0 else f"còn {days} ngày đến hạn"
        subject = f"Nhắc việc: nhiệm vụ “{task.title}” {when}"
        lead = f"Nhiệm vụ dưới đây {when} và chưa hoàn thành."
    else:
        when = f"đã quá hạn {-days} ngày"
        subject = f"Nhắc việc: nhiệm vụ “{task.title}” {when}"
        lead = f"Nhiệm vụ dưới đây {when} mà chưa hoàn thành."
    lines = [
        lead,
        "",
        f"Nhiệm vụ: {task.title}",
        f"Đơn vị thực hiện: {task.unit}",
    ]
    if task.assigned_by_unit is not None:
        lines.append(f"Đơn vị giao: {task.assigned_by_unit}")
    if task.assignee is not None:
        lines.append(f"Người thực hiện: {task.assignee}")
    lines += [
        f"Thời hạn: {long_date(task.deadline)}",
        f"Tiến độ đã báo cáo: {task.progress}%",
        "",
        "Đề nghị cập nhật tiến độ, kết quả thực hiện trên hệ thống Chỉ đạo.",
        "Thư này được gửi tự động; xin đừng trả lời thư này.",
    ]
    return subject, "\n".join(lines)


def _reminded(kind: str) -> Exists:
    return Exists(
        Reminder.objects.filter(task=OuterRef("pk"), kind=kind, deadline=OuterRef("deadline"))
    )


def _due(today: dt.date, before_days: int) -> Iterable[tuple[Task, str]]:
    open_tasks = Task.objects.filter(completed_on__isnull=True, is_demo=False).select_related(
        "unit", "assignee", "assigned_by_unit"
    )
    soon = open_tasks.filter(
        deadline__gte=today, deadline__lte=today + dt.timedelta(days=before_days)
    ).exclude(_reminded(Reminder.Kind.BEFORE_DEADLINE))
    late = open_tasks.filter(deadline__lt=today).exclude(_reminded(Reminder.Kind.AFTER_DEADLINE))
    for task in soon.order_by("deadline", "pk"):
        yield task, Reminder.Kind.BEFORE_DEADLINE
    for task in late.order_by("deadline", "pk"):
        yield task, Reminder.Kind.AFTER_DEADLINE


def send_reminders(today: dt.date, *, before_days: int = 3) -> int:
    """E-mail one "due soon" and one "overdue" reminder per task and deadline; returns how many.

    A task with nobody to e-mail is left unrecorded, so it is reminded once someone is assigned.
    Demo tasks are skipped. Each reminder is its own transaction: the Reminder row is written
    first (its unique constraint makes a concurrent or repeated run skip it), the mail is sent,
    and a failed sending rolls the row back so the next run tries again. Reminders change no
    task, so they write no audit event; the Reminder rows are their record.
    """
    if before_days < 0:
        raise ValueError("before_days must not be negative")
    sent = 0
    for task, kind in _due(today, before_days):
        recipients = reminder_recipients(task)
        if not recipients:
            continue
        with transaction.atomic():
            _reminder, created = Reminder.objects.get_or_create(
                task=task,
                kind=kind,
                deadline=task.deadline,
                defaults={"recipients": ", ".join(recipients)},
            )
            if not created:
                continue
            subject, body = reminder_message(task, kind, today)
            EmailMessage(subject, body, to=recipients).send()
        sent += 1
    logger.info("reminders sent: %s", sent)
    return sent
