"""Programmes and cases: services audit in their transaction, the machine guards every step,
deadlines come from the rule in force, and only oversight roles see cases in their scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from common.testing import BaseTestCase, make_unit, make_user
from oversight.models import Conclusion, LegalDocument, OversightCase, OversightProgramme, Rule
from oversight.queries import cases_for_user, get_case_for_user, overdue_recommendations
from oversight.services import cases as services
from oversight.workflow.machines import OVERSIGHT_CASE, TransitionError
from units.models import Unit

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date
KEY = "kiem_tra.thoi_gian.co_quan_tham_muu"


def at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=HCM), tick=False)


class CaseTestCase(BaseTestCase):
    party_district_two: Unit

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.party_district_two = make_unit(
            Unit.Kind.PARTY_DISTRICT,
            "Đảng bộ huyện Hai",
            cls.party_province,
            admin_unit=cls.district_two,
            valid_to=D(2025, 6, 30),
        )

    def open(self, unit: Unit | None = None, **extra: Any) -> OversightCase:
        values: dict[str, Any] = {
            "title": "Kiểm tra việc chấp hành Quy chế làm việc",
            "type": OversightCase.Type.KT_CHAP_HANH,
            "performer_kind": OversightCase.SubjectKind.UBKT,
            "decided_on": D(2025, 3, 3),
            "deadline": D(2025, 5, 3),
        }
        values.update(extra)
        return services.open_case(unit or self.party_district_one, actor=self.inspector, **values)

    def walk(self, case: OversightCase, *actions: str) -> OversightCase:
        for action in actions:
            services.act(case, action, actor=self.inspector)
        return case

    def audits(self, action: str) -> int:
        return AuditEvent.objects.filter(action=action).count()


class ServiceAuditTests(CaseTestCase):
    def test_programme_created_and_approved_with_audit(self) -> None:
        programme = services.create_programme(
            self.party_district_one, 2025, "Chương trình KTGS năm 2025", actor=self.inspector
        )
        topic = services.add_topic(
            programme, "Giám sát công tác cán bộ", actor=self.inspector, planned_quarter=2
        )
        services.approve_programme(programme, actor=self.inspector)
        programme.refresh_from_db()
        self.assertEqual(programme.status, OversightProgramme.Status.APPROVED)
        self.assertEqual(self.audits("oversight_programme.created"), 1)
        self.assertEqual(self.audits("oversight_topic.added"), 1)
        self.assertEqual(self.audits("oversight_programme.approved"), 1)
        case = self.open(topic=topic)
        self.assertEqual(case.programme, programme)

    def test_failed_services_write_no_audit(self) -> None:
        programme = services.create_programme(
            self.party_district_one, 2025, "Chương trình", actor=self.inspector
        )
        services.approve_programme(programme, actor=self.inspector)
        before = AuditEvent.objects.count()
        with self.assertRaisesMessage(ValidationError, "đang dự thảo"):
            services.approve_programme(programme, actor=self.inspector)
        with self.assertRaises(ValidationError):
            services.create_programme(
                self.party_district_one, 2025, "Chương trình", actor=self.inspector
            )
        with self.assertRaisesMessage(ValidationError, "thời hạn"):
            self.open(deadline=None)
        self.assertEqual(AuditEvent.objects.count(), before)
        case = self.open()
        before = AuditEvent.objects.count()
        with self.assertRaises(ValidationError):
            services.add_subject(case, actor=self.inspector)
        with self.assertRaises(ValidationError):
            services.issue_conclusion(case, actor=self.inspector, issued_on=D(2025, 4, 1))
        with self.assertRaises(ValidationError):
            services.add_recommendation(
                case, "Khắc phục", self.party_commune_one_a, D(2025, 6, 1), actor=self.inspector
            )
        self.assertEqual(AuditEvent.objects.count(), before)

    def test_full_case_audits_every_step(self) -> None:
        case = self.open()
        self.assertEqual(case.state, OVERSIGHT_CASE.initial)
        self.assertEqual(self.audits("oversight_case.opened"), 1)
        services.add_subject(case, actor=self.inspector, subject_unit=self.party_commune_one_a)
        services.add_subject(
            case,
            actor=self.inspector,
            full_name="Nguyễn Văn A",
            party_cell=self.party_commune_one_a,
            is_committee_member=True,
        )
        self.assertEqual(self.audits("oversight_subject.added"), 2)
        with at(D(2025, 3, 10)):
            self.walk(case, "chuan_bi", "cong_bo", "tien_hanh", "trinh_ket_luan")
        self.assertEqual(case.started_on, D(2025, 3, 10))
        self.assertEqual(self.audits("oversight_case.tien_hanh"), 1)
        conclusion = services.issue_conclusion(
            case,
            actor=self.inspector,
            issued_on=D(2025, 4, 20),
            shortcomings="Chưa ban hành quy chế",
            violation_categories=["quy_che_lam_viec"],
        )
        case.refresh_from_db()
        self.assertEqual(case.state, "da_ket_luan")
        self.assertEqual(case.concluded_on, D(2025, 4, 20))
        self.assertEqual(conclusion.violation_categories, ["quy_che_lam_viec"])
        self.assertEqual(self.audits("oversight_conclusion.issued"), 1)
        self.assertEqual(self.audits("oversight_case.ket_luan"), 1)
        rec = services.add_recommendation(
            case, "Ban hành quy chế", self.party_commune_one_a, D(2025, 6, 1), actor=self.inspector
        )
        self.assertEqual(rec.state, "moi")
        with at(D(2025, 5, 30)):
            for action in ("bat_dau", "bao_cao", "xac_nhan"):
                services.act_on_recommendation(rec, action, actor=self.inspector)
        rec.refresh_from_db()
        self.assertEqual(rec.state, "da_kiem_tra_xac_nhan")
        self.assertEqual(rec.closed_on, D(2025, 5, 30))
        self.assertEqual(self.audits("oversight_recommendation.xac_nhan"), 1)
        self.walk(case, "theo_doi", "hoan_thanh")
        self.assertEqual(case.state, "hoan_thanh")


class TransitionTests(CaseTestCase):
    def test_illegal_transition_gives_machine_message_and_changes_nothing(self) -> None:
        case = self.open()
        before = AuditEvent.objects.count()
        try:
            OVERSIGHT_CASE.next_state("du_kien", "tien_hanh")
        except TransitionError as error:
            expected = str(error)
        with self.assertRaises(ValidationError) as caught:
            services.act(case, "tien_hanh", actor=self.inspector)
        self.assertEqual(caught.exception.messages, [expected])
        self.assertIn("Không thể “Tiến hành”", expected)
        case.refresh_from_db()
        self.assertEqual((case.state, case.version), ("du_kien", 1))
        self.assertEqual(AuditEvent.objects.count(), before)

    def test_conclusion_only_when_waiting_for_it(self) -> None:
        case = self.walk(self.open(), "chuan_bi", "cong_bo", "tien_hanh")
        with self.assertRaisesMessage(ValidationError, "Không thể “Kết luận”"):
            services.issue_conclusion(case, actor=self.inspector, issued_on=D(2025, 4, 1))
        with self.assertRaisesMessage(ValidationError, "ban hành kết luận"):
            services.act(case, "ket_luan", actor=self.inspector)
        self.assertFalse(Conclusion.objects.filter(case=case).exists())
        case.refresh_from_db()
        self.assertEqual(case.state, "tien_hanh")

    def test_supervision_may_turn_into_inspection_but_inspection_may_not(self) -> None:
        supervision = self.open(type=OversightCase.Type.GS_CHUYEN_DE)
        self.walk(supervision, "chuan_bi", "cong_bo", "tien_hanh", "chuyen_kiem_tra")
        self.assertEqual(supervision.state, "chuyen_kiem_tra")
        inspection = self.walk(self.open(), "chuan_bi", "cong_bo", "tien_hanh")
        with self.assertRaises(ValidationError):
            services.act(inspection, "chuyen_kiem_tra", actor=self.inspector)

    def test_staff_body_may_not_inspect_signs_of_violation(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Cơ quan tham mưu"):
            self.open(
                type=OversightCase.Type.KT_DHVP_DV,
                performer_kind=OversightCase.SubjectKind.CO_QUAN_THAM_MUU,
            )


class DeadlineRuleTests(CaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        document = LegalDocument.objects.create(
            code="TEST-QĐ/TW",
            title="Quy định thử nghiệm",
            issuer="Ban Chấp hành Trung ương",
            status=LegalDocument.Status.IN_FORCE,
            confidence="C",
        )
        common = {"key": KEY, "unit": Rule.Unit.DAYS, "legal_document": document, "confidence": "C"}
        Rule.objects.create(
            **common,
            value="30",
            amount=Decimal(30),
            scope="thử nghiệm",
            effective_from=D(2020, 1, 1),
            effective_to=D(2025, 6, 17),
        )
        Rule.objects.create(
            **common,
            value="20",
            amount=Decimal(20),
            scope="thử nghiệm",
            effective_from=D(2025, 6, 18),
        )

    def test_deadline_from_rule_in_force_on_decision_date(self) -> None:
        old = self.open(
            decided_on=D(2025, 3, 1), deadline=None, rule_key=KEY, rule_scope="thử nghiệm"
        )
        new = self.open(
            decided_on=D(2025, 7, 1), deadline=None, rule_key=KEY, rule_scope="thử nghiệm"
        )
        self.assertEqual(old.deadline, D(2025, 3, 31))
        self.assertEqual(new.deadline, D(2025, 7, 21))
        event = AuditEvent.objects.get(action="oversight_case.opened", target_id=str(new.pk))
        self.assertEqual(event.data["rule"]["from"], "2025-06-18")

    def test_no_rule_in_force_is_a_validation_error(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Không có quy định"):
            self.open(
                decided_on=D(2019, 1, 1), deadline=None, rule_key=KEY, rule_scope="thử nghiệm"
            )
        self.assertFalse(OversightCase.objects.exists())


class ScopeTests(CaseTestCase):
    def test_inspector_sees_own_district_only(self) -> None:
        own = self.open()
        other = self.open(self.party_district_two)
        self.assertEqual(list(cases_for_user(self.inspector)), [own])
        self.assertEqual(get_case_for_user(self.inspector, own.pk, action="manage"), own)
        with self.assertRaises(Http404):
            get_case_for_user(self.inspector, other.pk)

    def test_viewer_without_oversight_role_sees_nothing(self) -> None:
        case = self.open()
        self.assertFalse(cases_for_user(self.viewer).exists())
        with self.assertRaises(Http404):
            get_case_for_user(self.viewer, case.pk)

    def test_manage_needs_manage_oversight(self) -> None:
        case = self.open()
        group = Group.objects.create(name="Đọc kiểm tra, giám sát")
        group.permissions.add(
            Permission.objects.get(content_type__app_label="accounts", codename="view_oversight")
        )
        role = Role.objects.create(group=group, code="oversight_reader", name="Đọc KTGS")
        reader = make_user("docktgs")
        reader.assignments.create(role=role, unit=self.party_district_one)
        self.assertEqual(get_case_for_user(reader, case.pk), case)
        with self.assertRaises(PermissionDenied):
            get_case_for_user(reader, case.pk, action="manage")


class OverdueTests(CaseTestCase):
    def test_overdue_recommendation_appears_after_deadline(self) -> None:
        case = self.walk(self.open(), "chuan_bi", "cong_bo", "tien_hanh", "trinh_ket_luan")
        services.issue_conclusion(case, actor=self.inspector, issued_on=D(2025, 4, 1))
        rec = services.add_recommendation(
            case, "Khắc phục", self.party_commune_one_a, D(2025, 6, 1), actor=self.inspector
        )
        units = [self.party_district_one]
        with at(D(2025, 6, 1)):
            self.assertFalse(overdue_recommendations(units, timezone.localdate()).exists())
        with at(D(2025, 6, 2)):
            self.assertEqual(list(overdue_recommendations(units, timezone.localdate())), [rec])
        for action in ("bat_dau", "bao_cao", "xac_nhan"):
            services.act_on_recommendation(rec, action, actor=self.inspector)
        self.assertFalse(overdue_recommendations(units, D(2025, 6, 2)).exists())
