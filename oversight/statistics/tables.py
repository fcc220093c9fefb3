"""The statistical tables (spec party-oversight.md §13.2–§13.4), counted from plain fact rows.

Nothing here reads the database: each builder takes the facts of `facts.py`, the lines of the
report (`LineScope`) and the period's first and last day, and returns a `Table`.

Counting rules, stated on screen with each table (`Table.rule`) and in `GENERAL_RULES`:

- Activity is counted in the period containing the case's start (`started_on`, else
  `decided_on`); results (có vi phạm, phải thi hành kỷ luật) in the period containing
  `concluded_on`; cases only planned (du_kien) or cancelled (huy) are not counted.
- "Lượt" is the number of (case, subject) pairs; "không trùng" the number of distinct subjects
  (`subject_identity`). Organisations and members are counted in separate tables.
- Only cases the organisation conducts itself (chủ trì) count in its own lines and totals;
  directing a lower level (chỉ đạo) and joining a higher level (phối hợp) have their own lines.
- Breakdown columns (cấp ủy viên, nội dung, kết quả) count pairs (lượt); a subject counts once
  in each of its content categories, so content columns may add up to more than the total.
- Discipline: one decision is one count, in the period of its `decided_on`, including
  decisions later changed after a complaint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from oversight.models import (
    MEMBER_FORMS,
    ORGANISATION_FORMS,
    SUPERVISION_TYPES,
    ComplaintContent,
    ComplaintResult,
    Denunciation,
    DisciplineDecision,
    DisciplineForm,
    FinanceSubject,
    Letter,
    LetterKind,
    ManagementLevel,
    MemberContent,
    OrganisationContent,
    OversightCase,
    OversightType,
    SubjectKind,
)
from oversight.statistics.facts import (
    ComplaintFact,
    DecisionFact,
    DenunciationFact,
    Facts,
    LetterFact,
    SubjectFact,
)

CHU_TRI = OversightCase.Mode.CHU_TRI.value
CHI_DAO = OversightCase.Mode.CHI_DAO.value
PHOI_HOP = OversightCase.Mode.PHOI_HOP.value

# "Cấp ủy các cấp" and "Ủy ban kiểm tra các cấp" as performers (spec §3.1).
COMMITTEE_PERFORMERS = frozenset(
    {
        SubjectKind.CAP_UY.value,
        SubjectKind.BAN_THUONG_VU.value,
        SubjectKind.THUONG_TRUC.value,
        SubjectKind.CHI_BO.value,
        SubjectKind.DANG_UY_BO_PHAN.value,
        SubjectKind.CO_QUAN_THAM_MUU.value,
    }
)
COMMISSION_PERFORMERS = frozenset({SubjectKind.UBKT.value})
SUPERVISION = frozenset(str(code) for code in SUPERVISION_TYPES)
INSPECTION = frozenset(OversightType.values) - SUPERVISION
SIGNS_OF_VIOLATION = frozenset({OversightType.KT_DHVP_TC.value, OversightType.KT_DHVP_DV.value})

# Who decided a discipline: tables 13 (cấp ủy, chi bộ) and 14 (UBKT).
Body = DisciplineDecision.BodyKind
COMMITTEE_BODIES = frozenset(
    {Body.CAP_UY.value, Body.BAN_THUONG_VU.value, Body.CHI_BO.value, Body.DANG_UY_CO_SO.value}
)
COMMISSION_BODIES = frozenset({Body.UBKT.value})

GENERAL_RULES: tuple[str, ...] = (
    "Phạm vi: các cuộc, vụ việc của tổ chức đảng đã chọn và mọi tổ chức đảng trực thuộc "
    "(kể cả tổ chức đã giải thể, sáp nhập trong kỳ). Mỗi tổ chức đảng trực thuộc trực tiếp "
    "có một dòng, gộp cả các tổ chức cấp dưới của nó.",
    "Cuộc kiểm tra, giám sát được tính vào kỳ có ngày bắt đầu (chưa có thì ngày quyết định); "
    "không tính cuộc còn dự kiến hoặc đã hủy. Cột kết quả (có vi phạm, phải thi hành kỷ luật) "
    "tính theo ngày kết luận.",
    "“Lượt” là số cặp (cuộc, đối tượng): một đối tượng trong hai cuộc là hai lượt. "
    "“Không trùng” là số đối tượng khác nhau (đảng viên nhận biết theo số thẻ đảng viên, "
    "nếu không có thì theo họ tên và chi bộ). Tổ chức đảng và đảng viên đếm riêng.",
    "Số không trùng của dòng Tổng cộng có thể nhỏ hơn tổng các dòng, vì một đối tượng có thể "
    "thuộc nhiều dòng.",
    "Chỉ tính vào tổng các cuộc tổ chức đảng tự tiến hành (chủ trì); chỉ đạo cấp dưới và phối "
    "hợp với cấp trên ghi ở dòng riêng, không cộng vào tổng.",
    "Các cột cấp ủy viên, nội dung và kết quả tính theo lượt. Một đối tượng được tính một lần "
    "ở cột tổng và một lần ở mỗi nội dung của nó, nên tổng các cột nội dung có thể lớn hơn "
    "tổng số.",
    "Kỷ luật: mỗi quyết định tính một lần, vào kỳ có ngày quyết định; quyết định đã bị thay "
    "đổi sau khiếu nại vẫn được tính ở kỳ đã quyết định.",
    "Tố cáo: tiếp nhận tính theo ngày nhận, giải quyết theo ngày kết luận. Khiếu nại: tiếp nhận "
    "theo ngày nhận đơn, giải quyết theo ngày giải quyết. Đơn thư: theo ngày nhận.",
)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str = ""  # the merged header cell above it; "" when the column stands alone


@dataclass(frozen=True)
class Line:
    label: str
    kind: str  # own | subordinate | total | chi_dao | phoi_hop
    values: Mapping[str, int]

    def cells(self, columns: Sequence[Column]) -> list[int]:
        return [self.values.get(column.key, 0) for column in columns]


@dataclass(frozen=True)
class HeaderGroup:
    label: str
    span: int
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Table:
    number: int
    title: str
    rule: str
    columns: tuple[Column, ...]
    lines: tuple[Line, ...]

    def line(self, kind: str) -> Line:
        """The first line of a kind: "own", "total", "chi_dao", "phoi_hop"."""
        return next(line for line in self.lines if line.kind == kind)

    @property
    def total(self) -> Line:
        return self.line("total")

    def value(self, key: str, kind: str = "total") -> int:
        return self.line(kind).values.get(key, 0)

    @property
    def header_groups(self) -> list[HeaderGroup]:
        """Consecutive columns sharing a group, for merged header cells."""
        groups: list[HeaderGroup] = []
        for column in self.columns:
            if groups and column.group and groups[-1].label == column.group:
                last = groups[-1]
                groups[-1] = HeaderGroup(last.label, last.span + 1, (*last.columns, column))
            else:
                groups.append(HeaderGroup(column.group, 1, (column,)))
        return groups


@dataclass(frozen=True)
class Subordinate:
    path: str
    name: str
    existed: bool  # existed during the period: shown even when all its figures are zero


@dataclass(frozen=True)
class LineScope:
    """The lines of every table: the organisation itself, each direct subordinate, the total."""

    root_path: str
    root_name: str
    subordinates: tuple[Subordinate, ...] = ()

    def key_of(self, path: str) -> str | None:
        if path == self.root_path:
            return "own"
        for subordinate in self.subordinates:
            if path.startswith(subordinate.path):
                return subordinate.path
        return None

    def contains(self, path: str) -> bool:
        return path.startswith(self.root_path)


F = TypeVar("F", SubjectFact, DecisionFact, DenunciationFact, ComplaintFact, LetterFact)


def _lines(
    scope: LineScope,
    facts: Iterable[F],
    measure: Callable[[list[F]], dict[str, int]],
) -> list[Line]:
    in_scope = [fact for fact in facts if scope.contains(fact.unit_path)]
    grouped: dict[str, list[F]] = {"own": []}
    grouped.update({subordinate.path: [] for subordinate in scope.subordinates})
    for fact in in_scope:
        key = scope.key_of(fact.unit_path)
        if key is not None:
            grouped[key].append(fact)
    lines = [Line(f"{scope.root_name} (cấp mình)", "own", measure(grouped["own"]))]
    for subordinate in scope.subordinates:
        values = measure(grouped[subordinate.path])
        if subordinate.existed or any(values.values()):
            lines.append(Line(subordinate.name, "subordinate", values))
    lines.append(Line("Tổng cộng", "total", measure(in_scope)))
    return lines


def _within(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def _choices(choices: Iterable[tuple[Any, Any]]) -> list[tuple[str, str]]:
    return [(str(code), str(label)) for code, label in choices]


# --- Kiểm tra, giám sát: tables 1–12 ----------------------------------------------------------


@dataclass(frozen=True)
class ActivitySpec:
    number: int
    title: str
    types: frozenset[str]
    performers: frozenset[str] | None  # None: any performer
    organisations: bool
    finance_subject: str = ""
    with_content: bool = True
    rule: str = ""

    def selects(self, fact: SubjectFact) -> bool:
        return (
            fact.type in self.types
            and (self.performers is None or fact.performer_kind in self.performers)
            and fact.is_organisation == self.organisations
            and (not self.finance_subject or fact.finance_subject == self.finance_subject)
        )


_ORG_WORD, _MEMBER_WORD = "tổ chức đảng", "đảng viên"
_BY_COMMITTEES = (
    "cấp ủy, ban thường vụ, thường trực cấp ủy, chi bộ, đảng ủy bộ phận, cơ quan tham mưu"
)
_INSPECTION_WORDS = "mọi loại kiểm tra (trừ giám sát thường xuyên, giám sát chuyên đề)"
_SUPERVISION_WORDS = "giám sát thường xuyên và giám sát chuyên đề"

ACTIVITY_TABLES: tuple[ActivitySpec, ...] = (
    ActivitySpec(
        1,
        "Kiểm tra tổ chức đảng của cấp ủy các cấp",
        INSPECTION,
        COMMITTEE_PERFORMERS,
        True,
        rule=f"{_INSPECTION_WORDS} do {_BY_COMMITTEES} tiến hành; đối tượng là tổ chức đảng.",
    ),
    ActivitySpec(
        2,
        "Kiểm tra đảng viên của cấp ủy các cấp và chi bộ",
        INSPECTION,
        COMMITTEE_PERFORMERS,
        False,
        rule=f"{_INSPECTION_WORDS} do {_BY_COMMITTEES} tiến hành; đối tượng là đảng viên.",
    ),
    ActivitySpec(
        3,
        "Giám sát tổ chức đảng của cấp ủy các cấp",
        SUPERVISION,
        COMMITTEE_PERFORMERS,
        True,
        rule=f"{_SUPERVISION_WORDS} do {_BY_COMMITTEES} tiến hành; đối tượng là tổ chức đảng.",
    ),
    ActivitySpec(
        4,
        "Giám sát đảng viên của cấp ủy các cấp và chi bộ",
        SUPERVISION,
        COMMITTEE_PERFORMERS,
        False,
        rule=f"{_SUPERVISION_WORDS} do {_BY_COMMITTEES} tiến hành; đối tượng là đảng viên.",
    ),
    ActivitySpec(
        5,
        "Giám sát tổ chức đảng của Ủy ban kiểm tra các cấp",
        SUPERVISION,
        COMMISSION_PERFORMERS,
        True,
        rule=f"{_SUPERVISION_WORDS} do ủy ban kiểm tra tiến hành; đối tượng là tổ chức đảng.",
    ),
    ActivitySpec(
        6,
        "Giám sát đảng viên của Ủy ban kiểm tra các cấp",
        SUPERVISION,
        COMMISSION_PERFORMERS,
        False,
        rule=f"{_SUPERVISION_WORDS} do ủy ban kiểm tra tiến hành; đối tượng là đảng viên.",
    ),
    ActivitySpec(
        7,
        "Kiểm tra tổ chức đảng khi có dấu hiệu vi phạm",
        SIGNS_OF_VIOLATION,
        COMMISSION_PERFORMERS,
        True,
        rule="Kiểm tra khi có dấu hiệu vi phạm (tổ chức đảng hoặc đảng viên) do ủy ban kiểm "
        "tra tiến hành; đối tượng là tổ chức đảng.",
    ),
    ActivitySpec(
        8,
        "Kiểm tra đảng viên khi có dấu hiệu vi phạm",
        SIGNS_OF_VIOLATION,
        COMMISSION_PERFORMERS | {SubjectKind.CHI_BO.value},
        False,
        rule="Kiểm tra khi có dấu hiệu vi phạm (tổ chức đảng hoặc đảng viên) do ủy ban kiểm "
        "tra hoặc chi bộ tiến hành; đối tượng là đảng viên.",
    ),
    ActivitySpec(
        9,
        "Kiểm tra tổ chức đảng cấp dưới thực hiện nhiệm vụ kiểm tra, giám sát",
        frozenset({OversightType.KT_THUC_HIEN_NV_KTGS.value}),
        None,
        True,
        with_content=False,
        rule="Loại “kiểm tra thực hiện nhiệm vụ kiểm tra, giám sát”, mọi chủ thể; đối tượng "
        "là tổ chức đảng.",
    ),
    ActivitySpec(
        10,
        "Kiểm tra việc thi hành kỷ luật của tổ chức đảng cấp dưới",
        frozenset({OversightType.KT_THI_HANH_KY_LUAT.value}),
        None,
        True,
        with_content=False,
        rule="Loại “kiểm tra việc thi hành kỷ luật trong Đảng”, mọi chủ thể; đối tượng là tổ "
        "chức đảng.",
    ),
    ActivitySpec(
        11,
        "Kiểm tra tài chính đảng — thu, nộp, quản lý và sử dụng đảng phí",
        frozenset({OversightType.KT_TAI_CHINH.value}),
        None,
        True,
        finance_subject=FinanceSubject.DANG_PHI.value,
        with_content=False,
        rule="Loại “kiểm tra tài chính đảng” với nội dung đảng phí, mọi chủ thể; đối tượng là "
        "tổ chức đảng.",
    ),
    ActivitySpec(
        12,
        "Kiểm tra tài chính đảng — tài chính, ngân sách",
        frozenset({OversightType.KT_TAI_CHINH.value}),
        None,
        True,
        finance_subject=FinanceSubject.TAI_CHINH_NGAN_SACH.value,
        with_content=False,
        rule="Loại “kiểm tra tài chính đảng” với nội dung tài chính, ngân sách, sản xuất kinh "
        "doanh, mọi chủ thể; đối tượng là tổ chức đảng.",
    ),
)


def activity_columns(spec: ActivitySpec) -> tuple[Column, ...]:
    word = _ORG_WORD if spec.organisations else _MEMBER_WORD
    count_group = f"Số {word} đã kiểm tra, giám sát"
    columns = [
        Column("luot", "Lượt", count_group),
        Column("distinct", "Không trùng", count_group),
    ]
    if not spec.organisations:
        columns.append(Column("cap_uy_vien", "Trong đó cấp ủy viên (lượt)", count_group))
    if spec.with_content:
        contents = OrganisationContent.choices if spec.organisations else MemberContent.choices
        columns += [
            Column(f"nd:{code}", label, "Nội dung (lượt)") for code, label in _choices(contents)
        ]
    result_group = "Kết quả (theo ngày kết luận, lượt)"
    columns += [
        Column("co_vi_pham", "Có vi phạm", result_group),
        Column("phai_ky_luat", "Phải thi hành kỷ luật", result_group),
    ]
    return tuple(columns)


def _activity_measure(
    spec: ActivitySpec, columns: Sequence[Column], start: dt.date, end: dt.date
) -> Callable[[list[SubjectFact]], dict[str, int]]:
    contents = [column.key[3:] for column in columns if column.key.startswith("nd:")]

    def measure(facts: list[SubjectFact]) -> dict[str, int]:
        active = [fact for fact in facts if _within(fact.activity_on, start, end)]
        concluded = [fact for fact in facts if _within(fact.concluded_on, start, end)]
        values = {
            "luot": len(active),
            "distinct": len({fact.identity for fact in active}),
            "co_vi_pham": sum(fact.has_violation for fact in concluded),
            "phai_ky_luat": sum(fact.discipline_required for fact in concluded),
        }
        if not spec.organisations:
            values["cap_uy_vien"] = sum(fact.is_committee_member for fact in active)
        for code in contents:
            values[f"nd:{code}"] = sum(code in fact.content_categories for fact in active)
        return values

    return measure


def activity_table(
    spec: ActivitySpec,
    facts: Iterable[SubjectFact],
    scope: LineScope,
    start: dt.date,
    end: dt.date,
) -> Table:
    """One of tables 1–12: own, subordinate and total lines of cases conducted (chủ trì), then
    the lines of cases directed (chỉ đạo) and joined (phối hợp), which are not in the total."""
    columns = activity_columns(spec)
    measure = _activity_measure(spec, columns, start, end)
    selected = [fact for fact in facts if spec.selects(fact) and scope.contains(fact.unit_path)]
    lines = _lines(scope, [fact for fact in selected if fact.mode == CHU_TRI], measure)
    lines.append(
        Line(
            "Chỉ đạo cấp dưới tiến hành (không cộng vào tổng)",
            "chi_dao",
            measure([fact for fact in selected if fact.mode == CHI_DAO]),
        )
    )
    lines.append(
        Line(
            "Phối hợp với cấp trên tiến hành (không cộng vào tổng)",
            "phoi_hop",
            measure([fact for fact in selected if fact.mode == PHOI_HOP]),
        )
    )
    rule = (
        f"Biểu {spec.number}: {spec.rule} Chỉ tính cuộc tự tiến hành (chủ trì) vào tổng; "
        "tính theo ngày bắt đầu cuộc (chưa có thì ngày quyết định), kết quả theo ngày kết luận."
    )
    if spec.with_content:
        rule += " Tổng các cột nội dung có thể lớn hơn tổng số vì một đối tượng có nhiều nội dung."
    return Table(spec.number, spec.title, rule, columns, tuple(lines))


# --- Thi hành kỷ luật: tables 13–15 -----------------------------------------------------------


def _discipline_table(
    number: int,
    title: str,
    rule: str,
    facts: Iterable[DecisionFact],
    scope: LineScope,
    *,
    organisations: bool,
    bodies: frozenset[str] | None,
    start: dt.date,
    end: dt.date,
) -> Table:
    forms = ORGANISATION_FORMS if organisations else MEMBER_FORMS
    labels = dict(_choices(DisciplineForm.choices))
    word = _ORG_WORD if organisations else _MEMBER_WORD
    columns = [
        Column("total", "Số quyết định", "Tổng số"),
        Column("distinct", f"Số {word} (không trùng)", "Tổng số"),
    ]
    if not organisations:
        columns.append(Column("cap_uy_vien", "Trong đó cấp ủy viên", "Tổng số"))
    columns += [Column(f"form:{form}", labels[form], "Hình thức kỷ luật") for form in forms]
    selected = [
        fact
        for fact in facts
        if fact.is_organisation == organisations
        and (bodies is None or fact.body_kind in bodies)
        and _within(fact.decided_on, start, end)
    ]

    def measure(rows: list[DecisionFact]) -> dict[str, int]:
        values = {
            "total": len(rows),
            "distinct": len({row.identity for row in rows}),
            "cap_uy_vien": sum(row.is_committee_member for row in rows),
        }
        for form in forms:
            values[f"form:{form}"] = sum(row.form == form for row in rows)
        return values

    full_rule = (
        f"Biểu {number}: {rule} Mỗi quyết định kỷ luật tính một lần, vào kỳ có ngày quyết định; "
        "quyết định đã bị thay đổi sau khiếu nại vẫn tính ở kỳ đã quyết định."
    )
    return Table(number, title, full_rule, tuple(columns), tuple(_lines(scope, selected, measure)))


# --- Tố cáo: tables 16–17 -----------------------------------------------------------------------


def _denunciation_table(
    number: int,
    title: str,
    facts: Iterable[DenunciationFact],
    scope: LineScope,
    *,
    organisations: bool,
    start: dt.date,
    end: dt.date,
) -> Table:
    word = _ORG_WORD if organisations else _MEMBER_WORD
    received_group = "Tiếp nhận (theo ngày nhận)"
    columns = [
        Column("received", "Số vụ", received_group),
        Column("distinct", f"Số {word} bị tố cáo (không trùng)", received_group),
    ]
    if not organisations:
        columns.append(Column("cap_uy_vien", "Trong đó cấp ủy viên (vụ)", received_group))
    contents = OrganisationContent.choices if organisations else MemberContent.choices
    columns += [
        Column(f"nd:{code}", label, "Nội dung tố cáo (vụ)") for code, label in _choices(contents)
    ]
    concluded_group = "Đã giải quyết (theo ngày kết luận)"
    columns.append(Column("concluded", "Số vụ", concluded_group))
    columns += [
        Column(f"result:{code}", label, concluded_group)
        for code, label in _choices(Denunciation.Result.choices)
    ]
    columns += [
        Column("co_vi_pham", "Có vi phạm", concluded_group),
        Column("phai_ky_luat", "Phải thi hành kỷ luật", concluded_group),
    ]
    selected = [fact for fact in facts if fact.is_organisation == organisations]
    content_codes = [code for code, _label in _choices(contents)]
    result_codes = [code for code, _label in _choices(Denunciation.Result.choices)]

    def measure(rows: list[DenunciationFact]) -> dict[str, int]:
        received = [row for row in rows if _within(row.received_on, start, end)]
        concluded = [row for row in rows if _within(row.concluded_on, start, end)]
        values = {
            "received": len(received),
            "distinct": len({row.identity for row in received}),
            "cap_uy_vien": sum(row.is_committee_member for row in received),
            "concluded": len(concluded),
            "co_vi_pham": sum(row.has_violation for row in concluded),
            "phai_ky_luat": sum(row.discipline_required for row in concluded),
        }
        for code in content_codes:
            values[f"nd:{code}"] = sum(code in row.content_categories for row in received)
        for code in result_codes:
            values[f"result:{code}"] = sum(row.result == code for row in concluded)
        return values

    rule = (
        f"Biểu {number}: tố cáo đối với {word} do tổ chức đảng trong phạm vi giải quyết. "
        "Tiếp nhận tính theo ngày tổ chức có thẩm quyền nhận; kết quả theo ngày kết luận. Một "
        "vụ có nhiều nội dung được tính ở mỗi nội dung của nó."
    )
    return Table(number, title, rule, tuple(columns), tuple(_lines(scope, selected, measure)))


# --- Khiếu nại kỷ luật: tables 18–20 ----------------------------------------------------------


def _complaint_table(
    number: int,
    title: str,
    rule: str,
    facts: Iterable[ComplaintFact],
    scope: LineScope,
    *,
    select: Callable[[ComplaintFact], bool],
    start: dt.date,
    end: dt.date,
) -> Table:
    received_group = "Tiếp nhận (theo ngày nhận đơn)"
    columns = [Column("received", "Số đơn", received_group)]
    columns += [
        Column(f"content:{code}", label, received_group)
        for code, label in _choices(ComplaintContent.choices)
    ]
    resolved_group = "Đã giải quyết (theo ngày giải quyết)"
    columns.append(Column("resolved", "Số đơn", resolved_group))
    columns += [
        Column(f"result:{code}", label, resolved_group)
        for code, label in _choices(ComplaintResult.choices)
    ]
    content_codes = [code for code, _label in _choices(ComplaintContent.choices)]
    result_codes = [code for code, _label in _choices(ComplaintResult.choices)]

    def measure(rows: list[ComplaintFact]) -> dict[str, int]:
        received = [row for row in rows if _within(row.filed_on, start, end)]
        resolved = [row for row in rows if _within(row.decided_on, start, end)]
        values = {"received": len(received), "resolved": len(resolved)}
        for code in content_codes:
            values[f"content:{code}"] = sum(row.content == code for row in received)
        for code in result_codes:
            values[f"result:{code}"] = sum(row.result == code for row in resolved)
        return values

    selected = [fact for fact in facts if select(fact)]
    full_rule = (
        f"Biểu {number}: {rule} Dòng theo tổ chức đảng đã ra quyết định kỷ luật bị khiếu nại. "
        "Tiếp nhận theo ngày nhận đơn; giải quyết theo ngày giải quyết."
    )
    return Table(number, title, full_rule, tuple(columns), tuple(_lines(scope, selected, measure)))


# --- Đơn thư: table 21 ------------------------------------------------------------------------


def _letter_table(
    facts: Iterable[LetterFact], scope: LineScope, *, start: dt.date, end: dt.date
) -> Table:
    groups: list[tuple[str, str, list[tuple[str, str]]]] = [
        ("kind", "Phân loại đơn", [*_choices(LetterKind.choices), ("", "Chưa phân loại")]),
        ("sender", "Người gửi", _choices(Letter.SenderKind.choices)),
        ("naming", "Danh tính người gửi", _choices(Letter.Naming.choices)),
        ("handling", "Hướng xử lý", [*_choices(Letter.Handling.choices), ("", "Chưa xử lý")]),
        ("level", "Cấp quản lý người bị tố cáo, phản ánh", _choices(ManagementLevel.choices)),
    ]
    columns = [Column("received", "Tổng số đơn", "")]
    for prefix, group, options in groups:
        columns += [Column(f"{prefix}:{code}", label, group) for code, label in options]
    attribute = {
        "kind": "kind",
        "sender": "sender_kind",
        "naming": "naming",
        "handling": "handling",
        "level": "accused_level",
    }

    def measure(rows: list[LetterFact]) -> dict[str, int]:
        received = [row for row in rows if _within(row.received_on, start, end)]
        values = {"received": len(received)}
        for prefix, _group, options in groups:
            for code, _label in options:
                values[f"{prefix}:{code}"] = sum(
                    getattr(row, attribute[prefix]) == code for row in received
                )
        return values

    rule = (
        "Biểu 21: đơn, thư do tổ chức đảng trong phạm vi tiếp nhận, tính theo ngày nhận; mỗi đơn "
        "tính một lần trong mỗi nhóm cột (loại đơn, người gửi, danh tính, hướng xử lý)."
    )
    return Table(
        21, "Tiếp nhận, xử lý đơn thư", rule, tuple(columns), tuple(_lines(scope, facts, measure))
    )


def build_tables(facts: Facts, scope: LineScope, start: dt.date, end: dt.date) -> list[Table]:
    """Tables 1–21 for the period [start, end]."""
    tables = [activity_table(spec, facts.subjects, scope, start, end) for spec in ACTIVITY_TABLES]
    tables += [
        _discipline_table(
            13,
            "Thi hành kỷ luật đảng viên của cấp ủy các cấp và chi bộ",
            "quyết định kỷ luật đảng viên do cấp ủy, ban thường vụ, chi bộ, đảng ủy cơ sở ban "
            "hành.",
            facts.decisions,
            scope,
            organisations=False,
            bodies=COMMITTEE_BODIES,
            start=start,
            end=end,
        ),
        _discipline_table(
            14,
            "Thi hành kỷ luật đảng viên của Ủy ban kiểm tra các cấp",
            "quyết định kỷ luật đảng viên do ủy ban kiểm tra ban hành.",
            facts.decisions,
            scope,
            organisations=False,
            bodies=COMMISSION_BODIES,
            start=start,
            end=end,
        ),
        _discipline_table(
            15,
            "Thi hành kỷ luật tổ chức đảng",
            "quyết định kỷ luật tổ chức đảng, mọi cơ quan quyết định.",
            facts.decisions,
            scope,
            organisations=True,
            bodies=None,
            start=start,
            end=end,
        ),
        _denunciation_table(
            16,
            "Giải quyết tố cáo đối với đảng viên",
            facts.denunciations,
            scope,
            organisations=False,
            start=start,
            end=end,
        ),
        _denunciation_table(
            17,
            "Giải quyết tố cáo đối với tổ chức đảng",
            facts.denunciations,
            scope,
            organisations=True,
            start=start,
            end=end,
        ),
        _complaint_table(
            18,
            "Giải quyết khiếu nại kỷ luật đảng viên (kỷ luật do cấp ủy các cấp quyết định)",
            "khiếu nại của đảng viên về quyết định kỷ luật do cấp ủy, ban thường vụ, chi bộ, "
            "đảng ủy cơ sở hoặc Trung ương ban hành.",
            facts.complaints,
            scope,
            select=lambda fact: (
                not fact.is_organisation and fact.body_kind not in COMMISSION_BODIES
            ),
            start=start,
            end=end,
        ),
        _complaint_table(
            19,
            "Giải quyết khiếu nại kỷ luật đảng viên (kỷ luật do Ủy ban kiểm tra quyết định)",
            "khiếu nại của đảng viên về quyết định kỷ luật do ủy ban kiểm tra ban hành.",
            facts.complaints,
            scope,
            select=lambda fact: not fact.is_organisation and fact.body_kind in COMMISSION_BODIES,
            start=start,
            end=end,
        ),
        _complaint_table(
            20,
            "Giải quyết khiếu nại kỷ luật tổ chức đảng",
            "khiếu nại của tổ chức đảng về quyết định kỷ luật, mọi cơ quan quyết định.",
            facts.complaints,
            scope,
            select=lambda fact: fact.is_organisation,
            start=start,
            end=end,
        ),
        _letter_table(facts.letters, scope, start=start, end=end),
    ]
    return tables


# --- Headline figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """Distinct organisations and members, with the turns (lượt) behind them."""

    organisations: int
    members: int
    organisation_turns: int = 0
    member_turns: int = 0


@dataclass(frozen=True)
class DisciplineSummary:
    organisations: Mapping[str, int]  # form -> decisions, in ORGANISATION_FORMS order
    members: Mapping[str, int]  # form -> decisions, in MEMBER_FORMS order
    committee_members: int = 0

    @property
    def organisation_total(self) -> int:
        return sum(self.organisations.values())

    @property
    def member_total(self) -> int:
        return sum(self.members.values())


@dataclass(frozen=True)
class Headline:
    """The figures of the report sentences (§13.5); counts are distinct subjects."""

    committee_inspection: Pair  # tables 1–2
    committee_supervision: Pair  # tables 3–4
    commission_supervision: Pair  # tables 5–6
    commission_signs_inspection: Pair  # tables 7–8
    directed_signs_inspection: Pair  # tables 7–8, lines "chỉ đạo"
    joined_inspection: Pair  # every kiểm tra type, any performer, mode phối hợp
    discipline: DisciplineSummary


def _pair(organisations: Table, members: Table, kind: str = "total") -> Pair:
    return Pair(
        organisations.value("distinct", kind),
        members.value("distinct", kind),
        organisations.value("luot", kind),
        members.value("luot", kind),
    )


def joined_inspection(
    facts: Iterable[SubjectFact], scope: LineScope, start: dt.date, end: dt.date
) -> Pair:
    """Subjects of inspections (any type but supervision, any performer) joined with a higher
    level (phối hợp) and started in the period."""
    rows = [
        fact
        for fact in facts
        if fact.mode == PHOI_HOP
        and fact.type in INSPECTION
        and scope.contains(fact.unit_path)
        and _within(fact.activity_on, start, end)
    ]
    organisations = [fact for fact in rows if fact.is_organisation]
    members = [fact for fact in rows if not fact.is_organisation]
    return Pair(
        len({fact.identity for fact in organisations}),
        len({fact.identity for fact in members}),
        len(organisations),
        len(members),
    )


def discipline_summary(
    facts: Iterable[DecisionFact], scope: LineScope, start: dt.date, end: dt.date
) -> DisciplineSummary:
    """Decisions decided in the period by form, every deciding body (one decision, one count)."""
    rows = [
        fact
        for fact in facts
        if scope.contains(fact.unit_path) and _within(fact.decided_on, start, end)
    ]
    organisations = {
        form: sum(fact.is_organisation and fact.form == form for fact in rows)
        for form in ORGANISATION_FORMS
    }
    members = {
        form: sum(not fact.is_organisation and fact.form == form for fact in rows)
        for form in MEMBER_FORMS
    }
    committee = sum(not fact.is_organisation and fact.is_committee_member for fact in rows)
    return DisciplineSummary(organisations, members, committee)


def headline(
    tables: Sequence[Table], facts: Facts, scope: LineScope, start: dt.date, end: dt.date
) -> Headline:
    by_number = {table.number: table for table in tables}
    return Headline(
        committee_inspection=_pair(by_number[1], by_number[2]),
        committee_supervision=_pair(by_number[3], by_number[4]),
        commission_supervision=_pair(by_number[5], by_number[6]),
        commission_signs_inspection=_pair(by_number[7], by_number[8]),
        directed_signs_inspection=_pair(by_number[7], by_number[8], "chi_dao"),
        joined_inspection=joined_inspection(facts.subjects, scope, start, end),
        discipline=discipline_summary(facts.decisions, scope, start, end),
    )
