"""The three scales by year (legacy any year, 132/124 for 2018–2024, 366 from 2025) and the quota on
every scale with HTXSNV and HTTNV ranks, checked against rules frozen in the test."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from common.testing import BaseTestCase, make_unit
from ratings import queries
from ratings.models import SCALE_366, SCALE_2018, SCALE_LEGACY_TSVM, scales_for_year
from ratings.tests.factories import load_frozen_rules, rate
from units.models import Unit

K = Unit.Kind


class ScaleYearsTests(BaseTestCase):
    bloc: Unit
    cells: list[Unit]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_frozen_rules()
        cls.bloc = make_unit(K.PARTY_BLOC, "Đảng bộ Khối cơ quan", cls.party_province)
        cls.cells = [make_unit(K.PARTY_CELL, f"Chi bộ {n:02d}", cls.bloc) for n in range(1, 11)]

    def test_each_year_offers_its_scale_and_the_legacy_one(self) -> None:
        self.assertEqual(scales_for_year(2015), [SCALE_LEGACY_TSVM])
        self.assertEqual(scales_for_year(2018), [SCALE_2018, SCALE_LEGACY_TSVM])
        self.assertEqual(scales_for_year(2024), [SCALE_2018, SCALE_LEGACY_TSVM])
        self.assertEqual(scales_for_year(2025), [SCALE_366, SCALE_LEGACY_TSVM])
        self.assertIn("[S]", SCALE_2018.basis)
        self.assertIn("132-QĐ/TW ngày 08/3/2018", SCALE_2018.basis)
        self.assertIn("124-QĐ/TW ngày 04/10/2023", SCALE_2018.basis)

    def test_the_2018_scale_has_no_score_and_covers_2018_to_2024_only(self) -> None:
        rating = rate(
            self.cells[0], "httnv", actor=self.province_admin, year=2020, scale_version="132-2018"
        )
        self.assertEqual(rating.rank_label, "Hoàn thành tốt nhiệm vụ")
        self.assertIsNone(rating.score)
        with self.assertRaises(ValidationError) as caught:
            rate(
                self.cells[1],
                "httnv",
                actor=self.province_admin,
                year=2021,
                scale_version="132-2018",
                score=80,
            )
        self.assertIn("không chấm điểm", caught.exception.message_dict["score"][0])
        for year in (2017, 2025):
            with self.assertRaises(ValidationError) as caught:
                rate(
                    self.cells[1],
                    "httnv",
                    actor=self.province_admin,
                    year=year,
                    scale_version="132-2018",
                )
            self.assertIn("2018–2024", caught.exception.message_dict["scale_version"][0])

    def test_the_legacy_scale_stays_available_in_any_year(self) -> None:
        for number, year in enumerate((2010, 2023, 2025)):
            rating = rate(
                self.cells[number],
                "trong_sach_vung_manh",
                actor=self.province_admin,
                year=year,
                scale_version="legacy-tsvm",
            )
            self.assertEqual(rating.scale_version, "legacy-tsvm")

    def test_the_quota_applies_to_the_2018_scale_under_124(self) -> None:
        for cell in self.cells[:5]:
            rate(
                cell,
                "httnv",
                actor=self.province_admin,
                year=2024,
                scale_version="132-2018",
                approved_by_unit=self.bloc,
            )
        rate(
            self.cells[5],
            "htxsnv",
            actor=self.province_admin,
            year=2024,
            scale_version="132-2018",
            approved_by_unit=self.bloc,
        )
        with self.assertRaises(ValidationError) as caught:
            rate(
                self.cells[6],
                "htxsnv",
                actor=self.province_admin,
                year=2024,
                scale_version="132-2018",
                approved_by_unit=self.bloc,
            )
        self.assertIn("Vượt tỷ lệ", caught.exception.message_dict["rank"][0])
        self.assertIn("124-QĐ/TW", caught.exception.message_dict["rank"][0])
        check = queries.quota_check(self.bloc, 2024)
        self.assertEqual((check.scale_version, check.htxsnv, check.httnv), ("132-2018", 1, 5))
        self.assertIn("chưa xác nhận", check.rule_label)

    def test_before_any_quota_rule_the_check_is_unknown_and_refuses_nothing(self) -> None:
        for cell in self.cells[:3]:
            rate(
                cell,
                "htxsnv",
                actor=self.province_admin,
                year=2020,
                scale_version="132-2018",
                approved_by_unit=self.bloc,
            )
        check = queries.quota_check(self.bloc, 2020)
        self.assertIsNone(check.limit)
        self.assertFalse(check.checked)
        self.assertIn("Không kiểm tra được", check.message)
        self.assertIn("không có quy định", check.message)

    def test_the_quota_counts_one_scale_only(self) -> None:
        for cell in self.cells[:5]:
            rate(
                cell,
                "hoan_thanh_tot",
                actor=self.province_admin,
                year=2023,
                scale_version="legacy-tsvm",
                approved_by_unit=self.bloc,
            )
        # Legacy "hoàn thành tốt" ratings do not make room for an HTXSNV on the 2018 scale.
        rate(
            self.cells[5],
            "httnv",
            actor=self.province_admin,
            year=2023,
            scale_version="132-2018",
            approved_by_unit=self.bloc,
        )
        with self.assertRaises(ValidationError):
            rate(
                self.cells[6],
                "htxsnv",
                actor=self.province_admin,
                year=2023,
                scale_version="132-2018",
                approved_by_unit=self.bloc,
            )

    def test_shares_of_the_2018_scale_and_the_legacy_scale_are_kept_apart(self) -> None:
        for cell in self.cells[:4]:
            rate(cell, "httnv", actor=self.province_admin, year=2022, scale_version="132-2018")
        rate(self.cells[4], "htnv", actor=self.province_admin, year=2022, scale_version="132-2018")
        for cell in self.cells[5:8]:
            rate(
                cell,
                "trong_sach_vung_manh",
                actor=self.province_admin,
                year=2022,
                scale_version="legacy-tsvm",
            )
        rate(
            self.cells[8],
            "hoan_thanh_tot",
            actor=self.province_admin,
            year=2022,
            scale_version="legacy-tsvm",
        )
        current, legacy = queries.rates(self.party_province, 2022).organisations
        self.assertEqual((current.scale_version, current.part, current.whole), ("132-2018", 4, 5))
        self.assertFalse(current.legacy)
        self.assertEqual(current.phrase, "80,0% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên")
        self.assertEqual((legacy.scale_version, legacy.part, legacy.whole), ("legacy-tsvm", 3, 4))
        self.assertTrue(legacy.legacy)
        self.assertEqual(legacy.percent, Decimal("75.0"))
        self.assertEqual(legacy.phrase, "75,0% tổ chức cơ sở đảng đạt trong sạch vững mạnh")
