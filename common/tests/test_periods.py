import dataclasses
from datetime import date

import pytest

from common.periods import Period, ReportingCalendar, periods_for_picker

EXAMPLES = [
    # period, key, label, start, end
    (Period("month", 2023, 3), "2023-M03", "Tháng 3/2023", date(2023, 3, 1), date(2023, 3, 31)),
    (Period("month", 2024, 2), "2024-M02", "Tháng 2/2024", date(2024, 2, 1), date(2024, 2, 29)),
    (Period("month", 2023, 12), "2023-M12", "Tháng 12/2023", date(2023, 12, 1), date(2023, 12, 31)),
    (Period("quarter", 2023, 1), "2023-Q1", "Quý I/2023", date(2023, 1, 1), date(2023, 3, 31)),
    (Period("quarter", 2023, 2), "2023-Q2", "Quý II/2023", date(2023, 4, 1), date(2023, 6, 30)),
    (Period("quarter", 2023, 3), "2023-Q3", "Quý III/2023", date(2023, 7, 1), date(2023, 9, 30)),
    (Period("quarter", 2023, 4), "2023-Q4", "Quý IV/2023", date(2023, 10, 1), date(2023, 12, 31)),
    (
        Period("first_6_months", 2023),
        "2023-H1",
        "6 tháng đầu năm 2023",
        date(2023, 1, 1),
        date(2023, 6, 30),
    ),
    (
        Period("first_9_months", 2023),
        "2023-9M",
        "9 tháng năm 2023",
        date(2023, 1, 1),
        date(2023, 9, 30),
    ),
    (Period("year", 2023), "2023", "Năm 2023", date(2023, 1, 1), date(2023, 12, 31)),
    (Period("term", 2020), "T2020", "Nhiệm kỳ 2020–2025", date(2020, 1, 1), date(2025, 12, 31)),
]


@pytest.mark.parametrize(("period", "key", "label", "start", "end"), EXAMPLES)
def test_each_kind_of_period_has_its_key_label_and_dates(
    period: Period, key: str, label: str, start: date, end: date
) -> None:
    assert period.key == key
    assert period.label == label
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("period", [example[0] for example in EXAMPLES])
def test_parsing_a_key_gives_back_the_period(period: Period) -> None:
    assert Period.parse(period.key) == period


@pytest.mark.parametrize(
    "key", ["", "2023-Q5", "2023-Q0", "2023-M13", "2023-M3", "2023-H2", "23", "t2020", "2023 "]
)
def test_a_bad_key_is_refused_in_vietnamese(key: str) -> None:
    with pytest.raises(ValueError, match="^Kỳ báo cáo không hợp lệ: "):
        Period.parse(key)


@pytest.mark.parametrize(
    ("kind", "year", "index"),
    [
        ("month", 2023, None),
        ("month", 2023, 0),
        ("quarter", 2023, 5),
        ("year", 2023, 1),
        ("week", 2023, None),
        ("year", 1800, None),
    ],
)
def test_an_impossible_period_is_refused(kind: str, year: int, index: int | None) -> None:
    with pytest.raises(ValueError, match="^Kỳ báo cáo không hợp lệ: "):
        Period(kind, year, index)  # type: ignore[arg-type]


def test_periods_are_frozen_and_can_key_a_dictionary() -> None:
    period = Period("quarter", 2023, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        period.year = 2024  # type: ignore[misc]
    assert {period: "x"}[Period("quarter", 2023, 1)] == "x"


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        (Period("month", 2023, 3), Period("month", 2023, 2)),
        (Period("month", 2023, 1), Period("month", 2022, 12)),
        (Period("quarter", 2023, 3), Period("quarter", 2023, 2)),
        (Period("quarter", 2023, 1), Period("quarter", 2022, 4)),
        (Period("first_6_months", 2023), Period("first_6_months", 2022)),
        (Period("first_9_months", 2023), Period("first_9_months", 2022)),
        (Period("year", 2023), Period("year", 2022)),
        (Period("term", 2025), Period("term", 2020)),
    ],
)
def test_the_previous_period_is_one_step_earlier(period: Period, previous: Period) -> None:
    assert period.previous() == previous


def test_a_period_contains_its_first_and_last_day_only() -> None:
    quarter = Period("quarter", 2023, 2)
    assert quarter.contains(date(2023, 4, 1))
    assert quarter.contains(date(2023, 6, 30))
    assert not quarter.contains(date(2023, 3, 31))
    assert not quarter.contains(date(2023, 7, 1))


def test_a_term_spans_from_its_first_to_its_last_year() -> None:
    term = Period("term", 2020)
    assert term.contains(date(2020, 1, 1))
    assert term.contains(date(2025, 12, 31))
    assert not term.contains(date(2026, 1, 1))


def test_the_calendar_mode_uses_the_periods_own_dates() -> None:
    calendar = ReportingCalendar()
    for period, *_ in EXAMPLES:
        assert calendar.bounds(period) == (period.start, period.end)


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period("year", 2023), date(2022, 12, 15), date(2023, 12, 14)),
        (Period("quarter", 2023, 1), date(2022, 12, 15), date(2023, 3, 14)),
        (Period("quarter", 2023, 2), date(2023, 3, 15), date(2023, 6, 14)),
        (Period("quarter", 2023, 4), date(2023, 9, 15), date(2023, 12, 14)),
        (Period("first_6_months", 2023), date(2022, 12, 15), date(2023, 6, 14)),
        (Period("first_9_months", 2023), date(2022, 12, 15), date(2023, 9, 14)),
        (Period("month", 2023, 3), date(2023, 2, 15), date(2023, 3, 14)),
        (Period("month", 2023, 1), date(2022, 12, 15), date(2023, 1, 14)),
        (Period("term", 2020), date(2019, 12, 15), date(2025, 12, 14)),
    ],
)
def test_party_statistics_years_run_from_the_fifteenth_of_december(
    period: Period, start: date, end: date
) -> None:
    assert ReportingCalendar("dec15").bounds(period) == (start, end)


def test_a_december_day_after_the_fourteenth_counts_in_the_next_statistics_year() -> None:
    calendar = ReportingCalendar("dec15")
    assert calendar.contains(Period("year", 2024), date(2023, 12, 15))
    assert not calendar.contains(Period("year", 2023), date(2023, 12, 15))
    assert calendar.contains(Period("year", 2023), date(2023, 12, 14))


def test_an_unknown_calendar_is_refused() -> None:
    with pytest.raises(ValueError):
        ReportingCalendar("fiscal")  # type: ignore[arg-type]


def test_the_picker_offers_years_periods_so_far_and_terms() -> None:
    labels = [period.label for period in periods_for_picker(date(2026, 5, 20))]
    assert labels == [
        "Năm 2026",
        "Năm 2025",
        "Quý I/2026",
        "Quý II/2026",
        "Tháng 1/2026",
        "Tháng 2/2026",
        "Tháng 3/2026",
        "Tháng 4/2026",
        "Tháng 5/2026",
        "6 tháng đầu năm 2026",
        "9 tháng năm 2026",
        "Nhiệm kỳ 2025–2030",
        "Nhiệm kỳ 2020–2025",
    ]


def test_the_picker_in_a_congress_year_offers_the_new_and_the_outgoing_term() -> None:
    terms = [p.label for p in periods_for_picker(date(2025, 1, 2)) if p.kind == "term"]
    assert terms == ["Nhiệm kỳ 2025–2030", "Nhiệm kỳ 2020–2025"]


def test_the_picker_at_year_end_offers_every_quarter_and_month() -> None:
    periods = periods_for_picker(date(2023, 12, 31))
    assert [p.index for p in periods if p.kind == "quarter"] == [1, 2, 3, 4]
    assert [p.index for p in periods if p.kind == "month"] == list(range(1, 13))
