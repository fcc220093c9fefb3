"""The plan screens through the test client: list, detail with targets and trend, the life of a
plan from draft to recorded actuals, conflicts, permissions, the cascade, Vietnamese figures."""

from __future__ import annotations

from decimal import Decimal

from django.test import SimpleTestCase
from django.urls import reverse

from accounts.models import Role, User
from common.testing import BaseTestCase, make_unit, make_user
from plans.forms.plans import parse_decimal
from plans.models import Plan, PlanItem, Target, TargetActual, TargetPlanValue
from plans.queries.plan_screens import YearPoint
from plans.services import plans as services
from plans.services import targets as target_services
from plans.templatetags.plan_charts import plan_figure, trend_chart
from plans.tests.factories import make_plan, make_planned_target
from units.models import Unit

D = Decimal


class ParseDecimalTests(SimpleTestCase):
    def test_vietnamese_and_plain_figures(self) -> None:
        cases = {
            "55,61": D("55.61"),
            "1.234,5": D("1234.5"),
            "1.234": D("1234"),
            "12.345.678": D("12345678"),
            "55.61": D("55.61"),
            " -2,5 ": D("-2.5"),
            "1 234,5": D("1234.5"),
            "100": D("100"),
            "0,8": D("0.8"),
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                self.assertEqual(parse_decimal(text), expected)

    def test_blank_is_none(self) -> None:
        self.assertIsNone(parse_decimal(""))
        self.assertIsNone(parse_decimal("   "))

    def test_other_text_is_refused(self) -> None:
        for text in ("55,6x", "1,2,3", "12.34,5", "1.234.5", "abc", "NaN", "Infinity", "1e5", ","):
            with self.subTest(text=text), self.assertRaises(ValueError):
                parse_decimal(text)


class ChartTests(SimpleTestCase):
    def test_sparkline_has_actual_and_dashed_plan_lines(self) -> None:
        series = [
            YearPoint(2020, None, None, None, D("50.52")),
            YearPoint(2021, D("55.60"), None, None, D("55.61")),
            YearPoint(2022, D("58"), None, None, None),
        ]
        svg = str(trend_chart(series))
        self.assertTrue(svg.startswith("<svg"))
        self.assertIn('class="actual-line"', svg)
        self.assertIn('stroke-dasharray="3 2"', svg)
        self.assertIn("2021: kế hoạch 55,6; thực hiện 55,61", svg)

    def test_no_figures_no_chart(self) -> None:
        self.assertNotIn("<svg", str(trend_chart([YearPoint(2021, None, None, None, None)])))

    def test_figures_lose_padding_zeros(self) -> None:
        self.assertEqual(plan_figure(D("55.6100")), "55,61")
        self.assertEqual(plan_figure(D("1234.5000")), "1.234,5")
        self.assertEqual(plan_figure(D("100.0000")), "100")
        self.assertEqual(plan_figure(None), "")


class PlanScreenTests(BaseTestCase):
    manager: User
    plan: Plan
    income: Target

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Huyện Một is closed, so the role is given directly (as in plans.tests.test_plans).
        cls.manager = make_user("vanphong")
        cls.manager.assignments.create(
            role=Role.objects.get(code="committee_office"),
            unit=cls.district_one,
            include_subtree=True,
        )
        cls.plan = make_plan(cls.district_one)
        cls.income = make_planned_target(
            cls.plan,
            "1",
            {2021: "55.60", 2022: "58"},
            name="Thu nhập bình quân đầu người",
            unit_of_measure="triệu đồng",
        )
        services.approve_plan(cls.plan, actor=None)
        target_services.record_actual(cls.income, 2020, D("50.52"), actor=None)
        target_services.record_actual(cls.income, 2021, D("55.61"), actor=None)

    def setUp(self) -> None:
        self.login(self.manager)

    def detail(self, plan: Plan, year: int) -> str:
        response = self.client.get(reverse("plans:plan-detail", args=[plan.pk]), {"year": year})
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_list_shows_visible_plans_with_status_and_create_button(self) -> None:
        page = self.client.get(reverse("plans:plan-list"), {"year": 2021}).content.decode()
        self.assertIn(self.plan.title, page)
        self.assertIn("Đã phê duyệt", page)
        self.assertIn("Tạo chương trình, kế hoạch", page)
        other_year = self.client.get(reverse("plans:plan-list"), {"year": 2030})
        self.assertNotContains(other_year, self.plan.title)
        other_kind = self.client.get(reverse("plans:plan-list"), {"year": "2021", "kind": "plan"})
        self.assertNotContains(other_kind, self.plan.title)

    def test_list_filter_answers_htmx_with_the_results_only(self) -> None:
        response = self.client.get(
            reverse("plans:plan-list"), {"year": "all"}, headers={"HX-Request": "true"}
        )
        page = response.content.decode()
        self.assertIn('id="results"', page)
        self.assertIn(self.plan.title, page)
        self.assertNotIn("<html", page)

    def test_a_reader_sees_the_list_without_the_create_button(self) -> None:
        self.login(self.viewer)
        response = self.client.get(reverse("plans:plan-list"), {"year": 2021})
        self.assertContains(response, self.plan.title)
        self.assertNotContains(response, "Tạo chương trình, kế hoạch")

    def test_detail_phrases_the_target_as_reports_do_and_draws_the_trend(self) -> None:
        page = self.detail(self.plan, year=2021)
        self.assertIn("đạt 100,02% kế hoạch, tăng 5,09 triệu đồng so với năm 2020", page)
        self.assertIn("<svg", page)
        self.assertIn("55,61", page)
        self.assertIn("vượt", page)
        self.assertIn("Kinh tế", page)
        self.assertIn(reverse("plans:plan-cascade", args=[self.plan.pk]), page)

    def test_detail_states_the_summary_sentence_for_the_year(self) -> None:
        make_planned_target(self.plan_draft(), "2", {2021: "10"})
        page = self.detail(self.plan, year=2021)
        self.assertIn("1/1 chỉ tiêu đạt và vượt, trong đó 01 chỉ tiêu vượt", page)
        later = self.detail(self.plan, year=2022)
        self.assertIn("0/1 chỉ tiêu đạt và vượt; 01 chỉ tiêu không đánh giá", later)

    def plan_draft(self) -> Plan:
        return make_plan(self.district_one, title="Kế hoạch khác")

    def test_a_year_outside_the_plan_is_404(self) -> None:
        response = self.client.get(
            reverse("plans:plan-detail", args=[self.plan.pk]), {"year": 2030}
        )
        self.assertEqual(response.status_code, 404)

    def test_create_add_target_set_plan_approve_record_actual(self) -> None:
        response = self.client.post(
            reverse("plans:plan-create"),
            {
                "unit": self.district_one.pk,
                "kind": Plan.Kind.ANNUAL_PROGRAMME,
                "title": "Chương trình công tác năm 2024",
                "start_year": 2024,
                "end_year": 2024,
                "goals": "",
            },
        )
        plan = Plan.objects.get(title="Chương trình công tác năm 2024")
        self.assertRedirects(response, reverse("plans:plan-detail", args=[plan.pk]))

        response = self.client.post(
            reverse("plans:plan-add-item", args=[plan.pk]),
            {"kind": PlanItem.Kind.KEY_TASK, "text": "Làm đường giao thông nông thôn"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(plan.items.count(), 1)

        response = self.client.post(
            reverse("plans:plan-add-target", args=[plan.pk]),
            {
                "code": "A1",
                "name": "Kinh phí làm đường",
                "group": Target.Group.ECONOMY,
                "unit_of_measure": "triệu đồng",
                "direction": "tang",
                "baseline": "1.000,5",
                "baseline_year": "2023",
            },
        )
        target = plan.targets.get(code="A1")
        self.assertEqual(target.baseline, D("1000.5"))
        self.assertRedirects(
            response,
            reverse("plans:plan-set-value", args=[plan.pk, target.pk]),
            fetch_redirect_response=False,
        )

        response = self.client.post(
            reverse("plans:plan-set-value", args=[plan.pk, target.pk]),
            {"year": 2024, "value": "1.234,5"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(TargetPlanValue.objects.get(target=target, year=2024).value, D("1234.5"))

        self.client.post(reverse("plans:plan-approve", args=[plan.pk]))
        plan.refresh_from_db()
        self.assertEqual(plan.status, Plan.Status.APPROVED)

        url = reverse("plans:plan-record-actual", args=[plan.pk, target.pk]) + "?year=2024"
        self.assertContains(self.client.get(url), "Kinh phí làm đường")
        response = self.client.post(
            url, {"year": 2024, "value": "1.300", "source": "Báo cáo UBND", "note": ""}
        )
        self.assertEqual(response.status_code, 302)
        actual = TargetActual.objects.get(target=target, year=2024)
        self.assertEqual((actual.value, actual.source), (D("1300"), "Báo cáo UBND"))
        page = self.detail(plan, year=2024)
        self.assertIn("1/1 chỉ tiêu đạt và vượt, trong đó 01 chỉ tiêu vượt", page)
        self.assertIn("Báo cáo UBND", page)

    def test_htmx_item_add_and_remove_answer_the_items_fragment(self) -> None:
        plan = self.plan_draft()
        response = self.client.post(
            reverse("plans:plan-add-item", args=[plan.pk]),
            {"kind": PlanItem.Kind.BREAKTHROUGH, "text": "Chuyển đổi số"},
            headers={"HX-Request": "true"},
        )
        page = response.content.decode()
        self.assertIn('id="items"', page)
        self.assertIn("Chuyển đổi số", page)
        self.assertNotIn("<html", page)
        item = plan.items.get()
        empty = self.client.post(
            reverse("plans:plan-add-item", args=[plan.pk]),
            {"kind": PlanItem.Kind.SOLUTION, "text": ""},
            headers={"HX-Request": "true"},
        )
        self.assertContains(empty, "Nhập nội dung.")
        self.client.post(
            reverse("plans:plan-remove-item", args=[plan.pk, item.pk]),
            headers={"HX-Request": "true"},
        )
        self.assertFalse(plan.items.exists())

    def test_editing_a_draft_and_a_stale_form_conflicts(self) -> None:
        plan = self.plan_draft()
        url = reverse("plans:plan-edit", args=[plan.pk])
        data = {
            "kind": plan.kind,
            "title": "Tên mới",
            "start_year": 2021,
            "end_year": 2025,
            "goals": "",
            "version": plan.version,
        }
        self.assertEqual(self.client.post(url, data).status_code, 302)
        plan.refresh_from_db()
        self.assertEqual(plan.title, "Tên mới")
        stale = self.client.post(url, {**data, "title": "Tên khác"})
        self.assertContains(stale, "đã được người khác thay đổi")
        bad_years = self.client.post(
            url, {**data, "version": plan.version, "start_year": 2025, "end_year": 2021}
        )
        self.assertContains(bad_years, "Năm kết thúc phải sau hoặc bằng năm bắt đầu")

    def test_editing_an_approved_plan_is_refused(self) -> None:
        url = reverse("plans:plan-edit", args=[self.plan.pk])
        response = self.client.post(
            url,
            {
                "kind": self.plan.kind,
                "title": "Sửa trộm",
                "start_year": 2021,
                "end_year": 2025,
                "version": self.plan.version,
            },
            follow=True,
        )
        self.assertContains(response, "hãy tạo phiên bản mới")
        self.plan.refresh_from_db()
        self.assertNotEqual(self.plan.title, "Sửa trộm")
        target_url = reverse("plans:plan-set-value", args=[self.plan.pk, self.income.pk])
        self.client.post(target_url, {"year": 2021, "value": "1"})
        self.assertEqual(
            TargetPlanValue.objects.get(target=self.income, year=2021).value, D("55.6")
        )

    def test_new_version_opens_a_draft(self) -> None:
        response = self.client.post(reverse("plans:plan-new-version", args=[self.plan.pk]))
        draft = Plan.objects.get(previous_version=self.plan)
        self.assertRedirects(response, reverse("plans:plan-detail", args=[draft.pk]))
        self.assertEqual(draft.version_number, 2)
        again = self.client.post(
            reverse("plans:plan-new-version", args=[self.plan.pk]), follow=True
        )
        self.assertContains(again, "đã có một phiên bản mới")

    def test_a_concurrent_actual_save_is_a_conflict(self) -> None:
        url = reverse("plans:plan-record-actual", args=[self.plan.pk, self.income.pk])
        form = self.client.get(url, {"year": 2021})
        shown = form.context["form"].initial["version"]
        target_services.record_actual(
            self.income, 2021, D("55.7"), expected_version=shown, actor=None
        )
        response = self.client.post(
            url + "?year=2021", {"year": 2021, "value": "55,8", "version": shown}
        )
        self.assertContains(response, "đã được người khác thay đổi")
        self.assertEqual(TargetActual.objects.get(target=self.income, year=2021).value, D("55.7"))

    def test_a_new_actual_saved_meanwhile_is_a_conflict_too(self) -> None:
        url = reverse("plans:plan-record-actual", args=[self.plan.pk, self.income.pk])
        target_services.record_actual(self.income, 2022, D("57"), actor=None)
        response = self.client.post(url + "?year=2022", {"year": 2022, "value": "58"})
        self.assertContains(response, "đã được người khác thay đổi")

    def test_bad_decimal_input_is_answered_on_its_field(self) -> None:
        plan = self.plan_draft()
        target = make_planned_target(plan, "9", {})
        response = self.client.post(
            reverse("plans:plan-set-value", args=[plan.pk, target.pk]),
            {"year": 2021, "value": "55,6x"},
        )
        self.assertContains(response, "“55,6x” không phải là số")
        self.assertIn("value", response.context["form"].errors)
        missing = self.client.post(
            reverse("plans:plan-set-value", args=[plan.pk, target.pk]), {"year": 2030, "value": ""}
        )
        self.assertIn("value", missing.context["form"].errors)
        actual = self.client.post(
            reverse("plans:plan-record-actual", args=[self.plan.pk, self.income.pk]) + "?year=2022",
            {"year": 2022, "value": "abc"},
        )
        self.assertIn("không phải là số", actual.context["form"].errors["value"][0])

    def test_a_duplicate_target_code_is_answered_on_the_code(self) -> None:
        plan = self.plan_draft()
        make_planned_target(plan, "1", {})
        response = self.client.post(
            reverse("plans:plan-add-target", args=[plan.pk]),
            {"code": "1", "name": "Trùng", "group": Target.Group.ECONOMY, "direction": "tang"},
        )
        self.assertIn("đã có trong chương trình", response.context["form"].errors["code"][0])

    def test_outside_scope_is_404(self) -> None:
        other = make_unit(Unit.Kind.PROVINCE, "Tỉnh Ngoài")
        foreign = make_plan(other)
        sibling = make_plan(self.district_two)
        for plan in (foreign, sibling):
            for name in ("plans:plan-detail", "plans:plan-cascade", "plans:plan-edit"):
                with self.subTest(plan=plan.unit.name, url=name):
                    response = self.client.get(reverse(name, args=[plan.pk]))
                    self.assertEqual(response.status_code, 404)
        response = self.client.post(reverse("plans:plan-approve", args=[sibling.pk]))
        self.assertEqual(response.status_code, 404)

    def test_without_the_capability_changes_are_403(self) -> None:
        self.login(self.viewer)
        self.assertEqual(
            self.client.get(reverse("plans:plan-detail", args=[self.plan.pk])).status_code, 200
        )
        draft = self.plan_draft()
        for method, name, args in (
            ("get", "plans:plan-create", []),
            ("get", "plans:plan-edit", [draft.pk]),
            ("post", "plans:plan-approve", [draft.pk]),
            ("post", "plans:plan-new-version", [self.plan.pk]),
            ("get", "plans:plan-concretise", [self.plan.pk]),
            ("get", "plans:plan-add-target", [draft.pk]),
            ("get", "plans:plan-record-actual", [self.plan.pk, self.income.pk]),
        ):
            with self.subTest(name=name):
                response = getattr(self.client, method)(reverse(name, args=args))
                self.assertEqual(response.status_code, 403)
        self.login(self.inspector)
        self.assertEqual(self.client.get(reverse("plans:plan-list")).status_code, 403)

    def test_cascade_lists_concretised_and_missing_subordinates(self) -> None:
        response = self.client.post(
            reverse("plans:plan-concretise", args=[self.plan.pk]),
            {"unit": self.commune_one_a.pk, "title": ""},
        )
        child = Plan.objects.get(parent=self.plan)
        self.assertRedirects(response, reverse("plans:plan-detail", args=[child.pk]))
        self.assertEqual(child.unit, self.commune_one_a)
        page = self.client.get(
            reverse("plans:plan-cascade", args=[self.plan.pk]), {"year": 2021}
        ).content.decode()
        done, missing = page.split("Chưa cụ thể hóa:")
        self.assertIn("Đã cụ thể hóa: 1/2 đơn vị", done)
        self.assertIn("Xã Một A", done)
        self.assertIn("Xã Một B", missing.split("Chỉ tiêu so với tổng")[0])
        self.assertIn(reverse("plans:plan-detail", args=[child.pk]), page)
        self.assertIn("Thu nhập bình quân đầu người", page)

    def test_a_percentage_target_is_not_summed_on_the_cascade(self) -> None:
        plan = make_plan(self.district_one, title="Kế hoạch tỷ lệ")
        make_planned_target(plan, "P", {2021: "2"}, unit_of_measure="%", direction="giam")
        services.approve_plan(plan, actor=None)
        page = self.client.get(reverse("plans:plan-cascade", args=[plan.pk])).content.decode()
        self.assertIn("không cộng dồn", page)

    def test_concretising_for_a_unit_not_below_is_refused_on_the_field(self) -> None:
        response = self.client.post(
            reverse("plans:plan-concretise", args=[self.plan.pk]), {"unit": self.district_one.pk}
        )
        self.assertIn("unit", response.context["form"].errors)
        self.assertFalse(Plan.objects.filter(parent=self.plan).exists())

    def test_the_menu_lists_the_plans(self) -> None:
        page = self.client.get(reverse("plans:plan-list")).content.decode()
        self.assertIn('href="/plans/"', page)
