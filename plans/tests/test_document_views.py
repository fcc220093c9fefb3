"""Document register screens: numbering on create, Vietnamese refusals, counts phrase, links, scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from accounts.models import Role, User
from common.testing import BaseTestCase, make_user
from plans.models import Document
from plans.services import tasks as task_services
from plans.tests.factories import make_document, make_plan


class DocumentViewTestCase(BaseTestCase):
    office: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.office = make_user("vanphong")
        cls.office.assignments.create(
            role=Role.objects.get(code="committee_office"),
            unit=cls.district_one,
            include_subtree=True,
        )

    def setUp(self) -> None:
        self.client.force_login(self.office)

    def post_document(self, **overrides: Any) -> Any:
        data = {
            "unit": self.district_one.pk,
            "type_code": "NQ",
            "number": "",
            "issuer_code": "HU",
            "term": "2020-2025",
            "issued_on": "15/03/2025",
            "signer": "Nguyễn Văn A",
            "subject": "Về phát triển kinh tế",
        }
        data.update(overrides)
        return self.client.post(reverse("plans:document-create"), data)


class CreateTests(DocumentViewTestCase):
    def test_number_left_out_takes_the_next_one(self) -> None:
        make_document(self.district_one, 1, type_code="NQ")
        response = self.post_document()
        document = Document.objects.get(type_code="NQ", number=2)
        self.assertRedirects(response, reverse("plans:document-detail", args=[document.pk]))
        page = self.client.get(response["Location"]).content.decode()
        self.assertIn("Số 02-NQ/HU", page)
        self.assertEqual(document.issued_on, dt.date(2025, 3, 15))

    def test_a_taken_number_is_refused_naming_the_symbol(self) -> None:
        make_document(self.district_one, 5, type_code="NQ")
        response = self.post_document(number="5")
        self.assertEqual(response.status_code, 200)
        self.assertIn("05-NQ/HU", response.context["form"].errors["number"][0])
        self.assertEqual(Document.objects.count(), 1)

    def test_unknown_type_bad_term_and_bad_date_are_answered_on_their_fields(self) -> None:
        errors = self.post_document(type_code="XX").context["form"].errors
        self.assertIn("không có trong danh mục", errors["type_code"][0])
        errors = self.post_document(term="2020").context["form"].errors
        self.assertIn("2020-2025", errors["term"][0])
        errors = self.post_document(term="2015-2020").context["form"].errors
        self.assertIn("không thuộc nhiệm kỳ", errors["issued_on"][0])
        errors = self.post_document(issued_on="2025/15/03").context["form"].errors
        self.assertIn("ngày/tháng/năm", errors["issued_on"][0])
        self.assertFalse(Document.objects.exists())

    def test_create_needs_manage_plans(self) -> None:
        self.assertContains(self.client.get(reverse("plans:document-create")), "2020-2025")
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(reverse("plans:document-create")).status_code, 403)


class ListTests(DocumentViewTestCase):
    def test_list_shows_the_counts_phrase_and_filters_by_type_and_unit(self) -> None:
        for number in (1, 2):
            make_document(self.district_one, number, type_code="NQ", issued_on=dt.date(2025, 2, 1))
        for number in (1, 2, 3):
            make_document(self.district_one, number, type_code="CT", issued_on=dt.date(2025, 3, 1))
        make_document(self.district_one, 9, type_code="TT", issued_on=dt.date(2024, 3, 1))
        make_document(self.district_two, 7, type_code="NQ", issued_on=dt.date(2025, 3, 1))
        page = self.client.get(reverse("plans:document-list"), {"period": "2025"}).content.decode()
        self.assertIn("ban hành 02 Nghị quyết, 03 Chỉ thị.", page)
        self.assertIn("Số 03-CT/HU", page)
        self.assertNotIn("09-TT/HU", page)  # another period
        self.assertNotIn("07-NQ/HU", page)  # outside scope
        page = self.client.get(
            reverse("plans:document-list"), {"period": "2025", "type": "NQ"}
        ).content.decode()
        self.assertNotIn("03-CT/HU", page)
        self.assertIn("02-NQ/HU", page)
        fragment = self.client.get(
            reverse("plans:document-list"),
            {"period": "2025", "issuer": str(self.district_one.pk)},
            HTTP_HX_REQUEST="true",
        ).content.decode()
        self.assertIn('id="results"', fragment)
        self.assertNotIn("<html", fragment)

    def test_scope_and_capability(self) -> None:
        outside = make_document(self.district_two, 1)
        response = self.client.get(reverse("plans:document-list"), {"issuer": self.district_two.pk})
        self.assertEqual(response.status_code, 404)
        detail = reverse("plans:document-detail", args=[outside.pk])
        self.assertEqual(self.client.get(detail).status_code, 404)
        self.client.force_login(self.commune_officer)
        self.assertEqual(self.client.get(reverse("plans:document-list")).status_code, 403)
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(detail).status_code, 200)
        response = self.client.post(reverse("plans:document-link", args=[outside.pk]), {})
        self.assertEqual(response.status_code, 403)


class LinkTests(DocumentViewTestCase):
    def test_link_plans_and_tasks_in_scope(self) -> None:
        document = make_document(self.district_one, 1, type_code="NQ")
        plan = make_plan(self.district_one)
        task = task_services.create_task(
            self.commune_one_a,
            "Triển khai nghị quyết",
            dt.date(2025, 1, 1),
            actor=None,
            allow_past_deadline=True,
        )
        url = reverse("plans:document-link", args=[document.pk])
        empty = self.client.post(url, {})
        self.assertIn("Hãy chọn", empty.content.decode())
        response = self.client.post(url, {"plans": [plan.pk], "tasks": [task.pk]})
        self.assertRedirects(response, reverse("plans:document-detail", args=[document.pk]))
        page = self.client.get(response["Location"]).content.decode()
        self.assertIn(plan.title, page)
        self.assertIn("Triển khai nghị quyết", page)
        self.assertEqual(task.__class__.objects.get(pk=task.pk).document, document)
