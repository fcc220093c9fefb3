"""Indicator values in Excel: the template communes fill in, reading it back, and table exports.

Reading is strict on purpose: a file is imported only when every cell is understood, and the dry
run lists every problem with its sheet, row and column, so an office fixes the file once instead
of discovering errors one at a time. Nothing here writes to the database; the import itself is
`monitoring.services.import_values`.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from criteria.engine import NOT_APPLICABLE, Value, Verdict
from criteria.models import SetVersion
from monitoring.forms import EntryField, value_text
from monitoring.models import ValueSheet
from monitoring.services import NOT_APPLICABLE_INPUT, EnteredValue
from units.models import Unit

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# A 50 MB package may hold far more once unzipped; refuse what would not fit in memory.
MAX_UNZIPPED_BYTES = 400 * 1024 * 1024
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the .xls format of Excel 97-2003

VALUES_SHEET = "Số liệu"
HELP_SHEET = "Hướng dẫn"
CODE_HEADER = "Mã ĐVHC"
NAME_HEADER = "Tên đơn vị"
HEADER_LABELS = ("Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Ngưỡng")
HEADER_ROWS = 4
FIRST_DATA_ROW = HEADER_ROWS + 1
FIRST_VALUE_COLUMN = 3
YEAR_LABEL = "Năm số liệu"

STATUS_LABELS = {
    Verdict.MET: "Đạt",
    Verdict.NOT_MET: "Chưa đạt",
    Verdict.UNKNOWN: "Chưa xác định",
}
STATUS_FILLS = {
    Verdict.MET: PatternFill("solid", fgColor="C6EFCE"),
    Verdict.NOT_MET: PatternFill("solid", fgColor="FFC7CE"),
    Verdict.UNKNOWN: PatternFill("solid", fgColor="E7E6E6"),
}
HEADER_FILL = PatternFill("solid", fgColor="DDE3EC")
BOLD = Font(bold=True)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def _same(a: Any, b: str) -> bool:
    return " ".join(_text(a).casefold().split()) == b.casefold()


# Writing ----------------------------------------------------------------------------------------


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in title).strip() or "Bảng"
    return cleaned[:31]


def write_table(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    notes: Sequence[str] = (),
) -> bytes:
    """One sheet: a title, notes, a header and rows; a Verdict cell shows its label and colour."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _sheet_title(title)
    sheet.append([title])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    for note in notes:
        sheet.append([note])
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append(list(header))
    for column in range(1, len(header) + 1):
        cell = sheet.cell(row=header_row, column=column)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        sheet.append([_cell_value(value) for value in values])
        row = sheet.max_row
        for column, value in enumerate(values, 1):
            if isinstance(value, Verdict):
                sheet.cell(row=row, column=column).fill = STATUS_FILLS[value]
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    for column in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 28 if column == 2 else 14
    return _save(workbook)


def _cell_value(value: Any) -> Any:
    if isinstance(value, Verdict):
        return STATUS_LABELS[value]
    if value is None:
        return ""
    if value is NOT_APPLICABLE or isinstance(value, bool):
        return value_text(value)
    if isinstance(value, Decimal):
        return value.normalize() if value == value.to_integral_value() else value
    return value


def template_workbook(
    *,
    fields: Sequence[EntryField],
    thresholds: Mapping[str, str],
    communes: Sequence[Unit],
    values: Mapping[int, Mapping[str, Value]],
    area: Unit,
    year: int,
    on: dt.date,
    sets: Sequence[SetVersion],
) -> bytes:
    """The sheet offices fill in: four header rows, then one row per commune, pre-filled."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = VALUES_SHEET
    sheet.cell(row=1, column=1, value=CODE_HEADER)
    sheet.cell(row=1, column=2, value=NAME_HEADER)
    for offset, label in enumerate(HEADER_LABELS[1:], 2):
        sheet.cell(row=offset, column=2, value=label)
    for index, entry in enumerate(fields):
        column = FIRST_VALUE_COLUMN + index
        sheet.cell(row=1, column=column, value=entry.code).data_type = "s"
        sheet.cell(row=2, column=column, value=entry.name)
        unit = entry.unit or ("Có / Không" if entry.is_boolean else "")
        sheet.cell(row=3, column=column, value=unit)
        sheet.cell(row=4, column=column, value=thresholds.get(entry.code, "chưa xác định"))
        sheet.column_dimensions[get_column_letter(column)].width = 16
    for row in range(1, HEADER_ROWS + 1):
        for column in range(1, FIRST_VALUE_COLUMN + len(fields)):
            cell = sheet.cell(row=row, column=column)
            cell.fill = HEADER_FILL
            cell.font = BOLD if row == 1 else Font(bold=False)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[2].height = 75
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 30
    for offset, commune in enumerate(communes):
        row = FIRST_DATA_ROW + offset
        code_cell = sheet.cell(row=row, column=1, value=commune.code)
        code_cell.number_format = "@"  # keeps leading zeros of the code
        sheet.cell(row=row, column=2, value=commune.name)
        stored = values.get(commune.pk, {})
        for index, entry in enumerate(fields):
            value = stored.get(entry.code)
            if value is None:
                continue
            cell = sheet.cell(row=row, column=FIRST_VALUE_COLUMN + index)
            cell.value = value_text(value) if entry.is_boolean else _cell_value(value)
    last_row = max(FIRST_DATA_ROW + len(communes) - 1, FIRST_DATA_ROW + 200)
    for index, entry in enumerate(fields):
        if not entry.is_boolean:
            continue
        letter = get_column_letter(FIRST_VALUE_COLUMN + index)
        options = "Có,Không,Không áp dụng" if entry.optional else "Có,Không"
        validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=FIRST_VALUE_COLUMN)

    guide = workbook.create_sheet(HELP_SHEET)
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 100
    lines: list[tuple[str, Any]] = [
        (YEAR_LABEL, year),
        ("Địa bàn", f"{area.name} (các xã tại ngày {on.strftime('%d/%m/%Y')})"),
        ("Bộ tiêu chí", "; ".join(f"{v.criteria_set.title} (phiên bản {v.number})" for v in sets)),
        ("", ""),
        (
            "Cách điền",
            f"Trang “{VALUES_SHEET}”: dòng 1 là mã chỉ tiêu, dòng 2 tên chỉ tiêu, "
            "dòng 3 đơn vị tính, dòng 4 ngưỡng áp dụng cho vùng của địa bàn. Không sửa 4 dòng này.",
        ),
        (
            "",
            f"Từ dòng {FIRST_DATA_ROW}: mỗi xã một dòng; cột A là Mã ĐVHC, cột B là tên xã, "
            "các cột sau là giá trị của từng chỉ tiêu.",
        ),
        (
            "Số",
            "Ghi số thập phân bằng dấu phẩy (55,61) hoặc nhập số trực tiếp trong Excel. "
            "Tỷ lệ ghi theo phần trăm (55,61 nghĩa là 55,61%). Không ghi chữ trong ô số.",
        ),
        (
            "Có / Không",
            "Chỉ tiêu Có/Không ghi “Có” hoặc “Không”; “Không áp dụng” chỉ dùng cho "
            "chỉ tiêu có mục “(nếu có)”.",
        ),
        (
            "Ô để trống",
            "Giữ nguyên số liệu đã có. Muốn xóa một giá trị, hãy xóa trên màn hình nhập số liệu.",
        ),
        (
            "Không được",
            "Không gộp ô, không dùng công thức (hãy dán giá trị), không thêm cột mã "
            "chỉ tiêu lạ, không ghi một xã hai lần.",
        ),
        (
            "Trạng thái",
            "Xã đã gửi duyệt hoặc đã được duyệt không nhập được; cấp trên phải trả "
            "lại hoặc mở lại trước.",
        ),
        (
            "Kiểm tra",
            "Khi tải lên, hệ thống kiểm tra toàn bộ tệp và liệt kê mọi lỗi (trang, dòng, "
            "cột); tệp chỉ được nhập khi không còn lỗi nào, và nhập một lần cho tất cả các xã.",
        ),
    ]
    for label, text in lines:
        guide.append([label, text])
        guide.cell(row=guide.max_row, column=1).font = BOLD
        guide.cell(row=guide.max_row, column=2).alignment = Alignment(wrap_text=True)
    return _save(workbook)


# Reading ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an uploaded file, located as Excel shows it."""

    sheet: str
    row: int | None
    column: str
    code: str
    reason: str

    @property
    def where(self) -> str:
        parts = [f"trang “{self.sheet}”"] if self.sheet else []
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column}")
        if self.code:
            parts.append(f"chỉ tiêu {self.code}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason


@dataclass
class ImportPlan:
    """What an upload would write, or why it cannot be written."""

    rows: list[tuple[Unit, dict[str, EnteredValue]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    changes: int = 0
    communes: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def _refuse(reason: str) -> ImportPlan:
    return ImportPlan(problems=[Problem("", None, "", "", reason)])


def open_workbook(source: IO[bytes], *, size: int | None) -> Any:
    """The workbook of an upload, or ValidationError saying in Vietnamese why it cannot be read.

    The size is checked before a byte is read, the signature before the parser runs.
    """
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "Tệp lớn hơn 50 MB, không nhận. Hãy chia theo từng huyện hoặc xóa các trang "
            "không cần thiết rồi tải lại."
        )
    source.seek(0)
    head = source.read(8)
    if head.startswith(OLE_SIGNATURE):
        raise ValidationError(
            "Tệp ở định dạng Excel 97-2003 (.xls); hãy mở bằng Excel và lưu lại dưới dạng .xlsx."
        )
    if not head.startswith(ZIP_SIGNATURE):
        raise ValidationError("Tệp không phải là bảng tính Excel (.xlsx).")
    source.seek(0)
    try:
        with zipfile.ZipFile(source) as package:
            unzipped = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError("Tệp .xlsx bị hỏng, không đọc được.") from error
    if unzipped > MAX_UNZIPPED_BYTES:
        raise ValidationError("Tệp chứa quá nhiều dữ liệu khi giải nén, không nhận.")
    source.seek(0)
    try:
        return load_workbook(source, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ValidationError(
            "Tệp không đọc được như một bảng tính Excel (.xlsx); hãy lưu lại bằng Excel rồi "
            "tải lên lần nữa."
        ) from None


def _code_text(value: Any) -> str:
    if isinstance(value, bool):
        return _text(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _text(value)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_formula(cell: Cell) -> bool:
    value = cell.value
    return cell.data_type == "f" or (isinstance(value, str) and value.lstrip().startswith("="))


def _same_value(entered: EnteredValue, current: Value | None) -> bool:
    if entered == NOT_APPLICABLE_INPUT:
        return current is NOT_APPLICABLE
    if isinstance(entered, bool) or isinstance(current, bool):
        return entered is current
    return entered == current


def read_upload(
    source: IO[bytes],
    *,
    size: int | None,
    fields: Sequence[EntryField],
    communes: Sequence[Unit],
    writable: set[int],
    sheets: Mapping[int, ValueSheet],
    current: Mapping[int, Mapping[str, Value]],
    area: Unit,
    year: int,
) -> ImportPlan:
    """Check an uploaded template against the sets, the area and the user's scope (a dry run)."""
    try:
        workbook = open_workbook(source, size=size)
    except ValidationError as error:
        return _refuse(" ".join(error.messages))
    if VALUES_SHEET not in workbook.sheetnames:
        return _refuse(
            f"Tệp không đúng mẫu: không có trang “{VALUES_SHEET}”. Hãy tải mẫu từ hệ thống."
        )
    sheet = workbook[VALUES_SHEET]
    problems: list[Problem] = []

    def problem(row: int | None, column: int | None, code: str, reason: str) -> None:
        letter = get_column_letter(column) if column else ""
        problems.append(Problem(VALUES_SHEET, row, letter, code, reason))

    if HELP_SHEET in workbook.sheetnames:
        guide = workbook[HELP_SHEET]
        for label, value, *_rest in guide.iter_rows(min_row=1, max_row=5, values_only=True):
            if _same(label, YEAR_LABEL) and _code_text(value) and _code_text(value) != str(year):
                problems.append(
                    Problem(
                        HELP_SHEET,
                        None,
                        "",
                        "",
                        f"Tệp là mẫu số liệu năm {_code_text(value)}, đang nhập cho năm {year}.",
                    )
                )

    if not _same(sheet.cell(row=1, column=1).value, CODE_HEADER) or not _same(
        sheet.cell(row=1, column=2).value, NAME_HEADER
    ):
        return ImportPlan(
            problems=[
                *problems,
                Problem(
                    VALUES_SHEET,
                    1,
                    "A",
                    "",
                    f"Tệp không đúng mẫu: dòng 1 phải bắt đầu bằng “{CODE_HEADER}”, "
                    f"“{NAME_HEADER}” rồi đến mã các chỉ tiêu. Hãy tải mẫu từ hệ thống.",
                ),
            ]
        )

    by_code = {entry.code: entry for entry in fields}
    columns: dict[int, EntryField] = {}
    seen_codes: dict[str, int] = {}
    last_column = sheet.max_column
    for column in range(FIRST_VALUE_COLUMN, last_column + 1):
        cell = sheet.cell(row=1, column=column)
        code = _code_text(cell.value)
        if not code:
            continue
        if _is_formula(cell):
            problem(1, column, code, "Ô tiêu đề chứa công thức; hãy dùng mẫu của hệ thống.")
            continue
        if code in seen_codes:
            problem(
                1,
                column,
                code,
                f"Mã chỉ tiêu bị lặp (đã có ở cột {get_column_letter(seen_codes[code])}).",
            )
            continue
        seen_codes[code] = column
        entry = by_code.get(code)
        if entry is None:
            problem(
                1,
                column,
                code,
                f"Mã chỉ tiêu “{code}” không có trong bộ tiêu chí áp dụng năm {year} "
                "(tệp không đúng mẫu).",
            )
            continue
        columns[column] = entry
    if not columns and not problems:
        problem(1, FIRST_VALUE_COLUMN, "", "Tệp không đúng mẫu: dòng 1 không có mã chỉ tiêu nào.")

    for merged in sheet.merged_cells.ranges:
        if merged.max_row >= FIRST_DATA_ROW:
            problem(
                max(merged.min_row, FIRST_DATA_ROW),
                merged.min_col,
                "",
                f"Vùng số liệu có ô gộp ({merged.coord}); hãy bỏ gộp ô.",
            )

    by_unit_code: dict[str, list[Unit]] = {}
    for commune in communes:
        by_unit_code.setdefault(commune.code, []).append(commune)
    seen_units: dict[int, int] = {}
    plan = ImportPlan()
    for row_cells in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_row=sheet.max_row):
        row = row_cells[0].row
        assert row is not None
        if all(_is_empty(cell.value) for cell in row_cells):
            continue  # empty rows are skipped silently
        code_cell, name_cell = row_cells[0], row_cells[1] if len(row_cells) > 1 else None
        unit_code = _code_text(code_cell.value)
        name = _text(name_cell.value) if name_cell is not None else ""
        label = f"“{name}”" if name else f"dòng {row}"
        if not unit_code:
            problem(row, 1, "", f"Thiếu Mã ĐVHC của {label}.")
            continue
        if _is_formula(code_cell):
            problem(row, 1, "", "Ô Mã ĐVHC chứa công thức; hãy ghi mã.")
            continue
        candidates = by_unit_code.get(unit_code) or by_unit_code.get(unit_code.zfill(5)) or []
        if not candidates:
            problem(
                row,
                1,
                "",
                f"Mã ĐVHC “{unit_code}” không phải một xã của {area.name} trong phạm vi "
                "bạn được xem.",
            )
            continue
        if len(candidates) > 1:
            problem(row, 1, "", f"Mã ĐVHC “{unit_code}” ứng với nhiều xã; không xác định được xã.")
            continue
        commune = candidates[0]
        if commune.pk in seen_units:
            problem(
                row,
                1,
                "",
                f"Xã {commune.name} xuất hiện hai lần (dòng {seen_units[commune.pk]} "
                f"và dòng {row}).",
            )
            continue
        seen_units[commune.pk] = row
        if commune.pk not in writable:
            problem(
                row, 1, "", f"Xã {commune.name} nằm ngoài phạm vi bạn được phân quyền nhập số liệu."
            )
            continue
        status_sheet = sheets.get(commune.pk)
        if status_sheet is not None and status_sheet.status != ValueSheet.Status.DRAFT:
            problem(
                row,
                1,
                "",
                f"Số liệu năm {year} của {commune.name} {status_sheet.get_status_display().lower()}"
                "; cấp trên phải trả lại hoặc mở lại trước khi nhập.",
            )
            continue
        values: dict[str, EnteredValue] = {}
        row_ok = True
        stored = current.get(commune.pk, {})
        for column, entry in columns.items():
            if column > len(row_cells):
                continue
            cell = row_cells[column - 1]
            if _is_formula(cell):
                problem(
                    row,
                    column,
                    entry.code,
                    "Ô chứa công thức; hãy thay bằng giá trị (Dán đặc biệt → Giá trị).",
                )
                row_ok = False
                continue
            raw = cell.value
            if _is_empty(raw):
                continue
            if isinstance(raw, dt.datetime | dt.date | dt.time):
                problem(row, column, entry.code, "Ô chứa ngày tháng, không phải giá trị chỉ tiêu.")
                row_ok = False
                continue
            if not isinstance(raw, str | int | float | Decimal | bool):
                problem(
                    row, column, entry.code, "Ô chứa nội dung không đọc được (công thức mảng?)."
                )
                row_ok = False
                continue
            if (
                entry.value_type == "percent"
                and isinstance(raw, int | float)
                and not isinstance(raw, bool)
                and "%" in (cell.number_format or "")
            ):
                raw = Decimal(str(raw)) * 100  # a cell formatted as % holds 0,5561 for 55,61%
            try:
                value = entry.parse(raw)
            except ValidationError as error:
                problem(row, column, entry.code, " ".join(error.messages))
                row_ok = False
                continue
            if value is not None:
                values[entry.code] = value
        if row_ok and values:
            plan.rows.append((commune, values))
            plan.changes += sum(
                not _same_value(value, stored.get(code)) for code, value in values.items()
            )
    plan.problems = problems
    plan.communes = len(plan.rows)
    if not plan.rows and not problems:
        plan.problems.append(
            Problem(VALUES_SHEET, None, "", "", "Tệp không có dòng số liệu nào để nhập.")
        )
    return plan
