"""Authority (§5.3) as data: refusals name body, form and basis; unconfirmed rules warn; the row in
force on the decision date decides (districts end on 30/6/2025); the shipped matrix loads."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from oversight.models import DisciplineDecision, LegalDocument, Rule
from oversight.rules import load_rules, rule_in_force
from oversight.services import discipline as services
from oversight.tests.test_discipline import DisciplineTestCase

D = dt.date


class CheckAuthorityTests(DisciplineTestCase):
    def check(self, **values: object) -> services.AuthorityCheck:
        arguments: dict[str, object] = {
            "is_organisation": False,
            "body_kind": "chi_bo",
            "body_level": "",
            "form": "khien_trach",
            "on": D(2025, 4, 1),
        }
        arguments.update(values)
        return services.check_authority(**arguments)  # type: ignore[arg-type]

    def test_chi_bo_may_reprimand_and_warn_not_remove(self) -> None:
        allowed = self.check(form="canh_cao")
        self.assertEqual(allowed.forms, ("khien_trach", "canh_cao"))
        self.assertEqual(allowed.warnings, [])
        with self.assertRaises(ValidationError) as caught:
            self.check(form="cach_chuc")
        message = caught.exception.messages[0]
        self.assertIn("Chi bộ không có thẩm quyền quyết định hình thức cách chức", message)
        self.assertIn("TEST-69 Điều 10", message)
        self.assertIn("chi bộ chỉ quyết định: khiển trách, cảnh cáo", message)

    def test_chi_bo_only_proposes_for_higher_duties_of_committee_members(self) -> None:
        self.assertEqual(self.check(is_committee_member=True).forms, ("khien_trach", "canh_cao"))
        with self.assertRaisesMessage(ValidationError, "chi bộ chỉ đề nghị"):
            self.check(managed_by_higher=True, higher_assigned_duty=True)

    def test_unconfirmed_rule_allows_with_warning(self) -> None:
        result = self.check(body_kind="ban_thuong_vu", body_level="tinh", form="khai_tru")
        self.assertEqual(result.rule.scope, "ban_thuong_vu")
        self.assertEqual(len(result.warnings), 1)
        self.assertIn("chưa xác nhận", result.warnings[0])

    def test_level_rows_and_the_july_2025_mapping(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Ban thường vụ cấp ủy không có thẩm quyền"):
            self.check(body_kind="ban_thuong_vu", body_level="co_so")
        before = self.check(body_kind="ban_thuong_vu", body_level="huyen", on=D(2025, 6, 30))
        self.assertEqual(before.rule.scope, "ban_thuong_vu")
        with self.assertRaisesMessage(ValidationError, "chỉ đề nghị"):
            self.check(body_kind="ban_thuong_vu", body_level="huyen", on=D(2025, 7, 1))
        after = self.check(body_kind="ban_thuong_vu", body_level="tren_co_so", on=D(2025, 7, 1))
        self.assertEqual(after.rule.scope, "ban_thuong_vu.tren_co_so")

    def test_missing_rule_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Không có quy định thẩm quyền"):
            self.check(body_kind="dang_uy_co_so")
        with self.assertRaisesMessage(ValidationError, "không hợp lệ"):
            self.check(body_kind="chi_uy")

    def test_record_decision_stores_level_rule_and_refuses(self) -> None:
        case = self.open_member(is_committee_member=True).case
        with self.assertRaisesMessage(ValidationError, "Ủy ban kiểm tra không có thẩm quyền"):
            self.decide(case, "canh_cao")
        self.assertFalse(DisciplineDecision.objects.exists())
        decision = self.decide(case, "khai_tru", body_kind="ban_thuong_vu", body_level="huyen")
        self.assertEqual(decision.body_level, "huyen")
        assert decision.authority_rule is not None
        self.assertEqual(decision.authority_rule.scope, "ban_thuong_vu")
        self.assertIn("chưa xác nhận", decision.authority_note)
        org = self.open_org().case
        with self.assertRaisesMessage(ValidationError, "Không có quy định thẩm quyền"):
            self.decide(org, "canh_cao", body_kind="chi_bo")


class ShippedMatrixTests(DisciplineTestCase):
    def test_rules_yaml_matrix_loads_and_answers(self) -> None:
        Rule.objects.all().delete()
        LegalDocument.objects.all().delete()
        load_rules(actor=None)
        chi_bo_22 = rule_in_force(services.MEMBER_AUTHORITY_KEY, D(2024, 1, 1), "chi_bo")
        chi_bo_296 = rule_in_force(services.MEMBER_AUTHORITY_KEY, D(2025, 8, 1), "chi_bo")
        self.assertEqual(
            (chi_bo_22.legal_document.code, chi_bo_22.article), ("22-QĐ/TW", "Điều 11")
        )
        self.assertEqual(
            (chi_bo_296.legal_document.code, chi_bo_296.confidence), ("296-QĐ/TW", "S")
        )
        with self.assertRaisesMessage(ValidationError, "theo 296-QĐ/TW Điều 10"):
            services.check_authority(
                is_organisation=False,
                body_kind="chi_bo",
                body_level="co_so",
                form="cach_chuc",
                on=D(2025, 8, 1),
            )
        tren_co_so = services.check_authority(
            is_organisation=False,
            body_kind="ban_thuong_vu",
            body_level="tren_co_so",
            form="khai_tru",
            on=D(2025, 8, 1),
        )
        self.assertEqual(tren_co_so.rule.confidence, "U")
        self.assertTrue(tren_co_so.warnings)
        for rule in Rule.objects.filter(key__startswith="ky_luat.tham_quyen"):
            self.assertEqual(rule.unit, Rule.Unit.NONE)
            self.assertIsNone(rule.amount)
            self.assertTrue(rule.note)
