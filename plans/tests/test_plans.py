"""Plans: drafting, approval, new versions, concretising, the cascade view and who sees what."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from accounts.models import Role, User
from audit.models import AuditEvent
from common.testing import BaseTestCase, make_user
from common.versioning import ConflictError
from plans.models import Plan, PlanItem, TargetActual
from plans.queries.plans import (
    NOT_SUMMED_PERCENT,
    cascade_status,
    get_plan_for_user,
    plans_for_user,
)
from plans.services import plans as services
from plans.services import targets as target_services
from plans.tests.factories import make_document, make_plan, make_planned_target, make_target

D = Decimal


class AuditCounting(BaseTestCase):
    def assertOneAuditRow(self, action: str, before: int) -> AuditEvent:
        self.assertEqual(AuditEvent.objects.count(), before + 1)
        event = AuditEvent.objects.latest("pk")
        self.assertEqual(event.action, action)
        return event


class DraftTests(AuditCounting):
    def test_creating_a_plan_writes_one_audit_row(self) -> None:
        before = AuditEvent.objects.count()
        document = make_document(self.district_one)
        plan = services.create_plan(
            self.district_one,
            Plan.Kind.TERM_PROGRAMME,
            "Chương trình hành động thực hiện Nghị quyết Đại hội",
            2021,
            2025,
            "Mục tiêu chung",
            document=document,
            actor=self.province_admin,
        )
        event = self.assertOneAuditRow("plan.created", before)
        self.assertEqual((event.unit, event.actor), (self.district_one, self.province_admin))
        self.assertEqual(plan.status, Plan.Status.DRAFT)
        self.assertEqual(plan.version_number, 1)

    def test_a_plan_ending_before_it_starts_is_refused_naming_the_field_and_not_audited(
        self,
    ) -> None:
        before = AuditEvent.objects.count()
        with self.assertRaises(ValidationError) as caught:
            make_plan(self.district_one, start_year=2025, end_year=2021, title=" ")
        self.assertIn("Năm kết thúc", caught.exception.message_dict["end_year"][0])
        self.assertIn("title", caught.exception.message_dict)
        self.assertEqual(AuditEvent.objects.count(), before)
        self.assertFalse(Plan.objects.exists())

    def test_a_document_of_another_unit_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            make_plan(self.district_one, document=make_document(self.district_two))
        self.assertIn("document", caught.exception.message_dict)

    def test_updating_a_draft_records_the_difference(self) -> None:
        plan = make_plan(self.district_one)
        before = AuditEvent.objects.count()
        services.update_plan(
            plan, actor=None, expected_version=plan.version, title="Chương trình mới", end_year=2024
        )
        event = self.assertOneAuditRow("plan.updated", before)
        self.assertEqual(event.changes["end_year"], [2025, 2024])
        plan.refresh_from_db()
        self.assertEqual((plan.title, plan.version), ("Chương trình mới", 2))

    def test_updating_from_a_stale_form_is_a_conflict(self) -> None:
        plan = make_plan(self.district_one)
        opened = plan.version
        services.update_plan(plan, actor=None, expected_version=opened, goals="Lần một")
        before = AuditEvent.objects.count()
        with self.assertRaises(ConflictError):
            services.update_plan(plan, actor=None, expected_version=opened, goals="Lần hai")
        self.assertEqual(AuditEvent.objects.count(), before)

    def test_items_are_added_reworded_and_removed_in_a_draft_each_with_one_audit_row(
        self,
    ) -> None:
        plan = make_plan(self.district_one)
        before = AuditEvent.objects.count()
        first = services.add_item(plan, PlanItem.Kind.KEY_TASK, "Chuyển đổi số", actor=None)
        self.assertOneAuditRow("plan_item.added", before)
        second = services.add_item(plan, PlanItem.Kind.KEY_TASK, "Cải cách hành chính", actor=None)
        self.assertEqual((first.order, second.order), (1, 2))
        before = AuditEvent.objects.count()
        services.update_item(first, actor=None, text="Đẩy mạnh chuyển đổi số")
        event = self.assertOneAuditRow("plan_item.updated", before)
        self.assertEqual(event.changes["text"], ["Chuyển đổi số", "Đẩy mạnh chuyển đổi số"])
        before = AuditEvent.objects.count()
        services.remove_item(second, actor=None)
        self.assertOneAuditRow("plan_item.removed", before)
        self.assertEqual(
            list(plan.items.values_list("text", flat=True)), ["Đẩy mạnh chuyển đổi số"]
        )

    def test_an_empty_item_is_refused(self) -> None:
        plan = make_plan(self.district_one)
        with self.assertRaises(ValidationError) as caught:
            services.add_item(plan, PlanItem.Kind.SOLUTION, "  ", actor=None)
        self.assertIn("text", caught.exception.message_dict)


class ApprovalTests(AuditCounting):
    def test_approving_a_draft_makes_it_binding_with_one_audit_row(self) -> None:
        plan = make_plan(self.district_one)
        make_target(plan, "KT1")
        before = AuditEvent.objects.count()
        services.approve_plan(plan, actor=self.province_admin)
        event = self.assertOneAuditRow("plan.approved", before)
        self.assertEqual(event.changes["status"], ["draft", "approved"])
        plan.refresh_from_db()
        self.assertEqual(plan.status, Plan.Status.APPROVED)
        self.assertEqual(plan.approved_by, self.province_admin)
        self.assertIsNotNone(plan.approved_at)

    def test_a_plan_without_targets_may_be_approved(self) -> None:
        plan = make_plan(self.district_one, approve=True)
        self.assertEqual(plan.status, Plan.Status.APPROVED)

    def test_approving_twice_is_refused_without_an_audit_row(self) -> None:
        plan = make_plan(self.district_one, approve=True)
        before = AuditEvent.objects.count()
        with self.assertRaises(ValidationError) as caught:
            services.approve_plan(plan, actor=None)
        self.assertIn("dự thảo", caught.exception.message_dict["status"][0])
        self.assertEqual(AuditEvent.objects.count(), before)

    def test_an_approved_plan_cannot_be_edited_in_place(self) -> None:
        plan = make_plan(self.district_one)
        item = services.add_item(plan, PlanItem.Kind.BREAKTHROUGH, "Hạ tầng", actor=None)
        services.approve_plan(plan, actor=None)
        before = AuditEvent.objects.count()
        attempts = [
            lambda: services.update_plan(
                plan, actor=None, expected_version=plan.version, title="Sửa"
            ),
            lambda: services.add_item(plan, PlanItem.Kind.SOLUTION, "Thêm", actor=None),
            lambda: services.update_item(item, actor=None, text="Sửa"),
            lambda: services.remove_item(item, actor=None),
        ]
        for attempt in attempts:
            with self.assertRaises(ValidationError) as caught:
                attempt()
            self.assertIn(
                "đã phê duyệt không sửa trực tiếp được", caught.exception.message_dict["status"][0]
            )
        self.assertEqual(AuditEvent.objects.count(), before)


class VersionTests(AuditCounting):
    def setUp(self) -> None:
        self.province_plan = make_plan(self.province)
        self.province_target = make_target(self.province_plan, "KT1")
        services.approve_plan(self.province_plan, actor=None)
        self.plan = services.concretise(self.province_plan, unit=self.district_one, actor=None)
        self.target = self.plan.targets.get()
        target_services.set_plan_value(self.target, 2021, D("10"), actor=None)
        services.add_item(self.plan, PlanItem.Kind.KEY_TASK, "Chuyển đổi số", actor=None)
        self.plan.implements.add(make_document(self.province))
        services.approve_plan(self.plan, actor=None)

    def test_a_new_version_copies_targets_values_and_items_and_keeps_parent_links(self) -> None:
        before = AuditEvent.objects.count()
        draft = services.new_version(self.plan, actor=self.province_admin)
        self.assertOneAuditRow("plan.versioned", before)
        self.assertEqual(
            (draft.status, draft.version_number, draft.previous_version),
            (Plan.Status.DRAFT, 2, self.plan),
        )
        self.assertEqual(draft.parent, self.province_plan)
        copy = draft.targets.get()
        self.assertNotEqual(copy.pk, self.target.pk)
        self.assertEqual(copy.parent_target, self.province_target)
        self.assertEqual(copy.plan_values.get(year=2021).value, D("10"))
        self.assertEqual(list(draft.items.values_list("text", flat=True)), ["Chuyển đổi số"])
        self.assertEqual(draft.implements.count(), 1)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, Plan.Status.APPROVED)  # binding until the new one is

    def test_approving_the_new_version_supersedes_the_old_and_keeps_its_history(self) -> None:
        target_services.record_actual(self.target, 2021, D("11"), actor=None)
        draft = services.new_version(self.plan, actor=None)
        target_services.set_plan_value(draft.targets.get(), 2022, D("12"), actor=None)
        before = AuditEvent.objects.count()
        services.approve_plan(draft, actor=None)
        event = self.assertOneAuditRow("plan.approved", before)
        self.assertEqual(event.data["superseded_plan"], self.plan.pk)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, Plan.Status.SUPERSEDED)
        # The old version keeps its own figures; the new one carries the actuals on.
        self.assertFalse(self.target.plan_values.filter(year=2022).exists())
        self.assertEqual(self.target.actuals.get().value, D("11"))
        self.assertEqual(draft.targets.get().actuals.get(year=2021).value, D("11"))
        self.assertEqual(TargetActual.objects.count(), 2)

    def test_only_one_new_version_at_a_time_and_only_from_an_approved_plan(self) -> None:
        draft = services.new_version(self.plan, actor=None)
        with self.assertRaises(ValidationError) as caught:
            services.new_version(self.plan, actor=None)
        self.assertIn("đã có một phiên bản mới", caught.exception.message_dict["status"][0])
        with self.assertRaises(ValidationError):
            services.new_version(draft, actor=None)


class ConcretiseTests(AuditCounting):
    def setUp(self) -> None:
        self.district_plan = make_plan(self.district_one, kind=Plan.Kind.PLAN)
        self.income = make_planned_target(
            self.district_plan, "KT1", {2021: "100"}, baseline=D("90")
        )
        services.approve_plan(self.district_plan, actor=None)

    def test_concretising_links_the_plan_and_copies_targets_without_values(self) -> None:
        before = AuditEvent.objects.count()
        plan = services.concretise(self.district_plan, unit=self.commune_one_a, actor=None)
        event = self.assertOneAuditRow("plan.concretised", before)
        self.assertEqual(event.data["targets"], 1)
        self.assertEqual(
            (plan.parent, plan.unit, plan.status, plan.kind),
            (self.district_plan, self.commune_one_a, Plan.Status.DRAFT, Plan.Kind.PLAN),
        )
        self.assertIn("Xã Một A", plan.title)
        target = plan.targets.get()
        self.assertEqual((target.code, target.parent_target), ("KT1", self.income))
        self.assertIsNone(target.baseline)
        self.assertFalse(target.plan_values.exists())
        # The subordinate sets its own values.
        target_services.set_plan_value(target, 2021, D("40"), actor=None)

    def test_concretising_is_refused_for_a_unit_that_is_not_below(self) -> None:
        before = AuditEvent.objects.count()
        for unit in (self.district_two, self.commune_two_a, self.district_one, self.province):
            with self.subTest(unit=unit.name), self.assertRaises(ValidationError) as caught:
                services.concretise(self.district_plan, unit=unit, actor=None)
            self.assertIn("đơn vị cấp dưới của Huyện Một", caught.exception.message_dict["unit"][0])
        with self.assertRaises(ValidationError):
            make_plan(self.district_two, parent=self.district_plan)
        self.assertEqual(AuditEvent.objects.count(), before)

    def test_a_unit_formed_from_a_subordinate_may_concretise(self) -> None:
        plan = services.concretise(
            self.district_plan, unit=self.commune_new, actor=None, title="Kế hoạch xã mới"
        )
        self.assertEqual((plan.title, plan.parent), ("Kế hoạch xã mới", self.district_plan))

    def test_a_draft_cannot_be_concretised_and_a_unit_concretises_once(self) -> None:
        draft = make_plan(self.district_one)
        with self.assertRaises(ValidationError) as caught:
            services.concretise(draft, unit=self.commune_one_a, actor=None)
        self.assertIn("parent", caught.exception.message_dict)
        services.concretise(self.district_plan, unit=self.commune_one_a, actor=None)
        with self.assertRaises(ValidationError) as caught:
            services.concretise(self.district_plan, unit=self.commune_one_a, actor=None)
        self.assertIn("đã có kế hoạch cụ thể hóa", caught.exception.message_dict["unit"][0])


class CascadeTests(BaseTestCase):
    def setUp(self) -> None:
        self.district_plan = make_plan(self.district_one)
        self.works = make_planned_target(self.district_plan, "KT1", {2021: "100"})
        self.rate = make_planned_target(
            self.district_plan, "XH1", {2021: "95"}, unit_of_measure="%", group="society"
        )
        services.approve_plan(self.district_plan, actor=None)

    def _concretise(self, unit: object, works: str, rate: str, actual: str | None) -> Plan:
        plan = services.concretise(self.district_plan, unit=unit, actor=None)  # type: ignore[arg-type]
        target_services.set_plan_value(plan.targets.get(code="KT1"), 2021, D(works), actor=None)
        target_services.set_plan_value(plan.targets.get(code="XH1"), 2021, D(rate), actor=None)
        services.approve_plan(plan, actor=None)
        if actual is not None:
            target_services.record_actual(plan.targets.get(code="KT1"), 2021, D(actual), actor=None)
        return plan

    def test_the_cascade_lists_who_has_and_has_not_concretised(self) -> None:
        plan = self._concretise(self.commune_one_a, "60", "96", "62")
        status = cascade_status(self.district_plan, year=2021)
        self.assertEqual(
            [(row.unit, row.plan) for row in status.subordinates],
            [(self.commune_one_a, plan), (self.commune_one_b, None)],
        )
        self.assertEqual([row.unit for row in status.not_concretised], [self.commune_one_b])

    def test_the_cascade_adds_up_counts_but_not_percentages(self) -> None:
        self._concretise(self.commune_one_a, "60", "96", "62")
        self._concretise(self.commune_one_b, "45", "94", "40")
        status = cascade_status(self.district_plan, year=2021)
        self.assertEqual(status.not_concretised, [])
        works, rate = sorted(status.targets, key=lambda row: row.target.code)
        self.assertEqual((works.plan_value, works.subordinate_plan_total), (D("100"), D("105")))
        self.assertEqual(works.subordinate_actual_total, D("102"))
        self.assertEqual((works.plans_with_value, works.plans_with_actual), (2, 2))
        self.assertTrue(works.is_summed)
        self.assertFalse(rate.is_summed)
        self.assertEqual(rate.note, NOT_SUMMED_PERCENT)
        self.assertEqual(rate.note, "không cộng dồn")
        self.assertIsNone(rate.subordinate_plan_total)

    def test_a_successor_concretising_counts_for_the_unit_it_replaced(self) -> None:
        plan = self._concretise(self.commune_new, "30", "90", None)
        status = cascade_status(self.district_plan)
        self.assertEqual(status.year, 2021)
        by_unit = {row.unit: row.plan for row in status.subordinates}
        self.assertEqual(by_unit[self.commune_one_b], plan)
        self.assertEqual(status.targets[0].subordinate_actual_total, None)

    def test_a_draft_concretisation_counts_until_one_is_approved(self) -> None:
        draft = services.concretise(self.district_plan, unit=self.commune_one_a, actor=None)
        status = cascade_status(self.district_plan)
        self.assertEqual(status.concretised[0].plan, draft)


class ScopeTests(BaseTestCase):
    office: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Huyện Một is closed, so the role is given directly, as the base world does for the
        # inspector, keeping the scope a district office had.
        cls.office = make_user("vanphong")
        cls.office.assignments.create(
            role=Role.objects.get(code="committee_office"),
            unit=cls.district_one,
            include_subtree=True,
        )

    def setUp(self) -> None:
        self.province_plan = make_plan(self.province, approve=True)
        self.district_plan = make_plan(self.district_one, parent=self.province_plan, approve=True)
        self.other_district_plan = make_plan(
            self.district_two, parent=self.province_plan, approve=True
        )
        self.commune_plan = services.concretise(
            self.district_plan, unit=self.commune_one_b, actor=None
        )
        self.other_commune_plan = services.concretise(
            self.other_district_plan, unit=self.commune_two_a, actor=None
        )

    def test_a_commune_officer_sees_its_own_plans_and_the_plans_they_concretise(self) -> None:
        visible = set(plans_for_user(self.commune_officer))
        self.assertEqual(visible, {self.commune_plan, self.district_plan, self.province_plan})

    def test_a_commune_officer_cannot_open_another_districts_plans(self) -> None:
        for plan in (self.other_district_plan, self.other_commune_plan):
            with self.subTest(plan=plan.title), self.assertRaises(Http404):
                get_plan_for_user(self.commune_officer, plan.pk)
        self.assertEqual(
            get_plan_for_user(self.commune_officer, self.district_plan.pk), self.district_plan
        )

    def test_a_commune_officer_cannot_manage_without_the_capability(self) -> None:
        with self.assertRaises(PermissionDenied):
            get_plan_for_user(self.commune_officer, self.commune_plan.pk, action="manage")

    def test_a_committee_office_manages_its_districts_plans_but_not_the_provinces(self) -> None:
        self.assertEqual(
            get_plan_for_user(self.office, self.commune_plan.pk, action="manage"),
            self.commune_plan,
        )
        self.assertEqual(get_plan_for_user(self.office, self.province_plan.pk), self.province_plan)
        with self.assertRaises(PermissionDenied):
            get_plan_for_user(self.office, self.province_plan.pk, action="manage")
        with self.assertRaises(Http404):
            get_plan_for_user(self.office, self.other_commune_plan.pk)

    def test_a_province_administrator_sees_every_plan_in_the_province(self) -> None:
        self.assertEqual(plans_for_user(self.province_admin).count(), 5)
        self.assertEqual(plans_for_user(self.inspector).count(), 0)

    def test_plans_are_filtered_by_the_year_they_cover(self) -> None:
        annual = make_plan(
            self.district_one, kind=Plan.Kind.ANNUAL_PROGRAMME, start_year=2026, end_year=2026
        )
        self.assertIn(annual, plans_for_user(self.office, year=2026))
        self.assertNotIn(self.district_plan, plans_for_user(self.office, year=2026))
        self.assertIn(self.district_plan, plans_for_user(self.office, year=2021))
