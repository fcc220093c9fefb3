"""The demo's reception desk, ratings, models and sponsorship give the seed figures back when the
records are counted (demo/reception.py, ratings.py, movements.py, sponsorship.py).

Every figure here is counted from the records in the test itself, then compared with what the
product's queries say, so neither the data file nor the queries can drift alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.db.models import Sum
from django.test import TestCase

from common.periods import Period
from demo.services import build_demo
from movements.models import MovementModel
from movements.queries import model_counts
from petitions import queries as petition_queries
from petitions.models import CitizenMatter, Dialogue, ReceptionSession, ReceptionVisitor
from ratings.models import MemberRatingSummary, OrganisationRating
from ratings.queries import rates
from sponsorship.models import Sponsorship
from sponsorship.queries import figures
from units.models import Unit

BUILT_ON = dt.datetime(2026, 12, 4, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def share(part: int, whole: int) -> Decimal:
    return (Decimal(part * 100) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class CommunityDemoTests(TestCase):
    district: Unit
    commune: Unit
    counts: tuple[int, ...]

    @classmethod
    def setUpTestData(cls) -> None:
        with time_machine.travel(BUILT_ON, tick=False):
            build_demo()
            cls.counts = cls.totals()
            build_demo()
        cls.district = Unit.objects.get(key="demo:party:d352")
        cls.commune = Unit.objects.get(key="demo:party:w13504@2025-07-01")

    @staticmethod
    def totals() -> tuple[int, ...]:
        return (
            ReceptionSession.objects.count(),
            ReceptionVisitor.objects.count(),
            CitizenMatter.objects.count(),
            Dialogue.objects.count(),
            OrganisationRating.objects.count(),
            MemberRatingSummary.objects.count(),
            MovementModel.objects.count(),
            Sponsorship.objects.count(),
            Unit.objects.count(),
        )

    def test_a_second_build_writes_nothing(self) -> None:
        self.assertEqual(self.totals(), self.counts)

    def test_the_district_secretary_received_38_sessions_64_turns_59_letters_in_2023(self) -> None:
        sessions = ReceptionSession.objects.filter(unit=self.district, held_on__year=2023)
        matters = CitizenMatter.objects.filter(unit=self.district, received_on__year=2023)
        self.assertEqual(sessions.count(), 38)
        self.assertEqual(sessions.aggregate(total=Sum("visitor_count"))["total"], 64)
        self.assertEqual(matters.filter(routed_on__isnull=False).count(), 59)
        self.assertEqual(matters.count(), 59)

    def test_the_reception_statistics_give_the_seed_sentences_back(self) -> None:
        everything = Unit.objects.all()
        year_2023 = petition_queries.reception_statistics(
            self.district, Period("year", 2023), everything, today=BUILT_ON.date()
        )
        self.assertEqual(
            year_2023.sentences[0],
            "Bí thư Huyện ủy đã tổ chức 38 phiên tiếp dân, với 64 lượt người được tiếp, "
            "tiếp nhận và chỉ đạo giải quyết 59 đơn thư.",
        )
        year_2021 = petition_queries.reception_statistics(
            self.district, Period("year", 2021), everything, today=BUILT_ON.date()
        )
        self.assertEqual(
            year_2021.sentences[-1],
            "Toàn huyện đã tổ chức 36 cuộc đối thoại định kỳ (tăng 18 cuộc so với năm 2020).",
        )

    def test_the_district_held_36_periodic_dialogues_in_2021_18_more_than_in_2020(self) -> None:
        subtree = Dialogue.objects.filter(
            unit__path__startswith=self.district.path, kind=Dialogue.Kind.DINH_KY
        )
        self.assertEqual(subtree.filter(held_on__year=2021).count(), 36)
        self.assertEqual(subtree.filter(held_on__year=2020).count(), 18)
        topics = set(
            subtree.filter(unit=self.district, held_on__year=2021).values_list("topic", flat=True)
        )
        self.assertTrue(any("An Ninh" in topic for topic in topics))
        self.assertTrue(any("Bình Mỹ" in topic for topic in topics))

    def test_87_3_percent_of_grassroots_organisations_were_clean_and_strong(self) -> None:
        for year in (2021, 2022):
            ratings = OrganisationRating.objects.filter(
                unit__path__startswith=self.district.path, year=year, is_grassroots=True
            )
            top = ratings.filter(rank="trong_sach_vung_manh").count()
            self.assertEqual(share(top, ratings.count()), Decimal("87.3"))
            organisations = rates(self.district, year).organisations
            self.assertEqual(len(organisations), 1)
            self.assertEqual(
                organisations[0].phrase, "87,3% tổ chức cơ sở đảng đạt trong sạch vững mạnh"
            )

    def test_more_than_90_percent_of_members_completed_their_tasks_well(self) -> None:
        for year in (2021, 2022):
            summaries = MemberRatingSummary.objects.filter(
                unit__path__startswith=self.district.path, year=year
            )
            good = sum(
                s.count("hoan_thanh_xuat_sac") + s.count("hoan_thanh_tot") for s in summaries
            )
            whole = sum(s.members_rated for s in summaries)
            self.assertGreater(share(good, whole), Decimal(90))
            self.assertEqual(rates(self.district, year).members[0].percent, share(good, whole))

    def test_the_district_has_110_dan_van_kheo_models_84_of_them_from_2021(self) -> None:
        area = Unit.objects.get(key="d352")
        models = MovementModel.objects.filter(
            unit__path__startswith=area.path, field=MovementModel.Field.DAN_VAN_KHEO
        )
        self.assertEqual(models.filter(recognised_year__range=(2020, 2025)).count(), 110)
        self.assertEqual(models.filter(recognised_year=2021).count(), 84)
        term = model_counts(area, start_year=2020, end_year=2025).by_field[0]
        self.assertEqual((term.field, term.recognised), ("dan_van_kheo", 110))

    def test_51_organisations_of_the_bloc_sponsor_73_communes(self) -> None:
        bloc = Unit.objects.get(key="demo:party:p35:bloc")
        mine = Sponsorship.objects.filter(sponsor__parent=bloc, start_year__lte=2016)
        self.assertEqual(mine.values("sponsor").distinct().count(), 51)
        self.assertEqual(mine.values("commune").distinct().count(), 73)
        self.assertEqual(figures(bloc, 2016), figures(bloc, 2023))
        self.assertEqual((figures(bloc, 2016).sponsors, figures(bloc, 2016).communes), (51, 73))

    def test_the_current_commune_shows_a_shortfall_and_overdue_matters_by_the_clock(self) -> None:
        with time_machine.travel(BUILT_ON, tick=False):
            october = petition_queries.monthly_obligation(self.commune, 2026, 10)
            november = petition_queries.monthly_obligation(self.commune, 2026, 11)
            overdue = petition_queries.overdue_matters(
                Unit.objects.filter(pk=self.commune.pk), BUILT_ON.date()
            )
            self.assertEqual((october.required_days, october.shortfall), (2, 1))
            self.assertEqual(november.shortfall, 0)
            self.assertEqual(overdue.count(), 2)
        named = ReceptionVisitor.objects.filter(session__unit=self.commune)
        self.assertTrue(named.exists())

    def test_in_2023_87_3_percent_completed_their_tasks_well_or_better_within_the_quota(
        self,
    ) -> None:
        ratings = OrganisationRating.objects.filter(
            unit__path__startswith=self.district.path, year=2023, is_grassroots=True
        )
        good = ratings.filter(rank__in=("htxsnv", "httnv")).count()
        self.assertEqual(share(good, ratings.count()), Decimal("87.3"))
        excellent, well = (
            ratings.filter(rank="htxsnv").count(),
            ratings.filter(rank="httnv").count(),
        )
        self.assertLessEqual(excellent * 5, well)  # at most 20% of HTTNV (124-QĐ/TW practice)
        self.assertEqual(
            rates(self.district, 2023).organisations[0].phrase,
            "87,3% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
        )
