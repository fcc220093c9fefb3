"""The shared xlsx writer: sheets, titles Excel accepts, typed cells, the download response."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.test import SimpleTestCase
from openpyxl import load_workbook

from common.xlsx import XLSX, Sheet, sheet_title, workbook, xlsx_response


class WorkbookTests(SimpleTestCase):
    def test_sheets_hold_title_notes_header_and_typed_rows(self) -> None:
        content = workbook(
            [
                Sheet(
                    "Phiên tiếp dân",
                    ["Ngày", "Số lượt", "Tỷ lệ", "Định kỳ"],
                    [[dt.date(2023, 9, 18), 3, Decimal("87.30"), True]],
                    notes=["Dữ liệu minh họa"],
                ),
                Sheet("Phiên tiếp dân", ["A"], [[None]]),
            ]
        )
        book = load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, ["Phiên tiếp dân", "Phiên tiếp dân (2)"])
        sheet = book["Phiên tiếp dân"]
        self.assertEqual(sheet["A1"].value, "Phiên tiếp dân")
        self.assertEqual(sheet["A2"].value, "Dữ liệu minh họa")
        self.assertEqual([c.value for c in sheet[4]], ["Ngày", "Số lượt", "Tỷ lệ", "Định kỳ"])
        day, turns, share, periodic = (c.value for c in sheet[5])
        self.assertEqual(day.date(), dt.date(2023, 9, 18))
        self.assertEqual(sheet["A5"].number_format, "DD/MM/YYYY")
        self.assertEqual((turns, share, periodic), (3, 87.3, "Có"))
        self.assertEqual(book["Phiên tiếp dân (2)"]["A3"].value, "A")

    def test_sheet_titles_lose_forbidden_characters_and_stay_short(self) -> None:
        self.assertEqual(sheet_title("Đơn/thư: quý I [2023]"), "Đơn-thư- quý I -2023-")
        self.assertEqual(len(sheet_title("x" * 40)), 31)
        self.assertEqual(sheet_title("  "), "Bảng")

    def test_response_is_an_attachment_with_a_readable_file_name(self) -> None:
        response = xlsx_response(b"data", "Đảng bộ huyện Bình Lục 2023")
        self.assertEqual(response["Content-Type"], XLSX)
        self.assertIn(
            'filename="dang-bo-huyen-binh-luc-2023.xlsx"', response["Content-Disposition"]
        )
