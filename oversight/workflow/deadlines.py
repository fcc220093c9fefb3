"""Date arithmetic for time limits, statutes of limitation and expiry, in plain Python.

No clock and no database here (STYLE §3): the caller resolves the rule in force on the date
(the `Rule` rows of spec §15, e.g. `ky_luat.thoi_hieu.khien_trach` = 60 months) and passes
its value, the holiday calendar and "today" as plain parameters.

Counting convention for periods in months [U product choice, by analogy with Bộ luật Dân sự
2015 Điều 147–148]: the period starts the day after the event and ends at the end of the
corresponding day of the last month, so the `..._expires_on` functions return the **last day
still inside** the period.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

# Spec §5.1: forms of discipline. §5.7 / 69-QĐ/TW Điều 2 k5: khai trừ (members) and giải tán
# (organisations) never end their effect automatically.
DISCIPLINE_FORMS = frozenset({"khien_trach", "canh_cao", "cach_chuc", "khai_tru", "giai_tan"})
FORMS_WITHOUT_EXPIRY = frozenset({"khai_tru", "giai_tan"})

# `kiem_tra.gia_han_toi_da` (331-QĐ/TW): an extension is at most 1/3 of the time limit.
ONE_THIRD = Fraction(1, 3)


def add_months(d: date, n: int) -> date:
    """`d` plus `n` calendar months (n may be negative), clamped to the end of the month.

    31/01 + 1 month = 28/02 (29/02 in a leap year). Serves the month-based rules of §15:
    `ky_luat.thoi_hieu.*`, `ky_luat.hieu_luc_tu_dong_het`.
    """
    month_index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(month_index, 12)
    month += 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def is_working_day(d: date, holidays: frozenset[date]) -> bool:
    """Monday to Friday and not a public holiday (the holiday calendar is data, spec §15)."""
    return d.weekday() < 5 and d not in holidays


def add_working_days(d: date, n: int, holidays: frozenset[date]) -> date:
    """The `n`-th working day after `d` (before it if `n` is negative); `d` itself never counts.

    Saturdays, Sundays and `holidays` are skipped; `n == 0` returns `d`. Serves the rules
    counted in working days (§15): `khieu_nai.thoi_han_nop`, `khieu_nai.thoi_han_giai_quyet`,
    `to_cao.thoi_han_giai_quyet`, `to_cao.truoc_dai_hoi`, `giam_sat_chuyen_de.thoi_gian`,
    `tiep_dan.thong_bao_bang_van_ban`.
    """
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = d
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def due_date(start: date, days: int, holidays: frozenset[date] | None = None) -> date:
    """The last day of a time limit of `days` counted from `start` (the day after `start` is day 1).

    `holidays=None` counts calendar days; a holiday set (possibly empty) counts working days.
    Serves `kiem_tra.thoi_gian.co_quan_tham_muu`, `to_cao.thoi_han_giai_quyet(_tw)`,
    `khieu_nai.thoi_han_giai_quyet`, `dinh_chi.thoi_han`, `giam_sat_chuyen_de.thoi_gian`.
    """
    if days < 0:
        raise ValueError(f"Thời hạn không được âm: {days} ngày.")
    if holidays is None:
        return start + timedelta(days=days)
    return add_working_days(start, days, holidays)


def limitation_expires_on(violation_on: date, months: int | None) -> date | None:
    """The last day of the statute of limitations (thời hiệu) of a violation, or None if none.

    The statute runs from the violation to the conclusion that it warrants discipline
    (spec §5.5). `months` is the rule in force: `ky_luat.thoi_hieu.khien_trach` (60),
    `ky_luat.thoi_hieu.canh_cao_cach_chuc` (120); `ky_luat.thoi_hieu.khai_tru` has no period
    (69-QĐ/TW Điều 4) — pass None and the violation never becomes time-barred.
    """
    if months is None:
        return None
    if months < 0:
        raise ValueError(f"Thời hiệu không được âm: {months} tháng.")
    return add_months(violation_on, months)


def is_time_barred(
    violation_on: date,
    concluded_on: date,
    months: int | None,
    later_violation_on: date | None = None,
) -> bool:
    """Whether the statute of limitations had run out when the competent body concluded.

    `concluded_on` is the date the competent organisation concludes that the violation warrants
    discipline (spec §5.5, HD 08-HD/TW). A new violation committed within the period restarts it
    from the new violation (`later_violation_on`, legacy 102-QĐ/TW, spec §5.5). Rules:
    `ky_luat.thoi_hieu.khien_trach`, `ky_luat.thoi_hieu.canh_cao_cach_chuc`,
    `ky_luat.thoi_hieu.khai_tru` (None: never barred).
    """
    expires_on = limitation_expires_on(violation_on, months)
    if expires_on is None:
        return False
    if later_violation_on is not None and violation_on <= later_violation_on <= expires_on:
        return is_time_barred(later_violation_on, concluded_on, months)
    return concluded_on > expires_on


def discipline_expires_on(announced_on: date, form: str, months: int = 12) -> date | None:
    """The last day a discipline decision is in effect, or None for khai trừ and giải tán.

    After `months` (rule `ky_luat.hieu_luc_tu_dong_het`, 12) from the announcement of the
    decision (or of the complaint decision) the discipline automatically ends, except khai trừ
    for members and giải tán for organisations (69-QĐ/TW Điều 2 k5, spec §5.7). The caller
    checks the other conditions (no complaint, no recidivism, no new violation).
    """
    if form not in DISCIPLINE_FORMS:
        raise ValueError(f"Hình thức kỷ luật không hợp lệ: “{form}”.")
    if form in FORMS_WITHOUT_EXPIRY:
        return None
    if months < 0:
        raise ValueError(f"Thời gian hiệu lực không được âm: {months} tháng.")
    return add_months(announced_on, months)


def discipline_in_effect(announced_on: date, form: str, on: date, months: int = 12) -> bool:
    """Whether a discipline announced on `announced_on` is still in effect on `on` (§5.7)."""
    if on < announced_on:
        return False
    expires_on = discipline_expires_on(announced_on, form, months)
    return expires_on is None or on <= expires_on


class DeadlineStatus(StrEnum):
    """Where a task stands against its deadline; `label` is the Vietnamese wording."""

    TRONG_HAN = "trong_han"
    SAP_HET_HAN = "sap_het_han"
    QUA_HAN = "qua_han"
    HOAN_THANH_DUNG_HAN = "hoan_thanh_dung_han"
    HOAN_THANH_QUA_HAN = "hoan_thanh_qua_han"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    DeadlineStatus.TRONG_HAN: "Trong hạn",
    DeadlineStatus.SAP_HET_HAN: "Sắp hết hạn",
    DeadlineStatus.QUA_HAN: "Quá hạn",
    DeadlineStatus.HOAN_THANH_DUNG_HAN: "Hoàn thành đúng hạn",
    DeadlineStatus.HOAN_THANH_QUA_HAN: "Hoàn thành quá hạn",
}


def deadline_status(
    deadline: date, today: date, done_on: date | None = None, warning_days: int = 5
) -> DeadlineStatus:
    """Status of a task due on `deadline` (the last allowed day), seen on `today`.

    Done tasks are on time if `done_on <= deadline`. Open tasks are overdue from the day after
    the deadline and "sắp hết hạn" from `warning_days` calendar days before it up to the
    deadline itself (the default window of 5 days is a [U] product choice). Serves every time
    limit of §15 (`kiem_tra.thoi_gian.*`, `to_cao.thoi_han_giai_quyet*`,
    `khieu_nai.thoi_han_giai_quyet`, `dinh_chi.*`) and the recommendation follow-up of §3.7,
    whose QUA_HAN is computed here rather than stored.
    """
    if warning_days < 0:
        raise ValueError(f"Số ngày cảnh báo không được âm: {warning_days}.")
    if done_on is not None:
        if done_on <= deadline:
            return DeadlineStatus.HOAN_THANH_DUNG_HAN
        return DeadlineStatus.HOAN_THANH_QUA_HAN
    if today > deadline:
        return DeadlineStatus.QUA_HAN
    if (deadline - today).days <= warning_days:
        return DeadlineStatus.SAP_HET_HAN
    return DeadlineStatus.TRONG_HAN


def granted_extension_days(
    requested: int | Fraction,
    *,
    limit_days: int | None = None,
    max_fraction: Fraction | None = ONE_THIRD,
    max_days: int | None = None,
) -> int:
    """Days of extension granted: the request capped by `max_fraction` of the limit and `max_days`.

    `requested` is a number of days or a fraction of `limit_days`. Fractions of days round
    down, so the extension never exceeds the cap. Rules: `kiem_tra.gia_han_toi_da` (1/3 of the
    limit, 331-QĐ/TW; also giám sát chuyên đề, HD 02-HD/UBKTTW), `to_cao.thoi_han_giai_quyet`
    (+30 working days: `max_fraction=None, max_days=30`), `to_cao.thoi_han_giai_quyet_tw`
    (+60 days), `dinh_chi.thoi_han` (90, at most 180 in all: `max_days=90`).
    """
    if (isinstance(requested, Fraction) or max_fraction is not None) and limit_days is None:
        raise ValueError("Cần thời hạn gốc (limit_days) để tính gia hạn theo tỷ lệ.")
    if limit_days is not None and limit_days < 0:
        raise ValueError(f"Thời hạn không được âm: {limit_days} ngày.")
    if isinstance(requested, Fraction):
        assert limit_days is not None
        days = int(requested * limit_days)  # floor: fractions are non-negative here
    else:
        days = requested
    if days < 0 or requested < 0:
        raise ValueError(f"Số ngày gia hạn không được âm: {requested}.")
    if max_fraction is not None:
        assert limit_days is not None
        days = min(days, int(max_fraction * limit_days))
    if max_days is not None:
        days = min(days, max_days)
    return days


def extended_deadline(
    deadline: date,
    requested: int | Fraction,
    *,
    limit_days: int | None = None,
    max_fraction: Fraction | None = ONE_THIRD,
    max_days: int | None = None,
    holidays: frozenset[date] | None = None,
) -> date:
    """The deadline after an extension, capped as in `granted_extension_days`.

    `holidays=None` adds calendar days; a holiday set (possibly empty) adds working days.
    Serves `kiem_tra.gia_han_toi_da` ("gia hạn tối đa 1/3", 331-QĐ/TW),
    `to_cao.thoi_han_giai_quyet`, `to_cao.thoi_han_giai_quyet_tw`, `dinh_chi.thoi_han`.
    """
    days = granted_extension_days(
        requested, limit_days=limit_days, max_fraction=max_fraction, max_days=max_days
    )
    return due_date(deadline, days, holidays)
