"""Statistics of inspection, supervision, discipline, denunciations, complaints and letters.

The API the screens, the xlsx export and the demo use:

- `statistics_for(root, period, calendar=None) -> Statistics`: tables 1–21, the headline
  figures of the report sentences, the same period one year earlier and the comparison.
- `Statistics.sentences`: the report sentences (`narrative.report_sentences`); the first is
  the activity sentence, the second the discipline sentence.
- `period_bounds(period, calendar)`, `default_calendar()`, `same_period_last_year(period)`.

Counting rules: `tables.py` (module docstring and `GENERAL_RULES`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from common.formats import change_count, short_date
from common.periods import TERM_YEARS, CalendarKind, Period, ReportingCalendar
from oversight.statistics.facts import Facts, load_facts
from oversight.statistics.narrative import report_sentences
from oversight.statistics.tables import (
    GENERAL_RULES,
    Column,
    DisciplineSummary,
    Headline,
    Line,
    LineScope,
    Pair,
    Subordinate,
    Table,
    build_tables,
    headline,
)
from units.models import Unit

__all__ = [
    "GENERAL_RULES",
    "CALENDAR_LABELS",
    "Column",
    "Comparison",
    "DisciplineSummary",
    "Facts",
    "Headline",
    "Line",
    "LineScope",
    "Pair",
    "Statistics",
    "Table",
    "build_statistics",
    "compare",
    "default_calendar",
    "line_scope",
    "period_bounds",
    "period_text",
    "same_period_last_year",
    "statistics_for",
]

CALENDAR_LABELS: dict[str, str] = {
    "calendar": "Năm dương lịch (01/01 – 31/12)",
    "dec15": "Năm báo cáo từ 15/12 năm trước đến 14/12",
}


def default_calendar() -> CalendarKind:
    """The reporting calendar of settings.CHIDAO_OVERSIGHT_REPORTING_CALENDAR ("calendar")."""
    chosen = getattr(settings, "CHIDAO_OVERSIGHT_REPORTING_CALENDAR", "calendar")
    return "dec15" if chosen == "dec15" else "calendar"


def period_bounds(period: Period, calendar: CalendarKind) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of the period under the calendar."""
    return ReportingCalendar(calendar).bounds(period)


def period_text(start: dt.date, end: dt.date) -> str:
    """ "Từ ngày 15/12/2022 đến ngày 14/12/2023"."""
    return f"Từ ngày {short_date(start)} đến ngày {short_date(end)}"


def same_period_last_year(period: Period) -> Period:
    """The same period one year earlier; a term compares with the term before."""
    if period.kind == "term":
        return Period("term", period.year - TERM_YEARS)
    return Period(period.kind, period.year - 1, period.index)


def line_scope(root: Unit, start: dt.date, end: dt.date) -> LineScope:
    """The organisation's own line and one line per direct subordinate (closed ones included)."""
    children = Unit.objects.filter(parent=root).order_by("name", "path")
    return LineScope(
        root.path,
        root.name,
        tuple(
            Subordinate(
                child.path,
                child.name,
                (child.valid_from is None or child.valid_from <= end)
                and (child.valid_to is None or child.valid_to >= start),
            )
            for child in children
        ),
    )


@dataclass(frozen=True)
class Comparison:
    label: str
    noun: str
    current: int
    previous: int

    @property
    def change(self) -> str:
        """ "tăng 03 tổ chức đảng so với cùng kỳ"."""
        return change_count(self.current - self.previous, noun=self.noun, against="cùng kỳ")


def compare(current: Headline, previous: Headline) -> list[Comparison]:
    """The headline figures against the same period one year earlier."""
    rows: list[Comparison] = []
    pairs = [
        ("Cấp ủy các cấp kiểm tra", "committee_inspection"),
        ("Cấp ủy các cấp giám sát", "committee_supervision"),
        ("Ủy ban kiểm tra các cấp giám sát", "commission_supervision"),
        ("Ủy ban kiểm tra kiểm tra khi có dấu hiệu vi phạm", "commission_signs_inspection"),
        ("Chỉ đạo kiểm tra khi có dấu hiệu vi phạm", "directed_signs_inspection"),
        ("Phối hợp với cấp trên kiểm tra", "joined_inspection"),
    ]
    for label, name in pairs:
        now: Pair = getattr(current, name)
        before: Pair = getattr(previous, name)
        rows.append(
            Comparison(
                f"{label}: tổ chức đảng", "tổ chức đảng", now.organisations, before.organisations
            )
        )
        rows.append(Comparison(f"{label}: đảng viên", "đảng viên", now.members, before.members))
    rows += [
        Comparison(
            "Thi hành kỷ luật: tổ chức đảng",
            "tổ chức đảng",
            current.discipline.organisation_total,
            previous.discipline.organisation_total,
        ),
        Comparison(
            "Thi hành kỷ luật: đảng viên",
            "đảng viên",
            current.discipline.member_total,
            previous.discipline.member_total,
        ),
        Comparison(
            "Thi hành kỷ luật: trong đó cấp ủy viên",
            "đảng viên",
            current.discipline.committee_members,
            previous.discipline.committee_members,
        ),
    ]
    return rows


@dataclass(frozen=True)
class Statistics:
    organisation: str
    period: Period
    calendar: CalendarKind
    start: dt.date
    end: dt.date
    tables: tuple[Table, ...]
    headline: Headline
    previous_period: Period
    previous_start: dt.date
    previous_end: dt.date
    previous_headline: Headline

    def table(self, number: int) -> Table:
        return next(table for table in self.tables if table.number == number)

    @property
    def period_text(self) -> str:
        return period_text(self.start, self.end)

    @property
    def previous_period_text(self) -> str:
        return period_text(self.previous_start, self.previous_end)

    @property
    def calendar_label(self) -> str:
        return CALENDAR_LABELS[self.calendar]

    @property
    def sentences(self) -> list[str]:
        return report_sentences(self.headline)

    @property
    def comparisons(self) -> list[Comparison]:
        return compare(self.headline, self.previous_headline)


def build_statistics(
    facts: Facts,
    scope: LineScope,
    *,
    period: Period,
    calendar: CalendarKind,
    previous_facts: Facts,
) -> Statistics:
    """The statistics from facts already loaded (no database access)."""
    start, end = period_bounds(period, calendar)
    previous = same_period_last_year(period)
    previous_start, previous_end = period_bounds(previous, calendar)
    tables = build_tables(facts, scope, start, end)
    previous_tables = build_tables(previous_facts, scope, previous_start, previous_end)
    return Statistics(
        organisation=scope.root_name,
        period=period,
        calendar=calendar,
        start=start,
        end=end,
        tables=tuple(tables),
        headline=headline(tables, facts, scope, start, end),
        previous_period=previous,
        previous_start=previous_start,
        previous_end=previous_end,
        previous_headline=headline(
            previous_tables, previous_facts, scope, previous_start, previous_end
        ),
    )


def statistics_for(root: Unit, period: Period, calendar: CalendarKind | None = None) -> Statistics:
    """Tables, headline and comparison of a Party organisation and everything below it."""
    calendar = calendar or default_calendar()
    start, end = period_bounds(period, calendar)
    previous_start, previous_end = period_bounds(same_period_last_year(period), calendar)
    return build_statistics(
        load_facts(root, start, end),
        line_scope(root, start, end),
        period=period,
        calendar=calendar,
        previous_facts=load_facts(root, previous_start, previous_end),
    )
