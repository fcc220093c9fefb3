"""Rules as data: loading the register, the rule in force on a date, and deadline arithmetic."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from audit.models import AuditEvent
from oversight.models import Holiday, LegalDocument, Rule
from oversight.rules import (
    NoRuleInForce,
    RulesFileError,
    add_period,
    is_unconfirmed,
    load_rules,
    rule_in_force,
)

BAD_RULES = """
rules:
  - value: "60"
    amount: 60
    unit: months
    document: "69-QĐ/TW"
    effective_from: 2022-07-06
    confidence: C
  - key: x.bad_date
    value: "1"
    amount: 1
    unit: days
    document: "69-QĐ/TW"
    effective_from: 2022-13-45
    confidence: C
  - key: x.bad_confidence
    value: "1"
    amount: 1
    unit: days
    document: "69-QĐ/TW"
    effective_from: 2022-07-06
    confidence: Z
  - key: x.reversed
    value: "1"
    amount: 1
    unit: days
    document: "69-QĐ/TW"
    effective_from: 2022-07-06
    effective_to: 2022-01-01
    confidence: C
"""


class LoadingTests(TestCase):
    def test_loading_twice_changes_nothing(self) -> None:
        first = load_rules(actor=None)
        counts = (LegalDocument.objects.count(), Rule.objects.count(), Holiday.objects.count())
        self.assertEqual(first.updated + first.unchanged, 0)
        self.assertEqual(first.created, sum(counts))
        second = load_rules(actor=None)
        self.assertEqual((second.created, second.updated), (0, 0))
        self.assertEqual(second.unchanged, sum(counts))
        self.assertEqual(
            counts,
            (LegalDocument.objects.count(), Rule.objects.count(), Holiday.objects.count()),
        )
        self.assertEqual(AuditEvent.objects.filter(action="rules.loaded").count(), 2)
        replaced = LegalDocument.objects.get(code="22-QĐ/TW")
        self.assertEqual(replaced.replaced_by, LegalDocument.objects.get(code="296-QĐ/TW"))

    def test_a_malformed_file_is_rejected_whole_and_writes_nothing(self) -> None:
        from oversight.rules import DOCUMENTS_FILE, HOLIDAYS_FILE

        with tempfile.TemporaryDirectory() as folder:
            bad = Path(folder) / "rules.yaml"
            bad.write_text(BAD_RULES, encoding="utf-8")
            with self.assertRaises(RulesFileError) as caught:
                load_rules([DOCUMENTS_FILE, bad, HOLIDAYS_FILE], actor=None)
        text = "\n".join(caught.exception.errors)
        self.assertIn("Tệp rules.yaml, mục 1 (?), trường 'key': thiếu giá trị bắt buộc", text)
        self.assertIn("mục 2 (x.bad_date), trường 'effective_from': ngày '2022-13-45'", text)
        self.assertIn("mục 3 (x.bad_confidence), trường 'confidence': giá trị 'Z'", text)
        self.assertIn("mục 4 (x.reversed), trường 'effective_to': ngày kết thúc 01/01/2022", text)
        self.assertEqual(LegalDocument.objects.count(), 0)
        self.assertEqual(Holiday.objects.count(), 0)
        self.assertFalse(AuditEvent.objects.filter(action="rules.loaded").exists())

    def test_the_command_prints_one_summary_line(self) -> None:
        out = StringIO()
        call_command("load_rules", stdout=out)
        self.assertRegex(out.getvalue(), r"^Đã nạp quy định: \d+ mới, 0 cập nhật, 0 không đổi\.\n$")


class RuleInForceTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_rules(actor=None)

    def test_legacy_and_current_rows_by_date_and_scope(self) -> None:
        legacy = rule_in_force("khieu_nai.thoi_han_giai_quyet", dt.date(2023, 3, 1), "TW")
        self.assertEqual((legacy.amount, legacy.legal_document.code), (Decimal(180), "30-QĐ/TW"))
        self.assertFalse(is_unconfirmed(legacy))
        current = rule_in_force("khieu_nai.thoi_han_giai_quyet", dt.date(2025, 5, 30), "TW")
        self.assertEqual(current.legal_document.code, "296-QĐ/TW")
        self.assertTrue(is_unconfirmed(current))
        lower = rule_in_force(
            "khieu_nai.thoi_han_giai_quyet", dt.date(2025, 9, 1), "tỉnh trở xuống"
        )
        self.assertEqual((lower.amount, lower.unit), (Decimal(90), Rule.Unit.WORKING_DAYS))

    def test_scope_falls_back_to_the_row_for_every_scope(self) -> None:
        rule = rule_in_force("ky_luat.hieu_luc_tu_dong_het", dt.date(2024, 1, 1), "đảng viên")
        self.assertEqual(rule.scope, "")
        tinh = rule_in_force("kiem_tra.thoi_gian.co_quan_tham_muu", dt.date(2025, 7, 1), "tỉnh")
        self.assertEqual(tinh.amount, Decimal(45))

    def test_no_rule_in_force_names_the_key_and_the_date(self) -> None:
        with self.assertRaisesMessage(
            NoRuleInForce,
            "Không có quy định 'kiem_tra.thoi_gian.co_quan_tham_muu', phạm vi 'tỉnh' "
            "có hiệu lực vào ngày 01/01/2024.",
        ):
            rule_in_force("kiem_tra.thoi_gian.co_quan_tham_muu", dt.date(2024, 1, 1), "tỉnh")
        with self.assertRaisesMessage(NoRuleInForce, "hãy chỉ rõ phạm vi"):
            rule_in_force("kiem_tra.thoi_gian.co_quan_tham_muu", dt.date(2025, 7, 1))

    def test_discipline_expires_automatically_after_twelve_months(self) -> None:
        rule = rule_in_force("ky_luat.hieu_luc_tu_dong_het", dt.date(2024, 2, 29))
        self.assertEqual(rule.article, "Điều 2 khoản 5")
        self.assertEqual(add_period(dt.date(2024, 2, 29), rule), dt.date(2025, 2, 28))
        self.assertEqual(add_period(dt.date(2024, 3, 15), rule), dt.date(2025, 3, 15))

    def test_limitation_periods_for_members(self) -> None:
        on = dt.date(2025, 1, 1)
        reprimand = rule_in_force("ky_luat.thoi_hieu.khien_trach", on, "đảng viên")
        warning = rule_in_force("ky_luat.thoi_hieu.canh_cao_cach_chuc", on, "đảng viên")
        self.assertEqual((reprimand.amount, reprimand.unit), (Decimal(60), Rule.Unit.MONTHS))
        self.assertEqual((warning.amount, warning.unit), (Decimal(120), Rule.Unit.MONTHS))
        self.assertEqual(add_period(dt.date(2018, 5, 31), reprimand), dt.date(2023, 5, 31))
        self.assertEqual(add_period(dt.date(2018, 5, 31), warning), dt.date(2028, 5, 31))
        expulsion = rule_in_force("ky_luat.thoi_hieu.khai_tru", on, "đảng viên")
        self.assertIsNone(expulsion.amount)
        with self.assertRaisesMessage(ValueError, "không có thời hạn"):
            add_period(on, expulsion)


class AddPeriodTests(TestCase):
    document: LegalDocument

    @classmethod
    def setUpTestData(cls) -> None:
        cls.document = LegalDocument.objects.create(
            code="T-1", title="Thử", issuer="Thử", status="in_force", confidence="U"
        )

    def rule(self, amount: int, unit: str) -> Rule:
        return Rule(
            key="t", value=str(amount), amount=Decimal(amount), unit=unit,
            legal_document=self.document, effective_from=dt.date(2000, 1, 1), confidence="U",
        )  # fmt: skip

    def test_months_clamp_to_the_end_of_the_month(self) -> None:
        month = self.rule(1, Rule.Unit.MONTHS)
        self.assertEqual(add_period(dt.date(2025, 1, 31), month), dt.date(2025, 2, 28))
        self.assertEqual(add_period(dt.date(2024, 1, 31), month), dt.date(2024, 2, 29))
        self.assertEqual(add_period(dt.date(2024, 12, 15), month), dt.date(2025, 1, 15))

    def test_years_and_days(self) -> None:
        self.assertEqual(
            add_period(dt.date(2024, 2, 29), self.rule(1, Rule.Unit.YEARS)), dt.date(2025, 2, 28)
        )
        self.assertEqual(
            add_period(dt.date(2025, 12, 20), self.rule(90, Rule.Unit.DAYS)), dt.date(2026, 3, 20)
        )

    def test_working_days_skip_weekends_and_holidays(self) -> None:
        working = self.rule(3, Rule.Unit.WORKING_DAYS)
        # Thursday 28/8/2025 + 3 working days: Fri 29, (weekend), Mon 1/9 → 1/9.
        self.assertEqual(add_period(dt.date(2025, 8, 28), working), dt.date(2025, 9, 2))
        Holiday.objects.create(date=dt.date(2025, 9, 2), name="Quốc khánh")
        Holiday.objects.create(date=dt.date(2025, 9, 1), name="Nghỉ liền kề Quốc khánh")
        self.assertEqual(add_period(dt.date(2025, 8, 28), working), dt.date(2025, 9, 4))
