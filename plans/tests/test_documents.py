"""Directive documents: numbering per type and term, symbols, links, counts for a period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from common.periods import Period
from common.testing import BaseTestCase
from plans.models import Document, Plan, Task
from plans.services import documents as services
from plans.services.tasks import create_task

D = dt.date


class DocumentTestCase(BaseTestCase):
    def register(self, type_code: str = "NQ", **extra: Any) -> Document:
        values: dict[str, Any] = {
            "unit": self.party_district_one,
            "type_code": type_code,
            "issuer_code": "HU",
            "term": "2020-2025",
            "issued_on": D(2023, 3, 15),
            "subject": f"Văn bản {type_code}",
        }
        values.update(extra)
        return services.register_document(**values, actor=self.province_admin)


class RegisterDocumentTests(DocumentTestCase):
    def test_numbers_run_from_01_for_each_type(self) -> None:
        numbers = [self.register(code).symbol for code in ("NQ", "NQ", "CT", "NQ", "CT", "TT")]
        self.assertEqual(
            numbers, ["01-NQ/HU", "02-NQ/HU", "01-CT/HU", "03-NQ/HU", "02-CT/HU", "01-TT/HU"]
        )

    def test_numbering_restarts_with_a_new_term(self) -> None:
        self.register("NQ")
        self.register("NQ")
        new_term = self.register("NQ", term="2025-2030", issued_on=D(2025, 10, 20))
        self.assertEqual(new_term.number, 1)

    def test_numbering_is_per_issuing_unit(self) -> None:
        self.register("NQ")
        other = self.register("NQ", unit=self.party_commune_one_a, issuer_code="ĐU")
        self.assertEqual(other.symbol, "01-NQ/ĐU")

    def test_a_given_number_keeps_its_symbol_and_the_next_one_follows(self) -> None:
        document = self.register("NQ", number=5, signer="Nguyễn Văn A")
        self.assertEqual(document.symbol, "05-NQ/HU")
        self.assertEqual(str(document), "Số 05-NQ/HU: Văn bản NQ")
        self.assertEqual(self.register("NQ").number, 6)

    def test_a_number_already_taken_is_refused_naming_the_symbol(self) -> None:
        self.register("NQ", number=5, subject="Về xây dựng Đảng")
        with self.assertRaises(ValidationError) as caught:
            self.register("NQ", number=5)
        message = caught.exception.message_dict["number"][0]
        self.assertIn("05-NQ/HU", message)
        self.assertIn("Về xây dựng Đảng", message)
        self.assertEqual(Document.objects.count(), 1)
        self.assertEqual(AuditEvent.objects.filter(action="document.registered").count(), 1)

    def test_unknown_type_is_refused_listing_the_known_ones(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.register("XYZ")
        message = caught.exception.message_dict["type_code"][0]
        self.assertIn("XYZ", message)
        self.assertIn("NQ (Nghị quyết)", message)
        self.assertIn("CTr (Chương trình)", message)

    def test_term_is_written_with_two_years_containing_the_issue_date(self) -> None:
        for term in ("2020/2025", "2020", "2025-2020", "2020-2031"):
            with self.subTest(term=term), self.assertRaises(ValidationError) as caught:
                self.register("NQ", term=term)
            self.assertIn("term", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            self.register("NQ", issued_on=D(2026, 1, 5))
        self.assertIn("issued_on", caught.exception.message_dict)
        self.assertFalse(AuditEvent.objects.filter(action="document.registered").exists())

    def test_registering_is_audited_with_the_symbol_and_keeps_the_file(self) -> None:
        document = self.register(
            "KH", file=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 thu"), signer="Trần B"
        )
        self.assertTrue(document.file.name.endswith(".pdf"))
        event = AuditEvent.objects.get(action="document.registered")
        self.assertEqual((event.actor, event.unit), (self.province_admin, self.party_district_one))
        self.assertEqual(event.data["symbol"], "01-KH/HU")
        self.assertEqual(event.changes["signer"], [None, "Trần B"])


class LinkAndCountTests(DocumentTestCase):
    def test_link_document_records_plans_and_tasks_that_carry_it_out(self) -> None:
        document = self.register("NQ")
        plan = Plan.objects.create(
            unit=self.district_one,
            kind=Plan.Kind.PLAN,
            title="Kế hoạch",
            start_year=2023,
            end_year=2023,
        )
        task = create_task(
            self.district_one, "Quán triệt", D(2023, 6, 30), actor=None, allow_past_deadline=True
        )
        services.link_document(document, plans=[plan], tasks=[task], actor=self.province_admin)
        self.assertEqual(list(document.implemented_by.all()), [plan])
        self.assertEqual(Task.objects.get(pk=task.pk).document, document)
        event = AuditEvent.objects.get(action="document.linked")
        self.assertEqual(event.data["symbol"], "01-NQ/HU")

    def test_a_task_from_another_document_is_not_relinked(self) -> None:
        first, second = self.register("NQ"), self.register("CT")
        task = create_task(
            self.district_one,
            "Quán triệt",
            D(2023, 6, 30),
            actor=None,
            document=first,
            allow_past_deadline=True,
        )
        with self.assertRaises(ValidationError) as caught:
            services.link_document(second, tasks=[task], actor=self.province_admin)
        self.assertIn("Quán triệt", caught.exception.message_dict["tasks"][0])
        self.assertEqual(Task.objects.get(pk=task.pk).document, first)
        self.assertFalse(AuditEvent.objects.filter(action="document.linked").exists())

    def test_counts_and_phrase_for_a_period(self) -> None:
        for code, day in [
            ("NQ", D(2023, 1, 10)),
            ("NQ", D(2023, 3, 31)),
            ("CT", D(2023, 2, 1)),
            ("TT", D(2023, 4, 1)),  # next quarter
            ("NQ", D(2022, 12, 31)),  # last year
        ]:
            self.register(code, issued_on=day)
        self.register(
            "CT", unit=self.party_commune_one_a, issuer_code="ĐU", issued_on=D(2023, 2, 2)
        )
        units = [self.party_district_one]
        quarter = Period("quarter", 2023, 1)
        self.assertEqual(
            services.documents_count(units, quarter.start, quarter.end), {"NQ": 2, "CT": 1}
        )
        self.assertEqual(
            services.documents_phrase(units, quarter), "ban hành 02 Nghị quyết, 01 Chỉ thị"
        )
        both = [self.party_district_one, self.party_commune_one_a]
        self.assertEqual(
            services.documents_phrase(both, Period("year", 2023)),
            "ban hành 02 Nghị quyết, 02 Chỉ thị, 01 Thông tri",
        )
        self.assertEqual(services.documents_phrase(units, Period("year", 2021)), "")
