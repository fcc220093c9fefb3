from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from common.testing import BaseTestCase, make_unit
from common.versioning import ConflictError
from criteria.models import Assessment, SetVersion
from criteria.tests.factories import make_set, small_set_content
from monitoring import services as monitoring_services
from sponsorship import queries, services
from sponsorship.tests.factories import make_sponsorship
from units.models import Unit

K = Unit.Kind
Made = tuple[Unit | None, str, Unit, int, int | None]


class SponsorshipServiceTests(BaseTestCase):
    def test_creating_records_audit_and_cleans_criteria_codes(self) -> None:
        item = services.create_sponsorship(
            actor=self.province_admin,
            sponsor=self.party_district_one,
            commune=self.commune_one_a,
            start_year=2016,
            criteria_codes=["17", " 2", "02", "6"],
            commitments="Hỗ trợ xây dựng tiêu chí môi trường",
        )
        self.assertEqual(item.criteria_codes, ["2", "6", "17"])
        event = AuditEvent.objects.get(action="sponsorship.created")
        self.assertEqual(event.target_id, str(item.pk))
        self.assertEqual(event.unit, self.commune_one_a)

    def test_sponsor_is_required_as_a_unit_or_a_name_not_both(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            make_sponsorship(self.commune_one_a)
        self.assertIn("sponsor", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            make_sponsorship(self.commune_one_a, self.party_province, sponsor_name="Sở Y tế")
        self.assertIn("sponsor_name", caught.exception.message_dict)
        item = make_sponsorship(self.commune_one_a, sponsor_name="  Sở   Tài chính ")
        self.assertEqual(item.sponsor_name, "Sở Tài chính")
        self.assertEqual(item.sponsor_label, "Sở Tài chính")

    def test_sponsor_unit_must_be_a_party_organisation(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            make_sponsorship(self.commune_one_a, self.district_one)
        self.assertIn("tổ chức đảng", caught.exception.message_dict["sponsor"][0])

    def test_sponsored_unit_must_be_a_commune_ward_or_township(self) -> None:
        for wrong in (self.district_one, self.party_commune_one_a):
            with self.assertRaises(ValidationError) as caught:
                make_sponsorship(wrong, self.party_province)
            self.assertIn("commune", caught.exception.message_dict)

    def test_end_before_start_and_bad_criteria_are_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            make_sponsorship(self.commune_one_a, self.party_province, end_year=2015)
        self.assertIn("end_year", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            make_sponsorship(self.commune_one_a, self.party_province, criteria_codes=["20"])
        self.assertIn("criteria_codes", caught.exception.message_dict)

    def test_update_records_changes_and_refuses_stale_forms(self) -> None:
        item = make_sponsorship(self.commune_one_a, self.party_province)
        services.update_sponsorship(
            item, actor=self.province_admin, expected_version=1, end_year=2020, results="Đạt"
        )
        item.refresh_from_db()
        self.assertEqual((item.end_year, item.results, item.version), (2020, "Đạt", 2))
        event = AuditEvent.objects.get(action="sponsorship.updated")
        self.assertEqual(event.changes["end_year"], [None, 2020])
        with self.assertRaises(ConflictError):
            services.update_sponsorship(item, actor=None, expected_version=1, results="x")

    def test_sponsor_can_change_from_name_to_unit(self) -> None:
        item = make_sponsorship(self.commune_one_a, sponsor_name="Sở Y tế")
        services.update_sponsorship(
            item, actor=None, expected_version=1, sponsor=self.party_province, sponsor_name=""
        )
        item.refresh_from_db()
        self.assertEqual(item.sponsor, self.party_province)


class FigureTests(BaseTestCase):
    bloc: Unit
    members: list[Unit]
    communes: list[Unit]
    made: list[Made]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.bloc = make_unit(K.PARTY_PROVINCE, "Đảng bộ Khối các cơ quan tỉnh")
        cls.members = [
            make_unit(K.PARTY_GRASSROOTS, f"Đảng bộ Sở {i}", cls.bloc) for i in range(4)
        ] + [make_unit(K.PARTY_CELL, "Chi bộ Ban Dân tộc", cls.bloc)]
        cls.communes = [
            make_unit(K.COMMUNE, f"Xã Đỡ Đầu {i}", cls.district_two) for i in range(5)
        ] + [make_unit(K.WARD, "Phường Đỡ Đầu", cls.district_one)]
        cls.made = []
        spans = [(2014, 2015), (2016, None), (2016, 2020), (2018, None), (2021, None)]
        sponsors: list[tuple[Unit | None, str]] = [(m, "") for m in cls.members]
        sponsors += [(None, "Công ty Điện lực"), (None, "công ty  điện lực")]
        for i, ((sponsor, name), commune, span) in enumerate(
            itertools.product(sponsors, cls.communes, spans)
        ):
            if i % 4:  # a sparse, uneven pattern
                continue
            make_sponsorship(
                commune, sponsor, sponsor_name=name, start_year=span[0], end_year=span[1]
            )
            cls.made.append((sponsor, name, commune, span[0], span[1]))

    def expected(self, year: int, keep: Callable[[Made], bool]) -> tuple[int, int]:
        rows = [m for m in self.made if m[3] <= year and (m[4] is None or year <= m[4]) and keep(m)]
        sponsors = {m[0].pk if m[0] else " ".join(m[1].lower().split()) for m in rows}
        return len(sponsors), len({m[2].pk for m in rows})

    def test_party_area_counts_what_its_organisations_sponsor(self) -> None:
        for year in (2015, 2016, 2019, 2021):
            got = queries.figures(self.bloc, year)
            want = self.expected(year, lambda m: m[0] is not None)
            self.assertEqual((got.sponsors, got.communes), want, year)

    def test_admin_area_counts_sponsors_of_its_communes_including_agencies(self) -> None:
        for year in (2015, 2017, 2022):
            got = queries.figures(self.district_two, year)
            want = self.expected(year, lambda m: m[2].parent_id == self.district_two.pk)
            self.assertEqual((got.sponsors, got.communes), want, year)
            whole = queries.figures(self.province, year)
            self.assertEqual((whole.sponsors, whole.communes), self.expected(year, bool))

    def test_an_organisation_sponsoring_two_communes_counts_once(self) -> None:
        bloc = make_unit(K.PARTY_PROVINCE, "Khối riêng")
        member = make_unit(K.PARTY_CELL, "Chi bộ riêng", bloc)
        make_sponsorship(self.commune_one_a, member)
        make_sponsorship(self.commune_two_a, member)
        figures = queries.figures(bloc, 2020)
        self.assertEqual((figures.sponsors, figures.communes), (1, 2))


class SponsorViewTests(BaseTestCase):
    def assess(self, unit: Unit, year: int, version: SetVersion, met: int) -> Assessment:
        return Assessment.objects.create(
            unit=unit,
            year=year,
            set_version=version,
            status="met" if met == 2 else "not_met",
            criteria_met=met,
            criteria_total=2,
            indicators_met=met,
            indicators_total=3,
        )

    def test_each_commune_comes_with_its_latest_assessment_or_none(self) -> None:
        ntm = make_set()
        advanced = make_set(small_set_content("thu-xa-nc", level="xa_ntm_nang_cao"))
        sponsor = self.party_district_one
        make_sponsorship(self.commune_one_a, sponsor, criteria_codes=["17"])
        make_sponsorship(self.commune_two_a, sponsor, start_year=2020)
        make_sponsorship(self.commune_one_b, sponsor, end_year=2018)  # over by 2023
        make_sponsorship(self.commune_one_b, self.party_province)  # someone else's
        self.assess(self.commune_one_a, 2021, ntm, 1)
        # The higher level wins within a year, even when the lower one was stored later.
        higher = self.assess(self.commune_one_a, 2022, advanced, 1)
        newest = self.assess(self.commune_one_a, 2022, ntm, 2)
        self.assess(self.commune_one_a, 2024, ntm, 2)  # after the year asked

        view = queries.sponsor_view(sponsor, 2023)

        self.assertEqual([row.commune for row in view], [self.commune_one_a, self.commune_two_a])
        shown = view[0].assessment
        assert shown is not None
        self.assertEqual(
            (shown.year, shown.criteria_met, shown.set_title, shown.stored),
            (2022, higher.criteria_met, higher.set_version.criteria_set.title, True),
        )
        self.assertNotEqual(shown.criteria_met, newest.criteria_met)
        self.assertIsNone(view[1].assessment)
        self.assertEqual(view[0].sponsorship.criteria_codes, ["17"])

    def test_entered_values_are_judged_as_the_ntm_screens_judge_them(self) -> None:
        ntm = make_set()
        sponsor = self.party_district_one
        make_sponsorship(self.commune_one_a, sponsor, criteria_codes=["1", "10"])
        sheet = monitoring_services.open_sheet(self.commune_one_a, 2023, actor=None)
        monitoring_services.save_values(
            sheet, {"1.1": True, "10": Decimal(56), "10.2": Decimal(80)}, actor=None
        )
        shown = queries.sponsor_view(sponsor, 2024)[0].assessment
        assert shown is not None
        # 2024 has no values: the latest year with values, 2023, is judged; 80% < 90% (DBSH).
        self.assertEqual((shown.year, shown.stored), (2023, False))
        self.assertEqual((shown.criteria_met, shown.criteria_total), (1, 2))
        self.assertEqual(shown.verdicts, {"1": "dat", "10": "chua_dat"})
        self.assertEqual(shown.set_title, ntm.criteria_set.title)
        # A stored assessment of a later year (a province's batch evaluation) takes over.
        self.assess(self.commune_one_a, 2024, ntm, 2)
        later = queries.sponsor_view(sponsor, 2024)[0].assessment
        assert later is not None
        self.assertEqual((later.year, later.stored, later.criteria_met), (2024, True, 2))

    def test_free_text_sponsor_is_found_by_name(self) -> None:
        make_sponsorship(self.commune_one_a, sponsor_name="Sở Nông nghiệp")
        view = queries.sponsor_view("sở  nông nghiệp", dt.date(2020, 1, 1).year)
        self.assertEqual([row.commune for row in view], [self.commune_one_a])
