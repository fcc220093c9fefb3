"""Sets as versioned data, the bridge to the engine, stored results and provincial layers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from common.testing import BaseTestCase, make_unit
from criteria import services
from criteria.engine import Verdict
from criteria.loading import FRAMEWORKS_DIR, load_sets, set_files
from criteria.models import Assessment, CriteriaSet, PublishedVersionError, SetVersion
from criteria.tests.factories import make_set, small_set_content
from monitoring import services as monitoring
from units.models import Unit


class BridgeTests(BaseTestCase):
    version: SetVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.version = make_set()
        sheet = monitoring.open_sheet(cls.commune_one_a, 2023, actor=None)
        monitoring.save_values(
            sheet, {"1.1": True, "10": Decimal("52.1"), "10.2": Decimal("95")}, actor=None
        )

    def test_judging_a_commune_uses_its_region_year_and_values(self) -> None:
        result = services.judge(self.commune_one_a, 2023)
        evaluation = result.evaluations["xa_ntm"]
        income = evaluation.indicator("10")
        self.assertEqual(income.status, Verdict.NOT_MET)
        self.assertEqual(income.gap, Decimal("2.9"))
        self.assertEqual(evaluation.indicator("10.2").threshold, Decimal("90"))
        self.assertEqual((evaluation.criteria_met, evaluation.criteria_total), (1, 2))

    def test_an_unknown_year_threshold_is_never_met(self) -> None:
        sheet = monitoring.open_sheet(self.commune_one_a, 2022, actor=None)
        monitoring.save_values(sheet, {"10": Decimal("99")}, actor=None)
        result = services.judge(self.commune_one_a, 2022)
        self.assertEqual(result.evaluations["xa_ntm"].indicator("10").status, Verdict.UNKNOWN)

    def test_stored_results_keep_the_version_they_used(self) -> None:
        services.assess_units([self.commune_one_a], 2023, actor=None)
        first = Assessment.objects.get(unit=self.commune_one_a, year=2023)
        self.assertEqual(first.set_version, self.version)
        draft = services.start_draft(self.version.criteria_set, actor=self.province_admin)
        services.set_threshold(
            draft,
            actor=self.province_admin,
            expected_version=draft.version,
            code="10",
            threshold={"regional_variation": "none", "by_year": {"2023": 50}},
            status="illustrative",
            source="Thử nghiệm",
        )
        services.publish_draft(draft, actor=self.province_admin, note="Hạ ngưỡng thử nghiệm")
        services.assess_units([self.commune_one_a], 2023, actor=None)
        old, new = Assessment.objects.filter(unit=self.commune_one_a).order_by(
            "set_version__number"
        )
        self.assertEqual((old.set_version, old.criteria_met), (self.version, 1))
        self.assertEqual((new.set_version.number, new.criteria_met), (2, 2))

    def test_a_published_version_never_changes(self) -> None:
        self.version.content = {"changed": True}
        with self.assertRaises(PublishedVersionError):
            self.version.save()
        with self.assertRaises(ValidationError):
            services.set_threshold(
                self.version,
                actor=None,
                expected_version=self.version.version,
                code="10",
                threshold={},
                status="confirmed",
                source="x",
            )

    def test_one_draft_at_a_time_and_a_confirmed_threshold_needs_its_source(self) -> None:
        draft = services.start_draft(self.version.criteria_set, actor=None)
        with self.assertRaises(ValidationError):
            services.start_draft(self.version.criteria_set, actor=None)
        with self.assertRaises(ValidationError) as caught:
            services.set_threshold(
                draft,
                actor=None,
                expected_version=draft.version,
                code="1.1",
                threshold={"regional_variation": "none", "general": True},
                status="confirmed",
                source=" ",
            )
        self.assertIn("căn cứ pháp lý", str(caught.exception))
        with self.assertRaises(ValidationError):
            services.publish_draft(draft, actor=None, note="")

    def test_a_province_layer_applies_in_its_province_only(self) -> None:
        layer = small_set_content(
            "thu-tinh-layer",
            overrides="thu-xa-ntm",
            criteria=[
                {
                    "number": 10,
                    "name": "Thu nhập",
                    "indicators": [
                        {
                            "maps_to": "10",
                            "name": "Thu nhập (tỉnh)",
                            "value_type": "money_per_year",
                            "comparator": "gte",
                            "threshold": {"regional_variation": "none", "by_year": {"2023": 60}},
                            "threshold_status": "illustrative",
                        }
                    ],
                }
            ],
        )
        layer_version = make_set(layer, base=self.version.criteria_set, province=self.province)
        # A province raises an inherited threshold in a draft of its own set.
        draft = services.start_draft(layer_version.criteria_set, actor=self.province_admin)
        services.set_threshold(
            draft,
            actor=self.province_admin,
            expected_version=draft.version,
            code="10.2",
            threshold={"regional_variation": "by_region", "by_region": {"DBSH": 93}},
            status="confirmed",
            source="QĐ thử nghiệm của UBND tỉnh",
        )
        draft.refresh_from_db()
        raised = services.framework_for(draft).indicator("10.2").threshold
        assert raised is not None
        self.assertEqual(raised.by_region["DBSH"], 93)
        self.assertEqual(self.version.content, small_set_content())
        here = services.judge(self.commune_one_a, 2023).evaluations["xa_ntm"]
        self.assertEqual(here.set_id, "thu-tinh-layer")
        self.assertEqual(here.indicator("10").threshold, Decimal("60"))
        elsewhere = make_unit(Unit.Kind.PROVINCE, "Tỉnh Khác", region="DBSH")
        commune = make_unit(Unit.Kind.COMMUNE, "Xã Khác", elsewhere)
        self.assertEqual(services.judge(commune, 2023).evaluations["xa_ntm"].set_id, "thu-xa-ntm")


class LoadingTests(BaseTestCase):
    def test_loading_the_shipped_sets_twice_changes_nothing_and_keeps_the_files(self) -> None:
        make_unit(Unit.Kind.PROVINCE, "Tỉnh Nam Định")
        make_unit(Unit.Kind.PROVINCE, "Tỉnh Đồng Nai")
        first = load_sets(set_files(), actor=None)
        second = load_sets(set_files(), actor=None)
        self.assertEqual(first.created, len(set_files()))
        self.assertEqual((second.created, second.new_versions), (0, 0))
        for path in set_files():
            version = SetVersion.objects.get(criteria_set__set_id=path.stem)
            self.assertEqual(version.content["set_id"], path.stem)
            self.assertEqual(version.content["title"], yaml.safe_load(path.read_text())["title"])
        nam_dinh = CriteriaSet.objects.get(set_id="tinh-nam-dinh-xa-ntm-kieu-mau-2021-2025")
        assert nam_dinh.province is not None
        self.assertEqual(nam_dinh.province.name, "Tỉnh Nam Định")
        self.assertEqual(AuditEvent.objects.filter(action="criteria.loaded").count(), 2)

    def test_a_broken_file_is_refused_whole(self) -> None:
        broken = Path(self.enterContext(_tempdir())) / "hong.yaml"
        broken.write_text(
            "set_id: khac\ntitle: x\nlevel: khong-ro\nunit_type: xa\n", encoding="utf-8"
        )
        from criteria.loading import CriteriaFileError

        with self.assertRaises(CriteriaFileError) as caught:
            load_sets([*set_files(FRAMEWORKS_DIR)[:1], broken], actor=None)
        self.assertTrue(any("hong.yaml" in error for error in caught.exception.errors))
        self.assertEqual(CriteriaSet.objects.count(), 0)


def _tempdir():
    import tempfile

    return tempfile.TemporaryDirectory()
