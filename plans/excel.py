"""Targets (chỉ tiêu) of a plan in Excel: the template, reading it back (a dry run), the import,
and the export of the year's results.

Reading is as strict as the indicator template of `monitoring.excel`, whose generic helpers it
uses (opening the upload, `Problem`, and the private cell helpers `_text`, `_code_text`,
`_is_empty`, `_is_formula`, `_same`, `_save`, imported on purpose rather than copied): a file
is imported only when every cell is understood, and the dry run lists every problem with its
sheet, row, column letter and reason.

What a file may change depends on the plan:

- a draft takes new targets (rows with a new code) and plan values for the year;
- an approved plan takes only actuals with their source and note; any other changed cell is an
  error naming its row and column;
- a superseded version takes nothing.

Cells of an existing target's description (name, group, …) are compared, never written: those
are edited on the plan's own page. A blank number cell keeps the figure already stored.
The import (`import_targets`) writes through `plans.services.targets` in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from audit import services as audit
from common import formats
from monitoring.excel import (
    BOLD,
    HEADER_FILL,
    HELP_SHEET,
    Problem,
    _code_text,
    _is_empty,
    _is_formula,
    _same,
    _save,
    _text,
    open_workbook,
    write_table,
)
from monitoring.forms import parse_number
from plans.models import Plan, Target, TargetActual, TargetPlanValue
from plans.rules import phrasing
from plans.rules.targets import Direction
from plans.services import targets as target_services
from plans.services.plans import current_status

TARGETS_SHEET = "Chỉ tiêu"
HEADER_ROWS = 2
FIRST_DATA_ROW = HEADER_ROWS + 1
YEAR_LABEL = "Năm"
PLAN_LABEL = "Mã chương trình"

# Columns, 1-based, as Excel letters them A … K.
CODE, NAME, GROUP, UNIT, DIRECTION, BASELINE, BASELINE_YEAR, PLAN, ACTUAL, SOURCE, NOTE = range(
    1, 12
)
COLUMN_COUNT = NOTE

DIRECTION_WORDS = {
    Direction.HIGHER_IS_BETTER: "tăng",
    Direction.LOWER_IS_BETTER: "giảm",
    Direction.RANGE: "khoảng",
}
_RANGE = re.compile(r"^\s*(-?[\d.,]+)\s*(?:–|—|-|đến)\s*(-?[\d.,]+)\s*$")
_MAX_YEAR_GAP = 10


def headers(year: int) -> list[str]:
    return [
        "Mã",
        "Tên chỉ tiêu",
        "Nhóm",
        "Đơn vị tính",
        "Chiều (tăng/giảm/khoảng)",
        "Giá trị gốc",
        "Năm gốc",
        f"Kế hoạch {year}",
        f"Thực hiện {year}",
        "Nguồn số liệu",
        "Ghi chú",
    ]


def _letter(column: int) -> str:
    return get_column_letter(column)


def _figure(value: Decimal | None) -> Decimal | None:
    """55.6000 -> 55.6, 100.0000 -> 100 (not 1E+2)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _shown(value: Decimal | None) -> str:
    return formats.number(_figure(value)) if value is not None else ""


def range_text(low: Decimal | None, high: Decimal | None) -> str:
    """A range plan as the template writes it: "0,8–1"."""
    if low is None or high is None:
        return ""
    return f"{_shown(low)}–{_shown(high)}"


# Writing ----------------------------------------------------------------------------------------


def template_workbook(plan: Plan, year: int) -> bytes:
    """The sheet of a plan's targets for a year, pre-filled, and a guide in Vietnamese."""
    targets = list(plan.targets.all())
    planned = {
        row.target_id: row for row in TargetPlanValue.objects.filter(target__plan=plan, year=year)
    }
    actuals = {
        row.target_id: row for row in TargetActual.objects.filter(target__plan=plan, year=year)
    }
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = TARGETS_SHEET
    hints = [
        "không sửa mã đã có",
        "",
        "; ".join(str(label) for label in Target.Group.labels),
        "",
        "tăng / giảm / khoảng",
        "số",
        "năm",
        "số; khoảng ghi 0,8–1",
        "số",
        "",
        "",
    ]
    for column, (label, hint) in enumerate(zip(headers(year), hints, strict=True), 1):
        top = sheet.cell(row=1, column=column, value=label)
        top.font, top.fill = BOLD, HEADER_FILL
        top.alignment = Alignment(wrap_text=True, vertical="top")
        below = sheet.cell(row=2, column=column, value=hint or None)
        below.font, below.fill = Font(italic=True), HEADER_FILL
        below.alignment = Alignment(wrap_text=True, vertical="top")
    for offset, target in enumerate(targets):
        row = FIRST_DATA_ROW + offset
        code = sheet.cell(row=row, column=CODE, value=target.code)
        code.number_format = "@"
        sheet.cell(row=row, column=NAME, value=target.name)
        sheet.cell(row=row, column=GROUP, value=str(target.get_group_display()))
        sheet.cell(row=row, column=UNIT, value=target.unit_of_measure or None)
        sheet.cell(row=row, column=DIRECTION, value=DIRECTION_WORDS[Direction(target.direction)])
        sheet.cell(row=row, column=BASELINE, value=_figure(target.baseline))
        sheet.cell(row=row, column=BASELINE_YEAR, value=target.baseline_year)
        value = planned.get(target.pk)
        if value is not None:
            if target.direction == Direction.RANGE:
                sheet.cell(row=row, column=PLAN, value=range_text(value.low, value.high) or None)
            else:
                sheet.cell(row=row, column=PLAN, value=_figure(value.value))
        actual = actuals.get(target.pk)
        if actual is not None:
            sheet.cell(row=row, column=ACTUAL, value=_figure(actual.value))
            sheet.cell(row=row, column=SOURCE, value=actual.source or None)
            sheet.cell(row=row, column=NOTE, value=actual.note or None)
    last_row = FIRST_DATA_ROW + len(targets) + 200
    for column, options in (
        (GROUP, ",".join(str(label) for label in Target.Group.labels)),
        (DIRECTION, ",".join(DIRECTION_WORDS.values())),
    ):
        letter = _letter(column)
        validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
        sheet.add_data_validation(validation)
    widths = {NAME: 45, GROUP: 22, SOURCE: 30, NOTE: 30}
    for column in range(1, COLUMN_COUNT + 1):
        sheet.column_dimensions[_letter(column)].width = widths.get(column, 13)
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=NAME + 1)

    guide = workbook.create_sheet(HELP_SHEET)
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 100
    if plan.status == Plan.Status.DRAFT:
        allowed = (
            "Chương trình đang là dự thảo: được thêm chỉ tiêu mới (dòng có mã mới, ghi đủ tên, "
            f"nhóm, chiều) và ghi kế hoạch năm {year} (cột H). Kết quả thực hiện chỉ ghi được "
            "sau khi chương trình được phê duyệt."
        )
    else:
        allowed = (
            f"Chương trình đã phê duyệt: chỉ nhập kết quả thực hiện năm {year} (cột I), nguồn số "
            "liệu (cột J) và ghi chú (cột K). Sửa ô khác là lỗi; muốn điều chỉnh kế hoạch hãy "
            "tạo phiên bản mới của chương trình."
        )
    lines: list[tuple[str, Any]] = [
        (YEAR_LABEL, year),
        (PLAN_LABEL, plan.pk),
        ("Chương trình", f"{plan.title} ({plan.unit.name}; {plan.get_status_display()})"),
        ("", ""),
        ("Được nhập", allowed),
        (
            "Cách điền",
            f"Trang “{TARGETS_SHEET}”: dòng 1 và 2 là tiêu đề, không sửa. Từ dòng "
            f"{FIRST_DATA_ROW}: mỗi chỉ tiêu một dòng, cột A là mã chỉ tiêu.",
        ),
        (
            "Số",
            "Ghi số thập phân bằng dấu phẩy (55,61) hoặc nhập số trực tiếp trong Excel. Không "
            "ghi chữ trong ô số. Chỉ tiêu theo khoảng ghi kế hoạch dạng “0,8–1”.",
        ),
        ("Ô số để trống", "Giữ nguyên số liệu đã có."),
        (
            "Không được",
            "Không gộp ô, không dùng công thức (hãy dán giá trị), không ghi một mã hai lần, "
            "không sửa tên, nhóm, đơn vị tính, chiều, giá trị gốc của chỉ tiêu đã có.",
        ),
        (
            "Kiểm tra",
            "Khi tải lên, hệ thống kiểm tra toàn bộ tệp và liệt kê mọi lỗi (trang, dòng, cột); "
            "tệp chỉ được nhập khi không còn lỗi nào, và nhập một lần cho tất cả chỉ tiêu.",
        ),
    ]
    for label, text in lines:
        guide.append([label, text])
        guide.cell(row=guide.max_row, column=1).font = BOLD
        guide.cell(row=guide.max_row, column=2).alignment = Alignment(wrap_text=True)
    return _save(workbook)


# Reading ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One value the import would write, for the dry run page."""

    code: str
    name: str
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class NewTarget:
    row: int
    code: str
    name: str
    group: str
    unit_of_measure: str
    direction: Direction
    baseline: Decimal | None
    baseline_year: int | None


@dataclass(frozen=True)
class PlanValue:
    code: str
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None


@dataclass(frozen=True)
class Actual:
    code: str
    value: Decimal
    source: str
    note: str
    expected_version: int | None


@dataclass
class TargetImport:
    """What an upload would write to a plan for a year, or why it cannot be written."""

    plan: Plan
    year: int
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    new_targets: list[NewTarget] = field(default_factory=list)
    plan_values: list[PlanValue] = field(default_factory=list)
    actuals: list[Actual] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.changes)


class _Reader:
    """Reads the rows of one sheet, collecting every problem."""

    def __init__(self, plan: Plan, year: int) -> None:
        self.plan, self.year = plan, year
        self.result = TargetImport(plan=plan, year=year)

    def problem(self, row: int | None, column: int | None, code: str, reason: str) -> None:
        letter = _letter(column) if column else ""
        self.result.problems.append(Problem(TARGETS_SHEET, row, letter, code, reason))

    def number(
        self, cell: Cell, code: str, *, percent: bool = False
    ) -> tuple[bool, Decimal | None]:
        """(understood, value) of a number cell; a problem is recorded when not understood."""
        raw = cell.value
        row, column = cell.row, cell.column
        assert isinstance(row, int) and isinstance(column, int)
        label = headers(self.year)[column - 1]
        if isinstance(raw, bool) or isinstance(raw, dt.datetime | dt.date | dt.time):
            self.problem(row, column, code, f"{label}: ô phải chứa một số.")
            return False, None
        if isinstance(raw, int | float | Decimal):
            number = Decimal(str(raw))
            if percent and "%" in (cell.number_format or ""):
                number *= 100  # a cell formatted as % holds 0,5561 for 55,61%
        elif isinstance(raw, str):
            try:
                number = parse_number(raw)
            except ValueError:
                self.problem(row, column, code, f"{label}: “{raw.strip()}” không phải là số.")
                return False, None
        else:
            self.problem(row, column, code, f"{label}: ô chứa nội dung không đọc được.")
            return False, None
        errors: dict[str, str] = {}
        target_services._check_figure(errors, "value", number)
        if errors:
            self.problem(row, column, code, f"{label}: {errors['value']}")
            return False, None
        return True, number


def _year_cell(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _code_text(value)
    return int(text) if text.isdigit() else None


def _group_of(text: str) -> str | None:
    for value, label in Target.Group.choices:
        if _same(text, str(label)) or _same(text, value):
            return value
    return None


def _direction_of(text: str) -> Direction | None:
    for direction in Direction:
        if any(
            _same(text, word)
            for word in (DIRECTION_WORDS[direction], direction.value, direction.label)
        ):
            return direction
    return None


def read_upload(source: IO[bytes], *, size: int | None, plan: Plan, year: int) -> TargetImport:
    """Check an uploaded template against the plan and the year (a dry run: nothing written)."""
    reader = _Reader(plan, year)
    result = reader.result
    try:
        workbook = open_workbook(source, size=size)
    except ValidationError as error:
        result.problems.append(Problem("", None, "", "", " ".join(error.messages)))
        return result
    if TARGETS_SHEET not in workbook.sheetnames:
        result.problems.append(
            Problem(
                "",
                None,
                "",
                "",
                f"Tệp không đúng mẫu: không có trang “{TARGETS_SHEET}”. Hãy tải mẫu từ hệ thống.",
            )
        )
        return result
    if plan.status == Plan.Status.SUPERSEDED:
        result.problems.append(
            Problem(
                "",
                None,
                "",
                "",
                "Phiên bản này đã được thay thế; hãy tải mẫu của phiên bản hiện hành.",
            )
        )
        return result
    sheet = workbook[TARGETS_SHEET]

    if HELP_SHEET in workbook.sheetnames:
        for label, value, *_rest in workbook[HELP_SHEET].iter_rows(
            min_row=1, max_row=5, values_only=True
        ):
            text = _code_text(value)
            if _same(label, YEAR_LABEL) and text and text != str(year):
                result.problems.append(
                    Problem(
                        HELP_SHEET,
                        None,
                        "",
                        "",
                        f"Tệp là mẫu năm {text}, đang nhập cho năm {year}.",
                    )
                )
            if _same(label, PLAN_LABEL) and text and text != str(plan.pk):
                result.problems.append(
                    Problem(
                        HELP_SHEET,
                        None,
                        "",
                        "",
                        "Tệp là mẫu của một chương trình, kế hoạch khác; hãy tải mẫu của "
                        "chương trình này.",
                    )
                )

    expected = headers(year)
    for column, label in enumerate(expected, 1):
        if not _same(sheet.cell(row=1, column=column).value, label):
            found = _text(sheet.cell(row=1, column=column).value)
            reader.problem(
                1,
                column,
                "",
                f"Tệp không đúng mẫu: cột {_letter(column)} dòng 1 phải là “{label}”"
                + (f", không phải “{found}”" if found else "")
                + ". Hãy tải mẫu từ hệ thống.",
            )
    if result.problems:
        return result

    for merged in sheet.merged_cells.ranges:
        if merged.max_row >= FIRST_DATA_ROW:
            reader.problem(
                max(merged.min_row, FIRST_DATA_ROW),
                merged.min_col,
                "",
                f"Vùng số liệu có ô gộp ({merged.coord}); hãy bỏ gộp ô.",
            )

    targets = {target.code: target for target in plan.targets.all()}
    planned = {
        row.target_id: row for row in TargetPlanValue.objects.filter(target__plan=plan, year=year)
    }
    actuals = {
        row.target_id: row for row in TargetActual.objects.filter(target__plan=plan, year=year)
    }
    seen: dict[str, int] = {}
    rows = 0
    for cells in sheet.iter_rows(
        min_row=FIRST_DATA_ROW, max_row=sheet.max_row, max_col=max(sheet.max_column, COLUMN_COUNT)
    ):
        row = cells[0].row
        assert row is not None
        if all(_is_empty(cell.value) for cell in cells):
            continue  # empty rows are skipped silently
        rows += 1
        extra = [cell for cell in cells[COLUMN_COUNT:] if not _is_empty(cell.value)]
        for cell in extra:
            reader.problem(
                row, cell.column, "", "Ô ngoài các cột của mẫu (A–K) có nội dung; hãy xóa."
            )
        formulas = [cell for cell in cells[:COLUMN_COUNT] if _is_formula(cell)]
        code = _code_text(cells[CODE - 1].value)
        for cell in formulas:
            reader.problem(
                row,
                cell.column,
                code,
                "Ô chứa công thức; hãy thay bằng giá trị (Dán đặc biệt → Giá trị).",
            )
        if formulas or extra:
            continue
        name = _text(cells[NAME - 1].value)
        if not code:
            label = f"“{name}”" if name else f"dòng {row}"
            reader.problem(row, CODE, "", f"Thiếu mã chỉ tiêu của {label}.")
            continue
        if code in seen:
            reader.problem(
                row,
                CODE,
                code,
                f"Mã chỉ tiêu “{code}” xuất hiện hai lần (dòng {seen[code]} và dòng {row}).",
            )
            continue
        seen[code] = row
        target = targets.get(code)
        if target is None:
            _read_new_target(reader, cells, row, code, name)
        else:
            _read_existing(
                reader, cells, row, target, planned.get(target.pk), actuals.get(target.pk)
            )
    if not rows and not result.problems:
        result.problems.append(
            Problem(TARGETS_SHEET, None, "", "", "Tệp không có dòng chỉ tiêu nào để nhập.")
        )
    elif not result.changes and not result.problems:
        result.problems.append(
            Problem(
                TARGETS_SHEET,
                None,
                "",
                "",
                "Tệp không có thay đổi nào so với số liệu đã có; chưa có gì để nhập.",
            )
        )
    return result


def _approved_refusal(what: str, row: int, column: int) -> str:
    return (
        f"Chương trình đã phê duyệt: không sửa được {what} ở dòng {row}, cột {_letter(column)}"
        "; hãy tạo phiên bản mới để điều chỉnh."
    )


def _read_plan_cell(
    reader: _Reader, cell: Cell, code: str, direction: Direction
) -> tuple[bool, PlanValue | None]:
    """The plan value written in column H, or (False, None) when it is not understood."""
    raw = cell.value
    row = cell.row
    assert isinstance(row, int)
    if _is_empty(raw):
        return True, None
    if direction is Direction.RANGE:
        match = _RANGE.match(_text(raw)) if isinstance(raw, str) else None
        if match is None:
            reader.problem(
                row,
                PLAN,
                code,
                f"Chỉ tiêu theo khoảng: ghi kế hoạch dạng “0,8–1”, không phải “{_text(raw)}”.",
            )
            return False, None
        try:
            low, high = parse_number(match.group(1)), parse_number(match.group(2))
        except ValueError:
            reader.problem(row, PLAN, code, f"“{_text(raw)}” không phải là một khoảng số.")
            return False, None
        if low > high:
            reader.problem(row, PLAN, code, "Cận trên của khoảng kế hoạch phải lớn hơn cận dưới.")
            return False, None
        return True, PlanValue(code, None, low, high)
    understood, value = reader.number(cell, code)
    if not understood:
        return False, None
    return True, PlanValue(code, value, None, None)


def _plan_shown(value: PlanValue | TargetPlanValue | None) -> str:
    if value is None:
        return ""
    if value.low is not None or value.high is not None:
        return range_text(value.low, value.high)
    return _shown(value.value)


def _read_new_target(
    reader: _Reader, cells: Sequence[Cell], row: int, code: str, name: str
) -> None:
    plan, year = reader.plan, reader.year
    if plan.status != Plan.Status.DRAFT:
        reader.problem(
            row,
            CODE,
            code,
            f"Mã chỉ tiêu “{code}” không có trong chương trình; chương trình đã phê duyệt không "
            "thêm được chỉ tiêu (hãy tạo phiên bản mới).",
        )
        return
    ok = True
    if len(code) > Target._meta.get_field("code").max_length:  # type: ignore[operator]
        reader.problem(row, CODE, code, "Mã chỉ tiêu dài quá 20 ký tự.")
        ok = False
    if not name:
        reader.problem(row, NAME, code, f"Chỉ tiêu mới “{code}”: thiếu tên chỉ tiêu.")
        ok = False
    group_text = _text(cells[GROUP - 1].value)
    group = _group_of(group_text)
    if group is None:
        reader.problem(
            row,
            GROUP,
            code,
            f"Nhóm “{group_text}” không hợp lệ; hãy chọn một trong: "
            + "; ".join(str(label) for label in Target.Group.labels)
            + ".",
        )
        ok = False
    direction_text = _text(cells[DIRECTION - 1].value)
    direction = _direction_of(direction_text) if direction_text else Direction.HIGHER_IS_BETTER
    if direction is None:
        reader.problem(
            row,
            DIRECTION,
            code,
            f"Chiều “{direction_text}” không hợp lệ; ghi tăng, giảm hoặc khoảng.",
        )
        ok = False
    unit = _text(cells[UNIT - 1].value)
    percent = "%" in unit
    baseline: Decimal | None = None
    if not _is_empty(cells[BASELINE - 1].value):
        understood, baseline = reader.number(cells[BASELINE - 1], code, percent=percent)
        ok = ok and understood
    baseline_year: int | None = None
    raw_year = cells[BASELINE_YEAR - 1].value
    if not _is_empty(raw_year):
        baseline_year = _year_cell(raw_year)
        if baseline_year is None or not (
            plan.start_year - _MAX_YEAR_GAP <= baseline_year <= plan.end_year
        ):
            reader.problem(
                row,
                BASELINE_YEAR,
                code,
                f"Năm gốc “{_text(raw_year)}” không hợp lý so với thời gian của chương trình "
                f"({plan.start_year}–{plan.end_year}).",
            )
            ok = False
    planned: PlanValue | None = None
    if direction is not None:
        understood, planned = _read_plan_cell(reader, cells[PLAN - 1], code, direction)
        ok = ok and understood
        if planned is not None and not plan.start_year <= year <= plan.end_year:
            reader.problem(
                row,
                PLAN,
                code,
                f"Năm {year} ngoài thời gian của chương trình; không ghi được kế hoạch.",
            )
            ok = False
    for column in (ACTUAL, SOURCE, NOTE):
        if not _is_empty(cells[column - 1].value):
            reader.problem(
                row,
                column,
                code,
                "Chương trình chưa phê duyệt: chưa ghi được kết quả thực hiện ở dòng "
                f"{row}, cột {_letter(column)}.",
            )
            ok = False
    if not ok or group is None or direction is None:
        return
    reader.result.new_targets.append(
        NewTarget(row, code, name, group, unit, direction, baseline, baseline_year)
    )
    reader.result.changes.append(Change(code, name, "Chỉ tiêu mới", "", f"{code}. {name}"))
    if planned is not None:
        reader.result.plan_values.append(planned)
        reader.result.changes.append(
            Change(code, name, f"Kế hoạch {year}", "", _plan_shown(planned))
        )


def _read_existing(
    reader: _Reader,
    cells: Sequence[Cell],
    row: int,
    target: Target,
    planned: TargetPlanValue | None,
    actual: TargetActual | None,
) -> None:
    plan, year, code = reader.plan, reader.year, target.code
    approved = plan.status == Plan.Status.APPROVED
    labels = headers(year)

    def refuse_edit(column: int) -> None:
        what = labels[column - 1].lower()
        if approved:
            reader.problem(row, column, code, _approved_refusal(what, row, column))
        else:
            reader.problem(
                row,
                column,
                code,
                f"Không sửa được {what} của chỉ tiêu đã có qua Excel (dòng {row}, cột "
                f"{_letter(column)}); hãy sửa trên trang chương trình.",
            )

    # The description of an existing target: compared, never written.
    for column, stored in (
        (NAME, target.name),
        (UNIT, target.unit_of_measure),
    ):
        text = _text(cells[column - 1].value)
        if text and text != stored.strip():
            refuse_edit(column)
    group_text = _text(cells[GROUP - 1].value)
    if group_text and _group_of(group_text) != target.group:
        refuse_edit(GROUP)
    direction_text = _text(cells[DIRECTION - 1].value)
    if direction_text and _direction_of(direction_text) != Direction(target.direction):
        refuse_edit(DIRECTION)
    percent = "%" in target.unit_of_measure
    if not _is_empty(cells[BASELINE - 1].value):
        understood, baseline = reader.number(cells[BASELINE - 1], code, percent=percent)
        if understood and baseline != target.baseline:
            refuse_edit(BASELINE)
    raw_year = cells[BASELINE_YEAR - 1].value
    if not _is_empty(raw_year) and _year_cell(raw_year) != target.baseline_year:
        refuse_edit(BASELINE_YEAR)

    # Plan value of the year.
    understood, new_plan = _read_plan_cell(
        reader, cells[PLAN - 1], code, Direction(target.direction)
    )
    if understood and new_plan is not None:
        same = planned is not None and (
            (new_plan.value, new_plan.low, new_plan.high)
            == (planned.value, planned.low, planned.high)
        )
        if not same:
            if approved:
                reader.problem(row, PLAN, code, _approved_refusal("kế hoạch", row, PLAN))
            elif not plan.start_year <= year <= plan.end_year:
                reader.problem(
                    row,
                    PLAN,
                    code,
                    f"Năm {year} ngoài thời gian của chương trình; không ghi được kế hoạch.",
                )
            else:
                reader.result.plan_values.append(new_plan)
                reader.result.changes.append(
                    Change(
                        code,
                        target.name,
                        f"Kế hoạch {year}",
                        _plan_shown(planned),
                        _plan_shown(new_plan),
                    )
                )

    # Actual of the year, with its source and note.
    understood, value = (True, None)
    if not _is_empty(cells[ACTUAL - 1].value):
        understood, value = reader.number(cells[ACTUAL - 1], code, percent=percent)
    if not understood:
        return
    source, note = _text(cells[SOURCE - 1].value), _text(cells[NOTE - 1].value)
    if value is None and actual is None:
        if source or note:
            reader.problem(
                row,
                ACTUAL if approved else SOURCE,
                code,
                "Ghi nguồn số liệu hoặc ghi chú mà chưa có giá trị thực hiện "
                f"(dòng {row}, cột {_letter(ACTUAL)}).",
            )
        return
    old = (actual.value, actual.source.strip(), actual.note.strip()) if actual else None
    new = (value if value is not None else actual.value if actual else None, source, note)
    if old is not None and old[0] == new[0] and old[1:] == new[1:]:
        return
    if not approved:
        column = ACTUAL if value is not None else SOURCE
        reader.problem(
            row,
            column,
            code,
            "Chương trình chưa phê duyệt: chưa ghi được kết quả thực hiện ở dòng "
            f"{row}, cột {_letter(column)}.",
        )
        return
    if not plan.start_year - 1 <= year <= plan.end_year:
        reader.problem(
            row,
            ACTUAL,
            code,
            f"Năm {year} ngoài thời gian của chương trình, không ghi được kết quả.",
        )
        return
    assert new[0] is not None
    reader.result.actuals.append(
        Actual(code, new[0], source, note, actual.version if actual else None)
    )
    for label, before, after in (
        (f"Thực hiện {year}", _shown(old[0]) if old else "", _shown(new[0])),
        ("Nguồn số liệu", old[1] if old else "", source),
        ("Ghi chú", old[2] if old else "", note),
    ):
        if before != after:
            reader.result.changes.append(Change(code, target.name, label, before, after))


# Import -----------------------------------------------------------------------------------------


@transaction.atomic
def import_targets(checked: TargetImport, *, actor: Any) -> int:
    """Write a checked upload through the target services, all or nothing; returns how many
    values were written. A plan whose status changed since the check refuses the whole file."""
    plan, year = checked.plan, checked.year
    if not checked.ok:
        raise ValidationError("Tệp còn lỗi; không nhập gì.")
    status_read = plan.status
    if current_status(plan) != status_read:
        raise ValidationError(
            "Trạng thái của chương trình vừa thay đổi; hãy tải lại mẫu và kiểm tra lại tệp."
        )
    for new in checked.new_targets:
        target_services.add_target(
            plan,
            new.code,
            new.name,
            new.group,
            new.unit_of_measure,
            new.direction,
            new.baseline,
            new.baseline_year,
            actor=actor,
        )
    targets = {target.code: target for target in plan.targets.all()}
    for planned in checked.plan_values:
        target_services.set_plan_value(
            targets[planned.code],
            year,
            planned.value,
            planned.low,
            planned.high,
            actor=actor,
        )
    for actual in checked.actuals:
        target_services.record_actual(
            targets[actual.code],
            year,
            actual.value,
            actual.source,
            actual.note,
            actual.expected_version,
            actor=actor,
        )
    written = len(checked.new_targets) + len(checked.plan_values) + len(checked.actuals)
    audit.record(
        actor,
        "targets.imported",
        plan,
        unit=plan.unit,
        data={
            "year": year,
            "new_targets": len(checked.new_targets),
            "plan_values": len(checked.plan_values),
            "actuals": len(checked.actuals),
        },
    )
    return written


# Export -----------------------------------------------------------------------------------------


def export_workbook(plan: Plan, year: int) -> bytes:
    """The targets with the year's plan, actual, % of plan, change on the year before and the
    assessment; the summary sentence under the title."""
    _summary, sentence = target_services.plan_summary(plan, year)
    header = [
        "Mã",
        "Tên chỉ tiêu",
        "Nhóm",
        "Đơn vị tính",
        "Chiều",
        f"Kế hoạch {year}",
        f"Thực hiện {year}",
        "% kế hoạch",
        f"So với năm {year - 1}",
        "Đánh giá",
    ]
    rows: list[list[Any]] = []
    for target in plan.targets.all():
        result = target_services.target_result(target, year)
        figures = result.figures
        if figures.direction is Direction.RANGE:
            plan_cell: Any = range_text(figures.plan_low, figures.plan_high)
        else:
            plan_cell = figures.plan
        percent = (
            formats.number(result.percent_of_plan, phrasing.PERCENT_OF_PLAN_PLACES)
            if result.percent_of_plan is not None
            else ""
        )
        rows.append(
            [
                target.code,
                target.name,
                str(target.get_group_display()),
                target.unit_of_measure,
                DIRECTION_WORDS[figures.direction],
                plan_cell,
                figures.actual,
                percent,
                phrasing.change_phrase(result.change_on_previous, target.unit_of_measure, ""),
                result.assessment.label,
            ]
        )
    title = f"Kết quả thực hiện chỉ tiêu năm {year} — {plan.title}"
    notes = [
        f"{plan.unit.name}; {plan.get_status_display()}.",
        f"Tổng hợp: {sentence}." if sentence else "Chương trình chưa có chỉ tiêu.",
    ]
    return write_table(title, header, rows, notes=notes)


__all__ = [
    "TARGETS_SHEET",
    "Change",
    "TargetImport",
    "export_workbook",
    "import_targets",
    "read_upload",
    "template_workbook",
]
