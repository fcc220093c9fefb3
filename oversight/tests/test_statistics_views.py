"""The statistics page: who may see it (404 otherwise), no member names for anyone, the
organisation, period and calendar choosers, and the download."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from oversight.tests.test_statistics import StatisticsWorld

URL = reverse("oversight:statistics")
XLSX_URL = reverse("oversight:statistics-xlsx")


class StatisticsPageTests(StatisticsWorld):
    def test_inspection_member_sees_the_tables_of_their_organisation(self) -> None:
        self.login(self.inspector)
        response = self.client.get(
            URL,
            {"org": str(self.party_district_one.pk), "period": "2023", "calendar": "calendar"},
        )
        self.assertEqual(response.status_code, 200)
        stats = response.context["stats"]
        self.assertEqual(stats.organisation, "Đảng bộ huyện Một")
        self.assertContains(response, "Biểu số")
        self.assertContains(response, "Từ ngày 01/01/2023 đến ngày 31/12/2023")
        self.assertContains(response, "Chỉ đạo cấp dưới tiến hành (không cộng vào tổng)")
        self.assertContains(response, "Tải xlsx")
        self.assertContains(response, stats.sentences[0])
        # Within huyện Một: An (by the district) and Em (by the commune's chi bộ).
        self.assertEqual(stats.table(2).value("luot"), 2)
        self.assertEqual(stats.table(2).value("distinct"), 2)

    def test_inspection_member_gets_404_for_an_organisation_outside_their_scope(self) -> None:
        self.login(self.inspector)
        response = self.client.get(URL, {"org": self.party_province.pk})
        self.assertEqual(response.status_code, 404)
        response = self.client.get(XLSX_URL, {"org": self.party_province.pk})
        self.assertEqual(response.status_code, 404)

    def test_leader_sees_aggregates_without_member_names(self) -> None:
        self.login(self.viewer)
        response = self.client.get(URL, {"period": "2023", "calendar": "calendar"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["organisation"], self.party_province)
        self.assertContains(response, "Tổng cộng")
        self.assertContains(response, "Cấp ủy các cấp đã tiến hành kiểm tra đối với 02 tổ chức")
        content = response.content.decode()
        for name in self.member_names:
            self.assertNotIn(name, content)
            self.assertNotIn(name.upper(), content)

    def test_commune_data_officer_gets_404(self) -> None:
        self.login(self.commune_officer)
        self.assertEqual(self.client.get(URL).status_code, 404)
        self.assertEqual(self.client.get(XLSX_URL).status_code, 404)

    def test_anonymous_visitor_is_sent_to_sign_in(self) -> None:
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)

    def test_calendar_is_chosen_on_the_page_with_default_from_settings(self) -> None:
        self.login(self.viewer)
        with override_settings(CHIDAO_OVERSIGHT_REPORTING_CALENDAR="dec15"):
            response = self.client.get(URL, {"period": "2023"})
        self.assertContains(response, "Từ ngày 15/12/2022 đến ngày 14/12/2023")
        self.assertEqual(response.context["stats"].table(1).value("luot"), 3)
        response = self.client.get(URL, {"period": "2023", "calendar": "calendar"})
        self.assertContains(response, "Từ ngày 01/01/2023 đến ngày 31/12/2023")
        self.assertEqual(response.context["stats"].table(1).value("luot"), 2)
        response = self.client.get(URL, {"period": "2023-Q1", "calendar": "dec15"})
        self.assertContains(response, "Từ ngày 15/12/2022 đến ngày 14/03/2023")

    def test_leader_downloads_the_workbook(self) -> None:
        self.login(self.viewer)
        response = self.client.get(XLSX_URL, {"period": "2023", "calendar": "calendar"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response["Content-Type"])
        self.assertIn(".xlsx", response["Content-Disposition"])
