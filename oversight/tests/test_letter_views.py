"""Letter and denunciation screens: scope (404 elsewhere), audited reads, the identity shown only
to the chair after a deliberate click, Vietnamese errors by field and conflicts."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from audit.models import AuditEvent
from oversight.models import Denunciation, Letter
from oversight.tests.test_letters import SECRET_ADDRESS, SECRET_NAME, LetterTestCase, at

D = dt.date
HIDDEN = "Danh tính người gửi được bảo mật"


class LetterViewTestCase(LetterTestCase):
    letter: Letter
    denunciation: Denunciation

    def setUp(self) -> None:
        self.letter = self.classify_denunciation(self.receive())
        self.denunciation = Denunciation.objects.get(letter=self.letter)

    def urls(self) -> list[tuple[str, str]]:
        """(method, url) of every screen and action, for the access tests."""
        letter, den = self.letter.pk, self.denunciation.pk
        return [
            ("get", reverse("oversight:letter-list")),
            ("get", reverse("oversight:letter-create")),
            ("get", reverse("oversight:letter-detail", args=[letter])),
            ("post", reverse("oversight:letter-classify", args=[letter])),
            ("post", reverse("oversight:letter-route", args=[letter])),
            ("post", reverse("oversight:letter-answer", args=[letter])),
            ("get", reverse("oversight:letter-sender", args=[letter])),
            ("post", reverse("oversight:letter-sender", args=[letter])),
            ("get", reverse("oversight:denunciation-list")),
            ("get", reverse("oversight:denunciation-overdue")),
            ("get", reverse("oversight:denunciation-detail", args=[den])),
            ("post", reverse("oversight:denunciation-act", args=[den])),
            ("post", reverse("oversight:denunciation-extend", args=[den])),
            ("post", reverse("oversight:denunciation-conclude", args=[den])),
            ("post", reverse("oversight:denunciation-notify", args=[den])),
            ("post", reverse("oversight:denunciation-discipline", args=[den])),
        ]


class AccessTests(LetterViewTestCase):
    def test_non_oversight_roles_get_404_everywhere(self) -> None:
        for user in (self.leader, self.reception, self.viewer, self.commune_officer):
            self.client.force_login(user)
            for method, url in self.urls():
                response = getattr(self.client, method)(url)
                self.assertEqual(response.status_code, 404, f"{user} {method} {url}")

    def test_other_organisation_gets_404_on_every_object_url(self) -> None:
        self.client.force_login(self.other_member)
        for method, url in self.urls():
            if url.endswith(("letters/", "new/", "denunciations/", "overdue/")):
                continue
            response = getattr(self.client, method)(url)
            self.assertEqual(response.status_code, 404, f"{method} {url}")
        page = self.client.get(reverse("oversight:letter-list")).content.decode()
        self.assertNotIn(self.letter.summary, page)

    def test_member_sees_list_without_identity(self) -> None:
        self.client.force_login(self.member)
        response = self.client.get(reverse("oversight:letter-list"), {"year": 2025})
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn(self.letter.summary[:20], page)
        self.assertNotIn(SECRET_NAME, page)

    def test_list_filters(self) -> None:
        self.client.force_login(self.member)
        url = reverse("oversight:letter-list")
        self.assertNotContains(self.client.get(url, {"year": 2024}), self.letter.summary[:20])
        self.assertNotContains(
            self.client.get(url, {"naming": "giau_ten"}), self.letter.summary[:20]
        )
        self.assertContains(self.client.get(url, {"kind": "to_cao"}), self.letter.summary[:20])


class IdentityViewTests(LetterViewTestCase):
    def test_detail_hides_identity_and_records_the_read(self) -> None:
        for user in (self.member, self.chair):
            self.client.force_login(user)
            response = self.client.get(reverse("oversight:letter-detail", args=[self.letter.pk]))
            self.assertContains(response, HIDDEN)
            self.assertNotContains(response, SECRET_NAME)
        self.assertEqual(AuditEvent.objects.filter(action="letter.viewed").count(), 2)
        self.assertFalse(AuditEvent.objects.filter(action="letter.sender_viewed").exists())

    def test_member_cannot_open_the_identity_page(self) -> None:
        self.client.force_login(self.member)
        url = reverse("oversight:letter-sender", args=[self.letter.pk])
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.assertFalse(AuditEvent.objects.filter(action="letter.sender_viewed").exists())

    def test_chair_sees_identity_only_after_clicking_and_each_view_is_audited(self) -> None:
        self.client.force_login(self.chair)
        url = reverse("oversight:letter-sender", args=[self.letter.pk])
        confirm = self.client.get(url)
        self.assertContains(confirm, "Xem danh tính")
        self.assertNotContains(confirm, SECRET_NAME)
        self.assertFalse(AuditEvent.objects.filter(action="letter.sender_viewed").exists())
        for count in (1, 2):
            shown = self.client.post(url)
            self.assertContains(shown, SECRET_NAME)
            self.assertContains(shown, SECRET_ADDRESS)
            self.assertEqual(
                AuditEvent.objects.filter(
                    action="letter.sender_viewed", actor=self.chair, target_id=str(self.letter.pk)
                ).count(),
                count,
            )
        for event in AuditEvent.objects.all():
            self.assertNotIn(SECRET_NAME, f"{event.data} {event.changes} {event.target_repr}")


class FormTests(LetterViewTestCase):
    def test_receive_form_registers_and_refuses_with_field_messages(self) -> None:
        self.client.force_login(self.member)
        url = reverse("oversight:letter-create")
        with at(D(2025, 3, 10)):
            bad = self.client.post(url, {"unit": self.grassroots.pk, "received_on": "ngày mai"})
            self.assertContains(bad, "Ngày không hợp lệ")
            self.assertContains(bad, "Hãy tóm tắt nội dung đơn.")
            good = self.client.post(
                url,
                {
                    "unit": self.grassroots.pk,
                    "received_on": "05/03/2025",
                    "source": "truc_tiep",
                    "sender_kind": "cong_dan",
                    "naming": "co_ten",
                    "summary": "Phản ánh việc thu quỹ.",
                    "sender_full_name": "Người Gửi Mới",
                    "sender_address": "Thôn Một",
                },
            )
        letter = Letter.objects.get(summary="Phản ánh việc thu quỹ.")
        self.assertRedirects(
            good,
            reverse("oversight:letter-detail", args=[letter.pk]),
            fetch_redirect_response=False,
        )
        event = AuditEvent.objects.filter(action="letter.received").latest("id")
        self.assertNotIn("Người Gửi Mới", str(event.data))

    def test_anonymous_letter_as_denunciation_is_refused_on_the_page(self) -> None:
        letter = self.receive(naming=Letter.Naming.GIAU_TEN)
        self.client.force_login(self.member)
        response = self.client.post(
            reverse("oversight:letter-classify", args=[letter.pk]),
            {
                "version": letter.version,
                "kind": "to_cao",
                "competence": "thuoc_tham_quyen",
                "handling": "phai_giai_quyet",
                "accused_name": "Ai Đó",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "không được xem xét, giải quyết")

    def test_stale_form_gets_the_conflict_message(self) -> None:
        self.client.force_login(self.member)
        url = reverse("oversight:denunciation-act", args=[self.denunciation.pk])
        first = self.client.post(url, {"version": 1, "action": "phan_loai"})
        self.assertEqual(first.status_code, 302)
        second = self.client.post(url, {"version": 1, "action": "phan_loai"})
        self.assertContains(second, "người khác thay đổi")

    def test_denunciation_pages_show_deadline_and_overdue(self) -> None:
        self.client.force_login(self.member)
        with at(D(2025, 7, 8)):
            detail = self.client.get(
                reverse("oversight:denunciation-detail", args=[self.denunciation.pk])
            )
            self.assertContains(detail, "07/07/2025")
            self.assertContains(detail, "Quá hạn")
            self.assertContains(detail, HIDDEN)
            overdue = self.client.get(reverse("oversight:denunciation-overdue"))
            self.assertContains(overdue, "Trần Văn Bị")
            listing = self.client.get(reverse("oversight:denunciation-list"), {"overdue": "on"})
            self.assertContains(listing, "Trần Văn Bị")
        self.assertTrue(AuditEvent.objects.filter(action="denunciation.viewed").exists())
