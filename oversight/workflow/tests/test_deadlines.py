"""Deadline arithmetic with frozen dates passed as parameters (the module has no clock)."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oversight.workflow import (
    ONE_THIRD,
    DeadlineStatus,
    add_months,
    add_working_days,
    deadline_status,
    discipline_expires_on,
    discipline_in_effect,
    due_date,
    extended_deadline,
    granted_extension_days,
    is_time_barred,
    limitation_expires_on,
)

NO_HOLIDAYS: frozenset[date] = frozenset()
PROPERTIES = settings(max_examples=100, deadline=None, database=None)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 1, 15), 12, date(2026, 1, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 1, 10), -13, date(2023, 12, 10)),
        (date(2025, 6, 5), 0, date(2025, 6, 5)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


@PROPERTIES
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)), st.integers(-600, 600))
def test_add_months_lands_in_the_right_month(start: date, months: int) -> None:
    result = add_months(start, months)
    assert result.year * 12 + result.month == start.year * 12 + start.month + months
    assert result.day <= start.day


def test_working_days_skip_the_weekend() -> None:
    friday = date(2025, 6, 6)
    assert add_working_days(friday, 1, NO_HOLIDAYS) == date(2025, 6, 9)  # Monday
    assert add_working_days(friday, 5, NO_HOLIDAYS) == date(2025, 6, 13)
    assert add_working_days(date(2025, 6, 7), 1, NO_HOLIDAYS) == date(2025, 6, 9)  # from Saturday
    assert add_working_days(date(2025, 6, 9), -1, NO_HOLIDAYS) == friday
    assert add_working_days(friday, 0, NO_HOLIDAYS) == friday


def test_working_days_skip_holidays() -> None:
    # 30/4 (Wed) and 1/5 (Thu) 2025: Ngày Giải phóng miền Nam, Quốc tế Lao động.
    holidays = frozenset({date(2025, 4, 30), date(2025, 5, 1)})
    assert add_working_days(date(2025, 4, 29), 1, holidays) == date(2025, 5, 2)
    assert add_working_days(date(2025, 4, 29), 2, holidays) == date(2025, 5, 5)
    assert add_working_days(date(2025, 4, 29), 2, NO_HOLIDAYS) == date(2025, 5, 1)


def test_due_date_in_calendar_or_working_days() -> None:
    assert due_date(date(2025, 3, 1), 60) == date(2025, 4, 30)
    assert due_date(date(2025, 6, 6), 3, NO_HOLIDAYS) == date(2025, 6, 11)
    with pytest.raises(ValueError, match="không được âm"):
        due_date(date(2025, 6, 6), -1)


@pytest.mark.parametrize(
    ("months", "concluded_on", "barred"),
    [
        (60, date(2025, 3, 1), False),  # last day of the 5 years
        (60, date(2025, 3, 2), True),
        (120, date(2030, 3, 1), False),
        (120, date(2030, 3, 2), True),
        (120, date(2025, 3, 2), False),
        (None, date(2090, 1, 1), False),  # khai trừ: no statute of limitations
    ],
)
def test_limitation_period(months: int | None, concluded_on: date, barred: bool) -> None:
    violation_on = date(2020, 3, 1)
    assert is_time_barred(violation_on, concluded_on, months) is barred


def test_limitation_expiry_dates() -> None:
    assert limitation_expires_on(date(2020, 2, 29), 60) == date(2025, 2, 28)
    assert limitation_expires_on(date(2020, 3, 1), 120) == date(2030, 3, 1)
    assert limitation_expires_on(date(2020, 3, 1), None) is None
    with pytest.raises(ValueError):
        limitation_expires_on(date(2020, 3, 1), -1)


def test_new_violation_within_the_period_restarts_it() -> None:
    violation_on = date(2015, 1, 10)
    concluded_on = date(2022, 1, 1)
    assert is_time_barred(violation_on, concluded_on, 60)
    assert not is_time_barred(violation_on, concluded_on, 60, later_violation_on=date(2019, 6, 1))
    # A new violation after the period had already run out does not revive it.
    assert is_time_barred(violation_on, concluded_on, 60, later_violation_on=date(2020, 6, 1))


@pytest.mark.parametrize("form", ["khien_trach", "canh_cao", "cach_chuc"])
def test_discipline_expires_after_twelve_months(form: str) -> None:
    announced_on = date(2025, 1, 31)
    assert discipline_expires_on(announced_on, form) == date(2026, 1, 31)
    assert discipline_expires_on(announced_on, form, months=6) == date(2025, 7, 31)
    assert discipline_in_effect(announced_on, form, date(2026, 1, 31))
    assert not discipline_in_effect(announced_on, form, date(2026, 2, 1))
    assert not discipline_in_effect(announced_on, form, date(2025, 1, 30))


@pytest.mark.parametrize("form", ["khai_tru", "giai_tan"])
def test_expulsion_and_dissolution_never_expire(form: str) -> None:
    assert discipline_expires_on(date(2025, 1, 31), form) is None
    assert discipline_in_effect(date(2025, 1, 31), form, date(2060, 1, 1))


def test_unknown_discipline_form_is_refused() -> None:
    with pytest.raises(ValueError, match="Hình thức kỷ luật không hợp lệ"):
        discipline_expires_on(date(2025, 1, 31), "kiem_diem_rut_kinh_nghiem")


DEADLINE = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 6, 24), DeadlineStatus.TRONG_HAN),  # 6 days before
        (date(2025, 6, 25), DeadlineStatus.SAP_HET_HAN),  # 5 days before: window opens
        (date(2025, 6, 30), DeadlineStatus.SAP_HET_HAN),  # the deadline itself
        (date(2025, 7, 1), DeadlineStatus.QUA_HAN),  # the day after
    ],
)
def test_deadline_status_at_the_boundaries(today: date, expected: DeadlineStatus) -> None:
    assert deadline_status(DEADLINE, today, warning_days=5) is expected


def test_deadline_status_when_done() -> None:
    late_today = date(2025, 12, 1)
    assert deadline_status(DEADLINE, late_today, done_on=DEADLINE) is (
        DeadlineStatus.HOAN_THANH_DUNG_HAN
    )
    assert deadline_status(DEADLINE, late_today, done_on=date(2025, 7, 1)) is (
        DeadlineStatus.HOAN_THANH_QUA_HAN
    )


def test_deadline_status_window_and_labels() -> None:
    assert deadline_status(DEADLINE, date(2025, 6, 29), warning_days=0) is DeadlineStatus.TRONG_HAN
    assert deadline_status(DEADLINE, DEADLINE, warning_days=0) is DeadlineStatus.SAP_HET_HAN
    with pytest.raises(ValueError):
        deadline_status(DEADLINE, DEADLINE, warning_days=-1)
    assert DeadlineStatus.QUA_HAN.value == "qua_han"
    assert DeadlineStatus.QUA_HAN.label == "Quá hạn"
    assert {s.label for s in DeadlineStatus} == {
        "Trong hạn",
        "Sắp hết hạn",
        "Quá hạn",
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
    }


def test_extension_by_one_third_of_the_limit() -> None:
    deadline = date(2025, 5, 1)
    # 331-QĐ/TW: 60 days at the Centre, extension at most 1/3 = 20 days.
    assert extended_deadline(deadline, ONE_THIRD, limit_days=60) == date(2025, 5, 21)
    assert extended_deadline(deadline, 30, limit_days=60) == date(2025, 5, 21)  # capped
    assert extended_deadline(deadline, 10, limit_days=60) == date(2025, 5, 11)
    # 20 days at the grassroots-above level: 1/3 is 6⅔, rounded down.
    assert granted_extension_days(ONE_THIRD, limit_days=20) == 6
    assert granted_extension_days(Fraction(1, 2), limit_days=45) == 15


def test_extension_capped_by_a_maximum_in_days_and_in_working_days() -> None:
    # to_cao.thoi_han_giai_quyet: +30 working days at most, no fraction rule.
    assert granted_extension_days(45, max_fraction=None, max_days=30) == 30
    assert granted_extension_days(45, limit_days=90, max_days=20) == 20
    friday = date(2025, 6, 6)
    assert extended_deadline(
        friday, 45, max_fraction=None, max_days=2, holidays=frozenset({date(2025, 6, 9)})
    ) == date(2025, 6, 11)


def test_extension_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="limit_days"):
        granted_extension_days(10)
    with pytest.raises(ValueError, match="limit_days"):
        granted_extension_days(ONE_THIRD, max_fraction=None)
    with pytest.raises(ValueError, match="không được âm"):
        granted_extension_days(-1, limit_days=60)
    with pytest.raises(ValueError, match="không được âm"):
        granted_extension_days(5, limit_days=-60)


@PROPERTIES
@given(st.integers(0, 400), st.integers(0, 1000), st.dates(max_value=date(2200, 1, 1)))
def test_extension_never_exceeds_one_third(limit: int, requested: int, deadline: date) -> None:
    result = extended_deadline(deadline, requested, limit_days=limit)
    assert deadline <= result <= deadline + timedelta(days=limit // 3)
    assert (result - deadline).days * 3 <= limit
