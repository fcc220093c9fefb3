"""Sign-in, throttling, password rules, session expiry and sign-out."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import services
from audit.models import AuditEvent
from common.testing import PASSWORD, BaseTestCase


class LoginTests(BaseTestCase):
    def post_login(self, username: str, password: str):
        return self.client.post(
            reverse("accounts:login"), {"username": username, "password": password}
        )

    def test_login_page_is_in_vietnamese(self) -> None:
        page = self.client.get(reverse("accounts:login")).content.decode()
        self.assertIn("Đăng nhập", page)
        self.assertIn("Mật khẩu", page)

    def test_correct_password_signs_in_and_is_audited(self) -> None:
        response = self.post_login("kiemtra", PASSWORD)
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        self.assertTrue(AuditEvent.objects.filter(action="user.logged_in").exists())

    def test_wrong_password_gives_a_clear_vietnamese_message(self) -> None:
        response = self.post_login("kiemtra", "sai-mat-khau")
        self.assertContains(response, "Tên đăng nhập hoặc mật khẩu không đúng")

    @override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_FAILURE_WINDOW_SECONDS=900)
    def test_repeated_failures_lock_the_name_even_with_the_right_password(self) -> None:
        for _attempt in range(3):
            self.post_login("kiemtra", "sai-mat-khau")
        response = self.post_login("kiemtra", PASSWORD)
        self.assertContains(response, "Đăng nhập sai quá nhiều lần")
        self.assertNotIn("_auth_user_id", self.client.session)

    @override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_FAILURE_WINDOW_SECONDS=900)
    def test_the_lock_ends_when_the_window_has_passed(self) -> None:
        with time_machine.travel(timezone.now(), tick=False) as clock:
            for _attempt in range(3):
                self.post_login("kiemtra", "sai-mat-khau")
            clock.shift(dt.timedelta(seconds=901))
            response = self.post_login("kiemtra", PASSWORD)
        self.assertEqual(response.status_code, 302)

    def test_password_rules_refuse_a_short_or_numeric_password(self) -> None:
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError) as caught:
            services.set_password(self.viewer, actor=self.viewer, password="12345678")
        text = " ".join(caught.exception.messages)
        self.assertIn("10", text)

    def test_session_expires_after_idle_time(self) -> None:
        with time_machine.travel(timezone.now(), tick=False) as clock:
            self.post_login("kiemtra", PASSWORD)
            self.assertEqual(self.client.get(reverse("units:tree")).status_code, 200)
            clock.shift(dt.timedelta(hours=3))
            response = self.client.get(reverse("units:tree"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_logout_ends_the_session(self) -> None:
        self.post_login("kiemtra", PASSWORD)
        self.client.post(reverse("accounts:logout"))
        response = self.client.get(reverse("units:tree"))
        self.assertEqual(response.status_code, 302)

    def test_pages_need_a_signed_in_user(self) -> None:
        response = self.client.get(reverse("units:tree"))
        self.assertEqual(response.status_code, 302)
