"""The demo's NTM data give the seed district's 2023 picture through the engine (DESIGN.md §5)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.test import TestCase

from audit.models import AuditEvent
from criteria.engine import Verdict
from criteria.loading import read_set_file, set_files
from criteria.models import CriteriaSet, Recognition, RoadmapEntry, SetVersion
from criteria.services import UnitResult, framework_for, judge, sets_in_force
from demo.ntm import DEMO_SET_FILES, ROLES
from demo.services import DemoSummary, build_demo
from monitoring.models import IndicatorValue, ValueSheet
from units.models import Unit

NTM = CriteriaSet.Level.XA_NTM
NANG_CAO = CriteriaSet.Level.XA_NTM_NANG_CAO
KIEU_MAU = CriteriaSet.Level.XA_NTM_KIEU_MAU
DEMO_ACTIONS = (
    "criteria.loaded",
    "sheet.opened",
    "values.saved",
    "sheet.submitted",
    "sheet.approved",
    "recognition.recorded",
    "roadmap.registered",
)


def _communes(year: int) -> list[Unit]:
    district = Unit.objects.get(key="d352")
    return list(
        Unit.objects.as_of(dt.date(year, 12, 31))
        .filter(parent=district, kind=Unit.Kind.COMMUNE)
        .order_by("code")
    )


def _state() -> dict[str, object]:
    """Everything the NTM demo writes, to compare two builds."""
    return {
        "sets": list(SetVersion.objects.order_by("pk").values_list("pk", "content_hash")),
        "sheets": list(ValueSheet.objects.order_by("pk").values_list("pk", "status", "version")),
        "values": list(
            IndicatorValue.objects.order_by("pk").values_list(
                "pk", "code", "number", "flag", "not_applicable", "version"
            )
        ),
        "recognitions": list(Recognition.objects.order_by("pk").values_list("pk", "decided_on")),
        "roadmap": list(RoadmapEntry.objects.order_by("pk").values_list("pk", "target_year")),
        "audit": AuditEvent.objects.filter(action__in=DEMO_ACTIONS).count(),
    }


class NtmDemoTests(TestCase):
    first: DemoSummary
    second: DemoSummary
    results: dict[int, dict[str, UnitResult]]
    before: dict[str, object]
    after: dict[str, object]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.first = build_demo()
        cls.before = _state()
        cls.second = build_demo()
        cls.after = _state()
        cls.results = {
            year: {commune.code: judge(commune, year) for commune in _communes(year)}
            for year in (2021, 2022, 2023, 2024)
        }

    def _level(self, year: int, code: str) -> str | None:
        qualification = self.results[year][code].qualification
        assert qualification is not None
        return qualification.level

    def test_2023_through_the_engine_is_the_seed_report(self) -> None:
        results = self.results[2023]
        self.assertEqual(len(results), 16)
        levels = Counter(self._level(2023, code) for code in results)
        # 2 kiểu mẫu, 2 nâng cao + 6 whose dossiers are complete, 6 others still NTM.
        self.assertEqual(levels, Counter({KIEU_MAU: 2, NANG_CAO: 8, NTM: 6}))
        recognised = set(
            Recognition.objects.filter(level=NANG_CAO, decided_on__year__lte=2023).values_list(
                "unit__code", flat=True
            )
        )
        self.assertEqual(len(recognised), 4)
        meeting_without_decision = [
            code
            for code in results
            if self._level(2023, code) in {NANG_CAO, KIEU_MAU} and code not in recognised
        ]
        self.assertEqual(len(meeting_without_decision), 6)
        registered_2023 = set(
            RoadmapEntry.objects.filter(level=NANG_CAO, target_year=2023).values_list(
                "unit__code", flat=True
            )
        )
        self.assertEqual(registered_2023, set(meeting_without_decision))

    def test_the_other_six_meet_13_to_15_criteria_and_60_of_75_indicators(self) -> None:
        others = [code for code in self.results[2023] if self._level(2023, code) == NTM]
        self.assertEqual(len(others), 6)
        for code in others:
            result = self.results[2023][code]
            nang_cao = result.evaluations[NANG_CAO]
            self.assertEqual((nang_cao.criteria_total, nang_cao.indicators_total), (19, 75))
            self.assertIn(nang_cao.criteria_met, {13, 14, 15}, ROLES[code].name)
            self.assertGreaterEqual(nang_cao.indicators_met, 60, ROLES[code].name)
            self.assertEqual(nang_cao.unknown, (), "every nâng cao criterion is decided")
            self.assertEqual(result.evaluations[NTM].status, Verdict.MET)
        self.assertEqual({ROLES[code].role for code in others}, {"other"})

    def test_the_township_is_not_judged_and_the_commune_sets_are_the_demo_ones(self) -> None:
        district = Unit.objects.get(key="d352")
        township = Unit.objects.get(parent=district, kind=Unit.Kind.TOWNSHIP)
        self.assertFalse(ValueSheet.objects.filter(unit=township).exists())
        versions = sets_in_force(2023, province=Unit.objects.get(key="p35"))
        for level in (NTM, NANG_CAO):
            self.assertTrue(versions[level].criteria_set.set_id.startswith("demo-ha-nam-"))

    def test_every_demo_framework_is_illustrative(self) -> None:
        for path in DEMO_SET_FILES:
            criteria_set = CriteriaSet.objects.get(set_id=path.stem)
            self.assertTrue(criteria_set.is_illustrative)
            self.assertEqual(criteria_set.province, Unit.objects.get(key="p35"))
            version = criteria_set.versions.get(status=SetVersion.Status.PUBLISHED)
            framework = framework_for(version)
            self.assertTrue(framework.is_illustrative)
            self.assertIn("MINH HỌA", framework.title)
        nang_cao = framework_for(
            SetVersion.objects.get(criteria_set__set_id="demo-ha-nam-xa-ntm-nang-cao-2021-2025")
        )
        self.assertEqual((len(nang_cao.criteria), len(nang_cao.indicators)), (19, 75))
        self.assertTrue(nang_cao.has_indicator("2.x1") and nang_cao.has_indicator("17.x1"))

    def test_the_national_confirmed_thresholds_stay_in_the_demo_layer(self) -> None:
        layer = framework_for(
            SetVersion.objects.get(criteria_set__set_id="demo-ha-nam-xa-ntm-2021-2025")
        )
        for code in ("3.2", "5", "14.1"):
            self.assertEqual(layer.indicator(code).threshold_status, "confirmed", code)
        illustrative = [i.code for i in layer.indicators if i.threshold_status == "illustrative"]
        self.assertIn("10", illustrative)
        self.assertEqual(len(illustrative) + 3, len(layer.indicators))

    def test_official_sets_are_unchanged(self) -> None:
        for path in set_files():
            content = read_set_file(path)
            criteria_set = CriteriaSet.objects.get(set_id=content["set_id"])
            self.assertFalse(criteria_set.is_illustrative, path.name)
            version = criteria_set.versions.get(status=SetVersion.Status.PUBLISHED)
            self.assertEqual(version.content, content, path.name)

    def test_earlier_years_show_progress(self) -> None:
        def average(year: int, level: str) -> float:
            met = [r.evaluations[level].criteria_met for r in self.results[year].values()]
            return sum(met) / len(met)

        for level in (NTM, NANG_CAO):
            self.assertLess(average(2021, level), average(2022, level), level)
            self.assertLess(average(2022, level), average(2023, level), level)
        qualified = {
            year: sum(
                self._level(year, code) in {NANG_CAO, KIEU_MAU} for code in self.results[year]
            )
            for year in (2021, 2022, 2023)
        }
        self.assertLess(qualified[2021], qualified[2022])
        self.assertLess(qualified[2022], qualified[2023])

    def test_one_recognised_nang_cao_commune_slips_in_2024(self) -> None:
        slipping = []
        for decision in Recognition.objects.filter(level=NANG_CAO, decided_on__year__lte=2024):
            qualification = self.results[2024][decision.unit.code].qualification
            assert qualification is not None
            step = qualification.step(NANG_CAO)
            assert step is not None
            if step.status is not Verdict.MET:
                slipping.append(decision.unit.name)
        self.assertEqual(slipping, ["Xã Tràng An"])

    def test_kieu_mau_recognitions_match_the_data(self) -> None:
        kieu_mau = set(
            Recognition.objects.filter(level=KIEU_MAU).values_list("unit__code", flat=True)
        )
        self.assertEqual(
            {code for code in self.results[2023] if self._level(2023, code) == KIEU_MAU}, kieu_mau
        )
        registered = RoadmapEntry.objects.get(level=KIEU_MAU)
        self.assertEqual(registered.target_year, 2024)
        self.assertEqual(self._level(2024, registered.unit.code), KIEU_MAU)

    def test_sheets_are_demo_locked_until_2023_and_draft_in_2024(self) -> None:
        sheets = ValueSheet.objects.filter(unit__parent__key="d352")
        self.assertEqual(sheets.count(), 64)
        self.assertTrue(all(sheet.is_demo for sheet in sheets))
        self.assertEqual(
            set(sheets.filter(year__lte=2023).values_list("status", flat=True)),
            {ValueSheet.Status.APPROVED},
        )
        self.assertEqual(
            set(sheets.filter(year=2024).values_list("status", flat=True)),
            {ValueSheet.Status.DRAFT},
        )
        decisions = Recognition.objects.all()
        self.assertEqual(decisions.filter(level=NTM).count(), 16)
        self.assertTrue(all(d.is_demo and d.decision_number.startswith("DEMO-") for d in decisions))
        self.assertTrue(all(d.decided_on.year < 2021 for d in decisions.filter(level=NTM)))
        self.assertTrue(all(entry.is_demo for entry in RoadmapEntry.objects.all()))

    def test_a_second_build_changes_nothing(self) -> None:
        self.assertEqual(self.first.sheets_created, 64)
        self.assertGreater(self.first.criteria_sets_loaded, 0)
        self.assertEqual(
            (
                self.second.criteria_sets_loaded,
                self.second.sheets_created,
                self.second.recognitions_created,
                self.second.roadmap_created,
            ),
            (0, 0, 0, 0),
        )
        self.assertEqual(self.before, self.after)
