"""The statistics workbook: one sheet per table laid out like the official forms, and every
figure equal to the one on the screen."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from oversight.excel import FIRST_LINE_ROW, HEADER_ROW, NUMBER_ROW, RULES_SHEET, SUMMARY_SHEET
from oversight.statistics import GENERAL_RULES
from oversight.tests.test_statistics import StatisticsWorld

PARAMS = {"period": "2023", "calendar": "dec15"}


class StatisticsWorkbookTests(StatisticsWorld):
    def _screen_and_workbook(self) -> tuple[list[dict[str, Any]], Workbook]:
        self.login(self.viewer)
        page = self.client.get(reverse("oversight:statistics"), PARAMS)
        download = self.client.get(reverse("oversight:statistics-xlsx"), PARAMS)
        self.assertEqual(download.status_code, 200)
        return page.context["tables"], load_workbook(io.BytesIO(download.content))

    def test_one_sheet_per_table_then_summary_and_counting_rules(self) -> None:
        tables, workbook = self._screen_and_workbook()
        self.assertEqual(
            workbook.sheetnames,
            [f"Biểu {n}" for n in range(1, 22)] + [SUMMARY_SHEET, RULES_SHEET],
        )
        rules = [row[0] for row in workbook[RULES_SHEET].iter_rows(values_only=True)]
        for rule in GENERAL_RULES:
            self.assertIn(rule, rules)

    def test_title_rows_headers_and_numbered_columns(self) -> None:
        _tables, workbook = self._screen_and_workbook()
        sheet = workbook["Biểu 2"]
        self.assertEqual(sheet["A1"].value, "Biểu số 2")
        self.assertEqual(sheet["A2"].value, "KIỂM TRA ĐẢNG VIÊN CỦA CẤP ỦY CÁC CẤP VÀ CHI BỘ")
        self.assertEqual(sheet["A3"].value, "Tổ chức đảng: Đảng bộ tỉnh Thử Nghiệm")
        self.assertEqual(
            sheet["A4"].value, "Kỳ báo cáo: Năm 2023 (Từ ngày 15/12/2022 đến ngày 14/12/2023)"
        )
        merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
        self.assertIn(f"A{HEADER_ROW}:A{HEADER_ROW + 1}", merged)
        self.assertIn(f"B{HEADER_ROW}:D{HEADER_ROW}", merged)  # lượt, không trùng, cấp ủy viên
        self.assertEqual(sheet.cell(HEADER_ROW, 2).value, "Số đảng viên đã kiểm tra, giám sát")
        self.assertEqual(sheet.cell(HEADER_ROW + 1, 2).value, "Lượt")
        self.assertEqual(sheet.cell(HEADER_ROW + 1, 3).value, "Không trùng")
        self.assertEqual(sheet.cell(NUMBER_ROW, 1).value, "(1)")
        self.assertEqual(sheet.cell(NUMBER_ROW, 2).value, "(2)")
        self.assertEqual(sheet.cell(FIRST_LINE_ROW, 1).value, "Đảng bộ tỉnh Thử Nghiệm (cấp mình)")
        labels = [sheet.cell(row, 1).value for row in range(FIRST_LINE_ROW, FIRST_LINE_ROW + 6)]
        total_row = FIRST_LINE_ROW + labels.index("Tổng cộng")
        self.assertEqual(sheet.cell(total_row, 2).value, 3)  # An twice, Em
        self.assertEqual(sheet.cell(total_row, 3).value, 2)
        self.assertTrue(sheet.cell(total_row, 1).font.bold)

    def test_every_cell_equals_the_figure_on_the_screen(self) -> None:
        tables, workbook = self._screen_and_workbook()
        for item in tables:
            table = item["table"]
            sheet = workbook[f"Biểu {table.number}"]
            with self.subTest(table=table.number):
                for offset, (line, cells) in enumerate(item["rows"]):
                    row = FIRST_LINE_ROW + offset
                    self.assertEqual(sheet.cell(row, 1).value, line.label)
                    written = [sheet.cell(row, column).value for column in range(2, len(cells) + 2)]
                    self.assertEqual(written, cells)

    def test_summary_sheet_has_the_report_sentences_and_comparison(self) -> None:
        self.login(self.viewer)
        page = self.client.get(reverse("oversight:statistics"), PARAMS)
        _tables, workbook = self._screen_and_workbook()
        values = [row[0] for row in workbook[SUMMARY_SHEET].iter_rows(values_only=True)]
        for sentence in page.context["stats"].sentences:
            self.assertIn(sentence, values)
        rows = {
            row[0]: row[1:]
            for row in workbook[SUMMARY_SHEET].iter_rows(values_only=True)
            if row and row[0]
        }
        comparison = rows["Thi hành kỷ luật: đảng viên"]
        self.assertEqual(comparison[:3], (4, 1, "tăng 03 đảng viên so với cùng kỳ"))
