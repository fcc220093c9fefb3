"""Rules behind the screens: who approves, all-or-nothing imports, evidence, typed numbers."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase

from accounts.models import Role
from audit.models import AuditEvent
from common.testing import make_user
from monitoring import evidence, queries, services
from monitoring.forms import EntryField, parse_number
from monitoring.models import Evidence, IndicatorValue, ValueSheet
from monitoring.tests.test_entry import MonitoringTestCase

YEAR = 2024


class ApprovalRuleTests(MonitoringTestCase):
    def test_the_province_office_approves_communes_below_it(self) -> None:
        self.assertTrue(queries.approves_from_above(self.approver, self.commune_new))
        self.assertTrue(queries.approves_from_above(self.approver, self.commune_one_a))

    def test_holding_approval_only_at_the_commune_itself_is_not_enough(self) -> None:
        self.assertFalse(queries.approves_from_above(self.commune_approver, self.commune_new))

    def test_a_district_office_approves_its_own_communes_only(self) -> None:
        district_office = make_user("vanphonghuyen")
        district_office.assignments.create(
            role=Role.objects.get(code="ntm_office"), unit=self.district_one
        )
        self.assertTrue(queries.approves_from_above(district_office, self.commune_one_a))
        self.assertFalse(queries.approves_from_above(district_office, self.commune_two_a))

    def test_people_without_the_capability_never_approve(self) -> None:
        self.assertFalse(queries.approves_from_above(self.commune_officer, self.commune_new))
        self.assertFalse(queries.approves_from_above(self.province_admin, self.commune_new))


class ImportServiceTests(MonitoringTestCase):
    def counts(self) -> tuple[int, int, int]:
        return (
            IndicatorValue.objects.count(),
            ValueSheet.objects.count(),
            AuditEvent.objects.count(),
        )

    def test_an_import_writes_each_communes_sheet_and_records_the_import(self) -> None:
        changed = services.import_values(
            [
                (self.commune_one_a, {"10": Decimal("60")}),
                (self.commune_one_b, {"1.1": True, "1.2": "na"}),
            ],
            YEAR,
            actor=self.district_officer,
            area=self.district_one,
        )
        self.assertEqual(changed, 2)
        self.assertEqual(ValueSheet.objects.filter(year=YEAR).count(), 2)
        event = AuditEvent.objects.get(action="values.imported")
        self.assertEqual(event.data, {"year": YEAR, "units": 2, "changed": 2})
        self.assertEqual(event.unit, self.district_one)

    def test_an_import_touching_an_approved_sheet_changes_nothing(self) -> None:
        sheet = services.open_sheet(self.commune_one_b, YEAR, actor=None)
        services.save_values(sheet, {"10": Decimal("50")}, actor=None)
        sheet = services.submit_sheet(ValueSheet.objects.get(pk=sheet.pk), actor=None)
        services.approve_sheet(sheet, actor=self.approver)
        before = self.counts()
        with self.assertRaises(ValidationError) as caught:
            services.import_values(
                [
                    (self.commune_one_a, {"10": Decimal("60")}),
                    (self.commune_one_b, {"10": Decimal("70")}),
                ],
                YEAR,
                actor=self.district_officer,
            )
        self.assertIn("Xã Một B (Đã duyệt)", " ".join(caught.exception.messages))
        self.assertEqual(self.counts(), before)
        self.assertEqual(
            IndicatorValue.objects.get(sheet__unit=self.commune_one_b, code="10").number,
            Decimal("50"),
        )


class EvidenceServiceTests(MonitoringTestCase):
    def test_evidence_before_a_value_makes_an_empty_value_row_to_hold_it(self) -> None:
        sheet = services.open_sheet(self.commune_new, 2025, actor=None)
        pdf = SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.4 ...")
        item = evidence.attach_evidence(sheet, "10", pdf, actor=self.commune_officer)
        self.assertEqual(item.value.code, "10")
        self.assertIsNone(item.value.value)
        self.assertFalse(queries.values_for_units([self.commune_new], 2025))
        event = AuditEvent.objects.get(action="evidence.attached")
        self.assertEqual(event.data["file"], "quyet-dinh.pdf")

    def test_evidence_cannot_change_while_the_sheet_is_submitted(self) -> None:
        sheet = services.open_sheet(self.commune_new, 2025, actor=None)
        services.save_values(sheet, {"10": Decimal("60")}, actor=None)
        services.submit_sheet(ValueSheet.objects.get(pk=sheet.pk), actor=None)
        pdf = SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.4 ...")
        with self.assertRaises(ValidationError):
            evidence.attach_evidence(sheet, "10", pdf, actor=self.commune_officer)
        self.assertFalse(Evidence.objects.exists())

    def test_an_office_document_must_really_be_one(self) -> None:
        sheet = services.open_sheet(self.commune_new, 2025, actor=None)
        fake = SimpleUploadedFile("bao-cao.docx", b"This is plain text")
        with self.assertRaises(ValidationError) as caught:
            evidence.attach_evidence(sheet, "10", fake, actor=self.commune_officer)
        self.assertIn("không phải là tệp DOCX hợp lệ", " ".join(caught.exception.messages))


class TypedNumberTests(SimpleTestCase):
    def test_vietnamese_and_plain_decimals_are_read(self) -> None:
        self.assertEqual(parse_number("55,61"), Decimal("55.61"))
        self.assertEqual(parse_number("1.234,5"), Decimal("1234.5"))
        self.assertEqual(parse_number("1.234.567"), Decimal("1234567"))
        self.assertEqual(parse_number("55.61"), Decimal("55.61"))
        self.assertEqual(parse_number(" 87,3 % "), Decimal("87.3"))
        self.assertEqual(parse_number("-2,5"), Decimal("-2.5"))

    def test_text_that_is_not_a_number_is_refused(self) -> None:
        for text in ("5x", "1,2,3", "12.34,5", "1e5", "", "khoảng 50", "NaN"):
            with self.assertRaises(ValueError, msg=text):
                parse_number(text)

    def test_yes_no_words_and_counts(self) -> None:
        optional = EntryField("1.2", "Có điểm sinh hoạt (nếu có)", "boolean", optional=True)
        self.assertIs(optional.parse("Có"), True)
        self.assertIs(optional.parse(" KHÔNG "), False)
        self.assertEqual(optional.parse("Không áp dụng"), "na")
        count = EntryField("km3", "Số thôn thông minh", "count", kind="condition")
        self.assertEqual(count.parse("2"), Decimal("2"))
        with self.assertRaises(ValidationError) as caught:
            count.parse("1,5")
        self.assertIn("Điều kiện km3", caught.exception.messages[0])
