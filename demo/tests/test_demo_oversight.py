"""The demo's year of oversight gives the seed sentences back through the counting rules
(demo/oversight.py, demo/data/oversight.yaml, oversight/statistics)."""

from __future__ import annotations

from django.test import TestCase

from common.periods import Period
from demo.services import build_demo
from oversight.models import CaseSubject, DisciplineDecision, OversightCase
from oversight.statistics import Statistics, statistics_for
from units.models import Unit

# Bình Lục 2023 (seeds/000) and Nam Trực (seeds/004), in the words the statistics write.
SEED_ACTIVITY = (
    "Cấp ủy các cấp đã tiến hành kiểm tra đối với 43 tổ chức đảng và 47 đảng viên; "
    "giám sát đối với 46 tổ chức đảng và 48 đảng viên; Ủy ban Kiểm tra các cấp đã tiến hành "
    "giám sát đối với 51 tổ chức đảng và 55 đảng viên; chỉ đạo kiểm tra 02 tổ chức đảng và "
    "03 đảng viên khi có dấu hiệu vi phạm; phối hợp với cấp trên kiểm tra 01 tổ chức đảng và "
    "03 đảng viên."
)
SEED_DISCIPLINE = (
    "Thi hành kỷ luật 02 tổ chức đảng (khiển trách) và 183 đảng viên: khiển trách 142; "
    "cảnh cáo 18; cách chức 05; khai trừ 18."
)


class OversightDemoTests(TestCase):
    counts: tuple[int, int, int]
    party: Unit
    stats: Statistics

    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()
        cls.counts = (
            OversightCase.objects.count(),
            CaseSubject.objects.count(),
            DisciplineDecision.objects.count(),
        )
        build_demo()
        cls.party = Unit.objects.get(key="demo:party:d352")
        cls.stats = statistics_for(cls.party, Period("year", 2023), "calendar")

    def test_the_statistics_give_the_seed_sentences_back(self) -> None:
        self.assertEqual(self.stats.sentences[0], SEED_ACTIVITY)
        self.assertEqual(self.stats.sentences[1], SEED_DISCIPLINE)

    def test_turns_exceed_subjects_where_a_subject_came_back(self) -> None:
        inspection = self.stats.headline.committee_inspection
        self.assertEqual((inspection.organisations, inspection.members), (43, 47))
        self.assertGreater(inspection.organisation_turns, inspection.organisations)
        self.assertGreater(inspection.member_turns, inspection.members)

    def test_the_figures_come_from_records_counted_independently(self) -> None:
        subjects = CaseSubject.objects.filter(
            case__unit=self.party,
            case__mode=OversightCase.Mode.CHU_TRI,
            case__performer_kind=OversightCase.SubjectKind.UBKT,
            case__type__in=["gs_thuong_xuyen", "gs_chuyen_de"],
        )
        organisations = {s.subject_unit_id for s in subjects if s.subject_unit_id}
        members = {(s.full_name, s.party_cell_id) for s in subjects if not s.subject_unit_id}
        supervision = self.stats.headline.commission_supervision
        self.assertEqual((supervision.organisations, supervision.members), (51, 55))
        self.assertEqual((len(organisations), len(members)), (51, 55))
        decided = DisciplineDecision.objects.filter(decided_on__year=2023)
        self.assertEqual(decided.filter(discipline_case__subject_unit__isnull=True).count(), 183)

    def test_a_second_build_writes_nothing(self) -> None:
        self.assertEqual(
            self.counts,
            (
                OversightCase.objects.count(),
                CaseSubject.objects.count(),
                DisciplineDecision.objects.count(),
            ),
        )

    def test_the_15_to_14_year_gives_the_same_year_for_this_demo(self) -> None:
        dec15 = statistics_for(self.party, Period("year", 2023), "dec15")
        self.assertEqual(dec15.sentences[:2], self.stats.sentences[:2])
