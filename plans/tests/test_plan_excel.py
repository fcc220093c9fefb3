"""Targets in Excel: the template, the dry run and import of an upload, and the export.

Every test opens real files with openpyxl; bad files are built with openpyxl too.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Role, User
from audit.models import AuditEvent
from common.testing import BaseTestCase, make_user
from monitoring.excel import MAX_UPLOAD_BYTES
from plans import excel
from plans.models import Plan, Target, TargetActual, TargetPlanValue
from plans.rules.targets import Direction
from plans.services import plans as plan_services
from plans.services import targets as target_services
from plans.tests.factories import make_plan, make_planned_target, make_target

YEAR = 2021
D = Decimal


def as_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class PlanExcelTestCase(BaseTestCase):
    office: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Huyện Một is closed, so the role is given directly (as in plans.tests.test_plans).
        cls.office = make_user("vanphong")
        cls.office.assignments.create(
            role=Role.objects.get(code="committee_office"),
            unit=cls.district_one,
            include_subtree=True,
        )

    def setUp(self) -> None:
        self.login(self.office)
        self.plan = make_plan(self.district_one)
        self.income = make_planned_target(
            self.plan,
            "KT1",
            {YEAR: "55.60"},
            name="Thu nhập bình quân đầu người",
            unit_of_measure="triệu đồng",
            baseline=D("50.52"),
            baseline_year=2020,
        )
        self.poverty = make_planned_target(
            self.plan,
            "KT2",
            {YEAR: "2"},
            name="Tỷ lệ hộ nghèo",
            unit_of_measure="%",
            direction=Direction.LOWER_IS_BETTER,
        )
        self.growth = make_target(
            self.plan,
            "KT3",
            name="Tỷ lệ tăng dân số tự nhiên",
            unit_of_measure="%",
            direction=Direction.RANGE,
        )
        target_services.set_plan_value(self.growth, YEAR, low=D("0.8"), high=D("1"), actor=None)

    def approve(self) -> None:
        plan_services.approve_plan(self.plan, actor=None)
        self.plan.refresh_from_db()

    def template(self, plan: Plan | None = None) -> Workbook:
        url = reverse("plans:excel-template", args=[(plan or self.plan).pk])
        response = self.client.get(url, {"year": YEAR})
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response["Content-Type"])
        return load_workbook(io.BytesIO(response.content))

    def upload(self, content: bytes, *, action: str = "import", name: str = "chi-tieu.xlsx") -> str:
        url = reverse("plans:excel-upload", args=[self.plan.pk])
        response = self.client.post(
            f"{url}?year={YEAR}",
            {"file": SimpleUploadedFile(name, content), "action": action},
            follow=True,
        )
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def counts(self) -> tuple[int, int, int, int]:
        return (
            Target.objects.count(),
            TargetPlanValue.objects.count(),
            TargetActual.objects.count(),
            AuditEvent.objects.count(),
        )

    def assert_rejected(self, content: bytes, *messages: str, **options: Any) -> str:
        before = self.counts()
        page = self.upload(content, **options)
        self.assertIn("chưa nhập gì", page)
        for message in messages:
            self.assertIn(message, page)
        self.assertEqual(self.counts(), before)
        return page

    def filled_actuals(self) -> Workbook:
        """The approved plan's template with the year's actuals."""
        workbook = self.template()
        sheet = workbook[excel.TARGETS_SHEET]
        sheet["I3"] = 55.61
        sheet["J3"] = "Cục Thống kê"
        sheet["I4"] = "1,8"
        sheet["I5"] = "0,9"
        sheet["K5"] = "Ước tính"
        return workbook


class TemplateTests(PlanExcelTestCase):
    def test_the_template_lists_every_target_pre_filled_with_a_guide(self) -> None:
        self.approve()
        target_services.record_actual(
            self.plan.targets.get(code="KT1"), YEAR, D("55.61"), "Cục Thống kê", actor=None
        )
        workbook = self.template()
        self.assertEqual(workbook.sheetnames, ["Chỉ tiêu", "Hướng dẫn"])
        sheet = workbook["Chỉ tiêu"]
        self.assertEqual(
            [cell.value for cell in sheet[1]],
            [
                "Mã",
                "Tên chỉ tiêu",
                "Nhóm",
                "Đơn vị tính",
                "Chiều (tăng/giảm/khoảng)",
                "Giá trị gốc",
                "Năm gốc",
                "Kế hoạch 2021",
                "Thực hiện 2021",
                "Nguồn số liệu",
                "Ghi chú",
            ],
        )
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
        self.assertEqual(
            rows[0],
            [
                "KT1",
                "Thu nhập bình quân đầu người",
                "Kinh tế",
                "triệu đồng",
                "tăng",
                50.52,
                2020,
                55.6,
                55.61,
                "Cục Thống kê",
                None,
            ],
        )
        self.assertEqual(rows[1][4], "giảm")
        self.assertEqual(rows[2][4:8], ["khoảng", None, None, "0,8–1"])
        guide = workbook["Hướng dẫn"]
        self.assertEqual([guide["A1"].value, guide["B1"].value], ["Năm", YEAR])
        text = " ".join(str(cell.value) for cell in guide["B"])
        self.assertIn("chỉ nhập kết quả thực hiện", text)
        self.assertIn("dấu phẩy", text)

    def test_a_year_outside_the_plan_answers_404(self) -> None:
        url = reverse("plans:excel-template", args=[self.plan.pk])
        self.assertEqual(self.client.get(url, {"year": 2030}).status_code, 404)
        self.assertEqual(self.client.get(url, {"year": "abc"}).status_code, 404)


class ApprovedPlanUploadTests(PlanExcelTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.approve()

    def test_round_trip_dry_run_then_import_in_one_go_audited(self) -> None:
        workbook = self.filled_actuals()
        before = self.counts()
        page = self.upload(as_bytes(workbook), action="check")
        self.assertIn("Tệp hợp lệ: 5 thay đổi.", page)
        self.assertIn("<td>Thực hiện 2021</td><td>—</td><td>55,61</td>", page)
        self.assertIn("<td>Nguồn số liệu</td><td>—</td><td>Cục Thống kê</td>", page)
        self.assertEqual(self.counts(), before)

        page = self.upload(as_bytes(workbook))
        self.assertIn("Đã nhập chỉ tiêu từ Excel: 3 giá trị được ghi.", page)
        actuals = {a.target.code: a for a in TargetActual.objects.select_related("target")}
        self.assertEqual(actuals["KT1"].value, D("55.61"))
        self.assertEqual(actuals["KT1"].source, "Cục Thống kê")
        self.assertEqual(actuals["KT1"].entered_by, self.office)
        self.assertEqual(actuals["KT2"].value, D("1.8"))
        self.assertEqual(actuals["KT3"].note, "Ước tính")
        self.assertEqual(AuditEvent.objects.filter(action="target.actual_recorded").count(), 3)
        self.assertTrue(AuditEvent.objects.filter(action="targets.imported").exists())

        # The new template carries the values; correcting one is a change of that one only.
        again = self.template()
        self.assertEqual(again["Chỉ tiêu"]["I3"].value, 55.61)
        again["Chỉ tiêu"]["I3"] = "55,7"
        page = self.upload(as_bytes(again))
        self.assertIn("1 giá trị được ghi", page)
        self.assertEqual(TargetActual.objects.get(target__code="KT1").value, D("55.7"))
        self.assertEqual(TargetActual.objects.get(target__code="KT1").version, 2)

    def test_an_unchanged_template_has_nothing_to_import(self) -> None:
        self.assert_rejected(as_bytes(self.template()), "Tệp không có thay đổi nào")

    def test_a_changed_plan_value_is_refused_naming_row_and_column(self) -> None:
        workbook = self.filled_actuals()
        workbook["Chỉ tiêu"]["H3"] = 60
        page = self.assert_rejected(
            as_bytes(workbook),
            "Chương trình đã phê duyệt: không sửa được kế hoạch ở dòng 3, cột H",
        )
        self.assertIn('<td class="num">3</td><td>H</td><td>KT1</td>', page)

    def test_other_changed_cells_and_new_targets_are_refused(self) -> None:
        workbook = self.filled_actuals()
        sheet = workbook["Chỉ tiêu"]
        sheet["B4"] = "Tỷ lệ hộ nghèo đa chiều"
        sheet["A6"], sheet["B6"], sheet["C6"] = "KT9", "Chỉ tiêu mới", "Kinh tế"
        self.assert_rejected(
            as_bytes(workbook),
            "không sửa được tên chỉ tiêu ở dòng 4, cột B",
            "Mã chỉ tiêu “KT9” không có trong chương trình",
        )


class DraftPlanUploadTests(PlanExcelTestCase):
    def test_a_draft_takes_new_targets_and_plan_values(self) -> None:
        workbook = self.template()
        sheet = workbook["Chỉ tiêu"]
        sheet["H3"] = "56"
        sheet["H5"] = "0,7–1,1"
        for column, value in zip(
            "ABCDEFGH",
            ["XH1", "Tỷ lệ trường đạt chuẩn", "Văn hóa - xã hội", "%", "tăng", 70, 2020, "75,5"],
            strict=True,
        ):
            sheet[f"{column}6"] = value
        page = self.upload(as_bytes(workbook), action="check")
        self.assertIn("Tệp hợp lệ: 4 thay đổi.", page)
        self.assertIn("<td>Kế hoạch 2021</td><td>55,6</td><td>56</td>", page)
        self.upload(as_bytes(workbook))
        new = Target.objects.get(plan=self.plan, code="XH1")
        self.assertEqual(new.group, Target.Group.CULTURE_SOCIETY)
        self.assertEqual(new.baseline, D("70"))
        self.assertEqual(new.plan_values.get(year=YEAR).value, D("75.5"))
        self.assertEqual(self.income.plan_values.get(year=YEAR).value, D("56"))
        growth = self.growth.plan_values.get(year=YEAR)
        self.assertEqual((growth.low, growth.high), (D("0.7"), D("1.1")))
        self.assertTrue(AuditEvent.objects.filter(action="target.added", target_id=new.pk).exists())

    def test_a_draft_takes_no_actuals(self) -> None:
        workbook = self.template()
        workbook["Chỉ tiêu"]["I3"] = 55.61
        self.assert_rejected(
            as_bytes(workbook),
            "Chương trình chưa phê duyệt: chưa ghi được kết quả thực hiện ở dòng 3, cột I",
        )

    def test_a_new_target_needs_a_name_and_a_known_group(self) -> None:
        workbook = self.template()
        sheet = workbook["Chỉ tiêu"]
        sheet["A6"], sheet["C6"], sheet["E6"] = "XH1", "Giáo dục", "lên"
        self.assert_rejected(
            as_bytes(workbook),
            "thiếu tên chỉ tiêu",
            "Nhóm “Giáo dục” không hợp lệ",
            "Chiều “lên” không hợp lệ",
        )


class RejectionTests(PlanExcelTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.approve()

    def test_a_file_that_is_not_xlsx_is_refused(self) -> None:
        self.assert_rejected(b"Ma;Ten\nKT1;Thu nhap\n", "không phải là bảng tính Excel")

    def test_a_zip_that_is_not_a_workbook_is_refused(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as package:
            package.writestr("readme.txt", "không phải Excel")
        self.assert_rejected(buffer.getvalue(), "không đọc được như một bảng tính Excel")

    def test_a_file_over_fifty_megabytes_is_refused_before_it_is_read(self) -> None:
        source = io.BytesIO(b"")
        checked = excel.read_upload(source, size=MAX_UPLOAD_BYTES + 1, plan=self.plan, year=YEAR)
        self.assertFalse(checked.ok)
        self.assertIn("lớn hơn 50 MB", str(checked.problems[0]))
        self.assertEqual(source.tell(), 0)

    def test_a_workbook_without_the_targets_sheet_is_refused(self) -> None:
        workbook = Workbook()
        workbook.active.title = "Sheet1"
        self.assert_rejected(as_bytes(workbook), "không có trang “Chỉ tiêu”")

    def test_a_wrong_header_or_year_is_refused(self) -> None:
        workbook = self.filled_actuals()
        workbook["Chỉ tiêu"]["A1"] = "STT"
        workbook["Chỉ tiêu"]["I1"] = "Thực hiện 2022"
        workbook["Hướng dẫn"]["B1"] = 2022
        self.assert_rejected(
            as_bytes(workbook),
            "Tệp không đúng mẫu: cột A dòng 1 phải là “Mã”",
            "cột I dòng 1 phải là “Thực hiện 2021”",
            "Tệp là mẫu năm 2022, đang nhập cho năm 2021.",
        )

    def test_a_template_of_another_plan_is_refused(self) -> None:
        workbook = self.filled_actuals()
        workbook["Hướng dẫn"]["B2"] = self.plan.pk + 1000
        self.assert_rejected(as_bytes(workbook), "mẫu của một chương trình, kế hoạch khác")

    def test_text_in_a_number_cell_is_refused_with_its_place(self) -> None:
        workbook = self.filled_actuals()
        workbook["Chỉ tiêu"]["I4"] = "khoảng 2"
        page = self.assert_rejected(
            as_bytes(workbook), "Thực hiện 2021: “khoảng 2” không phải là số."
        )
        self.assertIn('<td class="num">4</td><td>I</td><td>KT2</td>', page)

    def test_merged_cells_are_refused(self) -> None:
        workbook = self.filled_actuals()
        workbook["Chỉ tiêu"].merge_cells("J3:K3")
        self.assert_rejected(as_bytes(workbook), "ô gộp (J3:K3)")

    def test_formulas_are_refused(self) -> None:
        workbook = self.filled_actuals()
        workbook["Chỉ tiêu"]["I3"] = "=50+5"
        page = self.assert_rejected(as_bytes(workbook), "Ô chứa công thức")
        self.assertIn('<td class="num">3</td><td>I</td>', page)

    def test_empty_rows_are_skipped_but_a_row_without_a_code_is_reported(self) -> None:
        workbook = self.filled_actuals()
        sheet = workbook["Chỉ tiêu"]
        sheet.insert_rows(4)
        self.assertIn("Tệp hợp lệ", self.upload(as_bytes(workbook), action="check"))
        sheet["B9"], sheet["I9"] = "Chỉ tiêu lạ", 3
        self.assert_rejected(as_bytes(workbook), "Thiếu mã chỉ tiêu của “Chỉ tiêu lạ”")

    def test_a_code_written_twice_is_refused(self) -> None:
        workbook = self.filled_actuals()
        workbook["Chỉ tiêu"]["A6"], workbook["Chỉ tiêu"]["I6"] = "KT1", 56
        self.assert_rejected(
            as_bytes(workbook), "Mã chỉ tiêu “KT1” xuất hiện hai lần (dòng 3 và dòng 6)"
        )

    def test_an_empty_template_is_refused(self) -> None:
        workbook = self.template()
        workbook["Chỉ tiêu"].delete_rows(3, 3)
        self.assert_rejected(as_bytes(workbook), "Tệp không có dòng chỉ tiêu nào")

    def test_one_bad_cell_rejects_the_whole_file(self) -> None:
        workbook = self.filled_actuals()
        workbook["Chỉ tiêu"]["I5"] = "nhiều"
        self.assert_rejected(as_bytes(workbook), "“nhiều” không phải là số")
        self.assertFalse(TargetActual.objects.exists())

    def test_a_superseded_version_takes_nothing(self) -> None:
        workbook = self.filled_actuals()
        plan_services.approve_plan(plan_services.new_version(self.plan, actor=None), actor=None)
        self.assert_rejected(as_bytes(workbook), "Phiên bản này đã được thay thế")


class ExportTests(PlanExcelTestCase):
    def test_the_export_has_percent_of_plan_change_and_assessment(self) -> None:
        self.approve()
        targets = {t.code: t for t in self.plan.targets.all()}
        target_services.record_actual(targets["KT1"], YEAR - 1, D("50.52"), actor=None)
        target_services.record_actual(targets["KT1"], YEAR, D("55.61"), actor=None)
        target_services.record_actual(targets["KT2"], YEAR, D("2.5"), actor=None)
        url = reverse("plans:excel-export", args=[self.plan.pk])
        self.login(self.viewer)  # reading is enough to export
        response = self.client.get(url, {"year": YEAR})
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        self.assertIn("Kết quả thực hiện chỉ tiêu năm 2021", sheet["A1"].value)
        self.assertEqual(
            sheet["A3"].value,
            "Tổng hợp: 1/3 chỉ tiêu đạt và vượt, trong đó 01 chỉ tiêu vượt; "
            "01 chỉ tiêu chưa đạt; 01 chỉ tiêu không đánh giá.",
        )
        header = [cell.value for cell in sheet[5]]
        self.assertEqual(
            header,
            [
                "Mã",
                "Tên chỉ tiêu",
                "Nhóm",
                "Đơn vị tính",
                "Chiều",
                "Kế hoạch 2021",
                "Thực hiện 2021",
                "% kế hoạch",
                "So với năm 2020",
                "Đánh giá",
            ],
        )
        rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=6)}
        self.assertEqual(rows["KT1"][5:], [55.6, 55.61, "100,02", "tăng 5,09 triệu đồng", "vượt"])
        self.assertEqual(rows["KT2"][5:8], [2, 2.5, "125,00"])
        self.assertEqual(rows["KT2"][9], "chưa đạt")
        self.assertEqual(rows["KT3"][5], "0,8–1")
        self.assertEqual(rows["KT3"][9], "không đánh giá")


class AccessTests(PlanExcelTestCase):
    def test_a_plan_outside_the_scope_answers_404(self) -> None:
        other = make_plan(self.district_two)
        for name in ("plans:excel-template", "plans:excel-upload", "plans:excel-export"):
            with self.subTest(name=name):
                url = reverse(name, args=[other.pk])
                self.assertEqual(self.client.get(url, {"year": YEAR}).status_code, 404)

    def test_uploading_needs_the_capability_to_manage_plans(self) -> None:
        self.login(self.viewer)
        url = reverse("plans:excel-upload", args=[self.plan.pk])
        self.assertEqual(self.client.get(url, {"year": YEAR}).status_code, 403)
        before = self.counts()
        response = self.client.post(
            f"{url}?year={YEAR}",
            {"file": SimpleUploadedFile("x.xlsx", as_bytes(Workbook())), "action": "import"},
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.counts(), before)

    def test_the_upload_page_shows_the_form(self) -> None:
        url = reverse("plans:excel-upload", args=[self.plan.pk])
        response = self.client.get(url, {"year": YEAR})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Kiểm tra (chưa ghi)")
        self.assertContains(response, "đang là dự thảo")
