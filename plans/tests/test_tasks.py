"""Tasks: derived status on a frozen clock, splitting, progress, deadlines, reminders and scope."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import Http404

from accounts.models import Role, User
from audit.models import AuditEvent
from common.testing import BaseTestCase, make_user
from common.versioning import ConflictError
from plans.models import Reminder, Task
from plans.queries.tasks import (
    due_soon,
    get_task_for_user,
    overdue_by_unit,
    status_q,
    task_status,
    tasks_for_user,
)
from plans.services import tasks as services

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date


def at(day: dt.date, hour: int = 9) -> Any:
    """Freeze the clock on `day` in Vietnam."""
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, tzinfo=HCM), tick=False
    )


class TaskTestCase(BaseTestCase):
    office: User
    commune_office: User
    doer: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Huyện Một and Xã Một A are closed in the test world: assign directly, as the inspector is.
        office = Role.objects.get(code="committee_office")
        cls.office = make_user("vanphong", email="vp@huyenmot.vn")
        cls.office.assignments.create(role=office, unit=cls.district_one, include_subtree=True)
        cls.commune_office = make_user("vanphongxa", email="vp@xamota.vn")
        cls.commune_office.assignments.create(
            role=office, unit=cls.commune_one_a, include_subtree=False
        )
        cls.doer = make_user("thuchien", email="thuchien@xamota.vn")

    def make_task(self, deadline: dt.date, unit: Any = None, **extra: Any) -> Task:
        return services.create_task(
            unit or self.district_one,
            extra.pop("title", "Rà soát đảng viên"),
            deadline,
            actor=self.office,
            allow_past_deadline=True,
            **extra,
        )

    def refresh(self, task: Task) -> Task:
        return Task.objects.get(pk=task.pk)

    def audit_count(self, action: str) -> int:
        return AuditEvent.objects.filter(action=action).count()


class TaskStatusTests(TaskTestCase):
    def assert_status(self, task: Task, today: dt.date, status: Task.Status) -> None:
        self.assertEqual(task_status(task, today), status)
        # The SQL form of the rule agrees with the Python one.
        self.assertTrue(Task.objects.filter(status_q(status, today), pk=task.pk).exists())
        others = [s for s in Task.Status if s != status]
        for other in others:
            self.assertFalse(Task.objects.filter(status_q(other, today), pk=task.pk).exists())

    def test_task_without_progress_is_not_started(self) -> None:
        with at(D(2025, 3, 10)):
            task = services.create_task(
                self.district_one, "Sơ kết Nghị quyết", D(2025, 3, 31), actor=self.office
            )
        self.assert_status(task, D(2025, 3, 10), Task.Status.NOT_STARTED)

    def test_reported_progress_puts_the_task_in_progress(self) -> None:
        task = self.make_task(D(2025, 3, 31))
        with at(D(2025, 3, 10)):
            services.report_progress(
                task, 30, "Đã họp triển khai", actor=self.office, expected_version=task.version
            )
        task = self.refresh(task)
        self.assertEqual(task.started_on, D(2025, 3, 10))
        self.assert_status(task, D(2025, 3, 10), Task.Status.IN_PROGRESS)

    def test_open_task_becomes_overdue_the_day_after_its_deadline(self) -> None:
        task = self.make_task(D(2025, 3, 31))
        self.assert_status(task, D(2025, 3, 31), Task.Status.NOT_STARTED)
        self.assert_status(task, D(2025, 4, 1), Task.Status.OVERDUE)
        before, after = (
            overdue_by_unit([self.district_one, self.district_two], day)
            for day in (D(2025, 3, 31), D(2025, 4, 1))
        )
        self.assertEqual([row.count for row in before], [0, 0])
        self.assertEqual([row.count for row in after], [1, 0])
        self.assertEqual(after[0].tasks, [task])

    def test_task_completed_by_its_deadline_is_done_on_time(self) -> None:
        task = self.make_task(D(2025, 3, 31))
        with at(D(2025, 3, 31)):
            services.report_progress(
                task, 100, "Đã hoàn thành", actor=self.office, expected_version=task.version
            )
        task = self.refresh(task)
        self.assertEqual((task.completed_on, task.progress), (D(2025, 3, 31), 100))
        self.assert_status(task, D(2025, 6, 1), Task.Status.DONE_ON_TIME)

    def test_task_completed_after_its_deadline_is_done_late_for_ever(self) -> None:
        task = self.make_task(D(2025, 3, 31))
        with at(D(2025, 4, 2)):
            self.assertEqual(task_status(task, D(2025, 4, 2)), Task.Status.OVERDUE)
            services.complete_task(task, actor=self.office)
        task = self.refresh(task)
        self.assert_status(task, D(2025, 4, 2), Task.Status.DONE_LATE)
        self.assert_status(task, D(2030, 1, 1), Task.Status.DONE_LATE)
        self.assertEqual(overdue_by_unit([self.district_one], D(2025, 5, 1))[0].count, 0)


class CreateAndSplitTests(TaskTestCase):
    def test_create_task_records_who_assigned_it(self) -> None:
        with at(D(2025, 3, 10)):
            task = services.create_task(
                self.commune_one_a,
                "Kiện toàn chi bộ",
                D(2025, 4, 30),
                actor=self.office,
                assigned_by_unit=self.district_one,
                assignee=self.doer,
            )
        event = AuditEvent.objects.get(action="task.created")
        self.assertEqual(
            (event.actor, event.unit, event.target_id), (self.office, task.unit, str(task.pk))
        )
        self.assertEqual(event.data, {"back_filled": False})

    def test_create_task_refuses_a_deadline_in_the_past_unless_back_filling(self) -> None:
        with at(D(2025, 3, 10)):
            with self.assertRaises(ValidationError) as caught:
                services.create_task(self.district_one, "Việc cũ", D(2025, 3, 9), actor=self.office)
            self.assertIn("deadline", caught.exception.message_dict)
            self.assertIn("Thời hạn", caught.exception.message_dict["deadline"][0])
            self.assertEqual(self.audit_count("task.created"), 0)
            task = services.create_task(
                self.district_one,
                "Việc cũ",
                D(2025, 3, 9),
                actor=self.office,
                allow_past_deadline=True,
            )
        self.assertEqual(AuditEvent.objects.get(action="task.created").data, {"back_filled": True})
        self.assertEqual(task.deadline, D(2025, 3, 9))

    def test_split_task_creates_subtasks_for_units_below_it(self) -> None:
        task = self.make_task(D(2025, 6, 30))
        with at(D(2025, 3, 10)):
            subtasks = services.split_task(
                task,
                [
                    (self.commune_one_a, "Rà soát ở Xã Một A", D(2025, 6, 15)),
                    (self.commune_one_b, "Rà soát ở Xã Một B", D(2025, 6, 30)),
                ],
                actor=self.office,
            )
        self.assertEqual([s.unit for s in subtasks], [self.commune_one_a, self.commune_one_b])
        self.assertTrue(
            all(s.parent == task and s.assigned_by_unit == self.district_one for s in subtasks)
        )
        self.assertEqual(len(AuditEvent.objects.get(action="task.split").data["subtasks"]), 2)

    def test_split_task_refuses_units_that_are_not_below_the_tasks_unit(self) -> None:
        task = self.make_task(D(2025, 6, 30))
        for unit in (self.district_one, self.district_two, self.province, self.commune_two_a):
            with self.subTest(unit=unit.name), at(D(2025, 3, 10)):
                with self.assertRaises(ValidationError) as caught:
                    services.split_task(
                        task,
                        [
                            (self.commune_one_a, "Đúng cấp", D(2025, 6, 1)),
                            (unit, "Sai cấp", D(2025, 6, 1)),
                        ],
                        actor=self.office,
                    )
                self.assertIn(
                    "không phải đơn vị cấp dưới", caught.exception.message_dict["parts"][0]
                )
        self.assertFalse(task.subtasks.exists())
        self.assertEqual(self.audit_count("task.split"), 0)

    def test_split_task_refuses_a_deadline_after_the_parents(self) -> None:
        task = self.make_task(D(2025, 6, 30))
        with at(D(2025, 3, 10)), self.assertRaises(ValidationError) as caught:
            services.split_task(
                task, [(self.commune_one_a, "Muộn hơn", D(2025, 7, 1))], actor=self.office
            )
        self.assertIn("sau thời hạn nhiệm vụ cấp trên", caught.exception.message_dict["parts"][0])


class ProgressAndDeadlineTests(TaskTestCase):
    def test_progress_report_keeps_the_note_and_evidence_and_is_audited(self) -> None:
        task = self.make_task(D(2025, 6, 30))
        evidence = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 thu")
        with at(D(2025, 3, 10)):
            update = services.report_progress(
                task, 40, "Đã họp", evidence, actor=self.office, expected_version=task.version
            )
        self.assertTrue(update.evidence.name.endswith(".pdf"))
        self.assertEqual(update.author, self.office)
        event = AuditEvent.objects.get(action="task.progress_reported")
        self.assertEqual(event.changes["progress"], [0, 40])

    def test_progress_cannot_go_down(self) -> None:
        task = self.make_task(D(2025, 6, 30))
        with at(D(2025, 3, 10)):
            services.report_progress(task, 60, "Đã làm", actor=self.office, expected_version=1)
            with self.assertRaises(ValidationError) as caught:
                services.report_progress(
                    task, 50, "Nhầm", actor=self.office, expected_version=task.version
                )
        self.assertIn("không được giảm", caught.exception.message_dict["progress"][0])
        self.assertEqual(self.refresh(task).progress, 60)
        self.assertEqual(self.audit_count("task.progress_reported"), 1)

    def test_a_stale_progress_form_is_refused(self) -> None:
        task = self.make_task(D(2025, 6, 30))
        with at(D(2025, 3, 10)):
            services.report_progress(task, 20, "Lần một", actor=self.office, expected_version=1)
            stale = Task.objects.get(pk=task.pk)
            stale.version = 1
            with self.assertRaises(ConflictError):
                services.report_progress(stale, 30, "Lần hai", actor=self.doer, expected_version=1)
        self.assertEqual(task.updates.count(), 1)
        self.assertEqual(self.audit_count("task.progress_reported"), 1)

    def test_parent_is_complete_only_when_all_its_subtasks_are(self) -> None:
        task = self.make_task(D(2025, 6, 30))
        with at(D(2025, 3, 10)):
            [sub] = services.split_task(
                task, [(self.commune_one_a, "Phần của xã", D(2025, 6, 1))], actor=self.office
            )
            with self.assertRaises(ValidationError) as caught:
                services.report_progress(task, 100, "Xong", actor=self.office, expected_version=1)
            self.assertIn("Phần của xã", caught.exception.message_dict["progress"][0])
            with self.assertRaises(ValidationError):
                services.complete_task(task, actor=self.office)
            services.complete_task(sub, actor=self.commune_office)
            services.complete_task(self.refresh(task), actor=self.office)
            parent = self.refresh(task)
            self.assertEqual(parent.completed_on, D(2025, 3, 10))
            with self.assertRaises(ValidationError):
                services.reopen_task(self.refresh(sub), "Sai số liệu", actor=self.office)
        self.assertEqual(self.audit_count("task.completed"), 2)

    def test_reopen_corrects_a_mistaken_figure_with_a_reason(self) -> None:
        task = self.make_task(D(2025, 6, 30))
        with at(D(2025, 3, 10)):
            services.report_progress(task, 100, "Xong", actor=self.office, expected_version=1)
            task = services.reopen_task(
                self.refresh(task), "Báo cáo nhầm", actor=self.office, progress=70
            )
        task = self.refresh(task)
        self.assertEqual((task.completed_on, task.progress), (None, 70))
        self.assertEqual(
            AuditEvent.objects.get(action="task.reopened").data, {"reason": "Báo cáo nhầm"}
        )

    def test_complete_task_refuses_a_future_day(self) -> None:
        task = self.make_task(D(2025, 6, 30))
        with at(D(2025, 3, 10)), self.assertRaises(ValidationError) as caught:
            services.complete_task(task, D(2025, 3, 11), actor=self.office)
        self.assertIn("completed_on", caught.exception.message_dict)
        self.assertEqual(self.audit_count("task.completed"), 0)

    def test_change_deadline_is_audited_with_its_reason(self) -> None:
        task = self.make_task(D(2025, 3, 31))
        with at(D(2025, 3, 10)):
            services.change_deadline(task, D(2025, 4, 30), "Chờ hướng dẫn", actor=self.office)
        self.assertEqual(self.refresh(task).deadline, D(2025, 4, 30))
        event = AuditEvent.objects.get(action="task.deadline_changed")
        self.assertEqual(event.changes["deadline"], ["2025-03-31", "2025-04-30"])
        self.assertEqual(event.data, {"reason": "Chờ hướng dẫn"})

    def test_change_deadline_refuses_a_subtask_deadline_after_its_parents(self) -> None:
        task = self.make_task(D(2025, 6, 30))
        with at(D(2025, 3, 10)):
            [sub] = services.split_task(
                task, [(self.commune_one_a, "Phần của xã", D(2025, 6, 1))], actor=self.office
            )
            with self.assertRaises(ValidationError) as caught:
                services.change_deadline(sub, D(2025, 7, 1), "Xin gia hạn", actor=self.office)
            self.assertIn("deadline", caught.exception.message_dict)
            with self.assertRaises(ValidationError):
                services.change_deadline(task, D(2025, 5, 1), "Rút ngắn", actor=self.office)
        self.assertEqual(self.audit_count("task.deadline_changed"), 0)


class ReminderTests(TaskTestCase):
    def test_reminder_before_the_deadline_is_sent_once(self) -> None:
        self.make_task(D(2025, 3, 12), self.commune_one_a, assignee=self.doer)
        self.assertEqual(services.send_reminders(D(2025, 3, 8)), 0)  # 4 days before
        self.assertEqual(services.send_reminders(D(2025, 3, 9)), 1)
        self.assertEqual(services.send_reminders(D(2025, 3, 10)), 0)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(sorted(mail.outbox[0].to), ["thuchien@xamota.vn", "vp@xamota.vn"])

    def test_reminder_after_the_deadline_is_sent_once(self) -> None:
        self.make_task(D(2025, 3, 12), self.commune_one_a, assignee=self.doer)
        services.send_reminders(D(2025, 3, 12))
        self.assertEqual(services.send_reminders(D(2025, 3, 13)), 1)
        self.assertEqual(services.send_reminders(D(2025, 3, 13)), 0)
        self.assertEqual(services.send_reminders(D(2025, 3, 20)), 0)
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(
            sorted(Reminder.objects.values_list("kind", flat=True)), ["after", "before"]
        )

    def test_a_changed_deadline_is_reminded_of_again(self) -> None:
        task = self.make_task(D(2025, 3, 12), self.commune_one_a, assignee=self.doer)
        self.assertEqual(services.send_reminders(D(2025, 3, 10)), 1)
        with at(D(2025, 3, 10)):
            services.change_deadline(task, D(2025, 3, 20), "Gia hạn", actor=self.office)
        self.assertEqual(services.send_reminders(D(2025, 3, 10)), 0)
        self.assertEqual(services.send_reminders(D(2025, 3, 18)), 1)
        self.assertEqual(len(mail.outbox), 2)
        self.assertIn("ngày 20 tháng 3 năm 2025", mail.outbox[1].body)

    def test_reminder_is_written_in_vietnamese_with_the_long_date(self) -> None:
        self.make_task(
            D(2023, 9, 18),
            self.commune_one_a,
            title="Tổng kết công tác kiểm tra",
            assignee=self.doer,
            assigned_by_unit=self.district_one,
        )
        services.send_reminders(D(2023, 9, 16))
        services.send_reminders(D(2023, 9, 20))
        before, after = mail.outbox
        self.assertIn("Tổng kết công tác kiểm tra", before.subject)
        self.assertIn("còn 2 ngày đến hạn", before.subject)
        self.assertIn("Thời hạn: ngày 18 tháng 9 năm 2023", before.body)
        self.assertIn("Đơn vị thực hiện: Xã Một A", before.body)
        self.assertIn("Đơn vị giao: Huyện Một", before.body)
        self.assertIn("đã quá hạn 2 ngày", after.subject)

    def test_only_open_tasks_with_someone_to_mail_are_reminded(self) -> None:
        done = self.make_task(D(2025, 3, 12), self.commune_one_a)
        with at(D(2025, 3, 10)):
            services.complete_task(done, actor=self.office)
        # A role above the task's unit does not receive its reminders; nobody holds one at Xã Hai A.
        nobody = self.make_task(D(2025, 3, 12), self.commune_two_a)
        self.assertEqual(services.send_reminders(D(2025, 3, 10)), 0)
        self.assertFalse(Reminder.objects.exists())
        self.assertEqual(mail.outbox, [])
        nobody.assignee = self.doer
        nobody.save()
        self.assertEqual(services.send_reminders(D(2025, 3, 11)), 1)

    def test_send_reminders_command_prints_one_summary_line(self) -> None:
        self.make_task(D(2025, 3, 12), self.commune_one_a, assignee=self.doer)
        out = StringIO()
        call_command("send_reminders", "--date", "2025-03-10", stdout=out)
        self.assertEqual(out.getvalue(), "Đã gửi 1 thư nhắc việc ngày 10 tháng 3 năm 2025.\n")
        out = StringIO()
        call_command("send_reminders", "--date", "2025-03-10", stdout=out)
        self.assertIn("Đã gửi 0 thư", out.getvalue())
        self.assertEqual(len(mail.outbox), 1)


class TaskScopeTests(TaskTestCase):
    task_district: Task
    task_new_commune: Task

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.task_district = services.create_task(
            cls.district_one, "Việc của huyện", D(2025, 6, 30), actor=None, allow_past_deadline=True
        )
        cls.task_new_commune = services.create_task(
            cls.commune_new, "Việc của xã mới", D(2025, 6, 30), actor=None, allow_past_deadline=True
        )

    def test_user_without_plans_capability_gets_404(self) -> None:
        with self.assertRaises(Http404):
            get_task_for_user(self.inspector, self.task_district.pk)

    def test_commune_officer_gets_404_for_a_task_outside_the_commune(self) -> None:
        with self.assertRaises(Http404):
            get_task_for_user(self.commune_officer, self.task_district.pk, action="update")

    def test_commune_officer_may_update_but_not_manage_the_communes_task(self) -> None:
        task = get_task_for_user(self.commune_officer, self.task_new_commune.pk, action="update")
        self.assertEqual(task, self.task_new_commune)
        with self.assertRaises(PermissionDenied):
            get_task_for_user(self.commune_officer, self.task_new_commune.pk, action="manage")

    def test_read_only_leader_sees_tasks_but_gets_403_on_update(self) -> None:
        self.assertEqual(get_task_for_user(self.viewer, self.task_district.pk), self.task_district)
        with self.assertRaises(PermissionDenied):
            get_task_for_user(self.viewer, self.task_district.pk, action="update")

    def test_committee_office_manages_tasks_of_its_district(self) -> None:
        task = get_task_for_user(self.office, self.task_district.pk, action="manage")
        self.assertEqual(task, self.task_district)
        with self.assertRaises(Http404):
            get_task_for_user(self.office, self.task_new_commune.pk)

    def test_an_assigned_task_is_visible_to_its_assignee(self) -> None:
        self.assertFalse(tasks_for_user(self.doer).exists())
        Task.objects.filter(pk=self.task_new_commune.pk).update(assignee=self.doer)
        self.assertEqual(list(tasks_for_user(self.doer)), [self.task_new_commune])
        self.assertEqual(list(due_soon(self.doer, D(2025, 6, 25))), [self.task_new_commune])

    def test_due_soon_lists_open_tasks_of_the_users_units_within_the_window(self) -> None:
        self.assertEqual(list(due_soon(self.office, D(2025, 6, 23))), [self.task_district])
        self.assertEqual(list(due_soon(self.office, D(2025, 6, 22))), [])
        self.assertEqual(list(due_soon(self.office, D(2025, 7, 1))), [])
        self.assertEqual(list(due_soon(self.viewer, D(2025, 6, 25))), [])
