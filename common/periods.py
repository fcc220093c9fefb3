"""Reporting periods: months, quarters, 6 and 9 months, years and Party terms."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, get_args

PeriodKind = Literal["month", "quarter", "first_6_months", "first_9_months", "year", "term"]
CalendarKind = Literal["calendar", "dec15"]

TERM_YEARS = 5
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}

_KEY_PATTERNS: list[tuple[re.Pattern[str], PeriodKind]] = [
    (re.compile(r"(\d{4})-M(\d{2})"), "month"),
    (re.compile(r"(\d{4})-Q(\d)"), "quarter"),
    (re.compile(r"(\d{4})-H1"), "first_6_months"),
    (re.compile(r"(\d{4})-9M"), "first_9_months"),
    (re.compile(r"(\d{4})"), "year"),
    (re.compile(r"T(\d{4})"), "term"),
]


@dataclass(frozen=True)
class Period:
    """A reporting period; a term is named by its first year (2020 for 2020–2025)."""

    kind: PeriodKind
    year: int
    index: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in get_args(PeriodKind):
            raise ValueError(f"Kỳ báo cáo không hợp lệ: loại kỳ {self.kind!r}")
        if not 1900 <= self.year <= 2100:
            raise ValueError(f"Kỳ báo cáo không hợp lệ: năm {self.year}")
        if self.kind in ("month", "quarter"):
            name, last = ("tháng", 12) if self.kind == "month" else ("quý", 4)
            if self.index is None or not 1 <= self.index <= last:
                raise ValueError(f"Kỳ báo cáo không hợp lệ: {name} {self.index}")
        elif self.index is not None:
            raise ValueError(f"Kỳ báo cáo không hợp lệ: {self.kind} không có số thứ tự")

    @property
    def start(self) -> date:
        """First day of the period in the calendar year."""
        if self.kind == "month":
            return date(self.year, self._index, 1)
        if self.kind == "quarter":
            return date(self.year, 3 * self._index - 2, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        """Last day of the period in the calendar year, inclusive."""
        if self.kind == "month":
            return _month_end(self.year, self._index)
        if self.kind == "quarter":
            return _month_end(self.year, 3 * self._index)
        if self.kind == "first_6_months":
            return date(self.year, 6, 30)
        if self.kind == "first_9_months":
            return date(self.year, 9, 30)
        if self.kind == "term":
            return date(self.year + TERM_YEARS, 12, 31)
        return date(self.year, 12, 31)

    @property
    def label(self) -> str:
        """The name of the period in reports: "Quý I/2023", "Nhiệm kỳ 2020–2025"."""
        if self.kind == "month":
            return f"Tháng {self.index}/{self.year}"
        if self.kind == "quarter":
            return f"Quý {ROMAN_QUARTERS[self._index]}/{self.year}"
        if self.kind == "first_6_months":
            return f"6 tháng đầu năm {self.year}"
        if self.kind == "first_9_months":
            return f"9 tháng năm {self.year}"
        if self.kind == "year":
            return f"Năm {self.year}"
        return f"Nhiệm kỳ {self.year}–{self.year + TERM_YEARS}"

    @property
    def key(self) -> str:
        """A stable key for URLs and storage: "2023-Q1", "2023-M03", "T2020"."""
        if self.kind == "month":
            return f"{self.year}-M{self._index:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        if self.kind == "first_6_months":
            return f"{self.year}-H1"
        if self.kind == "first_9_months":
            return f"{self.year}-9M"
        if self.kind == "year":
            return str(self.year)
        return f"T{self.year}"

    @classmethod
    def parse(cls, key: str) -> "Period":
        """The period a key names; a bad key raises ValueError."""
        for pattern, kind in _KEY_PATTERNS:
            match = pattern.fullmatch(key)
            if match is None:
                continue
            numbers = [int(group) for group in match.groups()]
            try:
                return cls(kind, numbers[0], numbers[1] if len(numbers) > 1 else None)
            except ValueError:
                raise ValueError(f"Kỳ báo cáo không hợp lệ: {key}") from None
        raise ValueError(f"Kỳ báo cáo không hợp lệ: {key}")

    def previous(self) -> "Period":
        """The same period one step earlier; 6 and 9 months go back one year."""
        if self.kind == "month":
            if self.index == 1:
                return Period("month", self.year - 1, 12)
            return Period("month", self.year, self._index - 1)
        if self.kind == "quarter":
            if self.index == 1:
                return Period("quarter", self.year - 1, 4)
            return Period("quarter", self.year, self._index - 1)
        if self.kind == "term":
            return Period("term", self.year - TERM_YEARS)
        return Period(self.kind, self.year - 1)

    def contains(self, day: date) -> bool:
        """Whether the day falls in the period, calendar years."""
        return self.start <= day <= self.end

    @property
    def _index(self) -> int:
        assert self.index is not None  # checked in __post_init__ for months and quarters
        return self.index


@dataclass(frozen=True)
class ReportingCalendar:
    """How periods map to dates: calendar years, or Party statistics years from 15/12."""

    calendar: CalendarKind = "calendar"

    def __post_init__(self) -> None:
        if self.calendar not in get_args(CalendarKind):
            raise ValueError(f"Lịch báo cáo không hợp lệ: {self.calendar!r}")

    def bounds(self, period: Period) -> tuple[date, date]:
        """First and last day of the period, both inclusive."""
        if self.calendar == "calendar":
            return period.start, period.end
        # Party statistics: the reporting year runs from 15/12 of the year before to 14/12,
        # so every period starts on the 15th of the month before and ends on the 14th.
        before = period.start - timedelta(days=1)
        return date(before.year, before.month, 15), period.end.replace(day=14)

    def contains(self, period: Period, day: date) -> bool:
        """Whether the day falls in the period under this calendar."""
        start, end = self.bounds(period)
        return start <= day <= end


def periods_for_picker(today: date) -> list[Period]:
    """The periods offered when choosing a report period, as of ``today``."""
    year = today.year
    quarter = (today.month - 1) // 3 + 1
    term_year = year - year % TERM_YEARS  # Party congresses sit in 2020, 2025, 2030…
    return [
        Period("year", year),
        Period("year", year - 1),
        *(Period("quarter", year, index) for index in range(1, quarter + 1)),
        *(Period("month", year, index) for index in range(1, today.month + 1)),
        Period("first_6_months", year),
        Period("first_9_months", year),
        Period("term", term_year),
        Period("term", term_year - TERM_YEARS),
    ]


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def period_choices(
    current: Period, today: date, *, years_back: int = 6
) -> list[tuple[str, list[Period]]]:
    """Every period kind of recent years grouped by year, then the Party terms, for a report's
    period chooser; the current period is offered even when it lies further back."""
    groups: list[tuple[str, list[Period]]] = []
    for year in range(today.year, today.year - years_back, -1):
        periods = [
            Period("year", year),
            Period("first_9_months", year),
            Period("first_6_months", year),
            *(Period("quarter", year, index) for index in range(1, 5)),
            *(Period("month", year, index) for index in range(1, 13)),
        ]
        groups.append((str(year), periods))
    term_year = today.year - today.year % TERM_YEARS
    groups.append(("Nhiệm kỳ", [Period("term", term_year), Period("term", term_year - TERM_YEARS)]))
    if not any(current in periods for _label, periods in groups):
        groups.insert(0, ("Đã chọn", [current]))
    return groups
