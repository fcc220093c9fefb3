"""Targets: adding and planning them in a draft, recording actuals, assessing them for reports."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from common.testing import BaseTestCase
from common.versioning import ConflictError
from plans.models import Plan, Target, TargetActual
from plans.rules.targets import Assessment, Direction
from plans.services import plans as plan_services
from plans.services import targets as services
from plans.tests.factories import make_plan, make_planned_target, make_target

D = Decimal


class TargetServiceTests(BaseTestCase):
    def setUp(self) -> None:
        self.plan = make_plan(self.district_one)

    def test_adding_a_target_writes_one_audit_row(self) -> None:
        before = AuditEvent.objects.count()
        target = services.add_target(
            self.plan,
            "KT1",
            "Tốc độ tăng trưởng kinh tế",
            Target.Group.ECONOMY,
            "%",
            Direction.HIGHER_IS_BETTER,
            D("7.5"),
            2020,
            actor=self.province_admin,
        )
        self.assertEqual(AuditEvent.objects.count(), before + 1)
        event = AuditEvent.objects.latest("pk")
        self.assertEqual(event.action, "target.added")
        self.assertEqual(event.target_id, str(target.pk))
        self.assertEqual(event.changes["code"], [None, "KT1"])
        self.assertEqual(target.direction, Direction.HIGHER_IS_BETTER.value)

    def test_a_target_code_is_unique_per_plan_and_the_refusal_writes_no_audit_row(self) -> None:
        make_target(self.plan, "KT1")
        before = AuditEvent.objects.count()
        with self.assertRaises(ValidationError) as caught:
            make_target(self.plan, "KT1", name="Trùng mã")
        self.assertIn("code", caught.exception.message_dict)
        self.assertIn("“KT1” đã có", caught.exception.message_dict["code"][0])
        self.assertEqual(AuditEvent.objects.count(), before)
        # The same code in another plan is fine.
        make_target(make_plan(self.district_two), "KT1")

    def test_an_unknown_group_or_direction_is_refused_naming_the_field(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            make_target(self.plan, "X", group="khac", direction="len")
        self.assertEqual(set(caught.exception.message_dict), {"group", "direction"})

    def test_targets_of_an_approved_plan_cannot_be_added_or_planned(self) -> None:
        target = make_target(self.plan, "KT1")
        plan_services.approve_plan(self.plan, actor=None)
        before = AuditEvent.objects.count()
        with self.assertRaises(ValidationError) as caught:
            make_target(self.plan, "KT2")
        self.assertIn("phiên bản mới", caught.exception.message_dict["status"][0])
        with self.assertRaises(ValidationError):
            services.set_plan_value(target, 2021, D("10"), actor=None)
        self.assertEqual(AuditEvent.objects.count(), before)

    def test_a_plan_approved_since_it_was_read_takes_no_new_target(self) -> None:
        plan_services.approve_plan(Plan.objects.get(pk=self.plan.pk), actor=None)
        with self.assertRaises(ValidationError) as caught:
            make_target(self.plan, "KT1")
        self.assertIn("status", caught.exception.message_dict)
        self.assertFalse(Target.objects.exists())

    def test_a_parent_target_must_belong_to_the_plan_being_concretised(self) -> None:
        stranger = make_target(make_plan(self.province), "T1")
        with self.assertRaises(ValidationError) as caught:
            make_target(self.plan, "KT1", parent_target=stranger)
        self.assertIn("parent_target", caught.exception.message_dict)

    def test_a_range_needs_a_range_direction_and_low_not_above_high(self) -> None:
        rate = make_target(
            self.plan, "XH1", unit_of_measure="%", direction=Direction.RANGE, group="society"
        )
        with self.assertRaises(ValidationError) as caught:
            services.set_plan_value(rate, 2021, low=D("1"), high=D("0.8"), actor=None)
        self.assertIn("Cận trên", caught.exception.message_dict["high"][0])
        with self.assertRaises(ValidationError) as caught:
            services.set_plan_value(rate, 2021, D("1"), actor=None)
        self.assertIn("value", caught.exception.message_dict)
        planned = services.set_plan_value(rate, 2021, low=D("0.8"), high=D("1"), actor=None)
        self.assertEqual((planned.low, planned.high), (D("0.8"), D("1")))

        count = make_target(self.plan, "KT1")
        with self.assertRaises(ValidationError) as caught:
            services.set_plan_value(count, 2021, low=D("1"), high=D("2"), actor=None)
        self.assertIn("trong khoảng", caught.exception.message_dict["low"][0])

    def test_a_plan_value_outside_the_plan_years_or_too_precise_is_refused(self) -> None:
        target = make_target(self.plan, "KT1")
        with self.assertRaises(ValidationError) as caught:
            services.set_plan_value(target, 2026, D("1"), actor=None)
        self.assertIn("2021–2025", caught.exception.message_dict["year"][0])
        with self.assertRaises(ValidationError) as caught:
            services.set_plan_value(target, 2021, D("1.23456"), actor=None)
        self.assertIn("4 chữ số thập phân", caught.exception.message_dict["value"][0])

    def test_setting_a_plan_value_again_records_before_and_after(self) -> None:
        target = make_target(self.plan, "KT1")
        services.set_plan_value(target, 2021, D("10"), actor=self.province_admin)
        before = AuditEvent.objects.count()
        services.set_plan_value(target, 2021, D("12"), actor=self.province_admin)
        self.assertEqual(AuditEvent.objects.count(), before + 1)
        event = AuditEvent.objects.latest("pk")
        self.assertEqual(event.action, "target.plan_value_set")
        self.assertEqual(event.data["year"], 2021)
        self.assertEqual(D(event.changes["value"][0]), D("10"))
        self.assertEqual(D(event.changes["value"][1]), D("12"))
        self.assertEqual(target.plan_values.get().value, D("12"))


class ActualTests(BaseTestCase):
    def setUp(self) -> None:
        self.plan = make_plan(self.district_one)
        self.target = make_planned_target(self.plan, "KT1", {2021: "10"})

    def test_actuals_are_recorded_only_on_the_approved_version(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.record_actual(self.target, 2021, D("11"), actor=None)
        self.assertIn("đã được phê duyệt", caught.exception.message_dict["status"][0])
        plan_services.approve_plan(self.plan, actor=None)
        actual = services.record_actual(self.target, 2021, D("11"), "Cục Thống kê", actor=None)
        self.assertEqual(actual.value, D("11"))

    def test_recording_an_actual_is_audited_with_before_and_after(self) -> None:
        plan_services.approve_plan(self.plan, actor=None)
        before = AuditEvent.objects.count()
        actual = services.record_actual(
            self.target, 2021, D("11"), "Ước tính", actor=self.province_admin
        )
        self.assertEqual(AuditEvent.objects.count(), before + 1)
        services.record_actual(
            self.target,
            2021,
            D("11.5"),
            "Cục Thống kê",
            "Số chính thức",
            expected_version=actual.version,
            actor=self.province_admin,
        )
        self.assertEqual(AuditEvent.objects.count(), before + 2)
        event = AuditEvent.objects.latest("pk")
        self.assertEqual(event.action, "target.actual_recorded")
        self.assertEqual([D(v) for v in event.changes["value"]], [D("11"), D("11.5")])
        self.assertEqual(event.changes["source"], ["Ước tính", "Cục Thống kê"])
        stored = TargetActual.objects.get()
        self.assertEqual((stored.value, stored.version), (D("11.5"), 2))
        self.assertEqual(stored.entered_by, self.province_admin)

    def test_two_people_saving_the_same_actual_get_a_conflict(self) -> None:
        plan_services.approve_plan(self.plan, actor=None)
        actual = services.record_actual(self.target, 2021, D("11"), actor=None)
        opened = actual.version
        services.record_actual(self.target, 2021, D("12"), expected_version=opened, actor=None)
        before = AuditEvent.objects.count()
        with self.assertRaises(ConflictError):
            services.record_actual(self.target, 2021, D("13"), expected_version=opened, actor=None)
        # Someone entering the year as new after another already did also gets a conflict.
        with self.assertRaises(ConflictError):
            services.record_actual(self.target, 2021, D("14"), actor=None)
        self.assertEqual(AuditEvent.objects.count(), before)
        self.assertEqual(TargetActual.objects.get().value, D("12"))

    def test_actuals_reach_back_one_year_before_the_plan_but_no_further(self) -> None:
        plan_services.approve_plan(self.plan, actor=None)
        services.record_actual(self.target, 2020, D("9"), actor=None)
        with self.assertRaises(ValidationError) as caught:
            services.record_actual(self.target, 2019, D("8"), actor=None)
        self.assertIn("year", caught.exception.message_dict)

    def test_a_superseded_version_takes_no_more_actuals(self) -> None:
        plan_services.approve_plan(self.plan, actor=None)
        draft = plan_services.new_version(self.plan, actor=None)
        plan_services.approve_plan(draft, actor=None)
        # self.target.plan is the object read before: the stored status decides.
        with self.assertRaises(ValidationError) as caught:
            services.record_actual(self.target, 2021, D("11"), actor=None)
        self.assertIn("đã được thay thế", caught.exception.message_dict["status"][0])


class AssessmentTests(BaseTestCase):
    def test_the_seed_income_figure_reads_as_the_report_writes_it(self) -> None:
        plan = make_plan(self.district_one)
        income = make_planned_target(
            plan,
            "KT2",
            {2021: "55.60"},
            name="Thu nhập bình quân đầu người",
            unit_of_measure="triệu đồng",
        )
        plan_services.approve_plan(plan, actor=None)
        services.record_actual(income, 2020, D("50.52"), actor=None)
        services.record_actual(income, 2021, D("55.61"), actor=None)

        result = services.target_result(income, 2021)
        self.assertEqual(result.assessment, Assessment.EXCEEDED)
        self.assertEqual(result.change_on_previous, D("5.09"))
        sentence = services.describe_target(income, 2021)
        self.assertIn("55,61 triệu đồng", sentence)
        self.assertIn("đạt 100,02% kế hoạch, tăng 5,09 triệu đồng so với năm 2020", sentence)

    def test_the_year_before_falls_back_to_the_baseline(self) -> None:
        plan = make_plan(self.district_one)
        target = make_planned_target(plan, "KT1", {2021: "10"}, baseline=D("8"), baseline_year=2020)
        plan_services.approve_plan(plan, actor=None)
        services.record_actual(target, 2021, D("10"), actor=None)
        result = services.target_result(target, 2021)
        self.assertEqual(result.assessment, Assessment.MET)
        self.assertEqual(result.change_on_previous, D("2"))
        self.assertEqual(result.change_on_baseline, D("2"))
        # In 2022 the year before has no actual and is not the baseline year.
        self.assertIsNone(services.target_result(target, 2022).change_on_previous)

    def test_a_target_without_plan_or_actual_is_not_assessed(self) -> None:
        plan = make_plan(self.district_one)
        target = make_target(plan, "KT1")
        result = services.target_result(target, 2021)
        self.assertEqual(result.assessment, Assessment.NOT_ASSESSED)

    def test_a_range_target_is_assessed_against_its_bounds(self) -> None:
        plan = make_plan(self.district_one)
        rate = make_target(plan, "XH1", unit_of_measure="%", direction=Direction.RANGE)
        services.set_plan_value(rate, 2021, low=D("0.8"), high=D("1"), actor=None)
        plan_services.approve_plan(plan, actor=None)
        services.record_actual(rate, 2021, D("0.9"), actor=None)
        self.assertEqual(services.target_result(rate, 2021).assessment, Assessment.MET)

    def test_seventeen_targets_nine_exceeded_eight_met_read_as_the_report_writes_them(
        self,
    ) -> None:
        plan = make_plan(self.district_one)
        targets = [make_planned_target(plan, f"KT{n}", {2021: "100"}) for n in range(1, 18)]
        plan_services.approve_plan(plan, actor=None)
        for n, target in enumerate(targets):
            services.record_actual(target, 2021, D("101") if n < 9 else D("100"), actor=None)

        summary, sentence = services.plan_summary(plan, 2021)
        self.assertEqual((summary.total, summary.exceeded, summary.met), (17, 9, 8))
        self.assertEqual(sentence, "17/17 chỉ tiêu đạt và vượt, trong đó 09 chỉ tiêu vượt")

    def test_a_plan_without_targets_has_no_summary_sentence(self) -> None:
        summary, sentence = services.plan_summary(make_plan(self.district_one), 2021)
        self.assertEqual((summary.total, sentence), (0, ""))
        self.assertEqual(Plan.objects.count(), 1)
