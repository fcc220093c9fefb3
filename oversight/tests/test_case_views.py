"""The inspection and supervision screens through the test client: pages in scope, 404 for
everyone else on every URL, the life of a case from programme to recommendation, audited reads,
refused steps and stale pages, Vietnamese messages, and overdue follow-up by the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role, User
from audit.models import AuditEvent
from common.testing import make_unit, make_user
from oversight.models import (
    CaseDocument,
    CaseSubject,
    Conclusion,
    LegalDocument,
    OversightCase,
    OversightProgramme,
    Recommendation,
    Rule,
)
from oversight.services import cases as services
from oversight.tests.test_cases import CaseTestCase
from units.models import Unit

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=HCM), tick=False)


def url(name: str, *args: Any) -> str:
    return reverse(f"oversight:{name}", args=args)


class CaseViewTestCase(CaseTestCase):
    other_inspector: User
    current_user: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other_inspector = make_user("kiemtrahai")
        cls.other_inspector.assignments.create(
            role=Role.objects.get(code="inspection_member"), unit=cls.party_district_two
        )

    def setUp(self) -> None:
        self.login(self.inspector)

    @contextmanager
    def on(self, day: dt.date) -> Iterator[None]:
        """Requests on a frozen day; the session is renewed afterwards, whose expiry the
        frozen clock set in the past."""
        with at(day):
            yield
        self.client.force_login(self.current_user)

    def login(self, user: User) -> None:
        self.current_user = user
        super().login(user)

    def concluded_case(self) -> OversightCase:
        case = self.walk(self.open(), "chuan_bi", "cong_bo", "tien_hanh", "trinh_ket_luan")
        services.issue_conclusion(case, actor=self.inspector, issued_on=D(2025, 4, 1))
        case.refresh_from_db()
        return case


class PagesTests(CaseViewTestCase):
    def test_pages_render_for_an_inspection_member_in_scope(self) -> None:
        programme = services.create_programme(
            self.party_district_one, 2025, "Chương trình KTGS 2025", actor=self.inspector
        )
        services.add_topic(programme, "Kiểm tra công tác cán bộ", actor=self.inspector)
        case = self.open(programme=programme)
        with self.on(D(2025, 3, 10)):
            for name, args in [
                ("programme-list", ()),
                ("programme-create", ()),
                ("programme-detail", (programme.pk,)),
                ("case-list", ()),
                ("case-create", ()),
                ("case-detail", (case.pk,)),
                ("case-history", (case.pk,)),
                ("recommendation-overdue", ()),
            ]:
                with self.subTest(name=name):
                    response = self.client.get(url(name, *args))
                    self.assertEqual(response.status_code, 200)
            response = self.client.get(url("case-list") + "?year=2025")
        self.assertContains(response, case.title)
        self.assertContains(response, "Trong hạn")
        self.assertContains(self.client.get(url("programme-list") + "?year=2025"), programme.title)

    def test_case_list_filters_and_paginates(self) -> None:
        supervision = self.open(type=OversightCase.Type.GS_CHUYEN_DE, title="Giám sát chuyên đề")
        inspection = self.open(title="Kiểm tra chấp hành")
        response = self.client.get(url("case-list") + "?type=gs_chuyen_de")
        self.assertContains(response, supervision.title)
        self.assertNotContains(response, inspection.title)
        with self.on(D(2025, 6, 1)):
            response = self.client.get(url("case-list") + "?overdue=1")
        self.assertContains(response, inspection.title)
        self.assertContains(response, "Quá hạn")
        for number in range(26):
            self.open(title=f"Cuộc số {number}")
        response = self.client.get(url("case-list"))
        self.assertContains(response, "Trang 1/2")
        self.assertEqual(len(response.context["rows"]), 25)
        htmx = self.client.get(url("case-list") + "?mode=phoi_hop", headers={"HX-Request": "true"})
        self.assertNotContains(htmx, "<html")

    def test_reading_a_case_file_leaves_an_audit_row(self) -> None:
        case = self.open()
        self.client.get(url("case-detail", case.pk))
        self.client.get(url("case-history", case.pk))
        events = AuditEvent.objects.filter(action="oversight_case.viewed", target_id=str(case.pk))
        self.assertEqual(events.count(), 2)
        self.assertEqual(events.first().actor, self.inspector)  # type: ignore[union-attr]
        self.assertEqual(events.first().unit, self.party_district_one)  # type: ignore[union-attr]


class ConfidentialityTests(CaseViewTestCase):
    def urls(self) -> tuple[list[str], list[tuple[str, dict[str, Any]]]]:
        """Every GET and POST URL of these screens, on objects of Đảng bộ huyện Một."""
        programme = services.create_programme(
            self.party_district_one, 2025, "Chương trình", actor=self.inspector
        )
        case = self.concluded_case()
        subject = services.add_subject(
            case, actor=self.inspector, subject_unit=self.party_commune_one_a
        )
        document = services.add_document(
            case,
            actor=self.inspector,
            step="chuan_bi",
            kind="quyet_dinh",
            title="Quyết định kiểm tra",
            upload=SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf"),
        )
        rec = services.add_recommendation(
            case, "Khắc phục", self.party_commune_one_a, D(2025, 6, 1), actor=self.inspector
        )
        gets = [
            url("programme-list"),
            url("programme-create"),
            url("programme-detail", programme.pk),
            url("case-list"),
            url("case-create"),
            url("case-detail", case.pk),
            url("case-document", case.pk, document.pk),
            url("case-history", case.pk),
            url("recommendation-overdue"),
        ]
        posts: list[tuple[str, dict[str, Any]]] = [
            (url("programme-create"), {"unit": self.party_district_one.pk, "year": 2025}),
            (url("programme-add-topic", programme.pk), {"content": "Chuyên đề"}),
            (url("programme-approve", programme.pk), {"version": 1}),
            (url("case-create"), {"title": "x"}),
            (url("case-act", case.pk), {"action": "theo_doi", "version": case.version}),
            (url("case-add-subject", case.pk), {"kind": "dang_vien", "full_name": "A"}),
            (url("case-subject-result", case.pk, subject.pk), {"version": case.version}),
            (url("case-add-document", case.pk), {"step": "chuan_bi", "title": "x"}),
            (url("case-conclude", case.pk), {"issued_on": "01/04/2025"}),
            (url("case-add-recommendation", case.pk), {"text": "x"}),
            (url("recommendation-act", rec.pk), {"action": "bat_dau", "version": 1}),
        ]
        return gets, posts

    def test_roles_without_oversight_get_404_on_every_url(self) -> None:
        gets, posts = self.urls()
        before = AuditEvent.objects.count()
        for user in (self.viewer, self.commune_officer):
            self.login(user)
            for address in gets:
                with self.subTest(user=user.username, get=address):
                    self.assertEqual(self.client.get(address).status_code, 404)
            for address, data in posts:
                with self.subTest(user=user.username, post=address):
                    self.assertEqual(self.client.post(address, data).status_code, 404)
        self.assertEqual(AuditEvent.objects.count(), before)
        self.assertEqual(OversightProgramme.objects.count(), 1)

    def test_inspector_of_another_district_gets_404_on_every_object(self) -> None:
        gets, posts = self.urls()
        self.login(self.other_inspector)
        lists = {url("programme-list"), url("programme-create"), url("case-list")}
        lists |= {url("case-create"), url("recommendation-overdue")}
        for address in gets:
            with self.subTest(get=address):
                response = self.client.get(address)
                if address in lists:
                    self.assertEqual(response.status_code, 200)
                    for hidden in set(gets) - lists:
                        self.assertNotContains(response, hidden)
                else:
                    self.assertEqual(response.status_code, 404)
        for address, data in posts:
            if address in (url("programme-create"), url("case-create")):
                continue
            with self.subTest(post=address):
                self.assertEqual(self.client.post(address, data).status_code, 404)
        response = self.client.post(
            url("programme-create"),
            {"unit": self.party_district_one.pk, "year": 2025, "title": "Của huyện khác"},
        )
        self.assertContains(response, "không có trong phạm vi")
        self.assertFalse(OversightProgramme.objects.filter(title="Của huyện khác").exists())

    def test_reader_without_manage_oversight_may_read_but_not_change(self) -> None:
        case = self.open()
        group = Group.objects.create(name="Đọc KTGS")
        group.permissions.add(
            Permission.objects.get(content_type__app_label="accounts", codename="view_oversight")
        )
        role = Role.objects.create(group=group, code="oversight_reader", name="Đọc KTGS")
        reader = make_user("docktgs")
        reader.assignments.create(role=role, unit=self.party_district_one)
        self.login(reader)
        response = self.client.get(url("case-detail", case.pk))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, url("case-act", case.pk))
        self.assertEqual(self.client.get(url("case-create")).status_code, 403)
        response = self.client.post(url("case-act", case.pk), {"action": "chuan_bi", "version": 1})
        self.assertEqual(response.status_code, 403)
        case.refresh_from_db()
        self.assertEqual(case.state, "du_kien")


class CaseFlowTests(CaseViewTestCase):
    def test_from_programme_to_verified_recommendation(self) -> None:
        response = self.client.post(
            url("programme-create"),
            {"unit": self.party_district_one.pk, "year": 2025, "title": "Chương trình năm 2025"},
        )
        programme = OversightProgramme.objects.get()
        self.assertRedirects(response, url("programme-detail", programme.pk))
        self.client.post(
            url("programme-add-topic", programme.pk),
            {"content": "Kiểm tra công tác cán bộ", "type": "kt_chap_hanh", "planned_quarter": 2},
        )
        topic = programme.topics.get()
        self.client.post(url("programme-approve", programme.pk), {"version": 1})
        programme.refresh_from_db()
        self.assertEqual(programme.status, OversightProgramme.Status.APPROVED)

        self.assertContains(
            self.client.get(url("case-create") + f"?topic={topic.pk}"), "Kiểm tra công tác cán bộ"
        )
        response = self.client.post(
            url("case-create"),
            {
                "unit": self.party_district_one.pk,
                "title": "Kiểm tra công tác cán bộ tại xã Một A",
                "type": "kt_chap_hanh",
                "performer_kind": "ubkt",
                "mode": "chu_tri",
                "topic": topic.pk,
                "decision_number": "12-QĐ/UBKT",
                "decided_on": "03/03/2025",
                "deadline": "30/04/2025",
            },
        )
        case = OversightCase.objects.get()
        self.assertRedirects(response, url("case-detail", case.pk))
        self.assertEqual((case.programme, case.deadline), (programme, D(2025, 4, 30)))

        for action in ("chuan_bi", "cong_bo"):
            self.client.post(url("case-act", case.pk), {"action": action, "version": case.version})
            case.refresh_from_db()
        self.client.post(
            url("case-add-subject", case.pk),
            {
                "kind": "to_chuc_dang",
                "subject_unit": self.party_commune_one_a.pk,
                "content_categories": ["tc:can_bo"],
            },
        )
        self.client.post(
            url("case-add-subject", case.pk),
            {
                "kind": "dang_vien",
                "full_name": "Nguyễn Văn A",
                "party_cell": self.party_commune_one_a.pk,
                "is_committee_member": "on",
                "party_card_number": "12345678",
                "content_categories": ["dv:chuc_trach"],
            },
        )
        organisation, member = CaseSubject.objects.filter(case=case).order_by("pk")
        self.assertEqual(organisation.content_categories, ["can_bo"])
        self.assertEqual(
            (member.is_committee_member, member.party_card_number, member.content_categories),
            (True, "12345678", ["chuc_trach"]),
        )
        response = self.client.post(
            url("case-add-document", case.pk),
            {
                "step": "chuan_bi",
                "kind": "quyet_dinh",
                "number": "12-QĐ/UBKT",
                "issued_on": "03/03/2025",
                "title": "Quyết định kiểm tra",
                "file": SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf"),
            },
        )
        document = CaseDocument.objects.get()
        self.assertRedirects(response, url("case-detail", case.pk) + "#steps")
        page = self.client.get(url("case-detail", case.pk))
        self.assertContains(page, url("case-document", case.pk, document.pk))
        self.assertNotContains(page, document.file.url)
        before = AuditEvent.objects.filter(action="oversight_case.viewed").count()
        download = self.client.get(url("case-document", case.pk, document.pk))
        self.assertEqual(download.status_code, 200)
        self.assertEqual(b"".join(download.streaming_content), PDF)  # type: ignore[attr-defined]
        self.assertIn("attachment", download["Content-Disposition"])
        read = AuditEvent.objects.filter(action="oversight_case.viewed")
        self.assertEqual(read.count(), before + 1)
        self.assertEqual(read.first().data["document"], document.pk)  # type: ignore[union-attr]

        with self.on(D(2025, 3, 10)):
            for action in ("tien_hanh", "trinh_ket_luan"):
                self.client.post(
                    url("case-act", case.pk), {"action": action, "version": case.version}
                )
                case.refresh_from_db()
            page = self.client.get(url("case-detail", case.pk))
        self.assertEqual(case.state, "cho_ket_luan")
        self.assertContains(page, "<td>10/03/2025</td>")
        response = self.client.post(
            url("case-conclude", case.pk),
            {
                "version": case.version,
                "issued_on": "20/04/2025",
                "strengths": "Có quy chế làm việc",
                "shortcomings": "Chậm kiện toàn",
                "violation_categories": ["tc:can_bo"],
                f"subject_{member.pk}_violation": "on",
                f"subject_{member.pk}_discipline": "on",
            },
        )
        self.assertRedirects(response, url("case-detail", case.pk) + "#conclusion")
        conclusion = Conclusion.objects.get(case=case)
        self.assertEqual(conclusion.violation_categories, ["can_bo"])
        self.assertTrue(conclusion.discipline_required)
        member.refresh_from_db()
        organisation.refresh_from_db()
        self.assertEqual((member.has_violation, member.discipline_required), (True, True))
        self.assertEqual(
            (organisation.has_violation, organisation.discipline_required), (False, False)
        )
        case.refresh_from_db()
        self.assertEqual((case.state, case.concluded_on), ("da_ket_luan", D(2025, 4, 20)))

        self.client.post(
            url("case-add-recommendation", case.pk),
            {
                "text": "Kiện toàn cấp ủy",
                "owner_unit": self.party_commune_one_a.pk,
                "deadline": "30/06/2025",
            },
        )
        rec = Recommendation.objects.get()
        self.client.post(url("recommendation-act", rec.pk), {"action": "bat_dau", "version": 1})
        rec.refresh_from_db()
        self.assertEqual(rec.state, "dang_thuc_hien")
        history = self.client.get(url("case-history", case.pk))
        for label in ("Mở cuộc kiểm tra, giám sát", "Ban hành kết luận", "Kiến nghị: bắt đầu"):
            self.assertContains(history, label)

    def test_deadline_from_an_unconfirmed_rule_is_shown_as_such(self) -> None:
        document = LegalDocument.objects.create(
            code="HD-THU/UBKTTW",
            title="Hướng dẫn thử",
            issuer="UBKT Trung ương",
            status=LegalDocument.Status.IN_FORCE,
            confidence="U",
        )
        Rule.objects.create(
            key="kiem_tra.thoi_gian.thu",
            value="30",
            amount=Decimal(30),
            unit=Rule.Unit.DAYS,
            legal_document=document,
            effective_from=D(2020, 1, 1),
            confidence="U",
        )
        form = self.client.get(url("case-create"))
        self.assertContains(form, "kiem_tra.thoi_gian.thu: 30 ngày — HD-THU/UBKTTW — chưa xác nhận")
        self.client.post(
            url("case-create"),
            {
                "unit": self.party_district_one.pk,
                "title": "Kiểm tra theo quy định",
                "type": "kt_chap_hanh",
                "performer_kind": "ubkt",
                "mode": "chi_dao",
                "decided_on": "01/03/2025",
                "rule": "kiem_tra.thoi_gian.thu|",
            },
        )
        case = OversightCase.objects.get()
        self.assertEqual((case.deadline, case.mode), (D(2025, 3, 31), "chi_dao"))
        page = self.client.get(url("case-detail", case.pk))
        self.assertContains(page, "ngày 31 tháng 3 năm 2025")
        self.assertContains(page, '<span class="badge unconfirmed">chưa xác nhận</span>')


class RefusalTests(CaseViewTestCase):
    def test_refused_transition_shows_the_machine_message(self) -> None:
        case = self.open()
        response = self.client.post(
            url("case-act", case.pk), {"action": "tien_hanh", "version": 1}, follow=True
        )
        self.assertContains(response, "Không thể “Tiến hành” khi hồ sơ đang ở bước")
        case.refresh_from_db()
        self.assertEqual((case.state, case.version), ("du_kien", 1))

    def test_stale_page_gets_the_conflict_message_not_a_lost_edit(self) -> None:
        case = self.open()
        services.act(case, "chuan_bi", actor=self.inspector)
        response = self.client.post(
            url("case-act", case.pk), {"action": "huy", "version": 1}, follow=True
        )
        self.assertContains(response, "đã được người khác thay đổi")
        case.refresh_from_db()
        self.assertEqual(case.state, "chuan_bi")
        rec_case = self.concluded_case()
        rec = services.add_recommendation(
            rec_case, "Khắc phục", self.party_commune_one_a, D(2025, 6, 1), actor=self.inspector
        )
        services.act_on_recommendation(rec, "bat_dau", actor=self.inspector)
        response = self.client.post(
            url("recommendation-act", rec.pk), {"action": "bat_dau", "version": 1}, follow=True
        )
        self.assertContains(response, "đã được người khác thay đổi")
        programme = services.create_programme(
            self.party_district_one, 2025, "Chương trình", actor=self.inspector
        )
        services.approve_programme(programme, actor=self.inspector)
        response = self.client.post(
            url("programme-approve", programme.pk), {"version": 1}, follow=True
        )
        self.assertContains(response, "đã được người khác thay đổi")

    def test_stale_conclusion_form_is_a_conflict(self) -> None:
        case = self.walk(self.open(), "chuan_bi", "cong_bo", "tien_hanh", "trinh_ket_luan")
        response = self.client.post(
            url("case-conclude", case.pk), {"version": 1, "issued_on": "20/04/2025"}
        )
        self.assertContains(response, "đã được người khác thay đổi")
        self.assertFalse(Conclusion.objects.exists())

    def test_bad_input_is_named_in_vietnamese(self) -> None:
        response = self.client.post(
            url("case-create"),
            {
                "unit": self.party_district_one.pk,
                "title": "",
                "type": "khong_co",
                "performer_kind": "ubkt",
                "mode": "chu_tri",
                "decided_on": "31/02/2025",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Nhập “Nội dung”.")
        self.assertContains(response, "“Loại” không hợp lệ.")
        self.assertContains(response, "“Ngày quyết định” phải là ngày dạng ngày/tháng/năm")
        response = self.client.post(
            url("case-create"),
            {
                "unit": self.party_district_one.pk,
                "title": "Cuộc",
                "type": "kt_dhvp_dv",
                "performer_kind": "co_quan_tham_muu",
                "mode": "chu_tri",
            },
        )
        self.assertContains(response, "Nhập “Thời hạn” hoặc chọn quy định để tính.")
        response = self.client.post(
            url("case-create"),
            {
                "unit": self.party_district_one.pk,
                "title": "Cuộc",
                "type": "kt_dhvp_dv",
                "performer_kind": "co_quan_tham_muu",
                "mode": "chu_tri",
                "deadline": "30/04/2025",
            },
        )
        self.assertContains(response, "Cơ quan tham mưu không được tiến hành kiểm tra")
        self.assertFalse(OversightCase.objects.exists())

        case = self.open()
        response = self.client.post(
            url("case-add-document", case.pk),
            {
                "step": "chuan_bi",
                "kind": "quyet_dinh",
                "title": "Tệp lạ",
                "file": SimpleUploadedFile("virus.exe", b"MZ...", content_type="application/x"),
            },
        )
        self.assertContains(response, "không đúng loại cho phép")
        response = self.client.post(
            url("case-add-document", case.pk),
            {
                "step": "chuan_bi",
                "kind": "quyet_dinh",
                "title": "Giả PDF",
                "file": SimpleUploadedFile("gia.pdf", b"not a pdf", content_type="application/pdf"),
            },
        )
        self.assertContains(response, "không phải là tệp PDF hợp lệ")
        response = self.client.post(
            url("case-add-subject", case.pk),
            {"kind": "to_chuc_dang", "content_categories": ["dv:chuc_trach"]},
        )
        self.assertContains(response, "Chọn “Tổ chức đảng” được kiểm tra, giám sát.")
        self.assertContains(response, "chỉ chọn nội dung của tổ chức đảng")
        response = self.client.post(
            url("case-add-subject", case.pk),
            {"kind": "dang_vien", "full_name": "Trần B", "party_card_number": "AB12"},
        )
        self.assertContains(response, "Số thẻ đảng viên chỉ gồm chữ số.")
        self.assertFalse(CaseDocument.objects.exists() or CaseSubject.objects.exists())

    def test_recommendation_needs_a_conclusion_and_a_valid_deadline(self) -> None:
        case = self.concluded_case()
        response = self.client.post(
            url("case-add-recommendation", case.pk),
            {"text": "", "owner_unit": self.party_commune_one_a.pk, "deadline": "hôm nay"},
        )
        self.assertContains(response, "Nhập “Nội dung kiến nghị”.")
        self.assertContains(response, "“Thời hạn” phải là ngày dạng ngày/tháng/năm")
        self.assertFalse(Recommendation.objects.exists())


class OverdueViewTests(CaseViewTestCase):
    def test_overdue_list_follows_the_clock_and_the_scope(self) -> None:
        case = self.concluded_case()
        rec = services.add_recommendation(
            case, "Ban hành quy chế", self.party_commune_one_a, D(2025, 6, 1), actor=self.inspector
        )
        other_unit: Unit = make_unit(
            Unit.Kind.PARTY_COMMUNE, "Đảng bộ xã Hai A", self.party_district_two
        )
        other = self.walk(
            self.open(self.party_district_two), "chuan_bi", "cong_bo", "tien_hanh", "trinh_ket_luan"
        )
        services.issue_conclusion(other, actor=self.inspector, issued_on=D(2025, 4, 1))
        services.add_recommendation(
            other, "Việc của huyện Hai", other_unit, D(2025, 6, 1), actor=self.inspector
        )
        with self.on(D(2025, 6, 1)):
            response = self.client.get(url("recommendation-overdue"))
        self.assertNotContains(response, rec.text)
        with self.on(D(2025, 6, 4)):
            response = self.client.get(url("recommendation-overdue"))
            self.assertContains(response, rec.text)
            self.assertContains(response, "3 ngày")
            self.assertNotContains(response, "Việc của huyện Hai")
            detail = self.client.get(url("case-detail", case.pk))
            self.assertContains(detail, "Quá hạn")
        for action in ("bat_dau", "bao_cao", "xac_nhan"):
            services.act_on_recommendation(rec, action, actor=self.inspector)
        with self.on(D(2025, 6, 4)):
            self.assertNotContains(self.client.get(url("recommendation-overdue")), rec.text)
