"""Discipline screens: 404 for people without an oversight role and for other units on every URL;
reading a case file is audited; errors name the field; stale forms get the conflict message."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from audit.models import AuditEvent
from oversight.models import DisciplineCase, LegalDocument, Rule, Suspension
from oversight.services import discipline as services
from oversight.services import suspensions as suspension_services
from oversight.tests.test_discipline import DisciplineTestCase
from units.models import Unit

D = dt.date


class DisciplineViewTests(DisciplineTestCase):
    def setUp(self) -> None:
        self.case = self.open_member(is_committee_member=False).case
        self.other = self.open_member(self.party_district_two, full_name="Ngoài").case
        decision = self.decide(self.case, "canh_cao", announced_on=D(2025, 4, 10))
        self.complaint = services.file_complaint(
            decision, actor=self.inspector, filed_on=D(2025, 4, 14)
        )
        other_decision = self.decide(self.other, "canh_cao", announced_on=D(2025, 4, 10))
        self.other_complaint = services.file_complaint(
            other_decision, actor=self.inspector, filed_on=D(2025, 4, 14)
        )
        self.suspension = self.suspend(self.party_district_one)
        self.other_suspension = self.suspend(self.party_district_two)

    def suspend(self, unit: Unit) -> Suspension:
        if not Rule.objects.filter(key="dinh_chi.thoi_han").exists():
            Rule.objects.create(
                key="dinh_chi.thoi_han",
                scope="đảng viên",
                value="90",
                amount=90,
                unit="days",
                maximum_amount=180,
                legal_document=LegalDocument.objects.get(code="TEST-69"),
                confidence="U",
                effective_from=D(2020, 1, 1),
            )
        return suspension_services.open_suspension(
            unit,
            actor=self.inspector,
            kind="sinh_hoat_dang",
            started_on=D(2025, 1, 1),
            reason="Thử",
            full_name="Đ",
        )

    def urls(
        self, case: DisciplineCase, complaint_pk: int, suspension_pk: int
    ) -> list[tuple[str, str]]:
        return [
            ("get", reverse("oversight:discipline-detail", args=[case.pk])),
            ("post", reverse("oversight:discipline-act", args=[case.pk])),
            ("post", reverse("oversight:discipline-decide", args=[case.pk])),
            ("post", reverse("oversight:discipline-defer", args=[case.pk])),
            ("post", reverse("oversight:discipline-resume", args=[case.pk])),
            ("post", reverse("oversight:complaint-create", args=[case.pk])),
            ("get", reverse("oversight:complaint-detail", args=[complaint_pk])),
            ("post", reverse("oversight:complaint-act", args=[complaint_pk])),
            ("post", reverse("oversight:complaint-decide", args=[complaint_pk])),
            ("post", reverse("oversight:complaint-reject", args=[complaint_pk])),
            ("post", reverse("oversight:suspension-extend", args=[suspension_pk])),
            ("post", reverse("oversight:suspension-lift", args=[suspension_pk])),
        ]

    def test_every_url_is_404_without_role_or_outside_scope(self) -> None:
        lists = [
            ("get", reverse("oversight:discipline-list")),
            ("get", reverse("oversight:discipline-create")),
            ("get", reverse("oversight:suspension-list")),
            ("get", reverse("oversight:suspension-create")),
        ]
        own = self.urls(self.case, self.complaint.pk, self.suspension.pk)
        other = self.urls(self.other, self.other_complaint.pk, self.other_suspension.pk)
        self.login(self.viewer)
        for method, url in lists + own:
            self.assertEqual(getattr(self.client, method)(url).status_code, 404, url)
        self.login(self.inspector)
        for method, url in other:
            self.assertEqual(getattr(self.client, method)(url).status_code, 404, url)
        self.assertEqual(AuditEvent.objects.filter(action="discipline_case.viewed").count(), 0)

    def test_pages_render_and_reads_are_audited(self) -> None:
        self.login(self.inspector)
        response = self.client.get(reverse("oversight:discipline-list"), {"form": "canh_cao"})
        self.assertContains(response, "Nguyễn Văn A")
        self.assertNotContains(response, "Ngoài")
        self.assertContains(
            self.client.get(reverse("oversight:discipline-list"), {"year": "x"}), "Năm phải là số"
        )
        response = self.client.get(reverse("oversight:discipline-detail", args=[self.case.pk]))
        self.assertContains(response, "Cảnh cáo")
        self.assertContains(response, "TEST-69")
        self.client.get(reverse("oversight:complaint-detail", args=[self.complaint.pk]))
        self.assertEqual(AuditEvent.objects.filter(action="discipline_case.viewed").count(), 2)
        self.assertContains(self.client.get(reverse("oversight:suspension-list")), "chưa xác nhận")
        self.assertEqual(self.client.get(reverse("oversight:discipline-create")).status_code, 200)

    def test_create_case_with_field_errors_then_success(self) -> None:
        self.login(self.inspector)
        url = reverse("oversight:discipline-create")
        data = {
            "unit": self.party_district_one.pk,
            "subject_kind": "dang_vien",
            "full_name": "",
            "violation_on": "10/01/2024",
            "opened_on": "bad",
        }
        response = self.client.post(url, data)
        self.assertContains(response, "Hãy nhập họ và tên đảng viên")
        self.assertContains(response, "Ngày không hợp lệ")
        data.update(full_name="Phạm Thị D", opened_on="01/03/2025", prospective_form="khien_trach")
        response = self.client.post(url, data)
        created = DisciplineCase.objects.get(full_name="Phạm Thị D")
        self.assertRedirects(response, reverse("oversight:discipline-detail", args=[created.pk]))

    def test_authority_refusal_shown_and_stale_action_conflicts(self) -> None:
        self.login(self.inspector)
        fresh = self.open_member(full_name="Mới").case
        response = self.client.post(
            reverse("oversight:discipline-decide", args=[fresh.pk]),
            {
                "version": fresh.version,
                "form": "cach_chuc",
                "body_kind": "chi_bo",
                "decided_on": "01/04/2025",
            },
        )
        self.assertContains(response, "đang giữ chức vụ")
        url = reverse("oversight:discipline-act", args=[fresh.pk])
        self.client.post(url, {"action": "kiem_diem", "version": fresh.version})
        response = self.client.post(url, {"action": "bieu_quyet", "version": fresh.version})
        self.assertContains(response, "người khác thay đổi")
        fresh.refresh_from_db()
        self.assertEqual(fresh.state, "kiem_diem")
