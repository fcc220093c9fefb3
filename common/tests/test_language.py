"""Vietnamese first: the browser's language is ignored until a person picks English."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from common.testing import BaseTestCase


class LanguageTests(BaseTestCase):
    def test_an_english_browser_still_gets_vietnamese(self) -> None:
        page = self.client.get(reverse("accounts:login"), headers={"Accept-Language": "en-US"})
        self.assertContains(page, "Đăng nhập")
        self.assertContains(page, '<html lang="vi">')

    def test_choosing_english_in_the_menu_switches_the_screens(self) -> None:
        client = Client()
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        page = client.get(reverse("accounts:login")).content.decode()
        self.assertIn('<html lang="en">', page)
        self.assertIn("Sign in", page)
        self.assertNotIn("Đăng nhập", page)

    def test_figures_on_screen_use_vietnamese_formats(self) -> None:
        self.login(self.province_admin)
        page = self.client.get(reverse("units:tree"), {"on": "2023-09-18"}).content.decode()
        self.assertIn("ngày 18 tháng 9 năm 2023", page)
