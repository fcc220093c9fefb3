"""Quality ratings: scales, score bands, the HTXSNV quota and the headline rates (spec §10, §13.5)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from common.testing import BaseTestCase, make_unit
from oversight.rules import load_rules
from ratings import queries, services
from ratings.models import OrganisationRating
from units.models import Unit

K = Unit.Kind


def expected_percent_text(part: int, whole: int) -> str:
    """Independent rounding half up to tenths with integers, written the Vietnamese way."""
    tenths = (part * 1000 * 2 + whole) // (2 * whole)
    return f"{tenths // 10},{tenths % 10}%"


class RatingsTestCase(BaseTestCase):
    agency: Unit
    cells: list[Unit]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_rules(actor=None)
        cls.agency = make_unit(K.PARTY_GRASSROOTS, "Đảng bộ Khối cơ quan", cls.party_province)
        cls.cells = [make_unit(K.PARTY_CELL, f"Chi bộ {n:02d}", cls.agency) for n in range(1, 56)]

    def rate(self, unit: Unit, rank: str, **extra: Any) -> OrganisationRating:
        extra.setdefault("year", 2025)
        extra.setdefault("scale_version", "366-2025")
        return services.record_organisation_rating(
            unit, actor=self.province_admin, rank=rank, **extra
        )


class ScaleTests(RatingsTestCase):
    def test_records_rating_with_audit_row(self) -> None:
        rating = self.rate(self.cells[0], "httnv", score=Decimal("85.5"))
        self.assertTrue(rating.is_grassroots)
        self.assertEqual(rating.rank_label, "Hoàn thành tốt nhiệm vụ")
        event = AuditEvent.objects.get(action="organisation_rating.recorded")
        self.assertEqual(event.target_id, str(rating.pk))

    def test_rank_above_score_band_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.rate(self.cells[0], "htxsnv", score=85)
        self.assertIn("rank", caught.exception.message_dict)
        self.assertIn("không thể xếp", caught.exception.message_dict["rank"][0])

    def test_rank_of_other_scale_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.rate(self.cells[0], "trong_sach_vung_manh", score=95)
        self.assertIn("không thuộc thang", caught.exception.message_dict["rank"][0])
        with self.assertRaises(ValidationError) as caught:
            self.rate(self.cells[0], "httnv", year=2015, scale_version="legacy-tsvm")
        self.assertIn("rank", caught.exception.message_dict)

    def test_score_only_on_100_point_scale(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.rate(
                self.cells[0], "hoan_thanh_tot", year=2015, scale_version="legacy-tsvm", score=80
            )
        self.assertIn("score", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            self.rate(self.cells[0], "httnv")
        self.assertIn("score", caught.exception.message_dict)

    def test_lower_rank_than_band_needs_note(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.rate(self.cells[0], "khtnv", score=75)
        self.assertIn("note", caught.exception.message_dict)
        rating = self.rate(
            self.cells[0], "khtnv", score=75, note="Có đảng viên bị kỷ luật trong năm."
        )
        self.assertEqual(rating.rank, "khtnv")

    def test_366_scale_not_for_earlier_years(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.rate(self.cells[0], "httnv", year=2016, score=80)
        self.assertIn("scale_version", caught.exception.message_dict)

    def test_second_rating_same_year_needs_version(self) -> None:
        rating = self.rate(self.cells[0], "httnv", score=80)
        with self.assertRaises(ValidationError):
            self.rate(self.cells[0], "htnv", score=60)
        changed = self.rate(self.cells[0], "htnv", score=60, expected_version=rating.version)
        self.assertEqual(changed.version, 2)
        event = AuditEvent.objects.get(action="organisation_rating.changed")
        self.assertEqual(event.changes["rank"], ["httnv", "htnv"])

    def test_exemplary_only_with_legacy_tsvm(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.rate(self.cells[0], "httnv", score=80, is_exemplary=True)
        self.assertIn("is_exemplary", caught.exception.message_dict)
        rating = self.rate(
            self.cells[0],
            "trong_sach_vung_manh",
            year=2015,
            scale_version="legacy-tsvm",
            is_exemplary=True,
        )
        self.assertEqual(rating.rank_label, "Trong sạch, vững mạnh tiêu biểu")


class QuotaTests(RatingsTestCase):
    def setUp(self) -> None:
        for cell in self.cells[:5]:
            self.rate(cell, "httnv", score=80, approved_by_unit=self.agency)

    def test_htxsnv_beyond_20_percent_of_httnv_refused(self) -> None:
        self.rate(self.cells[5], "htxsnv", score=95, approved_by_unit=self.agency)  # 1 <= 20% of 5
        with self.assertRaises(ValidationError) as caught:
            self.rate(self.cells[6], "htxsnv", score=96, approved_by_unit=self.agency)
        self.assertIn("Vượt tỷ lệ", caught.exception.message_dict["rank"][0])
        self.assertFalse(OrganisationRating.objects.filter(unit=self.cells[6]).exists())

    def test_override_needs_note_and_is_reported(self) -> None:
        self.rate(self.cells[5], "htxsnv", score=95, approved_by_unit=self.agency)
        with self.assertRaises(ValidationError) as caught:
            self.rate(
                self.cells[6],
                "htxsnv",
                score=96,
                approved_by_unit=self.agency,
                exceptional_override=True,
            )
        self.assertIn("override_note", caught.exception.message_dict)
        self.rate(
            self.cells[6],
            "htxsnv",
            score=96,
            approved_by_unit=self.agency,
            exceptional_override=True,
            override_note="Thành tích đặc biệt trong phòng, chống thiên tai.",
        )
        check = queries.quota_check(self.party_province, 2025)
        self.assertEqual((check.htxsnv, check.httnv), (2, 5))
        self.assertEqual(check.limit, Decimal(1))
        self.assertTrue(check.exceeded)
        self.assertTrue(check.justified)
        self.assertFalse(check.rule_confirmed)
        self.assertIn("chưa xác nhận", check.rule_label)
        self.assertIn("366-QĐ/TW", check.rule_label)
        self.assertEqual(check.overrides[0][0], "Chi bộ 07")
        self.assertIn("vượt tỷ lệ", check.message)

    def test_within_quota(self) -> None:
        check = queries.quota_check(self.agency, 2025)
        self.assertFalse(check.exceeded)
        self.assertIn("trong tỷ lệ", check.message)


class RatesTests(RatingsTestCase):
    def test_legacy_tsvm_share_reported_with_legacy_wording(self) -> None:
        for number, cell in enumerate(self.cells):  # 55 grassroots cells, 48 TSVM
            rank = "trong_sach_vung_manh" if number < 48 else "hoan_thanh_tot"
            self.rate(cell, rank, year=2015, scale_version="legacy-tsvm")
        self.rate(
            self.agency, "hoan_thanh", year=2015, scale_version="legacy-tsvm", is_grassroots=False
        )
        tsvm = OrganisationRating.objects.filter(
            year=2015, is_grassroots=True, rank="trong_sach_vung_manh"
        ).count()
        rated = OrganisationRating.objects.filter(year=2015, is_grassroots=True).count()
        (share,) = queries.rates(self.party_province, 2015).organisations
        self.assertEqual((share.part, share.whole), (tsvm, rated))
        self.assertEqual(expected_percent_text(tsvm, rated), "87,3%")
        self.assertEqual(share.percent, Decimal("87.3"))
        self.assertTrue(share.legacy)
        self.assertEqual(share.phrase, "87,3% tổ chức cơ sở đảng đạt trong sạch vững mạnh")

    def test_366_shares_of_organisations_and_members(self) -> None:
        # HTTNV first: an HTXSNV is checked against the HTTNV already recorded by the same level.
        ranks = ["httnv"] * 15 + ["htxsnv"] * 2 + ["htnv"] * 4 + ["khtnv"]
        scores = {"htxsnv": 92, "httnv": 80, "htnv": 60, "khtnv": 40}
        for cell, rank in zip(self.cells, ranks, strict=False):
            self.rate(cell, rank, score=scores[rank], approved_by_unit=self.agency)
        good = sum(1 for rank in ranks if rank in ("htxsnv", "httnv"))
        counts = [
            {"htxsnv": 10, "httnv": 100, "htnv": 9, "khtnv": 1},
            {"htxsnv": 6, "httnv": 110, "htnv": 14},
        ]
        for cell, count in zip(self.cells, counts, strict=False):
            services.record_member_summary(
                cell, actor=self.province_admin, year=2025, scale_version="366-2025", counts=count
            )
        members = sum(sum(c.values()) for c in counts)
        good_members = sum(c.get("htxsnv", 0) + c.get("httnv", 0) for c in counts)
        result = queries.rates(self.party_province, 2025)
        (organisations,) = result.organisations
        self.assertEqual(
            organisations.phrase,
            f"{expected_percent_text(good, len(ranks))} tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
        )
        (share,) = result.members
        self.assertEqual((share.part, share.whole), (good_members, members))
        self.assertEqual(
            share.phrase,
            f"tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt {expected_percent_text(good_members, members)}",
        )
        self.assertEqual(share.phrase, "tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 90,4%")

    def test_member_summary_of_a_parent_covers_its_children(self) -> None:
        services.record_member_summary(
            self.cells[0],
            actor=self.province_admin,
            year=2025,
            scale_version="366-2025",
            counts={"httnv": 10},
        )
        services.record_member_summary(
            self.agency,
            actor=self.province_admin,
            year=2025,
            scale_version="366-2025",
            counts={"httnv": 40, "htnv": 10},
        )
        (share,) = queries.rates(self.party_province, 2025).members
        self.assertEqual((share.part, share.whole), (40, 50))

    def test_scales_are_never_merged(self) -> None:
        self.rate(self.cells[0], "httnv", score=80)
        self.rate(self.cells[1], "trong_sach_vung_manh", year=2025, scale_version="legacy-tsvm")
        shares = queries.rates(self.party_province, 2025).organisations
        self.assertEqual([s.scale_version for s in shares], ["366-2025", "legacy-tsvm"])

    def test_member_summary_validation(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.record_member_summary(
                self.cells[0],
                actor=self.province_admin,
                year=2025,
                scale_version="366-2025",
                counts={"hoan_thanh_tot": 3},
            )
        self.assertIn("counts", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            services.record_member_summary(
                self.cells[0],
                actor=self.province_admin,
                year=2025,
                scale_version="366-2025",
                counts={"httnv": 3},
                members_rated=4,
            )
        self.assertIn("members_rated", caught.exception.message_dict)

    def test_percent_rendering(self) -> None:
        self.assertEqual(queries.share_percent(48, 55), Decimal("87.3"))
        self.assertIsNone(queries.share_percent(0, 0))
