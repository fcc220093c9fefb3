"""Letters: receiving keeps the sender apart and out of the audit, classifying follows the
admissibility rules of §6, routing follows the handling, and the identity is read deliberately."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role, User
from audit.models import AuditEvent
from common.testing import BaseTestCase, make_unit, make_user
from oversight.models import (
    Denunciation,
    DisciplineCase,
    DisciplineComplaint,
    DisciplineDecision,
    LegalDocument,
    Letter,
    LetterSender,
    Rule,
)
from oversight.services import letters as services
from units.models import Unit

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date
SECRET_NAME = "Nguyễn Văn Bímật"
SECRET_ADDRESS = "Số 7 ngõ Kín, phường Ẩn"


def person(username: str, role: str, unit: Unit) -> User:
    """A user holding `role` at `unit` and below."""
    user = make_user(username)
    user.assignments.create(role=Role.objects.get(code=role), unit=unit, include_subtree=True)
    return user


def at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=HCM), tick=False)


class LetterTestCase(BaseTestCase):
    """The oversight people of Đảng bộ huyện Một, a grassroots organisation, and the §6 rules."""

    grassroots: Unit
    party_district_two: Unit
    chair: User
    member: User
    other_member: User
    reception: User
    leader: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.grassroots = make_unit(
            Unit.Kind.PARTY_GRASSROOTS, "Đảng bộ cơ sở Một", cls.party_district_one
        )
        cls.party_district_two = make_unit(
            Unit.Kind.PARTY_DISTRICT, "Đảng bộ huyện Hai", cls.party_province
        )
        # Đảng bộ huyện Một is closed in the test world: roles are assigned directly.
        cls.chair = person("chunhiem", "inspection_chair", cls.party_district_one)
        cls.member = person("uyvien", "inspection_member", cls.party_district_one)
        cls.other_member = person("uyvienhai", "inspection_member", cls.party_district_two)
        cls.reception = person("tiepdan", "reception_officer", cls.party_district_one)
        cls.leader = person("bithu", "leader", cls.party_district_one)
        document = LegalDocument.objects.create(
            code="TEST-TC",
            title="Quy định thử nghiệm về tố cáo",
            issuer="Ban Chấp hành Trung ương",
            status=LegalDocument.Status.IN_FORCE,
            confidence="C",
        )
        common = {
            "unit": Rule.Unit.WORKING_DAYS,
            "legal_document": document,
            "confidence": "C",
            "scope": "cơ sở",
        }
        Rule.objects.create(
            **common,
            key="to_cao.thoi_han_giai_quyet",
            value="90 (+30)",
            amount=Decimal(90),
            extension_amount=Decimal(30),
            effective_from=D(2021, 7, 28),
            effective_to=D(2025, 5, 29),
        )
        Rule.objects.create(
            **common,
            key="to_cao.thoi_han_giai_quyet",
            value="60 (+20)",
            amount=Decimal(60),
            extension_amount=Decimal(20),
            effective_from=D(2025, 5, 30),
        )
        Rule.objects.create(
            **common,
            key="to_cao.truoc_dai_hoi",
            value="25",
            amount=Decimal(25),
            effective_from=D(2019, 1, 1),
        )

    def receive(self, unit: Unit | None = None, **extra: Any) -> Letter:
        values: dict[str, Any] = {
            "received_on": D(2025, 3, 3),
            "source": Letter.Source.BUU_DIEN,
            "sender_kind": Letter.SenderKind.DANG_VIEN,
            "naming": Letter.Naming.CO_TEN,
            "summary": "Tố cáo đảng viên vi phạm quy định về đất đai.",
            "sender_full_name": SECRET_NAME,
            "sender_address": SECRET_ADDRESS,
            "sender_phone": "0900000000",
        }
        values.update(extra)
        with at(max(D(2025, 3, 10), values["received_on"] + dt.timedelta(days=7))):
            return services.receive_letter(unit or self.grassroots, actor=self.member, **values)

    def classify_denunciation(self, letter: Letter, **extra: Any) -> Letter:
        values: dict[str, Any] = {
            "kind": "to_cao",
            "competence": Letter.Competence.THUOC,
            "handling": Letter.Handling.PHAI_GIAI_QUYET,
            "accused_name": "Trần Văn Bị",
        }
        values.update(extra)
        with at(D(2025, 3, 10)):
            return services.classify_letter(letter, actor=self.member, **values)


class ReceiveTests(LetterTestCase):
    def test_sender_is_kept_apart_and_never_in_the_audit(self) -> None:
        letter = self.receive()
        sender = LetterSender.objects.get(letter=letter)
        self.assertEqual(sender.full_name, SECRET_NAME)
        self.assertEqual(letter.number, "1")
        self.assertEqual(letter.state, "da_nhan")
        self.assertNotIn(SECRET_NAME, letter.summary)
        event = AuditEvent.objects.get(action="letter.received")
        dump = f"{event.data} {event.changes} {event.target_repr}"
        self.assertNotIn(SECRET_NAME, dump)
        self.assertNotIn(SECRET_ADDRESS, dump)
        self.assertNotIn("0900000000", dump)

    def test_numbers_follow_each_other_and_duplicates_are_refused(self) -> None:
        self.receive()
        self.assertEqual(self.receive().number, "2")
        with self.assertRaises(ValidationError) as raised:
            self.receive(number="2")
        self.assertIn("number", raised.exception.message_dict)

    def test_named_letter_needs_the_sender_name_and_anonymous_stores_nobody(self) -> None:
        with self.assertRaises(ValidationError) as raised:
            self.receive(sender_full_name="")
        self.assertIn("sender_full_name", raised.exception.message_dict)
        anonymous = self.receive(naming=Letter.Naming.GIAU_TEN)
        self.assertFalse(LetterSender.objects.filter(letter=anonymous).exists())

    def test_future_date_and_missing_summary_are_refused_by_field(self) -> None:
        with at(D(2025, 3, 10)), self.assertRaises(ValidationError) as raised:
            services.receive_letter(
                self.grassroots,
                actor=self.member,
                received_on=D(2025, 4, 1),
                source=Letter.Source.TRUC_TIEP,
                sender_kind=Letter.SenderKind.CONG_DAN,
                naming=Letter.Naming.GIAU_TEN,
                summary=" ",
            )
        self.assertEqual(set(raised.exception.message_dict), {"received_on", "summary"})


class ClassifyTests(LetterTestCase):
    def test_denunciation_to_resolve_opens_with_deadline_from_rule_in_force(self) -> None:
        letter = self.classify_denunciation(self.receive())
        denunciation = Denunciation.objects.get(letter=letter)
        self.assertEqual(letter.state, "da_phan_loai")
        self.assertEqual(denunciation.state, "tiep_nhan")
        self.assertEqual(denunciation.accused_name, "Trần Văn Bị")
        # 90 working days from Monday 3/3/2025 (no holidays in the test calendar).
        self.assertEqual(denunciation.deadline, D(2025, 7, 7))
        self.assertEqual(letter.deadline, denunciation.deadline)
        self.assertEqual(AuditEvent.objects.filter(action="denunciation.opened").count(), 1)

    def test_clock_starts_when_the_competent_organisation_received_it(self) -> None:
        letter = self.receive(received_on=D(2025, 5, 26))
        with at(D(2025, 6, 2)):
            services.classify_letter(
                letter,
                actor=self.member,
                kind="to_cao",
                competence=Letter.Competence.THUOC,
                handling=Letter.Handling.PHAI_GIAI_QUYET,
                accused_name="Trần Văn Bị",
                competent_received_on=D(2025, 6, 2),
            )
        denunciation = Denunciation.objects.get(letter=letter)
        self.assertEqual(denunciation.received_on, D(2025, 6, 2))
        # The rule in force on 2/6/2025 is 60 working days.
        self.assertEqual(denunciation.deadline, D(2025, 8, 25))

    def test_denunciation_without_accused_is_refused(self) -> None:
        letter = self.receive()
        with self.assertRaises(ValidationError) as raised:
            self.classify_denunciation(letter, accused_name="")
        self.assertIn("accused_name", raised.exception.message_dict)
        self.assertIn("bị tố cáo", str(raised.exception))
        letter.refresh_from_db()
        self.assertEqual(letter.state, "da_nhan")
        self.assertFalse(Denunciation.objects.exists())

    def test_anonymous_letter_cannot_be_resolved_as_denunciation(self) -> None:
        for naming in (Letter.Naming.GIAU_TEN, Letter.Naming.MAO_TEN):
            letter = self.receive(naming=naming)
            with self.assertRaises(ValidationError) as raised:
                self.classify_denunciation(letter)
            self.assertIn("không được xem xét, giải quyết", str(raised.exception))
        self.assertFalse(Denunciation.objects.exists())

    def test_anonymous_letter_is_filed_and_may_be_kept_as_information(self) -> None:
        letter = self.receive(naming=Letter.Naming.GIAU_TEN)
        with at(D(2025, 3, 10)):
            services.classify_letter(
                letter,
                actor=self.member,
                kind="to_cao",
                competence=Letter.Competence.THUOC,
                keep_as_information=True,
            )
            self.assertEqual(letter.handling, Letter.Handling.GIAU_TEN)
            self.assertIn("thông tin phục vụ kiểm tra", letter.result)
            services.file_letter(letter, actor=self.member)
        self.assertEqual(letter.state, "da_luu")

    def test_denunciation_without_the_denouncer_address_is_refused(self) -> None:
        letter = self.receive(sender_address="")
        with self.assertRaises(ValidationError) as raised:
            self.classify_denunciation(letter)
        self.assertIn("địa chỉ", str(raised.exception))

    def test_outside_competence_cannot_be_resolved(self) -> None:
        letter = self.receive()
        with self.assertRaises(ValidationError) as raised:
            self.classify_denunciation(letter, competence=Letter.Competence.KHONG_THUOC)
        self.assertIn("competence", raised.exception.message_dict)

    def test_congress_window_marks_the_denunciation_related(self) -> None:
        letter = self.receive()
        self.classify_denunciation(letter, congress_opens_on=D(2025, 4, 1))
        self.assertTrue(Denunciation.objects.get(letter=letter).related_to_congress)
        far = self.receive()
        self.classify_denunciation(far, congress_opens_on=D(2025, 9, 1))
        self.assertFalse(Denunciation.objects.get(letter=far).related_to_congress)

    def test_discipline_complaint_is_filed_and_linked_to_the_letter(self) -> None:
        # The decision is written directly: its own rules are tested in test_discipline.
        discipline_case = DisciplineCase.objects.create(
            unit=self.grassroots,
            full_name="Lê Văn Kỷ",
            violation_on=D(2024, 12, 1),
            opened_on=D(2025, 1, 6),
            state="co_hieu_luc",
        )
        decision = DisciplineDecision.objects.create(
            discipline_case=discipline_case,
            form="khien_trach",
            body_kind="chi_bo",
            decided_on=D(2025, 2, 20),
        )
        letter = self.receive(received_on=D(2025, 3, 3))
        with at(D(2025, 3, 10)):
            services.classify_letter(
                letter,
                actor=self.member,
                kind="khieu_nai_ky_luat_dang",
                competence=Letter.Competence.THUOC,
                handling=Letter.Handling.PHAI_GIAI_QUYET,
                decision=decision,
            )
        complaint = DisciplineComplaint.objects.get()
        self.assertEqual(complaint.letter, letter)
        self.assertEqual(complaint.decision, decision)


class RouteTests(LetterTestCase):
    def test_resolved_letter_is_assigned_then_answered(self) -> None:
        letter = self.classify_denunciation(self.receive())
        with at(D(2025, 3, 12)):
            services.assign_letter(letter, actor=self.member, assigned_to="Đồng chí Ủy viên A")
            self.assertEqual(letter.state, "dang_xu_ly")
            self.assertEqual(letter.deadline, D(2025, 7, 7))
            services.answer_letter(
                letter, actor=self.member, answered_on=D(2025, 3, 12), result="Đã trả lời."
            )
        self.assertEqual(letter.state, "da_tra_loi")
        self.assertEqual(letter.answered_on, D(2025, 3, 12))

    def test_transfer_needs_the_receiving_body(self) -> None:
        letter = self.receive()
        with at(D(2025, 3, 10)):
            services.classify_letter(
                letter,
                actor=self.member,
                kind="to_cao_hanh_chinh",
                competence=Letter.Competence.KHONG_THUOC,
                handling=Letter.Handling.CHUYEN,
            )
            with self.assertRaises(ValidationError) as raised:
                services.transfer_letter(letter, actor=self.member, transferred_to=" ")
            self.assertIn("transferred_to", raised.exception.message_dict)
            services.transfer_letter(letter, actor=self.member, transferred_to="Thanh tra tỉnh")
        self.assertEqual(letter.state, "da_chuyen")

    def test_route_must_match_the_handling(self) -> None:
        letter = self.receive()
        with at(D(2025, 3, 10)):
            services.classify_letter(
                letter,
                actor=self.member,
                kind="phan_anh",
                competence=Letter.Competence.KHONG_THUOC,
                handling=Letter.Handling.HUONG_DAN,
            )
            with self.assertRaises(ValidationError) as raised:
                services.file_letter(letter, actor=self.member)
            self.assertIn("không phù hợp", str(raised.exception))
            services.guide_letter(letter, actor=self.member, note="Hướng dẫn gửi UBND xã.")
        self.assertEqual(letter.state, "da_huong_dan")

    def test_refused_step_gives_the_machine_message(self) -> None:
        letter = self.receive()
        with self.assertRaises(ValidationError) as raised:
            services.assign_letter(
                letter, actor=self.member, assigned_to="A", deadline=D(2025, 4, 1)
            )
        self.assertIn("Không thể “Giao giải quyết”", str(raised.exception))

    def test_stale_version_is_a_conflict(self) -> None:
        letter = self.receive()
        with self.assertRaises(ValidationError) as raised:
            self.classify_denunciation(letter, expected_version=letter.version + 5)
        self.assertIn("người khác thay đổi", str(raised.exception))


class SenderIdentityTests(LetterTestCase):
    def test_chair_reads_the_sender_and_each_read_is_audited(self) -> None:
        letter = self.receive()
        for _ in range(2):
            sender = services.read_sender(self.chair, letter)
            assert sender is not None
            self.assertEqual(sender.full_name, SECRET_NAME)
        events = AuditEvent.objects.filter(action="letter.sender_viewed")
        self.assertEqual(events.count(), 2)
        for event in events:
            self.assertNotIn(SECRET_NAME, f"{event.data} {event.target_repr}")

    def test_everyone_else_is_refused(self) -> None:
        letter = self.receive()
        for user in (self.member, self.reception, self.leader, self.viewer, self.other_member):
            with self.assertRaises(PermissionDenied):
                services.read_sender(user, letter)
        self.assertFalse(AuditEvent.objects.filter(action="letter.sender_viewed").exists())

    def test_chair_of_another_organisation_is_refused(self) -> None:
        letter = self.receive()
        chair_two = person("chunhiemhai", "inspection_chair", self.party_district_two)
        with self.assertRaises(PermissionDenied):
            services.read_sender(chair_two, letter)
