"""Task screens through the test client: the board by status, overdue list, progress, splitting."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role, User
from common.testing import BaseTestCase, make_user
from plans.models import Task, TaskUpdate
from plans.services import tasks as services

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date


def at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=HCM), tick=False)


class TaskViewTestCase(BaseTestCase):
    office: User
    commune_office: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        office = Role.objects.get(code="committee_office")
        cls.office = make_user("vanphong")
        cls.office.assignments.create(role=office, unit=cls.district_one, include_subtree=True)
        cls.commune_office = make_user("vanphongxa")
        cls.commune_office.assignments.create(role=office, unit=cls.commune_one_a)

    def make_task(self, deadline: dt.date, unit: Any = None, title: str = "Rà soát") -> Task:
        return services.create_task(
            unit or self.district_one, title, deadline, actor=None, allow_past_deadline=True
        )

    def section(self, page: str, status: str) -> str:
        start = page.index(f'id="status-{status}"')
        end = page.find('id="status-', start + 1)
        return page[start : end if end != -1 else len(page)]


class BoardTests(TaskViewTestCase):
    def test_each_status_shows_in_its_section(self) -> None:
        not_started = self.make_task(D(2025, 3, 31), title="Chưa làm")
        in_progress = self.make_task(D(2025, 3, 31), title="Đang làm")
        overdue = self.make_task(D(2025, 3, 1), title="Trễ hạn")
        on_time = self.make_task(D(2025, 3, 5), title="Xong đúng hạn")
        late = self.make_task(D(2025, 2, 1), title="Xong muộn")
        with at(D(2025, 3, 10)):
            services.report_progress(in_progress, 30, "Đã họp", actor=None, expected_version=1)
            services.complete_task(on_time, D(2025, 3, 4), actor=None)
            services.complete_task(late, D(2025, 3, 9), actor=None)
            self.client.force_login(self.office)
            response = self.client.get(reverse("plans:task-board"), {"unit": self.district_one.pk})
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        expected = {
            "not_started": not_started,
            "in_progress": in_progress,
            "overdue": overdue,
            "done_on_time": on_time,
            "done_late": late,
        }
        for status, task in expected.items():
            section = self.section(page, status)
            self.assertIn(task.title, section, status)
            others = [t.title for s, t in expected.items() if s != status]
            for title in others:
                self.assertNotIn(title, section, status)
        self.assertIn("Hoàn thành quá hạn", page)
        self.assertIn("31/03/2025", page)

    def test_due_soon_panel_lists_my_tasks_and_htmx_gets_the_board_only(self) -> None:
        self.make_task(D(2025, 3, 12), title="Sắp tới hạn")
        with at(D(2025, 3, 10)):
            self.client.force_login(self.office)
            page = self.client.get(reverse("plans:task-board")).content.decode()
            mine = page.split('id="mine"')[1].split("</section>")[0]
            self.assertIn("Sắp tới hạn", mine)
            fragment = self.client.get(
                reverse("plans:task-board"), {"unit": self.district_one.pk}, HTTP_HX_REQUEST="true"
            ).content.decode()
        self.assertIn('id="board"', fragment)
        self.assertNotIn("<html", fragment)

    def test_overdue_list_counts_per_unit_in_scope(self) -> None:
        self.make_task(D(2025, 3, 1), title="Huyện trễ")
        self.make_task(D(2025, 3, 2), self.commune_one_a, title="Xã trễ 1")
        self.make_task(D(2025, 3, 3), self.commune_one_a, title="Xã trễ 2")
        self.make_task(D(2025, 3, 3), self.commune_two_a, title="Ngoài phạm vi")
        self.make_task(D(2025, 4, 3), self.commune_one_a, title="Chưa đến hạn")
        with at(D(2025, 3, 10)):
            self.client.force_login(self.office)
            page = self.client.get(
                reverse("plans:task-overdue"), {"unit": self.district_one.pk}
            ).content.decode()
        self.assertIn("Huyện Một: 01 nhiệm vụ quá hạn", page)
        self.assertIn("Xã Một A: 02 nhiệm vụ quá hạn", page)
        self.assertIn("Tổng số: 03 nhiệm vụ quá hạn", page)
        self.assertNotIn("Ngoài phạm vi", page)
        self.assertNotIn("Chưa đến hạn", page)

    def test_a_unit_outside_scope_is_404_and_no_capability_is_403(self) -> None:
        self.client.force_login(self.commune_office)
        response = self.client.get(reverse("plans:task-board"), {"unit": self.commune_two_a.pk})
        self.assertEqual(response.status_code, 404)
        self.client.force_login(self.inspector)
        self.assertEqual(self.client.get(reverse("plans:task-board")).status_code, 403)
        self.assertEqual(self.client.get(reverse("plans:task-overdue")).status_code, 403)


class CreateTests(TaskViewTestCase):
    def test_manager_assigns_a_task_with_a_vietnamese_date(self) -> None:
        self.client.force_login(self.office)
        with at(D(2025, 3, 10)):
            response = self.client.post(
                reverse("plans:task-create"),
                {"unit": self.commune_one_a.pk, "title": "Tổng kết", "deadline": "30/04/2025"},
            )
        task = Task.objects.get(title="Tổng kết")
        self.assertRedirects(
            response, reverse("plans:task-detail", args=[task.pk]), fetch_redirect_response=False
        )
        self.assertEqual((task.unit, task.deadline), (self.commune_one_a, D(2025, 4, 30)))

    def test_bad_input_is_answered_in_vietnamese_on_its_field(self) -> None:
        self.client.force_login(self.office)
        with at(D(2025, 3, 10)):
            bad_date = self.client.post(
                reverse("plans:task-create"),
                {"unit": self.commune_one_a.pk, "title": "X", "deadline": "31/02/2025"},
            )
            past = self.client.post(
                reverse("plans:task-create"),
                {"unit": self.commune_one_a.pk, "title": "X", "deadline": "01/03/2025"},
            )
            outside = self.client.post(
                reverse("plans:task-create"),
                {"unit": self.commune_two_a.pk, "title": "X", "deadline": "01/04/2025"},
            )
        self.assertIn("ngày/tháng/năm", bad_date.context["form"].errors["deadline"][0])
        self.assertIn("không được trước ngày hôm nay", past.context["form"].errors["deadline"][0])
        self.assertIn("ngoài phạm vi", outside.context["form"].errors["unit"][0])
        self.assertFalse(Task.objects.exists())

    def test_create_needs_manage_plans(self) -> None:
        self.client.force_login(self.office)
        self.assertContains(self.client.get(reverse("plans:task-create")), "Thời hạn")
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(reverse("plans:task-create")).status_code, 403)


class DetailTests(TaskViewTestCase):
    def test_progress_report_with_evidence_goes_into_the_history(self) -> None:
        task = self.make_task(D(2025, 3, 31))
        self.client.force_login(self.office)
        with at(D(2025, 3, 10)):
            response = self.client.post(
                reverse("plans:task-report", args=[task.pk]),
                {
                    "version": task.version,
                    "progress": "40",
                    "note": "Đã họp triển khai",
                    "evidence": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"),
                },
            )
            self.assertRedirects(
                response,
                reverse("plans:task-detail", args=[task.pk]),
                fetch_redirect_response=False,
            )
            page = self.client.get(reverse("plans:task-detail", args=[task.pk])).content.decode()
        update = TaskUpdate.objects.get(task=task)
        self.assertEqual(update.progress, 40)
        self.assertTrue(update.evidence.name)
        self.assertIn("Đã họp triển khai", page)
        self.assertIn("Đang thực hiện", page)

    def test_a_stale_form_gets_a_conflict_message_and_bad_progress_its_field(self) -> None:
        task = self.make_task(D(2025, 3, 31))
        self.client.force_login(self.office)
        with at(D(2025, 3, 10)):
            services.report_progress(task, 20, "Người khác báo cáo", actor=None, expected_version=1)
            stale = self.client.post(
                reverse("plans:task-report", args=[task.pk]),
                {"version": 1, "progress": "40", "note": "Của tôi"},
            )
            too_much = self.client.post(
                reverse("plans:task-report", args=[task.pk]),
                {"version": 2, "progress": "150", "note": "Quá"},
            )
            lower = self.client.post(
                reverse("plans:task-report", args=[task.pk]),
                {"version": 2, "progress": "10", "note": "Giảm"},
            )
        self.assertIn("đã được người khác thay đổi", stale.content.decode())
        self.assertEqual(Task.objects.get(pk=task.pk).progress, 20)
        self.assertIn("từ 0 đến 100", too_much.context["report_form"].errors["progress"][0])
        self.assertIn("không được giảm", lower.context["report_form"].errors["progress"][0])

    def test_manager_changes_deadline_completes_and_reopens(self) -> None:
        task = self.make_task(D(2025, 3, 31))
        self.client.force_login(self.office)
        url = lambda name: reverse(f"plans:{name}", args=[task.pk])  # noqa: E731
        with at(D(2025, 3, 10)):
            no_reason = self.client.post(
                url("task-deadline"), {"version": 1, "deadline": "15/04/2025", "reason": ""}
            )
            self.assertIn("lý do", no_reason.context["deadline_form"].errors["reason"][0])
            self.client.post(
                url("task-deadline"),
                {"version": 1, "deadline": "15/04/2025", "reason": "Chờ số liệu"},
            )
            self.assertEqual(Task.objects.get(pk=task.pk).deadline, D(2025, 4, 15))
            self.client.post(url("task-complete"), {"version": 2, "completed_on": ""})
            self.assertEqual(Task.objects.get(pk=task.pk).completed_on, D(2025, 3, 10))
            self.client.post(url("task-reopen"), {"version": 3, "reason": "Báo cáo nhầm"})
        self.assertIsNone(Task.objects.get(pk=task.pk).completed_on)

    def test_split_to_units_below_and_refuse_a_unit_not_below(self) -> None:
        task = self.make_task(D(2025, 3, 31))
        commune_task = self.make_task(D(2025, 3, 31), self.commune_one_a)
        self.client.force_login(self.office)

        def rows(unit: Any, deadline: str = "20/03/2025") -> dict[str, Any]:
            return {
                "split-TOTAL_FORMS": "2",
                "split-INITIAL_FORMS": "0",
                "split-0-unit": unit.pk,
                "split-0-title": "Rà soát ở xã",
                "split-0-deadline": deadline,
                "split-1-unit": "",
                "split-1-title": "",
                "split-1-deadline": "",
            }

        with at(D(2025, 3, 10)):
            refused = self.client.post(
                reverse("plans:task-split", args=[commune_task.pk]), rows(self.commune_one_b)
            )
            too_late = self.client.post(
                reverse("plans:task-split", args=[task.pk]), rows(self.commune_one_a, "01/04/2025")
            )
            done = self.client.post(
                reverse("plans:task-split", args=[task.pk]), rows(self.commune_one_a)
            )
        self.assertIn("không phải đơn vị cấp dưới", refused.content.decode())
        self.assertIn("sau thời hạn nhiệm vụ cấp trên", too_late.content.decode())
        self.assertRedirects(
            done, reverse("plans:task-detail", args=[task.pk]), fetch_redirect_response=False
        )
        self.assertEqual(
            list(task.subtasks.values_list("unit", "deadline")),
            [(self.commune_one_a.pk, D(2025, 3, 20))],
        )
        self.assertFalse(commune_task.subtasks.exists())

    def test_outside_scope_is_404_without_capability_403(self) -> None:
        outside = self.make_task(D(2025, 3, 31), self.commune_two_a)
        inside = self.make_task(D(2025, 3, 31), self.commune_one_a)
        self.client.force_login(self.commune_office)
        self.assertEqual(
            self.client.get(reverse("plans:task-detail", args=[outside.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.post(
                reverse("plans:task-report", args=[outside.pk]),
                {"version": 1, "progress": "10", "note": "x"},
            ).status_code,
            404,
        )
        self.client.force_login(self.viewer)
        self.assertEqual(
            self.client.get(reverse("plans:task-detail", args=[inside.pk])).status_code, 200
        )
        for name in ("task-report", "task-complete", "task-split"):
            response = self.client.post(reverse(f"plans:{name}", args=[inside.pk]), {"version": 1})
            self.assertEqual(response.status_code, 403, name)
