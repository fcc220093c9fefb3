"""Denunciations: every step of DENUNCIATION, refused steps with the machine's message, the
deadline and its single extension from the rule in force, overdue by the clock, and discipline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from oversight.models import Denunciation, DisciplineCase, LegalDocument, Rule
from oversight.queries.letters import denunciations_for_user, overdue_denunciations
from oversight.services import denunciations as services
from oversight.tests.test_letters import LetterTestCase, at

D = dt.date


class DenunciationTestCase(LetterTestCase):
    def open(self, **extra: object) -> Denunciation:
        letter = self.classify_denunciation(self.receive(), **extra)
        return Denunciation.objects.get(letter=letter)

    def walk(self, denunciation: Denunciation, *actions: str) -> Denunciation:
        with at(D(2025, 3, 20)):
            for action in actions:
                services.act_on_denunciation(
                    denunciation, action, actor=self.member, reason="Lý do thử nghiệm"
                )
        return denunciation


class TransitionTests(DenunciationTestCase):
    def test_full_resolution_path(self) -> None:
        denunciation = self.walk(self.open(), "phan_loai", "thu_ly", "chuan_bi", "tien_hanh")
        with at(D(2025, 5, 6)):
            services.conclude_denunciation(
                denunciation,
                actor=self.member,
                result=Denunciation.Result.DUNG,
                concluded_on=D(2025, 5, 5),
                has_violation=True,
                discipline_required=True,
            )
            services.notify_denouncer(denunciation, actor=self.member, notified_on=D(2025, 5, 6))
            services.act_on_denunciation(denunciation, "dong", actor=self.member)
        denunciation.refresh_from_db()
        self.assertEqual(denunciation.state, "dong")
        self.assertEqual(denunciation.closed_on, D(2025, 5, 6))
        self.assertEqual(denunciation.version, 8)
        for action in ("classified", "accepted", "concluded", "notified", "closed"):
            self.assertTrue(AuditEvent.objects.filter(action=f"denunciation.{action}").exists())

    def test_refusal_and_transfer_need_a_reason(self) -> None:
        for action, state in (("khong_thu_ly", "khong_thu_ly"), ("chuyen", "chuyen_co_tham_quyen")):
            denunciation = self.walk(self.open(), "phan_loai")
            with self.assertRaises(ValidationError) as raised:
                services.act_on_denunciation(denunciation, action, actor=self.member)
            self.assertIn("reason", raised.exception.message_dict)
            services.act_on_denunciation(
                denunciation, action, actor=self.member, reason="Nội dung không cụ thể"
            )
            self.assertEqual(denunciation.state, state)
            self.assertEqual(denunciation.rejection_reason, "Nội dung không cụ thể")

    def test_withdrawal_stops_the_resolution(self) -> None:
        denunciation = self.walk(self.open(), "phan_loai", "thu_ly", "rut_to_cao")
        self.assertEqual(denunciation.state, "dung_giai_quyet")

    def test_refused_step_carries_the_machine_message(self) -> None:
        denunciation = self.open()
        with self.assertRaises(ValidationError) as raised:
            services.act_on_denunciation(denunciation, "thu_ly", actor=self.member)
        self.assertIn("Không thể “Thụ lý” khi hồ sơ đang ở bước “Tiếp nhận”", str(raised.exception))
        with self.assertRaises(ValidationError):
            services.conclude_denunciation(
                denunciation,
                actor=self.member,
                result=Denunciation.Result.SAI,
                concluded_on=D(2025, 3, 5),
            )
        with self.assertRaises(ValidationError):
            services.act_on_denunciation(denunciation, "ket_luan", actor=self.member)

    def test_congress_postponement_and_handover(self) -> None:
        denunciation = self.open(congress_opens_on=D(2025, 4, 1))
        check = services.check_congress(denunciation, D(2025, 4, 1))
        self.assertTrue(check.proposes_postponement)
        self.walk(denunciation, "phan_loai", "tam_hoan_dai_hoi", "chuyen_cap_uy_moi")
        self.assertEqual(denunciation.state, "phan_loai")

    def test_postponement_only_for_congress_related(self) -> None:
        denunciation = self.open()
        with self.assertRaises(ValidationError) as raised:
            services.act_on_denunciation(denunciation, "tam_hoan_dai_hoi", actor=self.member)
        self.assertIn("đại hội", str(raised.exception))

    def test_conclusion_with_violation_must_be_founded(self) -> None:
        denunciation = self.walk(self.open(), "phan_loai", "thu_ly", "chuan_bi", "tien_hanh")
        with at(D(2025, 5, 5)), self.assertRaises(ValidationError) as raised:
            services.conclude_denunciation(
                denunciation,
                actor=self.member,
                result=Denunciation.Result.SAI,
                concluded_on=D(2025, 5, 5),
                discipline_required=True,
            )
        self.assertIn("discipline_required", raised.exception.message_dict)

    def test_stale_version_is_a_conflict(self) -> None:
        denunciation = self.open()
        with self.assertRaises(ValidationError) as raised:
            services.act_on_denunciation(
                denunciation, "phan_loai", actor=self.member, expected_version=9
            )
        self.assertIn("người khác thay đổi", str(raised.exception))


class DeadlineTests(DenunciationTestCase):
    def test_extension_adds_the_rule_amount_once(self) -> None:
        denunciation = self.walk(self.open(), "phan_loai", "thu_ly")
        self.assertEqual(denunciation.deadline, D(2025, 7, 7))
        services.extend_denunciation(denunciation, actor=self.member)
        # + 30 working days.
        self.assertEqual(denunciation.deadline, D(2025, 8, 18))
        self.assertTrue(denunciation.extended)
        with self.assertRaises(ValidationError) as raised:
            services.extend_denunciation(denunciation, actor=self.member)
        self.assertIn("một lần", str(raised.exception))

    def test_extension_never_beyond_the_rule(self) -> None:
        denunciation = self.walk(self.open(), "phan_loai", "thu_ly")
        with self.assertRaises(ValidationError) as raised:
            services.extend_denunciation(
                denunciation, actor=self.member, new_deadline=D(2025, 9, 30)
            )
        self.assertIn("new_deadline", raised.exception.message_dict)
        services.extend_denunciation(denunciation, actor=self.member, new_deadline=D(2025, 8, 1))
        self.assertEqual(denunciation.deadline, D(2025, 8, 1))

    def test_extension_only_while_resolving(self) -> None:
        denunciation = self.open()
        with self.assertRaises(ValidationError) as raised:
            services.extend_denunciation(denunciation, actor=self.member)
        self.assertIn("Gia hạn", str(raised.exception))

    def test_higher_level_without_rule_needs_a_deadline(self) -> None:
        letter = self.receive(unit=self.party_district_one)
        with self.assertRaises(ValidationError) as raised:
            self.classify_denunciation(letter)
        self.assertIn("deadline", raised.exception.message_dict)
        self.classify_denunciation(letter, deadline=D(2025, 6, 30))
        self.assertEqual(Denunciation.objects.get(letter=letter).deadline, D(2025, 6, 30))

    def test_rule_change_applies_by_the_receipt_date(self) -> None:
        document = LegalDocument.objects.get(code="TEST-TC")
        Rule.objects.create(
            key="to_cao.thoi_han_giai_quyet",
            value="30",
            amount=Decimal(30),
            unit=Rule.Unit.DAYS,
            scope="cấp trên cơ sở",
            legal_document=document,
            confidence="U",
            effective_from=D(2025, 1, 1),
        )
        letter = self.receive(unit=self.party_district_one)
        self.classify_denunciation(letter)
        self.assertEqual(Denunciation.objects.get(letter=letter).deadline, D(2025, 4, 2))

    def test_overdue_list_follows_the_clock(self) -> None:
        denunciation = self.walk(self.open(), "phan_loai", "thu_ly")
        visible = denunciations_for_user(self.member)
        self.assertEqual(overdue_denunciations(visible, D(2025, 7, 7)), [])
        self.assertEqual(overdue_denunciations(visible, D(2025, 7, 8)), [denunciation])
        self.assertEqual(
            overdue_denunciations(denunciations_for_user(self.other_member), D(2025, 7, 8)), []
        )


class DisciplineFromDenunciationTests(DenunciationTestCase):
    def test_concluded_denunciation_opens_a_linked_case(self) -> None:
        Rule.objects.create(
            key="ky_luat.thoi_hieu.khien_trach",
            value="60",
            amount=Decimal(60),
            unit=Rule.Unit.MONTHS,
            scope="đảng viên",
            legal_document=LegalDocument.objects.get(code="TEST-TC"),
            confidence="C",
            effective_from=D(2020, 1, 1),
        )
        denunciation = self.walk(self.open(), "phan_loai", "thu_ly", "chuan_bi", "tien_hanh")
        with self.assertRaises(ValidationError):
            services.open_discipline_from_denunciation(
                denunciation, actor=self.member, violation_on=D(2024, 6, 1), opened_on=D(2025, 5, 6)
            )
        with at(D(2025, 5, 5)):
            services.conclude_denunciation(
                denunciation,
                actor=self.member,
                result=Denunciation.Result.DUNG,
                concluded_on=D(2025, 5, 5),
                has_violation=True,
                discipline_required=True,
            )
        case = services.open_discipline_from_denunciation(
            denunciation,
            actor=self.member,
            violation_on=D(2024, 6, 1),
            opened_on=D(2025, 5, 6),
            prospective_form="khien_trach",
        )
        self.assertEqual(case.denunciation, denunciation)
        self.assertEqual(case.full_name, "Trần Văn Bị")
        self.assertEqual(DisciplineCase.objects.filter(denunciation=denunciation).count(), 1)
        with self.assertRaises(ValidationError):
            services.open_discipline_from_denunciation(
                denunciation, actor=self.member, violation_on=D(2024, 6, 1), opened_on=D(2025, 5, 6)
            )
