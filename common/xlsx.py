"""Plain xlsx exports: one or more sheets, each a title, notes, a header row and rows of values.

Screens that export a list or a table of figures build `Sheet`s from the same queries the page
uses, so the file and the page can never disagree; `xlsx_response` sends the workbook.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="DDE3EC")
DATE_FORMAT = "DD/MM/YYYY"
FORBIDDEN_IN_TITLE = "[]:*?/\\"


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    notes: Sequence[str] = field(default_factory=tuple)
    # Column widths in characters; the first column is wider by default.
    widths: Sequence[int] = field(default_factory=tuple)


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\ and at most 31 characters."""
    cleaned = "".join("-" if ch in FORBIDDEN_IN_TITLE else ch for ch in title).strip()
    return (cleaned or "Bảng")[:31]


def _value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, Decimal):
        return value.normalize() if value == value.to_integral_value() else value
    if isinstance(value, int | float | str | dt.date):
        return value
    return str(value)


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as one xlsx file: bold title, notes, a shaded header, dates as dd/mm/yyyy."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    used: set[str] = set()
    for item in sheets:
        title = sheet_title(item.title)
        suffix = 2
        while title in used:
            title = sheet_title(f"{item.title[:27]} ({suffix})")
            suffix += 1
        used.add(title)
        sheet = book.create_sheet(title)
        sheet.append([item.title])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        for note in item.notes:
            sheet.append([note])
        sheet.append([])
        header_row = sheet.max_row + 1
        sheet.append(list(item.header))
        for column in range(1, len(item.header) + 1):
            cell = sheet.cell(row=header_row, column=column)
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for values in item.rows:
            sheet.append([_value(value) for value in values])
            for column, value in enumerate(values, 1):
                if isinstance(value, dt.date):
                    sheet.cell(row=sheet.max_row, column=column).number_format = DATE_FORMAT
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        for column in range(1, len(item.header) + 1):
            width = (
                item.widths[column - 1]
                if column <= len(item.widths)
                else (30 if column == 1 else 16)
            )
            sheet.column_dimensions[get_column_letter(column)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    """Send a workbook as a download named `<slug of name>.xlsx`."""
    response = HttpResponse(content, content_type=XLSX)
    # slugify drops "đ", which has no decomposition: spell it "d" first.
    filename = slugify(name.replace("đ", "d").replace("Đ", "D")) or "bang"
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
