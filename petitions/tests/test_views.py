"""Reception screens through HTTP: scope (404 elsewhere), names only behind an audited reveal,
Vietnamese errors on the right field, conflicts, deadlines and the obligation by the clock,
figures and xlsx files checked cell by cell."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.urls import resolve, reverse
from openpyxl import load_workbook

from accounts.models import User
from audit.models import AuditEvent
from common.testing import make_unit, make_user
from oversight.models import Letter
from petitions import services
from petitions import urls as petition_urls
from petitions.models import CitizenMatter, Dialogue, MatterPetitioner, ReceptionSession
from petitions.tests.factories import make_matter, make_session
from petitions.tests.test_services import D, PetitionsTestCase, at
from units.models import Unit

VISITOR = "Trần Thị Dân"
VISITOR_ADDRESS = "Thôn Đông Xuyên"
PETITIONER = "Phạm Thị Nêu"
PETITIONER_PHONE = "0912 000 111"
CONFLICT = "đã được người khác thay đổi"


def rows_of(response: HttpResponse) -> list[tuple[Any, ...]]:
    """The cells of the first sheet of an xlsx download."""
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


class ReceptionViewTestCase(PetitionsTestCase):
    party_commune_two: Unit
    bloc: Unit
    other_officer: User
    commune_reception: User
    session_a: ReceptionSession
    session_b: ReceptionSession
    session_c: ReceptionSession
    session_other: ReceptionSession
    matter_a: CitizenMatter
    matter_b: CitizenMatter
    matter_other: CitizenMatter
    dialogue: Dialogue
    user: User | None = None

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        K = Unit.Kind
        cls.party_commune_two = make_unit(
            K.PARTY_COMMUNE, "Đảng bộ xã Hai Mới", cls.party_province, valid_from=D(2025, 7, 1)
        )
        cls.bloc = make_unit(K.PARTY_BLOC, "Đảng bộ Khối các cơ quan tỉnh", cls.party_province)
        cls.other_officer = make_user(
            "tiepdanxahai", ("reception_officer", cls.party_commune_two, False)
        )
        cls.commune_reception = make_user(
            "tiepdanxa", ("reception_officer", cls.party_commune, False)
        )
        with at(D(2026, 3, 20)):
            cls.session_a = make_session(cls.party_commune, D(2026, 3, 2), visitor_count=3)
            services.add_visitor(
                cls.session_a, actor=None, full_name=VISITOR, address=VISITOR_ADDRESS
            )
            cls.session_b = make_session(
                cls.party_commune, D(2026, 3, 16), kind="dot_xuat", visitor_count=2
            )
            cls.session_c = make_session(cls.party_province, D(2026, 2, 10), visitor_count=4)
            cls.session_other = make_session(cls.party_commune_two, D(2026, 3, 5), visitor_count=1)
            cls.matter_a = make_matter(
                cls.party_commune,
                D(2026, 3, 2),
                session=cls.session_a,
                petitioner_name=PETITIONER,
                petitioner_address="Thôn Tây",
                petitioner_phone=PETITIONER_PHONE,
            )
            cls.matter_b = make_matter(
                cls.party_commune,
                D(2026, 3, 2),
                kind=CitizenMatter.Kind.KHIEU_NAI,
                summary="Khiếu nại về bồi thường đất",
            )
            services.route_matter(
                cls.matter_b,
                actor=None,
                routed_to="UBND xã",
                routed_on=D(2026, 3, 3),
                deadline=D(2026, 3, 13),
            )
            services.notify_citizen(cls.matter_b, actor=None, notified_on=D(2026, 3, 4))
            cls.matter_other = make_matter(
                cls.party_commune_two, D(2026, 3, 5), summary="Kiến nghị riêng của xã Hai"
            )
            cls.dialogue = services.record_dialogue(
                cls.party_commune,
                actor=None,
                held_on=D(2026, 3, 1),
                topic="Giải phóng mặt bằng đường liên xã",
                host="Bí thư Đảng ủy xã",
                kind="dinh_ky",
                participant_count=45,
            )

    def object_urls(self) -> list[tuple[str, str]]:
        s, m, d = self.session_a.pk, self.matter_a.pk, self.dialogue.pk
        return [
            ("get", reverse("petitions:session-detail", args=[s])),
            ("get", reverse("petitions:session-edit", args=[s])),
            ("post", reverse("petitions:session-edit", args=[s])),
            ("get", reverse("petitions:session-visitors", args=[s])),
            ("post", reverse("petitions:session-visitors", args=[s])),
            ("get", reverse("petitions:visitor-add", args=[s])),
            ("post", reverse("petitions:visitor-add", args=[s])),
            ("get", reverse("petitions:matter-detail", args=[m])),
            ("post", reverse("petitions:matter-route", args=[m])),
            ("post", reverse("petitions:matter-forward", args=[m])),
            ("post", reverse("petitions:matter-notify", args=[m])),
            ("post", reverse("petitions:matter-answer", args=[m])),
            ("post", reverse("petitions:matter-close", args=[m])),
            ("get", reverse("petitions:matter-petitioner", args=[m])),
            ("post", reverse("petitions:matter-petitioner", args=[m])),
            ("get", reverse("petitions:dialogue-detail", args=[d])),
            ("get", reverse("petitions:dialogue-edit", args=[d])),
            ("post", reverse("petitions:dialogue-edit", args=[d])),
        ]

    def page_urls(self) -> list[tuple[str, str]]:
        return [
            ("get", reverse("petitions:session-list")),
            ("get", reverse("petitions:session-xlsx")),
            ("get", reverse("petitions:session-create")),
            ("get", reverse("petitions:matter-list")),
            ("get", reverse("petitions:matter-xlsx")),
            ("get", reverse("petitions:matter-create")),
            ("get", reverse("petitions:overdue")),
            ("get", reverse("petitions:dialogue-list")),
            ("get", reverse("petitions:dialogue-xlsx")),
            ("get", reverse("petitions:dialogue-create")),
            ("get", reverse("petitions:obligation")),
            ("get", reverse("petitions:obligation-xlsx")),
            ("get", reverse("petitions:statistics")),
            ("get", reverse("petitions:statistics-xlsx")),
        ]

    def login(self, user: User) -> None:
        self.user = user
        self.client.force_login(user)

    def _fresh_session(self) -> None:
        # Sessions end after two idle hours: a request at another frozen time signs in again.
        if self.user is not None:
            self.client.force_login(self.user)

    def get(self, name: str, *args: Any, **params: Any) -> Any:
        self._fresh_session()
        return self.client.get(reverse(f"petitions:{name}", args=args), params)

    def post(self, name: str, *args: Any, **data: Any) -> Any:
        self._fresh_session()
        return self.client.post(reverse(f"petitions:{name}", args=args), data)

    def assertRedirectsTo(self, response: Any, name: str, pk: int) -> None:
        self.assertRedirects(
            response, reverse(f"petitions:{name}", args=[pk]), fetch_redirect_response=False
        )


class AccessTests(ReceptionViewTestCase):
    def test_the_access_checks_cover_every_route_of_the_app(self) -> None:
        checked = {resolve(url.split("?")[0]).url_name for _, url in self.page_urls()}
        checked |= {resolve(url).url_name for _, url in self.object_urls()}
        self.assertEqual(checked, {pattern.name for pattern in petition_urls.urlpatterns})

    def test_people_without_a_reception_role_get_404_on_every_page(self) -> None:
        for user in (self.commune_officer, self.inspector):
            self.login(user)
            for method, url in self.page_urls() + self.object_urls():
                response = getattr(self.client, method)(url)
                self.assertEqual(response.status_code, 404, f"{user} {method} {url}")

    def test_officer_of_another_committee_gets_404_on_everything_outside_their_unit(self) -> None:
        self.login(self.other_officer)
        for method, url in self.object_urls():
            response = getattr(self.client, method)(url)
            self.assertEqual(response.status_code, 404, f"{method} {url}")
        page = self.get("matter-list", period="").content.decode()
        self.assertIn("Kiến nghị riêng của xã Hai", page)
        self.assertNotIn("bồi thường đất", page)
        sessions = self.get("session-list", period="").content.decode()
        self.assertNotIn(self.party_commune.name, sessions)
        for name in ("session-list", "matter-list", "statistics", "obligation"):
            response = self.get(name, unit_id=self.party_commune.pk)
            self.assertEqual(response.status_code, 404, name)
        self.assertEqual(self.get("matter-create", session=self.session_a.pk).status_code, 404)

    def test_leader_sees_lists_and_figures_but_never_names(self) -> None:
        self.login(self.viewer)
        pages = [
            self.get("session-list", period=""),
            self.get("session-detail", self.session_a.pk),
            self.get("matter-list", period=""),
            self.get("matter-detail", self.matter_a.pk),
            self.get("overdue"),
            self.get("dialogue-list", period=""),
            self.get("statistics", unit_id=self.party_province.pk, period="2026-Q1"),
            self.get("obligation", year=2026),
        ]
        for response in pages:
            self.assertEqual(response.status_code, 200, response.wsgi_request.path)
            page = response.content.decode()
            for secret in (VISITOR, VISITOR_ADDRESS, PETITIONER, PETITIONER_PHONE):
                self.assertNotIn(secret, page)
            self.assertNotIn("Xem danh sách người được tiếp", page)
            self.assertNotIn("Xem thông tin người nêu vụ việc", page)
        for name, pk in (
            ("session-visitors", self.session_a.pk),
            ("matter-petitioner", self.matter_a.pk),
        ):
            self.assertEqual(self.get(name, pk).status_code, 403)
            self.assertEqual(self.post(name, pk).status_code, 403)
        self.assertFalse(AuditEvent.objects.filter(action__endswith="viewed").exists())

    def test_leader_cannot_write(self) -> None:
        self.login(self.viewer)
        for name in ("session-create", "matter-create", "dialogue-create"):
            self.assertEqual(self.get(name).status_code, 403, name)
        for name, pk in (
            ("session-edit", self.session_a.pk),
            ("dialogue-edit", self.dialogue.pk),
            ("visitor-add", self.session_a.pk),
        ):
            self.assertEqual(self.get(name, pk).status_code, 403, name)
        response = self.post("matter-close", self.matter_a.pk, version=1)
        self.assertEqual(response.status_code, 403)
        self.assertNotContains(self.get("session-list"), "Ghi phiên tiếp dân")


class SessionViewTests(ReceptionViewTestCase):
    def test_list_filters_by_committee_period_and_kind_with_totals(self) -> None:
        self.login(self.reception)
        response = self.get("session-list", period="2026-M03")
        self.assertEqual(
            list(response.context["page"]), [self.session_b, self.session_other, self.session_a]
        )
        totals = response.context["totals"]
        self.assertEqual(
            (
                totals["sessions"],
                totals["periodic"],
                totals["adhoc"],
                totals["turns"],
                totals["matters"],
            ),
            (3, 2, 1, 6, 1),
        )
        only_commune = self.get("session-list", period="2026-Q1", unit_id=self.party_commune.pk)
        self.assertEqual(list(only_commune.context["page"]), [self.session_b, self.session_a])
        adhoc = self.get("session-list", period="", kind="dot_xuat")
        self.assertEqual(list(adhoc.context["page"]), [self.session_b])
        subtree = self.get(
            "session-list", period="2026", unit_id=self.party_province.pk, with_subordinates="on"
        )
        self.assertEqual(len(subtree.context["page"]), 4)
        own = self.get("session-list", period="2026", unit_id=self.party_province.pk)
        self.assertEqual(list(own.context["page"]), [self.session_c])

    def test_list_opens_on_the_picker_period(self) -> None:
        self.login(self.reception)
        response = self.client.get(reverse("petitions:session-list") + "?period=2025")
        self.assertEqual(len(response.context["page"]), 0)
        again = self.client.get(reverse("petitions:session-list"))
        self.assertEqual(again.context["period"].key, "2025")

    def test_officer_records_a_session(self) -> None:
        self.login(self.commune_reception)
        with at(D(2026, 3, 25)):
            form = self.get("session-create")
            self.assertEqual(
                list(form.context["form"].fields["unit"].queryset), [self.party_commune]
            )
            response = self.post(
                "session-create",
                unit=self.party_commune.pk,
                host_name="Lê Văn Bí Thư",
                host_role="bi_thu",
                held_on="24/03/2026",
                kind="dinh_ky",
                place="Trụ sở Đảng ủy",
                visitor_count="5",
                note="",
            )
        session = ReceptionSession.objects.get(host_name="Lê Văn Bí Thư")
        self.assertRedirectsTo(response, "session-detail", session.pk)
        self.assertEqual((session.held_on, session.visitor_count), (D(2026, 3, 24), 5))
        self.assertTrue(
            AuditEvent.objects.filter(
                action="reception_session.recorded", actor=self.commune_reception
            ).exists()
        )

    def test_bad_input_gets_vietnamese_messages_on_the_wrong_fields(self) -> None:
        self.login(self.reception)
        with at(D(2026, 3, 25)):
            response = self.post(
                "session-create",
                unit=self.party_commune.pk,
                host_name=" ",
                host_role="",
                held_on="32/13/2026",
                kind="dinh_ky",
                visitor_count="-1",
            )
            self.assertEqual(response.status_code, 200)
            errors = response.context["form"].errors
            self.assertEqual(errors["host_name"], ["Hãy nhập họ tên người chủ trì tiếp dân."])
            self.assertEqual(
                errors["host_role"], ["Hãy chọn bí thư hay người được ủy quyền chủ trì."]
            )
            self.assertIn("Ngày không hợp lệ", errors["held_on"][0])
            self.assertEqual(errors["visitor_count"], ["Số không được âm."])
            future = self.post(
                "session-create",
                unit=self.party_commune.pk,
                host_name="Bí thư",
                host_role="bi_thu",
                held_on="26/03/2026",
                kind="dinh_ky",
                visitor_count="1",
            )
            self.assertEqual(
                future.context["form"].errors["held_on"],
                ["Ngày tiếp dân không được sau ngày hôm nay."],
            )
            outside = self.post(
                "session-create",
                unit=self.commune_new.pk,
                host_name="Bí thư",
                host_role="bi_thu",
                held_on="20/03/2026",
                kind="dinh_ky",
                visitor_count="1",
            )
            self.assertIn("nằm ngoài phạm vi", outside.context["form"].errors["unit"][0])
        self.assertEqual(ReceptionSession.objects.count(), 4)

    def test_two_people_saving_the_same_session_get_a_conflict_not_a_lost_edit(self) -> None:
        first, second = self.client_class(), self.client_class()
        first.force_login(self.reception)
        second.force_login(self.commune_reception)
        url = reverse("petitions:session-edit", args=[self.session_a.pk])
        version = first.get(url).context["form"].initial["version"]
        self.assertEqual(second.get(url).context["form"].initial["version"], version)
        values = {
            "host_name": "Nguyễn Văn Bí Thư",
            "host_role": "bi_thu",
            "held_on": "02/03/2026",
            "kind": "dinh_ky",
            "place": "Trụ sở tiếp công dân",
            "note": "",
            "version": version,
        }
        saved = first.post(url, {**values, "visitor_count": "6"})
        self.assertRedirectsTo(saved, "session-detail", self.session_a.pk)
        refused = second.post(url, {**values, "visitor_count": "9"})
        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, CONFLICT)
        self.session_a.refresh_from_db()
        self.assertEqual((self.session_a.visitor_count, self.session_a.version), (6, version + 1))
        event = AuditEvent.objects.get(action="reception_session.updated")
        self.assertEqual(event.changes, {"visitor_count": [3, 6]})

    def test_the_reveal_shows_names_only_on_post_and_audits_each_time(self) -> None:
        self.login(self.reception)
        detail = self.get("session-detail", self.session_a.pk)
        self.assertContains(detail, "Xem danh sách người được tiếp")
        self.assertNotContains(detail, VISITOR)
        self.assertContains(detail, self.matter_a.summary)
        self.assertFalse(AuditEvent.objects.filter(action="reception_visitor.viewed").exists())
        confirm = self.get("session-visitors", self.session_a.pk)
        self.assertNotContains(confirm, VISITOR)
        for count in (1, 2):
            shown = self.post("session-visitors", self.session_a.pk)
            self.assertContains(shown, VISITOR)
            self.assertContains(shown, VISITOR_ADDRESS)
            self.assertEqual(shown["Cache-Control"], "no-store")
            self.assertEqual(
                AuditEvent.objects.filter(
                    action="reception_visitor.viewed",
                    actor=self.reception,
                    target_id=str(self.session_a.pk),
                ).count(),
                count,
            )
        for event in AuditEvent.objects.all():
            self.assertNotIn(VISITOR, f"{event.data} {event.changes} {event.target_repr}")

    def test_adding_a_visitor_keeps_the_name_out_of_pages_and_audit(self) -> None:
        self.login(self.commune_reception)
        response = self.post(
            "visitor-add", self.session_a.pk, full_name="Đỗ Văn Mới", address="Thôn Bắc"
        )
        self.assertRedirectsTo(response, "session-detail", self.session_a.pk)
        self.assertNotContains(self.get("session-detail", self.session_a.pk), "Đỗ Văn Mới")
        self.assertEqual(self.session_a.visitors.count(), 2)
        blank = self.post("visitor-add", self.session_a.pk, full_name="", address="")
        self.assertEqual(
            blank.context["form"].errors["full_name"], ["Hãy nhập họ và tên người được tiếp."]
        )
        self.post("visitor-add", self.session_a.pk, full_name="Người Thứ Ba")
        full = self.post("visitor-add", self.session_a.pk, full_name="Người Thứ Tư")
        self.assertIn("đã ghi đủ tên", full.context["form"].errors["full_name"][0])
        for event in AuditEvent.objects.all():
            self.assertNotIn("Đỗ Văn Mới", f"{event.data} {event.changes} {event.target_repr}")

    def test_sessions_xlsx_has_the_filtered_rows_and_no_names(self) -> None:
        self.login(self.reception)
        response = self.get("session-xlsx", period="2026-M03", unit_id=self.party_commune.pk)
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        rows = rows_of(response)
        self.assertEqual(rows[0][0], "Phiên tiếp dân")
        header = rows.index(next(row for row in rows if row and row[0] == "Ngày tiếp dân"))
        data = rows[header + 1 :]
        self.assertEqual(len(data), 2)
        self.assertEqual(data[1][0].date(), D(2026, 3, 2))
        self.assertEqual(
            data[1][1:8],
            (
                "Đảng bộ xã Một Mới",
                "Nguyễn Văn Bí Thư",
                "Bí thư cấp ủy",
                "Định kỳ",
                "Trụ sở tiếp công dân",
                3,
                1,
            ),
        )
        flat = str(rows)
        self.assertNotIn(VISITOR, flat)


class MatterViewTests(ReceptionViewTestCase):
    def test_entry_from_a_session_prefills_the_committee_session_and_day(self) -> None:
        self.login(self.reception)
        with at(D(2026, 3, 20)):
            form = self.get("matter-create", session=self.session_b.pk).context["form"]
            self.assertEqual(form.initial["session"], self.session_b)
            self.assertEqual(form.initial["received_on"], D(2026, 3, 16))
            response = self.post(
                "matter-create",
                unit=self.party_commune.pk,
                session=self.session_b.pk,
                received_on="16/03/2026",
                kind="phan_anh",
                summary="Phản ánh ô nhiễm kênh tưới",
                deadline="",
                petitioner_name="",
                petitioner_address="",
                petitioner_phone="",
            )
        matter = CitizenMatter.objects.get(summary="Phản ánh ô nhiễm kênh tưới")
        self.assertRedirectsTo(response, "matter-detail", matter.pk)
        self.assertEqual((matter.session, matter.notice_due_on), (self.session_b, D(2026, 3, 30)))
        self.assertFalse(MatterPetitioner.objects.filter(matter=matter).exists())
        self.assertContains(self.get("session-detail", self.session_b.pk), "ô nhiễm kênh tưới")

    def test_entry_errors_are_on_the_wrong_fields(self) -> None:
        self.login(self.reception)
        with at(D(2026, 3, 20)):
            response = self.post(
                "matter-create",
                unit=self.party_commune.pk,
                session=self.session_c.pk,
                received_on="10/03/2026",
                kind="",
                summary="",
                deadline="01/03/2026",
                petitioner_address="Thôn Tây",
            )
            errors = response.context["form"].errors
            self.assertEqual(
                errors["kind"], ["Hãy chọn khiếu nại, tố cáo, kiến nghị hay phản ánh."]
            )
            self.assertEqual(errors["summary"], ["Hãy tóm tắt nội dung vụ việc."])
            second = self.post(
                "matter-create",
                unit=self.party_commune.pk,
                session=self.session_c.pk,
                received_on="10/03/2026",
                kind="kien_nghi",
                summary="Kiến nghị",
                deadline="01/03/2026",
                petitioner_address="Thôn Tây",
            )
            errors = second.context["form"].errors
            self.assertEqual(
                errors["session"], ["Phiên tiếp dân phải là của cấp ủy tiếp nhận vụ việc."]
            )
            self.assertEqual(
                errors["deadline"], ["Hạn giải quyết không được trước ngày tiếp nhận."]
            )
            self.assertIn("họ và tên người nêu vụ việc", errors["petitioner_name"][0])
        self.assertEqual(CitizenMatter.objects.count(), 3)

    def test_petitioner_is_written_apart_and_shown_only_after_a_deliberate_audited_reveal(
        self,
    ) -> None:
        self.login(self.reception)
        with at(D(2026, 3, 20)):
            self.post(
                "matter-create",
                unit=self.party_commune.pk,
                received_on="19/03/2026",
                kind="to_cao",
                summary="Tố cáo lấn chiếm đất công",
                petitioner_name="Vũ Văn Tố",
                petitioner_address="Xóm 3",
                petitioner_phone="0988 123 456",
            )
        matter = CitizenMatter.objects.get(summary="Tố cáo lấn chiếm đất công")
        self.assertEqual(matter.petitioner.full_name, "Vũ Văn Tố")
        detail = self.get("matter-detail", matter.pk)
        self.assertContains(detail, "Xem thông tin người nêu vụ việc")
        self.assertNotContains(detail, "Vũ Văn Tố")
        for count in (1, 2):
            shown = self.post("matter-petitioner", matter.pk)
            self.assertContains(shown, "Vũ Văn Tố")
            self.assertContains(shown, "0988 123 456")
            self.assertEqual(shown["Cache-Control"], "no-store")
            self.assertEqual(
                AuditEvent.objects.filter(
                    action="citizen_matter.petitioner_viewed", target_id=str(matter.pk)
                ).count(),
                count,
            )
        workbook = str(rows_of(self.get("matter-xlsx", period="")))
        self.assertIn("Tố cáo lấn chiếm đất công", workbook)
        self.assertNotIn("Vũ Văn Tố", workbook)
        for event in AuditEvent.objects.all():
            self.assertNotIn("Vũ Văn Tố", f"{event.data} {event.changes} {event.target_repr}")

    def test_petitioner_fields_are_not_offered_without_the_personal_data_capability(self) -> None:
        self.login(self.viewer)
        self.assertEqual(self.get("matter-create").status_code, 403)
        self.login(self.reception)
        fields = self.get("matter-create").context["form"].fields
        self.assertIn("petitioner_name", fields)

    def test_detail_shows_the_notice_due_date_by_the_rule_and_whether_it_is_late(self) -> None:
        self.login(self.reception)
        with at(D(2026, 3, 16)):
            on_time = self.get("matter-detail", self.matter_a.pk)
        self.assertEqual(on_time.context["notice"].label, "Đến hạn hôm nay")
        self.assertContains(on_time, "16/03/2026")
        self.assertContains(on_time, "11-QĐi/TW")
        self.assertContains(on_time, "10 ngày làm việc")
        with at(D(2026, 3, 20)):
            late = self.get("matter-detail", self.matter_a.pk)
            answer = self.get("matter-detail", self.matter_b.pk)
        self.assertContains(late, "Quá hạn 4 ngày")
        self.assertEqual(answer.context["notice"].label, "Đúng hạn")
        self.assertEqual(answer.context["answer"].label, "Quá hạn 7 ngày")

    def test_a_matter_goes_through_route_notice_answer_and_close_on_screen(self) -> None:
        self.login(self.commune_reception)
        pk = self.matter_a.pk
        with at(D(2026, 3, 20)):
            routed = self.post(
                "matter-route",
                pk,
                version=1,
                routed_to="UBND xã Một Mới",
                routed_on="18/03/2026",
                deadline="17/04/2026",
            )
            self.assertRedirectsTo(routed, "matter-detail", pk)
            self.post("matter-notify", pk, version=2, notified_on="19/03/2026")
            page = self.get("matter-detail", pk)
            self.assertContains(page, "Trễ 3 ngày")
            self.post("matter-answer", pk, version=3, answered_on="20/03/2026", result="Đã sửa")
            closed = self.post("matter-close", pk, version=4)
            self.assertRedirectsTo(closed, "matter-detail", pk)
        self.matter_a.refresh_from_db()
        self.assertEqual(self.matter_a.state, CitizenMatter.State.DA_DONG)
        self.assertEqual(self.matter_a.deadline, D(2026, 4, 17))

    def test_action_errors_and_a_stale_form_are_reported(self) -> None:
        self.login(self.reception)
        pk = self.matter_a.pk
        with at(D(2026, 3, 20)):
            blank = self.post("matter-route", pk, version=1, routed_to="", routed_on="01/03/2026")
            self.assertEqual(
                blank.context["route_form"].errors["routed_to"],
                ["Hãy nhập cơ quan, người được giao xử lý."],
            )
            early = self.post(
                "matter-route", pk, version=1, routed_to="UBND", routed_on="01/03/2026"
            )
            self.assertEqual(
                early.context["route_form"].errors["routed_on"],
                ["Ngày chuyển xử lý không được trước ngày tiếp nhận."],
            )
            self.post("matter-notify", pk, version=1, notified_on="05/03/2026")
            stale = self.post(
                "matter-route", pk, version=1, routed_to="UBND", routed_on="06/03/2026"
            )
            self.assertContains(stale, CONFLICT)
            no_result = self.post(
                "matter-answer", self.matter_b.pk, version=3, answered_on="20/03/2026"
            )
            self.assertEqual(
                no_result.context["answer_form"].errors["result"], ["Hãy nhập kết quả giải quyết."]
            )
        self.matter_a.refresh_from_db()
        self.assertEqual((self.matter_a.state, self.matter_a.version), ("tiep_nhan", 2))

    def test_a_denunciation_goes_to_the_inspection_commissions_letter_book(self) -> None:
        self.login(self.reception)
        pk = self.matter_a.pk
        with at(D(2026, 3, 20)):
            page = self.get("matter-detail", pk)
            self.assertEqual(page.context["forward_form"].initial["naming"], "co_ten")
            response = self.post(
                "matter-forward", pk, version=1, forwarded_on="04/03/2026", naming="co_ten"
            )
        self.assertRedirectsTo(response, "matter-detail", pk)
        self.matter_a.refresh_from_db()
        letter = self.matter_a.letter
        assert letter is not None
        self.assertEqual(
            (letter.unit, letter.source, letter.naming, letter.received_on, letter.summary),
            (self.party_commune, "tiep_dan", "co_ten", D(2026, 3, 2), self.matter_a.summary),
        )
        # The identity goes to the letter's protected record, never into audit data.
        self.assertEqual(letter.sender.full_name, PETITIONER)
        self.assertEqual(letter.sender.phone, PETITIONER_PHONE)
        for event in AuditEvent.objects.filter(
            action__in=["letter.received", "citizen_matter.forwarded"]
        ):
            self.assertNotIn(PETITIONER, str(event.data) + str(event.changes))
        self.assertEqual(
            (self.matter_a.state, self.matter_a.routed_on), ("da_chuyen_xu_ly", D(2026, 3, 4))
        )
        self.assertIn(letter.number, self.matter_a.routed_to)
        # The reception desk cannot open the commission's letter: no link to it.
        with at(D(2026, 3, 20)):
            detail = self.get("matter-detail", pk)
        self.assertEqual(detail.context["letter_link"], "")
        self.assertNotIn("forward", detail.context["forward_form"].errors)
        self.assertFalse(detail.context["can_forward"])

    def test_forwarding_refuses_a_named_letter_without_a_name_and_a_stale_form(self) -> None:
        self.login(self.reception)
        unnamed = make_matter(self.party_commune, D(2026, 3, 2), kind=CitizenMatter.Kind.TO_CAO)
        with at(D(2026, 3, 20)):
            named = self.post(
                "matter-forward", unnamed.pk, version=1, forwarded_on="04/03/2026", naming="co_ten"
            )
            self.assertIn(
                "Đơn có tên cần họ tên người nêu vụ việc",
                named.context["forward_form"].errors["naming"][0],
            )
            early = self.post(
                "matter-forward",
                unnamed.pk,
                version=1,
                forwarded_on="01/03/2026",
                naming="giau_ten",
            )
            self.assertEqual(
                early.context["forward_form"].errors["forwarded_on"],
                ["Ngày chuyển không được trước ngày tiếp nhận."],
            )
            stale = self.post(
                "matter-forward",
                unnamed.pk,
                version=7,
                forwarded_on="04/03/2026",
                naming="giau_ten",
            )
            self.assertContains(stale, CONFLICT)
        unnamed.refresh_from_db()
        self.assertIsNone(unnamed.letter)
        self.assertEqual(Letter.objects.filter(unit=self.party_commune).count(), 0)

    def test_list_filters_by_kind_state_period_and_overdue(self) -> None:
        self.login(self.reception)
        with at(D(2026, 3, 20)):
            everything = self.get("matter-list", period="")
            self.assertEqual(len(everything.context["rows"]), 3)
            kind = self.get("matter-list", period="", kind="khieu_nai")
            self.assertEqual([row[0] for row in kind.context["rows"]], [self.matter_b])
            state = self.get("matter-list", period="", state="tiep_nhan")
            self.assertEqual(len(state.context["rows"]), 2)
            february = self.get("matter-list", period="2026-M02")
            self.assertEqual(len(february.context["rows"]), 0)
            overdue = self.get(
                "matter-list", period="2026-Q1", overdue="on", unit_id=self.party_commune.pk
            )
            self.assertEqual(
                {row[0] for row in overdue.context["rows"]}, {self.matter_a, self.matter_b}
            )
        with at(D(2026, 3, 12)):
            overdue = self.get("matter-list", period="", overdue="on")
            self.assertEqual(len(overdue.context["rows"]), 0)

    def test_overdue_list_follows_the_clock_with_days_late(self) -> None:
        self.login(self.reception)
        with at(D(2026, 3, 13)):
            response = self.get("overdue")
            self.assertEqual((response.context["notices"], response.context["answers"]), ([], []))
        with at(D(2026, 3, 20)):
            response = self.get("overdue")
        self.assertEqual(
            [(m.pk, days) for m, days in response.context["notices"]],
            [(self.matter_a.pk, 4), (self.matter_other.pk, 1)],
        )
        self.assertEqual(
            [(m.pk, days) for m, days in response.context["answers"]], [(self.matter_b.pk, 7)]
        )
        with at(D(2026, 3, 20)):
            mine = self.get("overdue", unit_id=self.party_commune.pk)
        self.assertEqual(len(mine.context["notices"]), 1)

    def test_matters_xlsx_cells(self) -> None:
        self.login(self.reception)
        with at(D(2026, 3, 20)):
            rows = rows_of(self.get("matter-xlsx", period="2026-M03", kind="khieu_nai"))
        header = next(i for i, row in enumerate(rows) if row and row[0] == "Ngày tiếp nhận")
        self.assertEqual(
            rows[header][:4],
            ("Ngày tiếp nhận", "Cấp ủy tiếp nhận", "Loại vụ việc", "Tóm tắt nội dung"),
        )
        (row,) = rows[header + 1 :]
        self.assertEqual(row[0].date(), D(2026, 3, 2))
        self.assertEqual(row[2:4], ("Khiếu nại", "Khiếu nại về bồi thường đất"))
        self.assertEqual(row[6], "UBND xã")
        self.assertEqual(row[8].date(), D(2026, 3, 13))
        self.assertEqual(row[11], "Đúng hạn")


class DialogueViewTests(ReceptionViewTestCase):
    def test_officer_records_and_corrects_a_dialogue_and_a_stale_form_conflicts(self) -> None:
        self.login(self.reception)
        with at(D(2026, 3, 20)):
            bad = self.post(
                "dialogue-create",
                unit=self.party_commune.pk,
                held_on="",
                topic="",
                host="Bí thư",
                kind="dinh_ky",
                participant_count="x",
            )
            errors = bad.context["form"].errors
            self.assertEqual(errors["held_on"], ["Hãy nhập ngày đối thoại."])
            self.assertEqual(errors["topic"], ["Hãy nhập chủ đề đối thoại."])
            self.assertEqual(errors["participant_count"], ["Hãy nhập một số nguyên, ví dụ 12."])
            created = self.post(
                "dialogue-create",
                unit=self.party_commune.pk,
                held_on="19/03/2026",
                topic="Xây dựng nông thôn mới",
                host="Bí thư Đảng ủy xã",
                kind="dot_xuat",
                participant_count="80",
                commitments="Tiếp thu",
            )
            dialogue = Dialogue.objects.get(topic="Xây dựng nông thôn mới")
            self.assertRedirectsTo(created, "dialogue-detail", dialogue.pk)
            values = {
                "held_on": "19/03/2026",
                "topic": "Xây dựng nông thôn mới nâng cao",
                "host": "Bí thư Đảng ủy xã",
                "kind": "dot_xuat",
                "participant_count": "85",
                "commitments": "Tiếp thu",
                "version": 1,
            }
            self.post("dialogue-edit", dialogue.pk, **values)
            stale = self.post("dialogue-edit", dialogue.pk, **{**values, "topic": "Khác"})
            self.assertContains(stale, CONFLICT)
        dialogue.refresh_from_db()
        self.assertEqual((dialogue.topic, dialogue.version), ("Xây dựng nông thôn mới nâng cao", 2))
        detail = self.get("dialogue-detail", dialogue.pk)
        self.assertContains(detail, "nâng cao")

    def test_list_totals_and_xlsx(self) -> None:
        self.login(self.viewer)
        response = self.get("dialogue-list", period="2026")
        self.assertEqual(response.context["totals"]["participants"], 45)
        self.assertContains(response, "Giải phóng mặt bằng đường liên xã")
        self.assertEqual(
            len(self.get("dialogue-list", period="2026", kind="dot_xuat").context["page"]), 0
        )
        rows = rows_of(self.get("dialogue-xlsx", period="2026"))
        header = next(i for i, row in enumerate(rows) if row and row[0] == "Ngày đối thoại")
        first = rows[header + 1]
        self.assertEqual(first[0].date(), D(2026, 3, 1))
        self.assertEqual(
            first[1:],
            (
                "Đảng bộ xã Một Mới",
                "Giải phóng mặt bằng đường liên xã",
                "Bí thư Đảng ủy xã",
                "Định kỳ",
                45,
                None,
            ),
        )


class ObligationViewTests(ReceptionViewTestCase):
    def test_committees_by_months_up_to_today_with_shortfall_rule_and_basis(self) -> None:
        self.login(self.reception)
        with at(D(2026, 3, 20)):
            response = self.get("obligation", year=2026)
        table = response.context["table"]
        self.assertEqual(table.month_numbers, [1, 2, 3])
        rows = {row.unit: row for row in table.rows}
        commune = rows[self.party_commune]
        self.assertEqual([cell.held_days for cell in commune.months], [0, 0, 1])
        self.assertEqual([cell.shortfall for cell in commune.months], [2, 2, 0])
        self.assertIn("Đang diễn ra", commune.months[2].label)
        province = rows[self.party_province]
        self.assertEqual([cell.shortfall for cell in province.months], [1, 0, 0])
        self.assertEqual(province.months[1].label, "Đạt")
        self.assertEqual(rows[self.bloc].months[0].label, "Không thuộc diện")
        self.assertNotIn(self.party_district_one, rows)  # closed before 2026
        page = response.content.decode()
        self.assertIn("215-KL/TW", page)
        self.assertIn("11-QĐi/TW", page)
        self.assertIn("Không thuộc diện", page)

    def test_a_past_year_shows_every_month_and_the_closed_district(self) -> None:
        self.login(self.reception)
        with at(D(2026, 3, 20)):
            table = self.get("obligation", year=2025).context["table"]
        self.assertEqual(table.month_numbers, list(range(1, 13)))
        district = next(row for row in table.rows if row.unit == self.party_district_one)
        self.assertEqual(district.months[5].shortfall, 1)
        self.assertEqual(district.months[6].label, "Không hoạt động trọn tháng")
        commune = next(row for row in table.rows if row.unit == self.party_commune)
        self.assertEqual(commune.months[9].label, "Không thuộc diện")
        self.assertEqual(commune.months[11].shortfall, 2)

    def test_obligation_xlsx_cells(self) -> None:
        self.login(self.viewer)
        with at(D(2026, 3, 20)):
            rows = rows_of(self.get("obligation-xlsx", year=2026, unit_id=self.party_commune.pk))
        header = next(i for i, row in enumerate(rows) if row and row[0] == "Cấp ủy")
        data = rows[header + 1 :]
        self.assertEqual(
            [row[:5] for row in data],
            [
                ("Đảng bộ xã Một Mới", "01/2026", 2, 0, 2),
                ("Đảng bộ xã Một Mới", "02/2026", 2, 0, 2),
                ("Đảng bộ xã Một Mới", "03/2026", 2, 1, None),
            ],
        )
        self.assertTrue(data[0][6].startswith("215-KL/TW"))


class StatisticsViewTests(ReceptionViewTestCase):
    def test_figures_of_the_committee_and_its_subordinates_with_the_change(self) -> None:
        self.login(self.viewer)
        with at(D(2026, 3, 20)):
            response = self.get("statistics", unit_id=self.party_province.pk, period="2026-Q1")
        stats = response.context["stats"]
        lines = {line.name: line for line in stats.lines}
        # Independent count of the data built above: the province held one session (4 turns);
        # below it, four sessions in the quarter (3 + 2 + 1 turns) and three matters.
        self.assertEqual(lines["sessions"].own, (1, 0, 1))
        self.assertEqual(lines["sessions"].subordinates, (3, 0, 3))
        self.assertEqual(lines["visitor_turns"].total, (10, 0, 10))
        self.assertEqual(lines["matters_received"].subordinates[0], 3)
        self.assertEqual(lines["matters_directed"].subordinates[0], 1)
        self.assertEqual(lines["overdue_now"].subordinates[0], 3)
        self.assertEqual(lines["dialogues_periodic"].total, (1, 0, 1))
        self.assertEqual(
            stats.sentences[0],
            "Bí thư Tỉnh ủy đã tổ chức 01 phiên tiếp dân, với 04 lượt người được tiếp, "
            "tiếp nhận và chỉ đạo giải quyết 0 đơn thư.",
        )
        self.assertEqual(
            stats.sentences[1],
            "Các cấp ủy trực thuộc đã tổ chức 03 phiên tiếp dân, với 06 lượt người được tiếp, "
            "tiếp nhận và chỉ đạo giải quyết 01 đơn thư.",
        )
        self.assertEqual(
            stats.sentences[2],
            "Toàn tỉnh đã tổ chức 01 cuộc đối thoại định kỳ (tăng 01 cuộc so với quý IV/2025).",
        )
        self.assertContains(response, stats.sentences[2])

    def test_commune_officer_sees_only_their_committee_and_the_unit_chooser_404s_outside(
        self,
    ) -> None:
        self.login(self.commune_reception)
        with at(D(2026, 3, 20)):
            response = self.get("statistics", period="2026")
            self.assertEqual(response.context["stats"].unit, self.party_commune)
            self.assertEqual(response.context["stats"].subordinate_count, 0)
            outside = self.get("statistics", unit_id=self.party_province.pk)
        self.assertEqual(outside.status_code, 404)

    def test_statistics_xlsx_cells(self) -> None:
        self.login(self.reception)
        with at(D(2026, 3, 20)):
            rows = rows_of(
                self.get("statistics-xlsx", unit_id=self.party_commune.pk, period="2026-M03")
            )
        self.assertEqual(rows[0][0], "Thống kê tiếp dân")
        self.assertIn(
            "Bí thư Đảng ủy xã Một Mới đã tổ chức 02 phiên tiếp dân, với 05 lượt người được tiếp, "
            "tiếp nhận và chỉ đạo giải quyết 01 đơn thư.",
            [row[0] for row in rows],
        )
        header = next(i for i, row in enumerate(rows) if row and row[0] == "Chỉ tiêu")
        self.assertEqual(
            rows[header][1:4],
            ("Cấp ủy: Tháng 3/2026", "Cấp ủy: Tháng 2/2026", "Cấp ủy: Tăng (+), giảm (-)"),
        )
        by_label = {row[0]: row for row in rows[header + 1 :]}
        self.assertEqual(by_label["Phiên tiếp dân"][1:4], (2, 0, 2))
        self.assertEqual(by_label["Lượt người được tiếp"][1:4], (5, 0, 5))
        self.assertEqual(by_label["Vụ việc, đơn thư tiếp nhận"][1:4], (2, 0, 2))
