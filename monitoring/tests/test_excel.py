"""Excel: the template, the dry run and import of an upload, and the evaluation export.

Every test opens real files with openpyxl; bad files are built with openpyxl too.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Role, User
from audit.models import AuditEvent
from common.testing import make_user
from criteria.engine import Verdict
from monitoring import excel, services
from monitoring.models import IndicatorValue, ValueSheet
from monitoring.tests.test_entry import MonitoringTestCase

YEAR = 2024
ON = "2024-12-31"
CODES = [
    "1.1",
    "1.2",
    "10",
    "10.2",
    "10.3",
    "km3",
    "km4",
    "rc.no_capital_construction_debt",
    "rc.resident_satisfaction",
    "rc.security_not_complex",
]


def column_of(code: str) -> str:
    return "ABCDEFGHIJKLMNOP"[2 + CODES.index(code)]


def as_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class CountingReader(io.RawIOBase):
    """A file that counts the bytes read from it."""

    def __init__(self, path: Path) -> None:
        self.handle = path.open("rb")
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.handle.seek(offset, whence)

    def readinto(self, buffer: Any) -> int:
        data = self.handle.read(len(buffer))
        buffer[: len(data)] = data
        self.read_bytes += len(data)
        return len(data)

    def close(self) -> None:
        self.handle.close()
        super().close()


class ExcelTestCase(MonitoringTestCase):
    mixed: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Sees the whole province but enters values only for Huyện Một.
        cls.mixed = make_user("xemtinh", ("leader", cls.province, True))
        cls.mixed.assignments.create(
            role=Role.objects.get(code="commune_data_officer"), unit=cls.district_one
        )

    def setUp(self) -> None:
        self.login(self.district_officer)

    def template(self, area: Any = None) -> Workbook:
        url = reverse("monitoring:excel-template", args=[(area or self.district_one).pk, YEAR])
        response = self.client.get(url, {"on": ON})
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response["Content-Type"])
        return load_workbook(io.BytesIO(response.content))

    def upload(
        self,
        content: bytes,
        *,
        action: str = "import",
        area: Any = None,
        name: str = "so-lieu.xlsx",
    ) -> str:
        url = reverse("monitoring:excel-upload", args=[(area or self.district_one).pk, YEAR])
        response = self.client.post(
            f"{url}?on={ON}",
            {"file": SimpleUploadedFile(name, content), "action": action},
            follow=True,
        )
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def filled(self) -> Workbook:
        """The district's template with a value for each commune."""
        workbook = self.template()
        sheet = workbook[excel.VALUES_SHEET]
        sheet[f"{column_of('10')}5"] = 60
        sheet[f"{column_of('10.2')}5"] = "92,5"
        sheet[f"{column_of('1.1')}5"] = "Có"
        sheet[f"{column_of('10')}6"] = 57.25
        sheet[f"{column_of('1.2')}6"] = "Không áp dụng"
        sheet[f"{column_of('km3')}6"] = 2
        return workbook

    def counts(self) -> tuple[int, int, int]:
        return (
            IndicatorValue.objects.count(),
            ValueSheet.objects.count(),
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


class TemplateTests(ExcelTestCase):
    def test_template_has_the_header_rows_the_communes_and_existing_values(self) -> None:
        sheet_record = services.open_sheet(self.commune_one_a, YEAR, actor=None)
        services.save_values(
            sheet_record, {"10": Decimal("60.5"), "1.1": True, "1.2": "na"}, actor=None
        )
        workbook = self.template()
        self.assertEqual(workbook.sheetnames, ["Số liệu", "Hướng dẫn"])
        sheet = workbook["Số liệu"]
        self.assertEqual([sheet["A1"].value, sheet["B1"].value], ["Mã ĐVHC", "Tên đơn vị"])
        header = [cell.value for cell in sheet[1]][2:]
        self.assertEqual(header, CODES)
        income = column_of("10")
        self.assertEqual(
            sheet[f"{income}2"].value, "Thu nhập bình quân đầu người khu vực nông thôn"
        )
        self.assertEqual(sheet[f"{income}3"].value, "triệu đồng/người/năm")
        self.assertEqual(sheet[f"{income}4"].value, "≥ 58 triệu đồng/người/năm (minh họa)")
        self.assertEqual(sheet[f"{column_of('10.2')}4"].value, "≥ 90 % hộ (minh họa)")
        self.assertEqual(sheet[f"{column_of('10.3')}4"].value, "chưa xác minh (≥ 50 %)")
        self.assertEqual(sheet[f"{column_of('rc.resident_satisfaction')}4"].value, "≥ 90 %")
        rows = [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=5)]
        self.assertEqual(rows, [("90001", "Xã Một A"), ("90002", "Xã Một B")])
        self.assertEqual(sheet[f"{income}5"].value, 60.5)
        self.assertEqual(sheet[f"{column_of('1.1')}5"].value, "Có")
        self.assertEqual(sheet[f"{column_of('1.2')}5"].value, "Không áp dụng")
        self.assertIsNone(sheet[f"{income}6"].value)
        guide = workbook["Hướng dẫn"]
        self.assertEqual([guide["A1"].value, guide["B1"].value], ["Năm số liệu", YEAR])
        self.assertIn("dấu phẩy", " ".join(str(c.value) for c in guide["B"]))

    def test_template_for_one_set_has_only_its_columns(self) -> None:
        url = reverse("monitoring:excel-template", args=[self.district_one.pk, YEAR])
        response = self.client.get(url, {"on": ON, "set_id": "thu-nghiem-xa-ntm-kieu-mau"})
        sheet = load_workbook(io.BytesIO(response.content))["Số liệu"]
        self.assertEqual([cell.value for cell in sheet[1]][2:], ["km3", "km4"])

    def test_template_for_an_area_outside_the_scope_answers_404(self) -> None:
        url = reverse("monitoring:excel-template", args=[self.district_two.pk, YEAR])
        self.assertEqual(self.client.get(url, {"on": ON}).status_code, 404)


class UploadTests(ExcelTestCase):
    def test_a_dry_run_lists_what_would_change_and_writes_nothing(self) -> None:
        before = self.counts()
        page = self.upload(as_bytes(self.filled()), action="check")
        self.assertIn("Tệp hợp lệ: 2 xã, 6 giá trị mới hoặc thay đổi.", page)
        self.assertEqual(self.counts(), before)

    def test_an_import_writes_every_commune_in_one_go_and_is_audited(self) -> None:
        page = self.upload(as_bytes(self.filled()))
        self.assertIn("Đã nhập số liệu từ Excel: 2 xã có thay đổi.", page)
        one_a = {v.code: v for v in IndicatorValue.objects.filter(sheet__unit=self.commune_one_a)}
        self.assertEqual(one_a["10"].number, Decimal("60"))
        self.assertEqual(one_a["10.2"].number, Decimal("92.5"))
        self.assertIs(one_a["1.1"].flag, True)
        one_b = {v.code: v for v in IndicatorValue.objects.filter(sheet__unit=self.commune_one_b)}
        self.assertEqual(one_b["10"].number, Decimal("57.25"))
        self.assertTrue(one_b["1.2"].not_applicable)
        self.assertEqual(one_b["km3"].number, Decimal("2"))
        self.assertEqual(AuditEvent.objects.filter(action="values.saved").count(), 2)
        self.assertTrue(AuditEvent.objects.filter(action="values.imported").exists())

    def test_blank_cells_keep_the_values_already_entered(self) -> None:
        sheet_record = services.open_sheet(self.commune_one_a, YEAR, actor=None)
        services.save_values(sheet_record, {"10.3": Decimal("40")}, actor=None)
        self.upload(as_bytes(self.filled()))
        value = IndicatorValue.objects.get(sheet__unit=self.commune_one_a, code="10.3")
        self.assertEqual(value.number, Decimal("40"))

    def test_a_percent_formatted_cell_is_read_as_a_percentage(self) -> None:
        workbook = self.filled()
        cell = workbook["Số liệu"][f"{column_of('10.2')}5"]
        cell.value, cell.number_format = 0.9561, "0.00%"
        self.upload(as_bytes(workbook))
        value = IndicatorValue.objects.get(sheet__unit=self.commune_one_a, code="10.2")
        self.assertEqual(value.number, Decimal("95.61"))

    def test_uploading_needs_the_capability_to_enter_values(self) -> None:
        self.login(self.viewer)
        url = reverse("monitoring:excel-upload", args=[self.province.pk, YEAR])
        self.assertEqual(self.client.get(url).status_code, 403)


class RejectionTests(ExcelTestCase):
    def test_a_file_that_is_not_xlsx_is_refused(self) -> None:
        self.assert_rejected(b"Ma DVHC;Ten\n90001;Xa Mot A\n", "không phải là bảng tính Excel")

    def test_an_old_xls_file_is_refused_with_the_way_out(self) -> None:
        self.assert_rejected(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "lưu lại dưới dạng .xlsx"
        )

    def test_a_damaged_zip_is_refused(self) -> None:
        self.assert_rejected(b"PK\x03\x04" + b"\x00garbage" * 40, "hỏng")

    def test_a_zip_that_is_not_a_workbook_is_refused(self) -> None:
        buffer = io.BytesIO()
        import zipfile

        with zipfile.ZipFile(buffer, "w") as package:
            package.writestr("readme.txt", "không phải Excel")
        self.assert_rejected(buffer.getvalue(), "không đọc được như một bảng tính Excel")

    def test_a_file_over_fifty_megabytes_is_refused_before_it_is_read(self) -> None:
        with TemporaryDirectory() as folder:
            path = Path(folder) / "lon.xlsx"
            with path.open("wb") as handle:
                handle.seek(excel.MAX_UPLOAD_BYTES)
                handle.write(b"\0")  # 50 MB + 1 byte of zeros
            self.assertEqual(path.stat().st_size, 50 * 1024 * 1024 + 1)
            reader = CountingReader(path)
            plan = excel.read_upload(
                reader,  # type: ignore[arg-type]
                size=path.stat().st_size,
                fields=[],
                communes=[],
                writable=set(),
                sheets={},
                current={},
                area=self.district_one,
                year=YEAR,
            )
            reader.close()
        self.assertFalse(plan.ok)
        self.assertIn("lớn hơn 50 MB", str(plan.problems[0]))
        self.assertEqual(reader.read_bytes, 0)

    def test_a_workbook_without_the_values_sheet_is_refused(self) -> None:
        workbook = Workbook()
        workbook.active.title = "Sheet1"
        self.assert_rejected(as_bytes(workbook), "không có trang “Số liệu”")

    def test_a_wrong_header_is_refused(self) -> None:
        workbook = self.filled()
        workbook["Số liệu"]["A1"] = "STT"
        self.assert_rejected(as_bytes(workbook), "Tệp không đúng mẫu", "dòng 1")

    def test_an_unknown_indicator_code_in_the_header_is_refused(self) -> None:
        workbook = self.filled()
        workbook["Số liệu"]["M1"] = "99.9"
        page = self.assert_rejected(as_bytes(workbook), "Mã chỉ tiêu “99.9” không có")
        self.assertIn("<td>M</td>", page)

    def test_text_in_a_number_cell_is_refused_with_its_place(self) -> None:
        workbook = self.filled()
        workbook["Số liệu"][f"{column_of('10')}5"] = "khoảng 60"
        page = self.assert_rejected(
            as_bytes(workbook),
            "Chỉ tiêu 10 (Thu nhập bình quân đầu người…): “khoảng 60” không phải là số.",
        )
        self.assertIn(f'<td class="num">5</td><td>{column_of("10")}</td><td>10</td>', page)

    def test_a_bad_yes_no_cell_is_refused(self) -> None:
        workbook = self.filled()
        workbook["Số liệu"][f"{column_of('1.1')}6"] = "Không áp dụng"  # 1.1 has no "(nếu có)"
        self.assert_rejected(as_bytes(workbook), "không thể chọn Không áp dụng")

    def test_merged_cells_in_the_data_area_are_refused(self) -> None:
        workbook = self.filled()
        workbook["Số liệu"].merge_cells("E6:F6")
        self.assert_rejected(as_bytes(workbook), "ô gộp (E6:F6)")

    def test_formulas_are_refused(self) -> None:
        workbook = self.filled()
        workbook["Số liệu"][f"{column_of('10')}6"] = "=50+7"
        page = self.assert_rejected(as_bytes(workbook), "Ô chứa công thức")
        self.assertIn(f"<td>{column_of('10')}</td>", page)

    def test_empty_rows_are_skipped_but_a_name_without_a_code_is_reported(self) -> None:
        workbook = self.filled()
        sheet = workbook["Số liệu"]
        sheet.insert_rows(6)  # an empty row between the communes: fine
        clean = self.upload(as_bytes(workbook), action="check")
        self.assertIn("Tệp hợp lệ: 2 xã", clean)
        sheet["B9"] = "Xã Lạ"
        sheet[f"{column_of('10')}9"] = 40
        self.assert_rejected(as_bytes(workbook), "Thiếu Mã ĐVHC của “Xã Lạ”")

    def test_a_commune_written_twice_is_refused(self) -> None:
        workbook = self.filled()
        workbook["Số liệu"]["A7"] = "90001"
        workbook["Số liệu"][f"{column_of('10')}7"] = 61
        self.assert_rejected(as_bytes(workbook), "Xã Một A xuất hiện hai lần (dòng 5 và dòng 7)")

    def test_an_unknown_unit_code_is_refused(self) -> None:
        workbook = self.filled()
        workbook["Số liệu"]["A6"] = "99999"
        self.assert_rejected(as_bytes(workbook), "Mã ĐVHC “99999” không phải một xã của Huyện Một")

    def test_a_commune_outside_the_scope_is_refused(self) -> None:
        self.login(self.mixed)
        workbook = self.template(self.province)
        sheet = workbook["Số liệu"]
        rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=5)}
        sheet[f"{column_of('10')}{rows['90001']}"] = 60
        sheet[f"{column_of('10')}{rows['90101']}"] = 60  # Xã Hai A: seen, but not entered by them
        self.assert_rejected(
            as_bytes(workbook),
            "Xã Hai A nằm ngoài phạm vi bạn được phân quyền nhập số liệu",
            area=self.province,
        )

    def test_a_submitted_or_approved_commune_is_an_error_not_skipped(self) -> None:
        sheet_record = services.open_sheet(self.commune_one_b, YEAR, actor=None)
        services.save_values(sheet_record, {"10": Decimal("50")}, actor=None)
        services.submit_sheet(ValueSheet.objects.get(pk=sheet_record.pk), actor=None)
        self.assert_rejected(as_bytes(self.filled()), "Số liệu năm 2024 của Xã Một B đã gửi duyệt")

    def test_a_template_of_another_year_is_refused(self) -> None:
        workbook = self.filled()
        workbook["Hướng dẫn"]["B1"] = 2023
        self.assert_rejected(as_bytes(workbook), "Tệp là mẫu số liệu năm 2023")

    def test_one_bad_cell_rejects_the_whole_file(self) -> None:
        workbook = self.filled()
        workbook["Số liệu"][f"{column_of('10.2')}6"] = "120"
        self.assert_rejected(as_bytes(workbook), "tỷ lệ phải từ 0 đến 100")
        self.assertFalse(IndicatorValue.objects.filter(sheet__unit=self.commune_one_a).exists())


class ExportTests(ExcelTestCase):
    def test_write_table_writes_statuses_with_their_colours(self) -> None:
        content = excel.write_table(
            "Bảng thử: xã/tiêu chí [2024] rất dài quá ba mươi mốt ký tự",
            ["Xã", "TC 1"],
            [["Xã Một A", Verdict.MET], ["Xã Một B", Verdict.NOT_MET], ["Xã Hai A", None]],
            notes=["Ghi chú"],
        )
        workbook = load_workbook(io.BytesIO(content))
        sheet = workbook.active
        assert sheet is not None
        self.assertLessEqual(len(sheet.title), 31)
        self.assertEqual(sheet["A2"].value, "Ghi chú")
        self.assertEqual([c.value for c in sheet[4]], ["Xã", "TC 1"])
        self.assertEqual(sheet["B5"].value, "Đạt")
        self.assertTrue(str(sheet["B5"].fill.fgColor.rgb).endswith("C6EFCE"))
        self.assertEqual(sheet["B6"].value, "Chưa đạt")
        self.assertTrue(str(sheet["B6"].fill.fgColor.rgb).endswith("FFC7CE"))
        self.assertIsNone(sheet["B7"].value)

    def test_the_matrix_export_has_a_row_per_commune_and_counts(self) -> None:
        one_a = services.open_sheet(self.commune_one_a, YEAR, actor=None)
        services.save_values(one_a, {"1.1": True, "1.2": True, "10": Decimal("60")}, actor=None)
        one_b = services.open_sheet(self.commune_one_b, YEAR, actor=None)
        services.save_values(one_b, {"1.1": False, "10": Decimal("50")}, actor=None)
        url = reverse("monitoring:export", args=[self.district_one.pk, YEAR])
        response = self.client.get(url, {"on": ON})
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        self.assertIn("Huyện Một", sheet["A1"].value)
        self.assertIn("Ngưỡng minh họa", sheet["A3"].value)
        header = [c.value for c in sheet[5]]
        self.assertEqual(
            header[:4], ["Mã ĐVHC", "Tên đơn vị", "TC 1. Quy hoạch", "TC 10. Thu nhập"]
        )
        first = [c.value for c in sheet[6]]
        self.assertEqual(first[:5], ["90001", "Xã Một A", "Đạt", "Chưa xác định", "Chưa xác định"])
        self.assertEqual(first[5:], [1, 0, 1])
        second = [c.value for c in sheet[7]]
        self.assertEqual(second[2:5], ["Chưa đạt", "Chưa đạt", "Chưa đạt"])
        self.assertTrue(str(sheet["C6"].fill.fgColor.rgb).endswith("C6EFCE"))
        self.assertTrue(str(sheet["C7"].fill.fgColor.rgb).endswith("FFC7CE"))
        self.assertEqual([c.value for c in sheet[8]][1:4], ["Số xã đạt", 1, 0])
        self.assertEqual([c.value for c in sheet[9]][1:4], ["Số xã chưa đạt", 1, 1])

    def test_the_export_of_an_area_outside_the_scope_answers_404(self) -> None:
        url = reverse("monitoring:export", args=[self.district_two.pk, YEAR])
        self.assertEqual(self.client.get(url, {"on": ON}).status_code, 404)
