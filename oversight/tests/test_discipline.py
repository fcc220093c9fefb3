"""Discipline: the statute is checked when a case opens, by the rule in force on that day; forms
suit the subject; decisions expire by rule; complaints get their deadline from the rule; counts
separate organisations from members; only oversight roles in scope see cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any

import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404

from audit.models import AuditEvent
from common.testing import BaseTestCase, make_unit
from oversight.models import (
    DisciplineCase,
    DisciplineComplaint,
    DisciplineDecision,
    LegalDocument,
    Rule,
)
from oversight.queries import (
    decisions_in_effect,
    discipline_cases_for_user,
    discipline_counts,
    get_discipline_case_for_user,
)
from oversight.queries.discipline import is_complaint_overdue, overdue_complaints
from oversight.services import discipline as services
from oversight.workflow.machines import DISCIPLINE_CASE, DISCIPLINE_COMPLAINT, TransitionError
from units.models import Unit

D = dt.date
MEMBER = "đảng viên"


ALL_MEMBER = "khien_trach,canh_cao,cach_chuc,khai_tru"
ALL_ORG = "khien_trach,canh_cao,giai_tan"


def authority(document: LegalDocument) -> None:
    """A small authority matrix (§5.3) for the tests; the real one is in rules.yaml."""

    def row(key: str, scope: str, value: str, start: dt.date, **extra: Any) -> Rule:
        return Rule.objects.create(
            key=key,
            scope=scope,
            value=value,
            legal_document=extra.pop("legal_document", document),
            article=extra.pop("article", "Điều 10"),
            confidence=extra.pop("confidence", "C"),
            effective_from=start,
            **extra,
        )

    member, org = services.MEMBER_AUTHORITY_KEY, services.ORGANISATION_AUTHORITY_KEY
    row(member, "ubkt", ALL_MEMBER, D(2020, 1, 1))
    row(member, "ubkt:cap_uy_vien", "không (chỉ đề nghị)", D(2020, 1, 1), confidence="U")
    row(member, "chi_bo", "khien_trach,canh_cao", D(2020, 1, 1))
    row(member, "chi_bo:nhiem_vu_cap_tren_giao", "không (chỉ đề nghị)", D(2020, 1, 1))
    row(member, "ban_thuong_vu", ALL_MEMBER, D(2020, 1, 1), confidence="U")
    row(member, "ban_thuong_vu.co_so", "không có thẩm quyền", D(2020, 1, 1))
    row(member, "ban_thuong_vu.huyen", "không có thẩm quyền", D(2025, 7, 1))
    row(member, "ban_thuong_vu.tren_co_so", ALL_MEMBER, D(2025, 7, 1), confidence="U")
    row(org, "ubkt", ALL_ORG, D(2020, 1, 1))
    row(org, "cap_uy", ALL_ORG, D(2020, 1, 1), confidence="U")


class DisciplineTestCase(BaseTestCase):
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
        document = LegalDocument.objects.create(
            code="TEST-69",
            title="Quy định thử nghiệm về kỷ luật",
            issuer="Ban Chấp hành Trung ương",
            status=LegalDocument.Status.IN_FORCE,
            confidence="C",
        )

        def rule(key: str, amount: int | None, unit: str, start: dt.date, **extra: Any) -> None:
            Rule.objects.create(
                key=key,
                value=str(amount) if amount is not None else "không áp dụng thời hiệu",
                amount=Decimal(amount) if amount is not None else None,
                unit=unit,
                legal_document=document,
                confidence="C",
                effective_from=start,
                **extra,
            )

        months, none, wd = Rule.Unit.MONTHS, Rule.Unit.NONE, Rule.Unit.WORKING_DAYS
        rule(
            "ky_luat.thoi_hieu.khien_trach",
            60,
            months,
            D(2020, 1, 1),
            scope=MEMBER,
            effective_to=D(2025, 12, 31),
        )
        rule("ky_luat.thoi_hieu.khien_trach", 72, months, D(2026, 1, 1), scope=MEMBER)
        rule("ky_luat.thoi_hieu.canh_cao_cach_chuc", 120, months, D(2020, 1, 1), scope=MEMBER)
        rule("ky_luat.thoi_hieu.khai_tru", None, none, D(2020, 1, 1), scope=MEMBER)
        rule("ky_luat.thoi_hieu.khien_trach", 60, months, D(2020, 1, 1), scope="tổ chức đảng")
        rule("ky_luat.thoi_hieu.canh_cao", 120, months, D(2020, 1, 1), scope="tổ chức đảng")
        rule("ky_luat.hieu_luc_tu_dong_het", 12, months, D(2020, 1, 1))
        rule("khieu_nai.thoi_han_nop", 30, wd, D(2020, 1, 1))
        rule("khieu_nai.thoi_han_giai_quyet", 90, wd, D(2020, 1, 1))
        authority(document)

    def open_member(self, unit: Unit | None = None, **extra: Any) -> services.OpenedDiscipline:
        values: dict[str, Any] = {
            "full_name": "Nguyễn Văn A",
            "party_cell": self.party_commune_one_a,
            "violation_on": D(2024, 1, 10),
            "opened_on": D(2025, 3, 1),
        }
        values.update(extra)
        return services.open_discipline_case(
            unit or self.party_district_one, actor=self.inspector, **values
        )

    def open_org(self, **extra: Any) -> services.OpenedDiscipline:
        return services.open_discipline_case(
            self.party_district_one,
            actor=self.inspector,
            subject_unit=self.party_commune_one_a,
            violation_on=D(2024, 1, 10),
            opened_on=D(2025, 3, 1),
            **extra,
        )

    def decide(self, case: DisciplineCase, form: str, **extra: Any) -> DisciplineDecision:
        values: dict[str, Any] = {
            "form": form,
            "body_kind": DisciplineDecision.BodyKind.UBKT,
            "decided_on": D(2025, 4, 1),
        }
        values.update(extra)
        return services.record_decision(case, actor=self.inspector, **values)

    def audits(self, action: str) -> int:
        return AuditEvent.objects.filter(action=action).count()


class LimitationTests(DisciplineTestCase):
    def test_61_months_barred_for_khien_trach_not_for_canh_cao(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.open_member(
                violation_on=D(2020, 5, 1), opened_on=D(2025, 6, 1), prospective_form="khien_trach"
            )
        message = caught.exception.messages[0]
        self.assertIn("ky_luat.thoi_hieu.khien_trach", message)
        self.assertIn("60 tháng", message)
        self.assertIn("01/05/2025", message)
        self.assertFalse(DisciplineCase.objects.exists())
        opened = self.open_member(
            violation_on=D(2020, 5, 1), opened_on=D(2025, 6, 1), prospective_form="canh_cao"
        )
        self.assertEqual(opened.rule_key, "ky_luat.thoi_hieu.canh_cao_cach_chuc")
        self.assertEqual(opened.months, 120)
        self.assertEqual(opened.limitation_expires_on, D(2030, 5, 1))

    def test_khai_tru_never_barred(self) -> None:
        opened = self.open_member(
            violation_on=D(1990, 1, 1), opened_on=D(2025, 6, 1), prospective_form="khai_tru"
        )
        self.assertIsNone(opened.limitation_expires_on)
        self.assertEqual(opened.case.state, DISCIPLINE_CASE.initial)

    def test_rule_in_force_on_opening_date_is_used(self) -> None:
        # 61 months: barred under the 60-month row (to 2025), not under the 72-month row (2026-).
        with self.assertRaisesMessage(ValidationError, "60 tháng"):
            self.open_member(
                violation_on=D(2020, 11, 1),
                opened_on=D(2025, 12, 2),
                prospective_form="khien_trach",
            )
        opened = self.open_member(
            violation_on=D(2021, 1, 1), opened_on=D(2026, 2, 2), prospective_form="khien_trach"
        )
        self.assertEqual(opened.months, 72)

    def test_unknown_form_checks_longest_period_and_warns(self) -> None:
        opened = self.open_member(violation_on=D(2020, 5, 1), opened_on=D(2025, 6, 1))
        self.assertEqual(opened.months, 120)
        self.assertEqual(len(opened.warnings), 1)
        self.assertIn("dài nhất", opened.warnings[0])
        with self.assertRaisesMessage(ValidationError, "120 tháng"):
            self.open_member(violation_on=D(2010, 5, 1), opened_on=D(2025, 6, 1))


class DecisionTests(DisciplineTestCase):
    def test_expiry_12_months_after_announcement_none_for_khai_tru(self) -> None:
        case = self.open_member().case
        decision = self.decide(case, "canh_cao", announced_on=D(2025, 4, 10))
        self.assertEqual(decision.expires_on, D(2026, 4, 10))
        expelled = self.decide(self.open_member(full_name="Trần Văn B").case, "khai_tru")
        self.assertIsNone(expelled.expires_on)
        units = [self.party_district_one]
        self.assertEqual(set(decisions_in_effect(units, D(2026, 4, 10))), {decision, expelled})
        self.assertEqual(decisions_in_effect(units, D(2026, 4, 11)), [expelled])

    def test_form_subject_mismatch_refused(self) -> None:
        member_case = self.open_member().case
        org_case = self.open_org().case
        before = AuditEvent.objects.count()
        with self.assertRaisesMessage(ValidationError, "không áp dụng cho đảng viên"):
            self.decide(member_case, "giai_tan")
        with self.assertRaisesMessage(ValidationError, "không áp dụng cho tổ chức đảng"):
            self.decide(org_case, "khai_tru")
        with self.assertRaisesMessage(ValidationError, "không áp dụng cho tổ chức đảng"):
            self.open_org(prospective_form="cach_chuc")
        self.assertFalse(DisciplineDecision.objects.exists())
        self.assertEqual(AuditEvent.objects.count(), before)

    def test_counts_separate_organisations_and_members(self) -> None:
        forms = ["khien_trach", "khien_trach", "canh_cao", "cach_chuc", "khai_tru"]
        for number, form in enumerate(forms):
            opened = self.open_member(full_name=f"Đảng viên {number}", holds_post=True)
            self.decide(opened.case, form)
        self.decide(self.open_org().case, "khien_trach")
        late = self.open_member(full_name="Ngoài kỳ").case
        self.decide(late, "canh_cao", decided_on=D(2026, 1, 5))
        counts = discipline_counts([self.party_district_one], D(2025, 1, 1), D(2025, 12, 31))
        in_period = DisciplineDecision.objects.filter(decided_on__year=2025)
        members = in_period.filter(discipline_case__subject_unit__isnull=True)
        organisations = in_period.filter(discipline_case__subject_unit__isnull=False)
        self.assertEqual(counts["dang_vien"]["total"], members.count())
        self.assertEqual(counts["to_chuc_dang"]["total"], organisations.count())
        for form in ("khien_trach", "canh_cao", "cach_chuc", "khai_tru"):
            self.assertEqual(counts["dang_vien"][form], members.filter(form=form).count())
        self.assertEqual(
            counts["dang_vien"],
            {"total": 5, "khien_trach": 2, "canh_cao": 1, "cach_chuc": 1, "khai_tru": 1},
        )
        self.assertEqual(
            counts["to_chuc_dang"], {"total": 1, "khien_trach": 1, "canh_cao": 0, "giai_tan": 0}
        )
        other = discipline_counts([self.party_district_two], D(2025, 1, 1), D(2025, 12, 31))
        self.assertEqual(other["dang_vien"]["total"], 0)


class TransitionTests(DisciplineTestCase):
    def test_every_transition_allowed_or_refused_with_machine_message(self) -> None:
        case = self.open_member().case
        for state in DISCIPLINE_CASE.states:
            for action in DISCIPLINE_CASE.actions:
                DisciplineCase.objects.filter(pk=case.pk).update(state=state)
                case.refresh_from_db()
                before = AuditEvent.objects.count()
                if DISCIPLINE_CASE.can(state, action) and action in services.GUARDED_ACTIONS:
                    with self.assertRaises(ValidationError) as guarded:
                        services.act_on_discipline(case, action, actor=self.inspector)
                    self.assertEqual(
                        guarded.exception.messages, [str(services.GUARDED_ACTIONS[action])]
                    )
                    self.assertEqual(AuditEvent.objects.count(), before)
                    continue
                if action == "ky_quyet_dinh" and DISCIPLINE_CASE.can(state, action):
                    with self.assertRaisesMessage(ValidationError, "Hãy ghi quyết định"):
                        services.act_on_discipline(case, action, actor=self.inspector)
                    continue
                if DISCIPLINE_CASE.can(state, action):
                    services.act_on_discipline(case, action, actor=self.inspector)
                    case.refresh_from_db()
                    self.assertEqual(case.state, DISCIPLINE_CASE.next_state(state, action))
                    self.assertEqual(AuditEvent.objects.count(), before + 1)
                    continue
                with self.assertRaises(TransitionError) as machine_error:
                    DISCIPLINE_CASE.next_state(state, action)
                with self.assertRaises(ValidationError) as caught:
                    services.act_on_discipline(case, action, actor=self.inspector)
                self.assertEqual(caught.exception.messages, [str(machine_error.exception)])
                case.refresh_from_db()
                self.assertEqual(case.state, state)
                self.assertEqual(AuditEvent.objects.count(), before)


class ComplaintTests(DisciplineTestCase):
    def test_deadline_from_rule_and_outcome(self) -> None:
        decision = self.decide(self.open_member().case, "canh_cao", announced_on=D(2025, 4, 10))
        complaint = services.file_complaint(decision, actor=self.inspector, filed_on=D(2025, 4, 14))
        expected, left = D(2025, 4, 14), 90
        while left:
            expected += dt.timedelta(days=1)
            if expected.weekday() < 5:
                left -= 1
        self.assertEqual(complaint.deadline, expected)
        self.assertEqual(complaint.state, DISCIPLINE_COMPLAINT.initial)
        with self.assertRaisesMessage(ValidationError, "Không thể"):
            services.decide_complaint(
                complaint,
                actor=self.inspector,
                result="giu_nguyen",
                outcome="Giữ nguyên",
                decided_on=D(2025, 6, 1),
            )
        for action in ("kiem_tra_dieu_kien", "thu_ly", "tien_hanh"):
            services.act_on_complaint(complaint, action, actor=self.inspector)
        services.decide_complaint(
            complaint,
            actor=self.inspector,
            result="giu_nguyen",
            outcome="Giữ nguyên",
            decided_on=D(2025, 6, 1),
        )
        complaint.refresh_from_db()
        self.assertEqual(
            (complaint.state, complaint.outcome), ("quyet_dinh_giai_quyet", "Giữ nguyên")
        )
        self.assertEqual(self.audits("discipline_complaint.filed"), 1)
        self.assertEqual(self.audits("discipline_complaint.quyet_dinh"), 1)

    def test_late_complaint_refused(self) -> None:
        decision = self.decide(self.open_member().case, "canh_cao", announced_on=D(2025, 4, 10))
        before = AuditEvent.objects.count()
        with self.assertRaisesMessage(ValidationError, "khieu_nai.thoi_han_nop"):
            services.file_complaint(decision, actor=self.inspector, filed_on=D(2025, 7, 1))
        self.assertEqual(AuditEvent.objects.count(), before)


class AuditTests(DisciplineTestCase):
    def test_every_service_audits_failed_ones_write_none(self) -> None:
        case = self.open_member().case
        self.assertEqual(self.audits("discipline_case.opened"), 1)
        services.act_on_discipline(case, "kiem_diem", actor=self.inspector)
        self.assertEqual(self.audits("discipline_case.kiem_diem"), 1)
        self.decide(case, "khien_trach")
        self.assertEqual(self.audits("discipline_decision.recorded"), 1)
        before = AuditEvent.objects.count()
        with self.assertRaises(ValidationError):
            self.open_member(full_name="")
        with self.assertRaises(ValidationError):
            self.open_member(violation_on=D(2026, 1, 1))
        with self.assertRaises(ValidationError):
            self.decide(case, "khien_trach")
        with self.assertRaises(ValidationError):
            self.decide(self.open_member(full_name="C").case, "canh_cao", body_kind="khac")
        self.assertEqual(AuditEvent.objects.count(), before + 1)  # only the successful open


class ScopeTests(DisciplineTestCase):
    def test_inspector_sees_own_district_only(self) -> None:
        own = self.open_member().case
        other = self.open_member(self.party_district_two).case
        self.assertEqual(list(discipline_cases_for_user(self.inspector)), [own])
        self.assertEqual(get_discipline_case_for_user(self.inspector, own.pk, "manage"), own)
        with self.assertRaises(Http404):
            get_discipline_case_for_user(self.inspector, other.pk)
        self.assertFalse(discipline_cases_for_user(self.viewer).exists())


class DeferralTests(DisciplineTestCase):
    def test_defer_and_resume_through_the_machine(self) -> None:
        case = self.open_member().case
        deferral = services.defer(
            case, actor=self.inspector, reason="mang_thai", started_on=D(2025, 3, 5)
        )
        case.refresh_from_db()
        self.assertEqual(case.state, "chua_xem_xet")
        self.assertIsNone(deferral.ended_on)
        with self.assertRaisesMessage(ValidationError, "Ngày kết thúc không được trước"):
            services.resume(case, actor=self.inspector, ended_on=D(2025, 3, 1))
        with self.assertRaisesMessage(ValidationError, "Không ghi quyết định"):
            self.decide(case, "khien_trach")
        services.resume(case, actor=self.inspector, ended_on=D(2025, 9, 1))
        case.refresh_from_db()
        deferral.refresh_from_db()
        self.assertEqual((case.state, deferral.ended_on), ("de_xuat", D(2025, 9, 1)))
        self.assertEqual(self.audits("discipline_case.deferred"), 1)
        self.assertEqual(self.audits("discipline_case.resumed"), 1)
        with self.assertRaisesMessage(ValidationError, "không có thời gian chưa xem xét"):
            services.resume(case, actor=self.inspector, ended_on=D(2025, 9, 2))

    def test_defer_refused_in_wrong_state_or_reason(self) -> None:
        case = self.open_member().case
        DisciplineCase.objects.filter(pk=case.pk).update(state="co_hieu_luc")
        case.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "Không thể"):
            services.defer(case, actor=self.inspector, reason="om_nang", started_on=D(2025, 4, 1))
        org = self.open_org().case
        with self.assertRaisesMessage(ValidationError, "chỉ áp dụng cho đảng viên"):
            services.defer(org, actor=self.inspector, reason="mang_thai", started_on=D(2025, 4, 1))
        self.assertFalse(services.DisciplineDeferral.objects.exists())


class SubjectFormTests(DisciplineTestCase):
    def test_cach_chuc_needs_post_du_bi_only_light_forms(self) -> None:
        with self.assertRaisesMessage(ValidationError, "đang giữ chức vụ"):
            self.decide(self.open_member().case, "cach_chuc")
        probation = self.open_member(full_name="Dự Bị", member_status="du_bi", holds_post=True)
        for form in ("cach_chuc", "khai_tru"):
            with self.assertRaisesMessage(ValidationError, "Đảng viên dự bị chỉ bị kỷ luật"):
                self.decide(probation.case, form)
        self.assertEqual(self.decide(probation.case, "canh_cao").form, "canh_cao")
        with self.assertRaisesMessage(ValidationError, "Đảng viên dự bị"):
            self.open_member(member_status="du_bi", prospective_form="khai_tru")


class ComplaintResultTests(DisciplineTestCase):
    def effective_complaint(self) -> DisciplineComplaint:
        case = self.open_member().case
        decision = self.decide(case, "canh_cao", announced_on=D(2025, 4, 10))
        DisciplineCase.objects.filter(pk=case.pk).update(state="co_hieu_luc")
        complaint = services.file_complaint(decision, actor=self.inspector, filed_on=D(2025, 4, 14))
        for action in ("kiem_tra_dieu_kien", "thu_ly", "tien_hanh"):
            services.act_on_complaint(complaint, action, actor=self.inspector)
        return complaint

    def test_change_needs_reason_and_moves_case_to_bi_thay_doi(self) -> None:
        complaint = self.effective_complaint()
        with self.assertRaisesMessage(ValidationError, "phải có lý do thay đổi"):
            services.decide_complaint(
                complaint,
                actor=self.inspector,
                result="giam",
                outcome="Giảm",
                decided_on=D(2025, 6, 1),
            )
        services.decide_complaint(
            complaint,
            actor=self.inspector,
            result="giam",
            change_reason="tham_tra_xac_minh",
            outcome="Giảm xuống khiển trách",
            decided_on=D(2025, 6, 1),
        )
        complaint.refresh_from_db()
        case = complaint.decision.discipline_case
        case.refresh_from_db()
        self.assertEqual((complaint.result, case.state), ("giam", "bi_thay_doi"))
        self.assertEqual(self.audits("discipline_case.thay_doi"), 1)

    def test_upheld_keeps_case_rejection_stores_reason(self) -> None:
        complaint = self.effective_complaint()
        services.decide_complaint(
            complaint,
            actor=self.inspector,
            result="giu_nguyen",
            outcome="Giữ nguyên",
            decided_on=D(2025, 6, 1),
        )
        complaint.decision.discipline_case.refresh_from_db()
        self.assertEqual(complaint.decision.discipline_case.state, "co_hieu_luc")
        decision = complaint.decision
        other = services.file_complaint(decision, actor=self.inspector, filed_on=D(2025, 4, 20))
        services.act_on_complaint(other, "kiem_tra_dieu_kien", actor=self.inspector)
        with self.assertRaisesMessage(ValidationError, "Hãy ghi lý do không thụ lý"):
            services.act_on_complaint(other, "khong_thu_ly", actor=self.inspector)
        with self.assertRaisesMessage(ValidationError, "Hãy ghi lý do"):
            services.reject_complaint(other, actor=self.inspector, reason=" ")
        services.reject_complaint(other, actor=self.inspector, reason="Khiếu nại thay người khác")
        other.refresh_from_db()
        self.assertEqual(other.state, "khong_thu_ly")
        self.assertEqual(other.not_accepted_reason, "Khiếu nại thay người khác")

    def test_overdue_complaints_by_the_clock(self) -> None:
        complaint = self.effective_complaint()
        units = [self.party_district_one]
        assert complaint.deadline is not None
        self.assertEqual(list(overdue_complaints(units, complaint.deadline)), [])
        after = complaint.deadline + dt.timedelta(days=1)
        self.assertEqual(list(overdue_complaints(units, after)), [complaint])
        self.assertTrue(is_complaint_overdue(complaint, after))


class ExpiryTests(DisciplineTestCase):
    def test_expire_decisions_moves_only_past_expiry(self) -> None:
        case = self.open_member().case
        self.decide(case, "canh_cao", announced_on=D(2025, 4, 10))  # expires 10/04/2026
        expelled = self.open_member(full_name="Khai Trừ").case
        self.decide(expelled, "khai_tru", announced_on=D(2025, 4, 10))
        DisciplineCase.objects.update(state="co_hieu_luc")
        self.assertEqual(services.expire_decisions(D(2026, 4, 10), actor=None), [])
        expired = services.expire_decisions(D(2026, 4, 11), actor=None)
        self.assertEqual([c.pk for c in expired], [case.pk])
        case.refresh_from_db()
        expelled.refresh_from_db()
        self.assertEqual((case.state, expelled.state), ("het_hieu_luc", "co_hieu_luc"))
        self.assertEqual(self.audits("discipline_case.expired"), 1)

    def test_command_uses_the_clock(self) -> None:
        case = self.open_member().case
        self.decide(case, "khien_trach", announced_on=D(2025, 4, 10))
        DisciplineCase.objects.update(state="co_hieu_luc")
        out = StringIO()
        with time_machine.travel(dt.datetime(2026, 4, 12, 1, 0, tzinfo=dt.UTC), tick=False):
            call_command("expire_discipline", stdout=out)
        self.assertIn("1 quyết định", out.getvalue())
        case.refresh_from_db()
        self.assertEqual(case.state, "het_hieu_luc")

    def test_expiry_period_from_rule_in_force_on_decision_date(self) -> None:
        Rule.objects.filter(key="ky_luat.hieu_luc_tu_dong_het").update(effective_to=D(2025, 12, 31))
        old = Rule.objects.get(key="ky_luat.hieu_luc_tu_dong_het")
        Rule.objects.create(
            key="ky_luat.hieu_luc_tu_dong_het",
            value="24",
            amount=24,
            unit="months",
            legal_document=old.legal_document,
            confidence="U",
            effective_from=D(2026, 1, 1),
        )
        before = self.decide(self.open_member().case, "canh_cao", decided_on=D(2025, 12, 31))
        after = self.decide(
            self.open_member(full_name="Sau").case, "canh_cao", decided_on=D(2026, 1, 2)
        )
        self.assertEqual(before.expires_on, D(2026, 12, 31))
        self.assertEqual(after.expires_on, D(2028, 1, 2))
