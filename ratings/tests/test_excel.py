"""The ratings exports: real xlsx files opened with openpyxl, cells checked against the records."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from common.xlsx import XLSX
from ratings.models import OrganisationRating
from ratings.tests.base import OLD, RatingsViewTestCase, expected_percent_text
from ratings.tests.factories import rate


def rows_after_header(sheet: Any, first_header: str) -> tuple[list[Any], list[list[Any]]]:
    """The header row (found by its first cell) and the rows below it, as plain values."""
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    index = next(n for n, row in enumerate(values) if row and row[0] == first_header)
    return values[index], values[index + 1 :]


class ExcelTests(RatingsViewTestCase):
    def download(self, user: User, name: str, **params: Any) -> Any:
        self.login(user)
        response = self.client.get(reverse(f"ratings:{name}"), params)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], XLSX)
        return load_workbook(io.BytesIO(response.content))

    def test_the_ratings_list_exports_the_filtered_rows(self) -> None:
        book = self.download(self.viewer, "rating-list-xlsx", year=2023, rank="htxsnv")
        sheet = book["Xếp loại tổ chức đảng"]
        header, rows = rows_after_header(sheet, "Tổ chức đảng")
        self.assertEqual(
            header[:7],
            [
                "Tổ chức đảng",
                "Năm",
                "Thang xếp loại",
                "Điểm",
                "Mức xếp loại",
                "Tổ chức cơ sở đảng",
                "Cấp quyết định xếp loại",
            ],
        )
        expected = OrganisationRating.objects.filter(
            unit__path__startswith=self.party_province.path, year=2023, rank="htxsnv"
        ).count()
        self.assertEqual(len(rows), expected)
        row = next(r for r in rows if r[0] == "Chi bộ doanh nghiệp 26")
        self.assertEqual(
            row,
            [
                "Chi bộ doanh nghiệp 26",
                2023,
                "Bốn mức, không chấm điểm (132-QĐ/TW, 124-QĐ/TW)",
                None,
                "Hoàn thành xuất sắc nhiệm vụ",
                "Có",
                "Đảng bộ Khối doanh nghiệp tỉnh",
                "Có",
                "Thành tích đặc biệt trong cứu hộ bão lũ.",
                None,
            ],
        )

    def test_scores_of_the_100_point_scale_are_numbers(self) -> None:
        rate(self.cells_one[0], "httnv", actor=self.office, score="85.5")
        book = self.download(self.office, "rating-list-xlsx", year=2025)
        _header, rows = rows_after_header(book["Xếp loại tổ chức đảng"], "Tổ chức đảng")
        self.assertEqual(
            rows[0][:5],
            [
                "Chi bộ cơ quan 01",
                2025,
                "Thang 100 điểm (366-QĐ/TW)",
                85.5,
                "Hoàn thành tốt nhiệm vụ",
            ],
        )

    def test_member_summaries_export_one_column_per_rank(self) -> None:
        book = self.download(self.viewer, "summary-list-xlsx", year=2023)
        sheet = book.worksheets[0]
        self.assertTrue(sheet.title.startswith("Bốn mức, không chấm điểm"))
        header, rows = rows_after_header(sheet, "Tổ chức đảng")
        self.assertEqual(
            header,
            [
                "Tổ chức đảng",
                "Năm",
                "Hoàn thành xuất sắc nhiệm vụ",
                "Hoàn thành tốt nhiệm vụ",
                "Hoàn thành nhiệm vụ",
                "Không hoàn thành nhiệm vụ",
                "Tổng số đảng viên được xếp loại",
                "Số hoàn thành tốt nhiệm vụ trở lên",
                "Tỷ lệ (%)",
                "Ghi chú",
            ],
        )
        one = next(r for r in rows if r[0] == "Đảng bộ Khối các cơ quan tỉnh")
        self.assertEqual(one[1:8], [2023, 70, 480, 45, 5, 600, 550])
        self.assertEqual(f"{one[8]:.1f}".replace(".", ",") + "%", expected_percent_text(550, 600))

    def test_the_rates_per_unit_export_matches_the_records(self) -> None:
        book = self.download(
            self.viewer, "overview-xlsx", unit_id=self.party_province.pk, year=2023
        )
        sheet = book["Tỷ lệ xếp loại"]
        notes = [row[0] for row in sheet.iter_rows(min_row=1, max_row=6, values_only=True)]
        self.assertIn(
            "87,5% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên (49/56; "
            "Bốn mức, không chấm điểm (132-QĐ/TW, 124-QĐ/TW))",
            notes,
        )
        self.assertTrue(any("đạt 91,2%" in str(note) for note in notes))
        header, rows = rows_after_header(sheet, "Tổ chức đảng")
        self.assertEqual(len(header), 7)
        self.assertTrue(header[1].endswith("Tổ chức cơ sở đảng được xếp loại"))
        by_name = {row[0]: row for row in rows}
        grassroots = OrganisationRating.objects.filter(
            unit__path__startswith=self.bloc_one.path, year=2023, is_grassroots=True
        )
        good = grassroots.filter(rank__in=("htxsnv", "httnv")).count()
        self.assertEqual(by_name["Đảng bộ Khối các cơ quan tỉnh"][1:3], [grassroots.count(), good])
        self.assertAlmostEqual(by_name["Đảng bộ Khối các cơ quan tỉnh"][3], 86.7)
        self.assertEqual(by_name["Đảng bộ Khối các cơ quan tỉnh"][4:7], [600, 550, 91.7])
        total = by_name["Cộng: Đảng bộ tỉnh Thử Nghiệm"]
        self.assertEqual(total[1:], [56, 49, 87.5, 1000, 912, 91.2])
        self.assertEqual(by_name["Đảng bộ huyện Một"][1:], [None] * 6)
        quota = book["Tỷ lệ HTXSNV"]
        _header, quota_rows = rows_after_header(quota, "Cấp quyết định xếp loại")
        bloc_two = next(r for r in quota_rows if r[0] == "Đảng bộ Khối doanh nghiệp tỉnh")
        self.assertEqual(bloc_two[2:8], [4, 19, 20, 3.8, "Có", 1])
        self.assertIn("124-QĐ/TW, 20%, chưa xác nhận", bloc_two[8])

    def test_exports_answer_404_outside_scope(self) -> None:
        self.login(self.inspector)
        for name in ("overview-xlsx", "rating-list-xlsx", "summary-list-xlsx"):
            self.assertEqual(self.client.get(reverse(f"ratings:{name}")).status_code, 404)
        self.login(self.bloc_office)
        response = self.client.get(
            reverse("ratings:overview-xlsx"), {"unit_id": self.party_province.pk}
        )
        self.assertEqual(response.status_code, 404)
        book = self.download(self.bloc_office, "rating-list-xlsx", year=2023, scale=OLD)
        _header, rows = rows_after_header(book["Xếp loại tổ chức đảng"], "Tổ chức đảng")
        self.assertEqual(len(rows), 30)
