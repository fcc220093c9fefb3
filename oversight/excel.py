"""The oversight statistics as an xlsx workbook laid out like the official tables.

One sheet per table ("Biểu 1" … "Biểu 21"): title rows (Biểu số N, name, Party organisation,
period with its dates), two header rows with merged group cells, a row of column numbers, one
row per line and the counting rule under the table; then "Tổng hợp" (report sentences and the
comparison with the same period one year earlier) and "Quy tắc đếm".
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from oversight.statistics import GENERAL_RULES, Statistics, Table

HEADER_ROW = 6  # group headers; column headers on the row below
NUMBER_ROW = 8  # (1), (2), …
FIRST_LINE_ROW = 9
RULES_SHEET = "Quy tắc đếm"
SUMMARY_SHEET = "Tổng hợp"

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_FILL = PatternFill("solid", fgColor="DDE3EC")
_THIN = Side(style="thin", color="888888")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, horizontal="center", vertical="center")


def sheet_name(table: Table) -> str:
    return f"Biểu {table.number}"


def _period_line(stats: Statistics) -> str:
    return f"Kỳ báo cáo: {stats.period.label} ({stats.period_text})"


def _header_cell(sheet: Worksheet, row: int, column: int, value: str) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    cell.font, cell.fill, cell.alignment, cell.border = _BOLD, _FILL, _WRAP, _BOX


def write_table_sheet(sheet: Worksheet, table: Table, stats: Statistics) -> None:
    width = len(table.columns) + 1
    sheet.cell(row=1, column=1, value=f"Biểu số {table.number}").font = _BOLD
    sheet.cell(row=2, column=1, value=table.title.upper()).font = _TITLE
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.cell(row=3, column=1, value=f"Tổ chức đảng: {stats.organisation}")
    sheet.cell(row=4, column=1, value=_period_line(stats))
    sheet.cell(row=5, column=1, value=stats.calendar_label)

    _header_cell(sheet, HEADER_ROW, 1, "Đơn vị")
    _header_cell(sheet, HEADER_ROW + 1, 1, "")
    sheet.merge_cells(start_row=HEADER_ROW, start_column=1, end_row=HEADER_ROW + 1, end_column=1)
    column = 2
    for group in table.header_groups:
        if group.label:
            _header_cell(sheet, HEADER_ROW, column, group.label)
            for offset in range(1, group.span):
                _header_cell(sheet, HEADER_ROW, column + offset, "")
            if group.span > 1:
                sheet.merge_cells(
                    start_row=HEADER_ROW,
                    start_column=column,
                    end_row=HEADER_ROW,
                    end_column=column + group.span - 1,
                )
            for offset, item in enumerate(group.columns):
                _header_cell(sheet, HEADER_ROW + 1, column + offset, item.label)
        else:
            _header_cell(sheet, HEADER_ROW, column, group.columns[0].label)
            _header_cell(sheet, HEADER_ROW + 1, column, "")
            sheet.merge_cells(
                start_row=HEADER_ROW, start_column=column, end_row=HEADER_ROW + 1, end_column=column
            )
        column += group.span
    for number in range(1, width + 1):
        cell = sheet.cell(row=NUMBER_ROW, column=number, value=f"({number})")
        cell.alignment, cell.border, cell.font = _WRAP, _BOX, Font(italic=True)

    row = FIRST_LINE_ROW
    for line in table.lines:
        sheet.cell(row=row, column=1, value=line.label).border = _BOX
        for offset, value in enumerate(line.cells(table.columns), start=2):
            sheet.cell(row=row, column=offset, value=value).border = _BOX
        if line.kind == "total":
            for number in range(1, width + 1):
                sheet.cell(row=row, column=number).font = _BOLD
        row += 1
    rule = sheet.cell(row=row + 1, column=1, value=f"Quy tắc đếm: {table.rule}")
    rule.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=width)
    sheet.row_dimensions[row + 1].height = 45

    sheet.column_dimensions["A"].width = 42
    for number in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(number)].width = 13
    sheet.row_dimensions[HEADER_ROW + 1].height = 75
    sheet.freeze_panes = sheet.cell(row=FIRST_LINE_ROW, column=2)


def _write_summary(sheet: Worksheet, stats: Statistics) -> None:
    sheet.append(["Tổng hợp kết quả kiểm tra, giám sát, thi hành kỷ luật"])
    sheet.cell(row=1, column=1).font = _TITLE
    sheet.append([f"Tổ chức đảng: {stats.organisation}"])
    sheet.append([_period_line(stats)])
    sheet.append([])
    for sentence in stats.sentences:
        sheet.append([sentence])
    sheet.append([])
    sheet.append(
        [
            "Chỉ tiêu",
            stats.period.label,
            f"Cùng kỳ: {stats.previous_period.label} ({stats.previous_period_text})",
            "So với cùng kỳ",
        ]
    )
    for column in range(1, 5):
        sheet.cell(row=sheet.max_row, column=column).font = _BOLD
    for row in stats.comparisons:
        sheet.append([row.label, row.current, row.previous, row.change])
    sheet.column_dimensions["A"].width = 60
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 24


def _write_rules(sheet: Worksheet, stats: Statistics) -> None:
    sheet.append(["Quy tắc đếm"])
    sheet.cell(row=1, column=1).font = _TITLE
    sheet.append([_period_line(stats)])
    sheet.append([])
    for rule in GENERAL_RULES:
        sheet.append([rule])
    sheet.append([])
    for table in stats.tables:
        sheet.append([table.rule])
    sheet.column_dimensions["A"].width = 140


def statistics_workbook(stats: Statistics) -> bytes:
    """The workbook of every table of `stats`, with the summary and the counting rules."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for table in stats.tables:
        write_table_sheet(workbook.create_sheet(sheet_name(table)), table, stats)
    _write_summary(workbook.create_sheet(SUMMARY_SHEET), stats)
    _write_rules(workbook.create_sheet(RULES_SHEET), stats)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
