"""The NTM screens: scorecard, matrix, lagging criteria, progress, recognitions, roadmap, sets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from accounts.models import User
from common.testing import BaseTestCase, make_user
from criteria.models import Recognition, RoadmapEntry, SetVersion
from criteria.tests.factories import make_set
from monitoring import services as monitoring


class NtmScreenTests(BaseTestCase):
    version: SetVersion
    ntm_officer: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.version = make_set()
        # Xã Một A misses income; Xã Hai A meets everything.
        for commune, income in ((cls.commune_one_a, "52.1"), (cls.commune_two_a, "60")):
            sheet = monitoring.open_sheet(commune, 2023, actor=None)
            monitoring.save_values(
                sheet, {"1.1": True, "10": Decimal(income), "10.2": Decimal("95")}, actor=None
            )
        Recognition.objects.create(
            unit=cls.commune_one_a,
            level="xa_ntm",
            decision_number="01/QĐ-UBND",
            decided_on=dt.date(2020, 12, 1),
        )
        RoadmapEntry.objects.create(unit=cls.commune_two_a, level="xa_ntm", target_year=2023)
        cls.ntm_officer = make_user("vpdp", ("ntm_office", cls.province, True))

    def setUp(self) -> None:
        self.login(self.ntm_officer)

    def test_scorecard_says_why_each_criterion_passes_or_fails(self) -> None:
        page = self.client.get(
            reverse("criteria:scorecard", args=[self.commune_one_a.pk, 2023])
        ).content.decode()
        self.assertIn("còn thiếu 2,9 triệu đồng", page)
        self.assertIn("1/2 tiêu chí", page)
        self.assertIn("Ngưỡng minh họa", page)
        self.assertIn("chưa đạt", page)

    def test_matrix_counts_per_row_and_column_and_ranks_lagging_criteria(self) -> None:
        page = self.client.get(
            reverse("criteria:matrix", args=[self.province.pk, 2023])
        ).content.decode()
        self.assertIn("Xã Một A", page)
        self.assertIn("Xã Hai A", page)
        self.assertIn("1/2", page)
        self.assertIn("2/2", page)
        self.assertIn("Tiêu chí đạt thấp", page)
        self.assertIn("10. Thu nhập", page)

    def test_overview_counts_levels_from_the_data(self) -> None:
        page = self.client.get(
            reverse("criteria:overview"), {"area": self.province.pk, "year": 2023}
        ).content.decode()
        self.assertIn("Xã đạt chuẩn NTM", page)
        self.assertIn("Kết quả theo số liệu", page)

    def test_a_recognised_commune_that_no_longer_meets_the_set_is_flagged(self) -> None:
        page = self.client.get(
            reverse("criteria:recognitions", args=[self.province.pk]), {"year": 2023}
        ).content.decode()
        self.assertIn("không còn đạt", page)
        self.assertIn("01/QĐ-UBND", page)
        flagged = page.split("Quyết định công nhận")[0]
        self.assertIn("Xã Một A", flagged)

    def test_roadmap_compares_registration_with_evaluation(self) -> None:
        page = self.client.get(
            reverse("criteria:roadmap", args=[self.province.pk])
        ).content.decode()
        self.assertIn("Xã Hai A", page)
        self.assertIn("Đạt theo số liệu", page)

    def test_progress_pages_for_a_commune_and_an_area(self) -> None:
        commune = self.client.get(reverse("criteria:progress", args=[self.commune_one_a.pk]))
        self.assertContains(commune, "2023")
        area = self.client.get(reverse("criteria:progress", args=[self.province.pk]))
        self.assertContains(area, "Bình quân tiêu chí NTM/xã")

    def test_outside_scope_is_404_and_without_the_capability_403(self) -> None:
        from common.testing import make_unit
        from units.models import Unit

        other = make_unit(
            Unit.Kind.COMMUNE, "Xã Ngoài", make_unit(Unit.Kind.PROVINCE, "Tỉnh Ngoài")
        )
        response = self.client.get(reverse("criteria:scorecard", args=[other.pk, 2023]))
        self.assertEqual(response.status_code, 404)
        self.login(self.inspector)
        self.assertEqual(self.client.get(reverse("criteria:overview")).status_code, 403)

    def test_administrator_edits_a_draft_threshold_and_publishes_it(self) -> None:
        self.login(self.province_admin)
        set_id = self.version.criteria_set.set_id
        self.client.post(reverse("criteria:start-draft", args=[set_id]))
        draft = SetVersion.objects.get(criteria_set=self.version.criteria_set, status="draft")
        url = reverse("criteria:edit-threshold", args=[set_id, draft.number, "10.2"])
        bad = self.client.post(
            url,
            {
                "version": draft.version,
                "regional_variation": "by_region",
                "region_DBSH": "9x",
                "status": "confirmed",
                "source": "",
            },
        )
        self.assertContains(bad, "không phải là số")
        good = self.client.post(
            url,
            {
                "version": draft.version,
                "regional_variation": "by_region",
                "region_DBSH": "92,5",
                "status": "confirmed",
                "source": "QĐ thử nghiệm, Phụ lục I",
            },
        )
        self.assertEqual(good.status_code, 302)
        draft.refresh_from_db()
        self.assertEqual(
            draft.content["criteria"][1]["indicators"][1]["threshold"]["by_region"], {"DBSH": 92.5}
        )
        self.client.post(
            reverse("criteria:publish", args=[set_id, draft.number]), {"note": "Nâng ngưỡng"}
        )
        draft.refresh_from_db()
        self.assertEqual(draft.status, "published")
        page = self.client.get(reverse("criteria:version", args=[set_id, 1])).content.decode()
        self.assertIn("DBSH: 90", page)
